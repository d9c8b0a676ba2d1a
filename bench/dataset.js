// Builds the benchmark's customer databases: SQLite files of N customers, and a PostgreSQL
// database of the same rows, written in bulk (an import through the row-by-row writer would take
// minutes at a million customers and measure nothing the benchmark is about).
import { existsSync, renameSync, rmSync } from "node:fs";
import Database from "better-sqlite3";

const PLANS = ["Starter", "Pro", "Unlimited"];
const STATUSES = ["active", "trial", "past_due", "cancelled"];

/** The address of customer `n`, the one the benchmark's request bodies carry. */
export function emailOf(n) {
  return `customer${n}@example.com`;
}

/** The name of customer `n`, to check that the right card came back. */
export function nameOf(n) {
  return `Customer ${n} Example`;
}

function customerRow(n) {
  return [
    n,
    nameOf(n),
    `Company ${n % 5000}`,
    PLANS[n % PLANS.length],
    STATUSES[n % STATUSES.length],
    `20${10 + (n % 15)}-0${1 + (n % 9)}-1${n % 10}`,
    (n % 10000) + 0.5,
    "USD",
    JSON.stringify({ Region: n % 2 ? "EMEA" : "Americas" }),
  ];
}

function* orderRows(n) {
  for (let k = 0; k < n % 4; k += 1) {
    yield [
      n,
      `${n}-${k}`,
      10 + k * 7.25,
      "USD",
      k % 3 ? "paid" : "refunded",
      `2026-0${1 + k}-15`,
      `https://shop.example.com/orders/${n}-${k}`,
    ];
  }
}

/**
 * Creates (once; reused while it exists) a SQLite file of `count` customers.
 * @param {string} file
 * @param {number} count
 * @param {string} schemaSql
 */
export function ensureSqliteDataset(file, count, schemaSql) {
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(partial);
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.exec(schemaSql);
  const customer = db.prepare("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const email = db.prepare("INSERT INTO customer_emails (email, customer_id) VALUES (?, ?)");
  const order = db.prepare("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)");
  const batch = db.transaction((from, to) => {
    for (let n = from; n < to; n += 1) {
      customer.run(...customerRow(n));
      email.run(emailOf(n), n);
      if (n % 3 === 0) email.run(`alt${n}@example.org`, n);
      for (const row of orderRows(n)) order.run(...row);
    }
  });
  for (let from = 1; from <= count; from += 50_000) batch(from, Math.min(from + 50_000, count + 1));
  // No ANALYZE: `import` does not run it, and its sqlite_stat4 samples make SQLite re-plan every
  // statement whose parameter meets an indexed column, on every call (several µs each).
  db.close();
  renameSync(partial, file);
  return file;
}

/**
 * Fills a PostgreSQL database (schema already created) with `count` customers, in batches of
 * array parameters.
 * @param {import("pg").Client} client
 * @param {number} count
 */
export async function fillPostgres(client, count) {
  for (let from = 1; from <= count; from += 20_000) {
    const to = Math.min(from + 20_000, count + 1);
    const customers = [];
    const emails = [[], []];
    const orders = [[], [], [], [], [], [], []];
    for (let n = from; n < to; n += 1) {
      customers.push(customerRow(n));
      emails[0].push(emailOf(n));
      emails[1].push(n);
      if (n % 3 === 0) {
        emails[0].push(`alt${n}@example.org`);
        emails[1].push(n);
      }
      for (const row of orderRows(n)) {
        for (const [column, value] of row.entries()) orders[column].push(value);
      }
    }
    const columns = customers[0].map((_, column) => customers.map((row) => row[column]));
    await client.query(
      `INSERT INTO customers (id, name, company, plan, status, customer_since, lifetime_value,
         currency, extra)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],
         $6::text[], $7::float8[], $8::text[], $9::text[])`,
      columns,
    );
    await client.query(
      "INSERT INTO customer_emails (email, customer_id) SELECT * FROM unnest($1::text[], $2::bigint[])",
      emails,
    );
    await client.query(
      `INSERT INTO orders SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::text[],
         $5::text[], $6::text[], $7::text[])`,
      orders,
    );
  }
  await client.query("SELECT setval(pg_get_serial_sequence('customers', 'id'), $1)", [count]);
  await client.query("ANALYZE");
}
