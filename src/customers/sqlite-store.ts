import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import { toCustomerRecord } from "./records.js";
import type { CustomerRow, OrderRow } from "./schema.js";
import { createSqlWriter, type SqlExecutor } from "./sql-writer.js";
import { openSqliteConnection } from "./sqlite-connection.js";
import { type CustomerStore, RECENT_ORDER_COUNT } from "./types.js";

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

  return {
    kind: "sqlite",
    async findByEmails(emails) {
      return connection.use(({ prepared }) => prepared.findInOneRead(emails));
    },
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
  // One statement for address and customer: each call into SQLite has a fixed cost.
  const customerByEmail = db.prepare<[string], CustomerRow>(
    `SELECT c.* FROM customer_emails e JOIN customers c ON c.id = e.customer_id
     WHERE e.email = ?`,
  );
  const emailsOf = db
    .prepare<[number], string>(
      "SELECT email FROM customer_emails WHERE customer_id = ? ORDER BY rowid",
    )
    .pluck();
  const ordersOf = db.prepare<[number, number], OrderRow>(
    `SELECT number, total, currency, status, placed_at, url FROM orders
     WHERE customer_id = ? ORDER BY placed_at DESC LIMIT ?`,
  );
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
    // The statements of one look-up share one read transaction: SQLite then takes and drops its
    // file locks once per look-up instead of once per statement (six fewer system calls).
    findInOneRead: db.transaction((emails: readonly string[]) => {
      for (const email of emails) {
        const row = customerByEmail.get(email);
        if (!row) continue;
        return toCustomerRecord(
          row,
          emailsOf.all(row.id),
          ordersOf.all(row.id, RECENT_ORDER_COUNT),
        );
      }
      return undefined;
    }),
    probe: db.prepare("SELECT count(*) FROM sqlite_schema"),
    executor,
  };
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
