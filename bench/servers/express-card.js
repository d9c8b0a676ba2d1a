// The peer baseline: the same customer card served the way most public Dynamic Apps are
// written, with Express 5 and `express.raw`, a plain HMAC check, JSON.parse and the same SQLite
// store and card renderer as ours. Only the pipeline around them differs.
import express from "express";
import { loadCardWork, plainVerifier } from "./card-work.js";

const [port, db, secret, build] = process.argv.slice(2);
const verifies = plainVerifier(secret);
const answerFor = await loadCardWork(build, db);

const app = express();
app.post("/", express.raw({ type: "*/*", limit: "256kb" }), async (req, res) => {
  if (!verifies(req.body, req.get("x-helpscout-signature"))) {
    res.status(401).json({ error: "invalid signature" });
    return;
  }
  res.type("json").send(await answerFor(req.body));
});
const server = app.listen(Number(port), "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
