import { normalizeEmail } from "../protocol/request.js";
import { customerValues } from "./records.js";
import type { CustomerInput, CustomerWriter, OrderInput, WriteOutcome } from "./types.js";

type SqlValue = string | number | null;

/**
 * The little a writer needs from a database connection. SQL is written with `?` placeholders;
 * a PostgreSQL executor numbers them (`$1`, `$2`, ...) itself.
 */
export interface SqlExecutor {
  all<Row>(sql: string, params: readonly SqlValue[]): Promise<Row[]>;
  run(sql: string, params: readonly SqlValue[]): Promise<void>;
}

function normalizeAll(addresses: readonly string[]): string[] {
  const valid = new Set<string>();
  for (const address of addresses) {
    const email = normalizeEmail(address);
    if (email === undefined) throw new Error(`"${address}" is not an e-mail address.`);
    valid.add(email);
  }
  if (valid.size === 0)
    throw new Error("The row has no e-mail address; the email column is required.");
  return [...valid];
}

async function ownersOf(db: SqlExecutor, emails: readonly string[]): Promise<number[]> {
  const placeholders = emails.map(() => "?").join(", ");
  const rows = await db.all<{ customer_id: number | string }>(
    `SELECT DISTINCT customer_id FROM customer_emails WHERE email IN (${placeholders})`,
    emails,
  );
  return rows.map((row) => Number(row.customer_id));
}

/**
 * Writes customers and orders with plain SQL, the same for SQLite and PostgreSQL. A customer is
 * matched by any of its addresses, so importing the same address again updates the customer
 * instead of adding a second one; columns left empty keep their stored value.
 */
export function createSqlWriter(db: SqlExecutor): CustomerWriter {
  return {
    async upsertCustomer(input: CustomerInput): Promise<WriteOutcome> {
      const emails = normalizeAll(input.emails);
      const owners = await ownersOf(db, emails);
      if (owners.length > 1) {
        throw new Error(
          `The addresses ${emails.join(", ")} belong to ${owners.length} different customers; ` +
            "merge them by hand or split the row.",
        );
      }
      const values = customerValues(input);
      let id = owners[0];
      if (id === undefined) {
        const [row] = await db.all<{ id: number | string }>(
          `INSERT INTO customers (name, company, plan, status, customer_since, lifetime_value,
             currency, extra) VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, '{}')) RETURNING id`,
          values,
        );
        if (!row) throw new Error("The database did not return the new customer's id.");
        id = Number(row.id);
      } else {
        await db.run(
          `UPDATE customers SET name = COALESCE(?, name), company = COALESCE(?, company),
             plan = COALESCE(?, plan), status = COALESCE(?, status),
             customer_since = COALESCE(?, customer_since),
             lifetime_value = COALESCE(?, lifetime_value), currency = COALESCE(?, currency),
             extra = COALESCE(?, extra) WHERE id = ?`,
          [...values, id],
        );
      }
      for (const email of emails) {
        await db.run(
          "INSERT INTO customer_emails (email, customer_id) VALUES (?, ?) ON CONFLICT (email) DO NOTHING",
          [email, id],
        );
      }
      return owners.length === 0 ? "inserted" : "updated";
    },

    async upsertOrder(input: OrderInput): Promise<WriteOutcome> {
      const email = normalizeEmail(input.email);
      if (email === undefined) throw new Error(`"${input.email}" is not an e-mail address.`);
      if (input.number.trim() === "") throw new Error("The order has no number.");
      const [owner] = await ownersOf(db, [email]);
      if (owner === undefined) {
        throw new Error(`No customer has the address ${email}; import the customer first.`);
      }
      const existing = await db.all("SELECT 1 FROM orders WHERE customer_id = ? AND number = ?", [
        owner,
        input.number,
      ]);
      await db.run(
        `INSERT INTO orders (customer_id, number, total, currency, status, placed_at, url)
           VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (customer_id, number) DO UPDATE SET total = excluded.total,
           currency = excluded.currency, status = excluded.status,
           placed_at = excluded.placed_at, url = excluded.url`,
        [owner, input.number, input.total, input.currency, input.status, input.placedAt, input.url],
      );
      return existing.length > 0 ? "updated" : "inserted";
    },
  };
}
