import { createServer } from "node:http";
import { toNodeListener } from "helpscout-dynamic-app/node";
import { app } from "./app.js";

const server = createServer(toNodeListener(app));
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? "127.0.0.1", () => {
  console.log(`Listening on port ${server.address().port}`);
});
