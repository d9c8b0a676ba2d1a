import pg from "pg";
import { createLookupBatcher } from "./lookup-batcher.js";
import { createPostgresExecutor, StatementNames } from "./postgres-executor.js";
import { POSTGRES_SCHEMA_SQL, SCHEMA_LOCK_KEY } from "./postgres-schema.js";
import { toCustomerRecord } from "./records.js";
import type { CustomerRow, OrderRow } from "./schema.js";
import { createSqlWriter } from "./sql-writer.js";
import {
  type CustomerRecord,
  type CustomerStore,
  type CustomerWriter,
  RECENT_ORDER_COUNT,
} from "./types.js";

const DEFAULT_LOOKUP_QUERIES = 4;

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions {
  /**
   * A read replica (or a pooler in front of several) for look-ups; writes and `import` always go
   * to the main URL. @default the main URL
   */
  readUrl?: string;
  /** Connections per pool, per process. @default 10 */
  poolSize?: number;
  /** How long to wait for a connection (new or from the pool) before failing. @default 2000 */
  connectTimeoutMs?: number;
  /** How long one statement may run, enforced by the server and by the client. @default 2000 */
  statementTimeoutMs?: number;
  /**
   * The most look-up queries running at once, per process. Look-ups made while all are busy wait
   * and go together, in one query, when the first finishes. @default 4
   */
  lookupQueries?: number;
  /** Skip creating the schema (a read replica, or a role without DDL rights). @default false */
  readonly?: boolean;
}

// One query for a whole batch of look-ups (see createLookupBatcher): each address asked that is
// known, with its customer, all the customer's addresses and the recent orders, aggregated by the
// server.
const FIND_MANY_SQL = `
SELECT e.email AS matched, c.id, c.name, c.company, c.plan, c.status, c.customer_since,
       c.lifetime_value, c.currency, c.extra,
       ARRAY(SELECT a.email FROM customer_emails a WHERE a.customer_id = c.id ORDER BY a.seq)
         AS emails,
       COALESCE((SELECT json_agg(o ORDER BY o.placed_at DESC NULLS LAST) FROM (
         SELECT number, total, currency, status, placed_at, url FROM orders
         WHERE customer_id = c.id ORDER BY placed_at DESC NULLS LAST LIMIT ${RECENT_ORDER_COUNT}
       ) o), '[]'::json) AS orders
FROM customer_emails e JOIN customers c ON c.id = e.customer_id
WHERE e.email = ANY($1::text[])`;

type FoundRow = CustomerRow & { matched: string; emails: string[]; orders: OrderRow[] };

/**
 * The host, port and database of a URL, without the user name or password: safe for logs and
 * error messages.
 *
 * @example
 * ```ts
 * describeDatabaseUrl("postgres://app:secret@db:5432/crm"); // "postgres://db:5432/crm"
 * ```
 */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return "(an unparsable database URL)";
  }
}

function makePool(url: string, options: PostgresStoreOptions): pg.Pool {
  const statementTimeoutMs = options.statementTimeoutMs ?? 2000;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 2000,
    // The server cancels a slow statement; the client gives up a little later in case the server
    // itself no longer answers (a network partition).
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 500,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: "helpscout-dynamic-app",
  });
  // An idle connection dropped by the server (a restart, a failover) is removed from the pool by
  // pg; without a listener the 'error' event would end the process.
  pool.on("error", () => {});
  return pool;
}

async function applySchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [SCHEMA_LOCK_KEY]);
    await client.query(POSTGRES_SCHEMA_SQL);
    await client.query("COMMIT");
    client.release();
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

/** Wraps each write in a savepoint, so a row that fails leaves nothing half-written. */
function withSavepoints(client: pg.PoolClient, writer: CustomerWriter): CustomerWriter {
  async function guarded<T>(write: () => Promise<T>): Promise<T> {
    await client.query("SAVEPOINT row");
    try {
      const result = await write();
      await client.query("RELEASE row");
      return result;
    } catch (error) {
      await client.query("ROLLBACK TO row");
      await client.query("RELEASE row");
      throw error;
    }
  }
  return {
    upsertCustomer: (input) => guarded(() => writer.upsertCustomer(input)),
    upsertOrder: (input) => guarded(() => writer.upsertOrder(input)),
  };
}

/**
 * Opens a PostgreSQL customer store: a connection pool (and a second one for a read replica when
 * `readUrl` is given), the schema created if missing, look-ups gathered into batched prepared
 * statements (see createLookupBatcher). When the database is down, calls fail within the connect
 * or statement timeout instead of waiting, and the pool reconnects by itself once it is back.
 *
 * @example
 * ```ts
 * const store = await openPostgresStore("postgres://app@db.internal:5432/crm");
 * await store.findByEmails(["jan@example.com"]);
 * ```
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<CustomerStore> {
  const writePool = makePool(url, options);
  const readPool = options.readUrl ? makePool(options.readUrl, options) : writePool;
  try {
    if (!options.readonly) await applySchema(writePool);
  } catch (error) {
    await Promise.allSettled([writePool.end(), readPool === writePool ? null : readPool.end()]);
    throw new Error(
      `Could not open the PostgreSQL database ${describeDatabaseUrl(url)}: ${String(error)}`,
      { cause: error },
    );
  }
  const writeNames = new StatementNames("hsda_w");
  const findFirst = createLookupBatcher(
    async (emails) => {
      const result = await readPool.query<FoundRow>({
        name: "hsda_find_many",
        text: FIND_MANY_SQL,
        values: [emails],
      });
      const found = new Map<string, CustomerRecord>();
      for (const row of result.rows) {
        found.set(row.matched, toCustomerRecord(row, row.emails, row.orders));
      }
      return found;
    },
    { maxInFlight: options.lookupQueries ?? DEFAULT_LOOKUP_QUERIES, maxAddresses: 500 },
  );

  return {
    kind: "postgres",
    findByEmails(emails, signal) {
      // PostgreSQL refuses a NUL in any text value, so no stored address holds one; asked, it
      // would fail the whole batch, and with it the look-ups of other requests.
      const storable = emails.some((email) => email.includes("\0"))
        ? emails.filter((email) => !email.includes("\0"))
        : emails;
      return findFirst(storable, signal);
    },
    async ping() {
      await readPool.query("SELECT 1");
      if (readPool !== writePool) await writePool.query("SELECT 1");
    },
    async transaction(work) {
      const client = await writePool.connect();
      try {
        await client.query("BEGIN");
        const writer = createSqlWriter(createPostgresExecutor(client, writeNames));
        const result = await work(withSavepoints(client, writer));
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        // A connection that failed mid-transaction is thrown away rather than reused.
        const rolledBack = await client.query("ROLLBACK").then(
          () => true,
          () => false,
        );
        client.release(rolledBack ? undefined : true);
        throw error;
      }
    },
    async countCustomers() {
      const result = await readPool.query<{ count: string }>("SELECT count(*) FROM customers");
      return Number(result.rows[0]?.count ?? 0);
    },
    async close() {
      await Promise.all([writePool.end(), readPool === writePool ? null : readPool.end()]);
    },
  };
}
