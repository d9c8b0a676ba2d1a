// The work every peer-baseline card server of the benchmark does, written plainly: a HMAC check,
// then JSON.parse, the customer's addresses, a look-up in the same SQLite store as ours and the
// same card. Shared so that the baselines differ from each other only in their HTTP layer.
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * @param {string} secret
 * @returns {(body: Buffer, header: unknown) => boolean} whether the header signs the body
 */
export function plainVerifier(secret) {
  return (body, header) => {
    const expected = createHmac("sha1", secret).update(body).digest();
    const given = Buffer.from(typeof header === "string" ? header : "", "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

/**
 * @param {string} build the transpiled sources
 * @param {string} db the SQLite file
 * @returns {Promise<(body: Buffer) => Promise<string>>} raw body → the answer's JSON text
 */
export async function loadCardWork(build, db) {
  const { openSqliteStore } = await import(`${build}/src/customers/sqlite-store.js`);
  const { renderCustomerCard, renderNoMatchCard } = await import(
    `${build}/src/card/customer-card.js`
  );
  const { renderHtml } = await import(`${build}/src/html/html.js`);
  const store = openSqliteStore(db, { readonly: true });
  return async (body) => {
    const payload = JSON.parse(body.toString("utf8"));
    const emails = [payload.customer?.email, ...(payload.customer?.emails ?? [])]
      .filter((email) => typeof email === "string")
      .map((email) => email.trim().toLowerCase());
    const customer = await store.findByEmails([...new Set(emails)]);
    const html = customer
      ? renderCustomerCard(customer)
      : renderNoMatchCard({ customerEmails: emails });
    return JSON.stringify({ html: renderHtml(html) });
  };
}
