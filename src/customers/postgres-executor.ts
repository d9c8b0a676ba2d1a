import type pg from "pg";
import type { SqlExecutor } from "./sql-writer.js";

/**
 * Rewrites `?` placeholders as PostgreSQL's numbered ones (`$1`, `$2`, ...). A `?` inside a
 * quoted string or identifier is left alone.
 *
 * @example
 * ```ts
 * numberPlaceholders("SELECT ? , '?' WHERE a = ?"); // "SELECT $1 , '?' WHERE a = $2"
 * ```
 */
export function numberPlaceholders(sql: string): string {
  let out = "";
  let count = 0;
  let quote: string | undefined;
  for (const char of sql) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === "?") {
      count += 1;
      out += `$${count}`;
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * Names for prepared statements, one per distinct SQL text. PostgreSQL parses and plans a named
 * statement once per connection and reuses the plan; the same names are shared by every
 * connection of a pool, each preparing them on first use.
 *
 * @example
 * ```ts
 * const names = new StatementNames("w");
 * names.of("SELECT ? + ?"); // { name: "w1", text: "SELECT $1 + $2" }
 * ```
 */
export class StatementNames {
  readonly #names = new Map<string, { name: string; text: string }>();

  constructor(private readonly prefix: string) {}

  /** The name and the numbered text of `sql`, made on first use. */
  of(sql: string): { name: string; text: string } {
    let found = this.#names.get(sql);
    if (!found) {
      found = { name: `${this.prefix}${this.#names.size + 1}`, text: numberPlaceholders(sql) };
      this.#names.set(sql, found);
    }
    return found;
  }
}

/**
 * A `SqlExecutor` over one PostgreSQL connection, for `createSqlWriter`: every statement is
 * prepared once under a name and reused for every row of an import.
 *
 * @example
 * ```ts
 * const client = await pool.connect();
 * const writer = createSqlWriter(createPostgresExecutor(client, new StatementNames("w")));
 * ```
 */
export function createPostgresExecutor(client: pg.ClientBase, names: StatementNames): SqlExecutor {
  return {
    async all<Row>(sql: string, params: readonly (string | number | null)[]) {
      const { name, text } = names.of(sql);
      const result = await client.query({ name, text, values: [...params] });
      return result.rows as Row[];
    },
    async run(sql, params) {
      const { name, text } = names.of(sql);
      await client.query({ name, text, values: [...params] });
    },
  };
}
