import express from "express";
import { toExpressMiddleware } from "helpscout-dynamic-app/express";
import { app } from "./app.js";

const server = express();
// Before any body parser: the middleware reads the raw bytes that the signature covers.
server.post("/helpscout", toExpressMiddleware(app));
server.use(express.json()); // the rest of your app

const port = Number(process.env.PORT ?? 3000);
const listener = server.listen(port, process.env.HOST ?? "127.0.0.1", () => {
  console.log(`Listening on port ${listener.address().port}`);
});
