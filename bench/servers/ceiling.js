// The ceiling: bare node:http that reads the whole body and answers a fixed JSON document. No
// Node.js server doing any work per request can be faster than this on the same machine.
import { createServer } from "node:http";

const port = Number(process.argv[2] ?? 0);
const answer = Buffer.from(JSON.stringify({ html: "<p>ok</p>" }));

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    response.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": answer.length,
    });
    response.end(answer);
  });
});
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
