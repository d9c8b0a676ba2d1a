// The second reference of the table: the same card written plainly on node:http, with an
// HMAC check, JSON.parse, one look-up in the same SQLite store and the same card renderer, and
// nothing else: no limits, no deadline, no log line, no metrics, no cache. It shows what the
// work itself costs on this machine, apart from what our server adds around it.
import { createServer } from "node:http";
import { loadCardWork, plainVerifier } from "./card-work.js";

const [port, db, secret, build] = process.argv.slice(2);
const verifies = plainVerifier(secret);
const answerFor = await loadCardWork(build, db);

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", async () => {
    const body = Buffer.concat(chunks);
    if (!verifies(body, request.headers["x-helpscout-signature"])) {
      response.writeHead(401).end();
      return;
    }
    const answer = await answerFor(body);
    response.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(answer),
    });
    response.end(answer);
  });
});
server.listen(Number(port), "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
