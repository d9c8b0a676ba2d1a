import { existsSync } from "node:fs";
import type { PostgresStoreOptions } from "./postgres-store.js";
import type { CustomerStore } from "./types.js";

/** Options of `openStore`; the PostgreSQL ones are ignored for a SQLite file. */
export interface OpenStoreOptions extends PostgresStoreOptions {
  /** Open without writing: no schema is created (and a SQLite file must exist). @default false */
  readonly?: boolean;
  /** SQLite only: bytes of the file mapped into memory (0 suits a one-off import). */
  memoryMapBytes?: number;
  /**
   * SQLite only: refuse a file that does not exist instead of creating an empty database, so a
   * mistyped path fails at start-up rather than answering "no record" for everyone.
   * @default false
   */
  mustExist?: boolean;
}

const OTHER_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * Whether a `--db` value names a PostgreSQL database (a `postgres://` or `postgresql://` URL)
 * rather than a SQLite file.
 *
 * @example
 * ```ts
 * isPostgresUrl("postgresql://db/crm"); // true
 * isPostgresUrl("data/customers.db"); // false
 * ```
 */
export function isPostgresUrl(value: string): boolean {
  return POSTGRES_URL.test(value);
}

/**
 * Opens the customer store a `--db` value names: a `postgres://` or `postgresql://` URL opens
 * PostgreSQL, anything else is the path of a SQLite file. Each driver is loaded only when used, so
 * a SQLite deployment never loads `pg`.
 *
 * @example
 * ```ts
 * const store = await openStore(process.env.DATABASE_URL ?? "data/customers.db");
 * ```
 */
export async function openStore(
  db: string,
  options: OpenStoreOptions = {},
): Promise<CustomerStore> {
  if (db.trim() === "") throw new Error("The database setting is empty: give a file or a URL.");
  if (isPostgresUrl(db)) {
    let driver: typeof import("./postgres-store.js");
    try {
      driver = await import("./postgres-store.js");
    } catch (cause) {
      if ((cause as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND") throw cause;
      // pg is an optional peer dependency: only PostgreSQL deployments install it.
      throw new Error(
        "The database is a PostgreSQL URL: install the driver with `npm install pg`.",
        {
          cause,
        },
      );
    }
    return driver.openPostgresStore(db, options);
  }
  if (OTHER_URL.test(db)) {
    throw new Error(
      `The database "${db.split(":")[0]}:" URL is not supported: give a SQLite file path or a postgres:// URL.`,
    );
  }
  if (options.mustExist && !existsSync(db)) {
    throw new Error(
      `No database at ${db}: load one with \`helpscout-app import FILE.csv --db ${db}\`, ` +
        "or leave out --db to serve the demo data.",
    );
  }
  const { openSqliteStore } = await import("./sqlite-store.js");
  return openSqliteStore(db, {
    ...(options.readonly ? { readonly: true } : {}),
    ...(options.memoryMapBytes === undefined ? {} : { memoryMapBytes: options.memoryMapBytes }),
  });
}
