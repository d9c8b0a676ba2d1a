// The peer baseline: the same customer card served the way most public Dynamic Apps are
// written, with Express 5 and `express.raw`, a plain HMAC check, JSON.parse and the same SQLite
// store and card renderer as ours. Only the pipeline around them differs.
import { createHmac, timingSafeEqual } from "node:crypto";
import express from "express";

const [port, db, secret, build] = process.argv.slice(2);
const { openSqliteStore } = await import(`${build}/src/customers/sqlite-store.js`);
const { renderCustomerCard, renderNoMatchCard } = await import(
  `${build}/src/card/customer-card.js`
);
const { renderHtml } = await import(`${build}/src/html/html.js`);
const store = openSqliteStore(db, { readonly: true });

const app = express();
app.post("/", express.raw({ type: "*/*", limit: "256kb" }), async (req, res) => {
  const expected = createHmac("sha1", secret).update(req.body).digest();
  const given = Buffer.from(req.get("x-helpscout-signature") ?? "", "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    res.status(401).json({ error: "invalid signature" });
    return;
  }
  const payload = JSON.parse(req.body.toString("utf8"));
  const emails = [payload.customer?.email, ...(payload.customer?.emails ?? [])]
    .filter((email) => typeof email === "string")
    .map((email) => email.trim().toLowerCase());
  const customer = await store.findByEmails([...new Set(emails)]);
  const html = customer
    ? renderCustomerCard(customer)
    : renderNoMatchCard({ customerEmails: emails });
  res.json({ html: renderHtml(html) });
});
const server = app.listen(Number(port), "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
