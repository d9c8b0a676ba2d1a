import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import { createLookupBatcher } from "./lookup-batcher.js";
import { toCustomerRecord } from "./records.js";
import type { CustomerRow, OrderRow } from "./schema.js";
import { createSqlWriter, type SqlExecutor } from "./sql-writer.js";
import { openSqliteConnection } from "./sqlite-connection.js";
import { type CustomerRecord, type CustomerStore, RECENT_ORDER_COUNT } from "./types.js";

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** Open without write access (the server only reads). @default false */
  readonly?: boolean;
  /**
   * How much of the file to map into memory for faster reads; 0 turns mapping off, which suits
   * a one-off import better. @default 1073741824 (1 GiB)
   */
  memoryMapBytes?: number;
}

/**
 * Opens (and creates, with the schema) a SQLite customer database. Reads are synchronous under
 * the hood: one indexed probe takes microseconds, less than a thread hop would cost. The store
 * follows the path: while the file is missing, unreadable or damaged, calls reject (and the card
 * says the database cannot be reached); a file put back or renamed into place is used at once.
 *
 * @example
 * ```ts
 * const store = openSqliteStore("data/customers.db");
 * await store.findByEmails(["jan@example.com"]);
 * ```
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): CustomerStore {
  if (file !== ":memory:" && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  const connection = openSqliteConnection(file, options, prepareStatements);
  // The look-ups of one turn of the event loop are made together, in one read, as PostgreSQL's
  // are. Nothing waits on a round trip here, yet a loaded server answered nearly twice as many
  // requests: every request's parsing and checks run one after another, then every look-up,
  // then every card and answer, instead of each request's whole path in turn (5,460–6,079
  // against 9,013–10,646 req/s with the cache off, 164–180 against 83–93 CPU µs per request,
  // three interleaved rounds). A lone look-up waits for the end of the turn, about 1 µs.
  const findFirst = createLookupBatcher(
    async (emails) => connection.read(({ prepared }) => prepared.findEach(emails)),
    { maxInFlight: 1, maxAddresses: 500 },
  );

  return {
    kind: "sqlite",
    findByEmails: findFirst,
    async ping() {
      // Reads the schema page, so a damaged or emptied file fails the health check too.
      connection.use(({ prepared }) => prepared.probe.get());
    },
    async transaction(work) {
      const { db, prepared } = connection.use((link) => link);
      db.exec("BEGIN IMMEDIATE");
      try {
        const writer = createSqlWriter(prepared.executor);
        const result = await work(withSavepoints(db, writer));
        db.exec("COMMIT");
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    },
    async countCustomers() {
      return connection.use(({ prepared }) => prepared.countCustomers.get() ?? 0);
    },
    async close() {
      connection.close();
    },
  };
}

/** The statements of one connection; prepared again whenever the file is reopened. */
function prepareStatements(db: Database.Database) {
  // Imports run the same few statements for every row: prepare each once.
  const cached = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let found = cached.get(sql);
    if (!found) {
      found = db.prepare(sql);
      cached.set(sql, found);
    }
    return found;
  };
  // One statement per address tried: the customer, all their addresses and the recent orders,
  // the last two aggregated as JSON by SQLite. Each call into SQLite has a fixed cost, so this
  // takes about half the time of three statements in a read transaction (20 against 45 µs).
  // Rows come back as arrays (`raw`): better-sqlite3 builds an array faster than an object with
  // eleven named fields, about 1 µs of a 10 µs look-up.
  const customerByEmail = db
    .prepare<[string], CustomerLookupTuple>(
      `SELECT c.id, c.name, c.company, c.plan, c.status, c.customer_since, c.lifetime_value,
         c.currency, c.extra,
         (SELECT json_group_array(email) FROM
            (SELECT email FROM customer_emails WHERE customer_id = c.id ORDER BY rowid)) AS emails_json,
         (SELECT json_group_array(json_array(number, total, currency, status, placed_at, url)) FROM
            (SELECT * FROM orders WHERE customer_id = c.id ORDER BY placed_at DESC LIMIT ${RECENT_ORDER_COUNT}))
           AS orders_json
       FROM customer_emails e JOIN customers c ON c.id = e.customer_id
       WHERE e.email = ?`,
    )
    .raw(true);
  const executor: SqlExecutor = {
    async all<Row>(sql: string, params: readonly (string | number | null)[]) {
      return statement(sql).all(...params) as Row[];
    },
    async run(sql, params) {
      statement(sql).run(...params);
    },
  };
  return {
    countCustomers: db.prepare<[], number>("SELECT count(*) FROM customers").pluck(),
    /** Each address that is known, with its customer. */
    findEach: (emails: readonly string[]) => {
      const found = new Map<string, CustomerRecord>();
      for (const email of emails) {
        const row = customerByEmail.get(email);
        if (row) found.set(email, recordOf(row));
      }
      return found;
    },
    probe: db.prepare("SELECT count(*) FROM sqlite_schema"),
    executor,
  };
}

/** A customer's columns, then their addresses and recent orders as JSON arrays. */
type CustomerLookupTuple = [
  id: number,
  name: string | null,
  company: string | null,
  plan: string | null,
  status: string | null,
  customerSince: string | null,
  lifetimeValue: number | null,
  currency: string | null,
  extra: string,
  emailsJson: string,
  ordersJson: string,
];

function recordOf(found: CustomerLookupTuple): CustomerRecord {
  const [id, name, company, plan, status, customer_since, lifetime_value, currency, extra] = found;
  const row: CustomerRow = {
    id,
    name,
    company,
    plan,
    status,
    customer_since,
    lifetime_value,
    currency,
    extra,
  };
  return toCustomerRecord(row, JSON.parse(found[9]), ordersOf(found[10]));
}

type OrderTuple = [
  string,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

function ordersOf(json: string): OrderRow[] {
  return (JSON.parse(json) as OrderTuple[]).map(
    ([number, total, currency, status, placed_at, url]) => ({
      number: String(number),
      total,
      currency,
      status,
      placed_at,
      url,
    }),
  );
}

/** Wraps each write in a savepoint, so a row that fails leaves nothing half-written. */
function withSavepoints(
  db: Database.Database,
  writer: ReturnType<typeof createSqlWriter>,
): ReturnType<typeof createSqlWriter> {
  async function guarded<T>(write: () => Promise<T>): Promise<T> {
    db.exec("SAVEPOINT row");
    try {
      const result = await write();
      db.exec("RELEASE row");
      return result;
    } catch (error) {
      db.exec("ROLLBACK TO row");
      db.exec("RELEASE row");
      throw error;
    }
  }
  return {
    upsertCustomer: (input) => guarded(() => writer.upsertCustomer(input)),
    upsertOrder: (input) => guarded(() => writer.upsertOrder(input)),
  };
}
