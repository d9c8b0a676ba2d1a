// The second reference of the table: the same card written plainly on node:http, with an
// HMAC check, JSON.parse, one look-up in the same SQLite store and the same card renderer, and
// nothing else: no limits, no deadline, no log line, no metrics, no cache. It shows what the
// work itself costs on this machine, apart from what our server adds around it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const [port, db, secret, build] = process.argv.slice(2);
const { openSqliteStore } = await import(`${build}/src/customers/sqlite-store.js`);
const { renderCustomerCard, renderNoMatchCard } = await import(
  `${build}/src/card/customer-card.js`
);
const { renderHtml } = await import(`${build}/src/html/html.js`);
const store = openSqliteStore(db, { readonly: true });

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", async () => {
    const body = Buffer.concat(chunks);
    const expected = createHmac("sha1", secret).update(body).digest();
    const given = Buffer.from(String(request.headers["x-helpscout-signature"] ?? ""), "base64");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      response.writeHead(401).end();
      return;
    }
    const payload = JSON.parse(body.toString("utf8"));
    const emails = [payload.customer?.email, ...(payload.customer?.emails ?? [])]
      .filter((email) => typeof email === "string")
      .map((email) => email.trim().toLowerCase());
    const customer = await store.findByEmails([...new Set(emails)]);
    const html = customer
      ? renderCustomerCard(customer)
      : renderNoMatchCard({ customerEmails: emails });
    const answer = JSON.stringify({ html: renderHtml(html) });
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
