/**
 * The schema, shared by SQLite and PostgreSQL (both accept this SQL). Addresses live in their
 * own table so a customer can have several and a look-up is one index probe.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS customers (
  id              INTEGER PRIMARY KEY,
  name            TEXT,
  company         TEXT,
  plan            TEXT,
  status          TEXT,
  customer_since  TEXT,
  lifetime_value  REAL,
  currency        TEXT,
  extra           TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS customer_emails (
  email        TEXT PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS customer_emails_by_customer ON customer_emails (customer_id);
CREATE TABLE IF NOT EXISTS orders (
  customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  number       TEXT NOT NULL,
  total        REAL,
  currency     TEXT,
  status       TEXT,
  placed_at    TEXT,
  url          TEXT,
  PRIMARY KEY (customer_id, number)
);
CREATE INDEX IF NOT EXISTS orders_by_date ON orders (customer_id, placed_at DESC);
`;

/** A customer row as both databases return it. */
export interface CustomerRow {
  id: number;
  name: string | null;
  company: string | null;
  plan: string | null;
  status: string | null;
  customer_since: string | null;
  lifetime_value: number | null;
  currency: string | null;
  extra: string;
}

/** An order row as both databases return it. */
export interface OrderRow {
  number: string;
  total: number | null;
  currency: string | null;
  status: string | null;
  placed_at: string | null;
  url: string | null;
}
