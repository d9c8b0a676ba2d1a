import { createReadStream } from "node:fs";
import { parseArgs } from "node:util";
import { type ImportSummary, importCsv } from "../customers/csv-import.js";
import { openStore } from "../customers/open-store.js";
import { DEFAULT_DB } from "../server/config.js";
import { type Command, UsageError } from "./command.js";

const SHOWN_REFUSALS = 20;

function report(label: string, file: string, summary: ImportSummary): string {
  const lines = [
    `${label} from ${file}: ${summary.inserted} loaded, ${summary.updated} updated, ${summary.refusedCount} refused.`,
  ];
  for (const { line, reason } of summary.refused.slice(0, SHOWN_REFUSALS)) {
    lines.push(`  line ${line}: ${reason}`);
  }
  const hidden = summary.refusedCount - Math.min(summary.refused.length, SHOWN_REFUSALS);
  if (hidden > 0) lines.push(`  ... and ${hidden} more refused rows.`);
  return lines.join("\n");
}

export const command: Command = {
  summary: "load customers (and orders) from CSV into the database",
  usage: `
Usage: helpscout-app import [CUSTOMERS.csv] [--orders ORDERS.csv] [--db FILE|URL]

Loads customers from a CSV file with a header row. Known columns: email (required; several
addresses separated by ";"), name, company, plan, status, customer_since (ISO date),
lifetime_value, currency. Every other column is kept and shown on the card. A customer whose
address is already stored is updated, not duplicated. Rows that fail are reported with their line
number; the good rows load, all in one transaction.

Options:
  --orders FILE   also load orders: email,number,total,currency,status,placed_at,url
  --db FILE|URL   the database (default data/customers.db, or DATABASE_URL)`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { db: { type: "string" }, orders: { type: "string" } },
      allowPositionals: true,
    });
    const [customersFile, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError("Give one customers file; orders go with --orders.");
    if (!customersFile && !values.orders)
      throw new UsageError("Give a customers CSV file, --orders FILE, or both.");
    const db = values.db ?? (process.env.DATABASE_URL || DEFAULT_DB);
    // A postgres:// URL imports into PostgreSQL; anything else is a SQLite file.
    const store = await openStore(db, { memoryMapBytes: 0 });
    const showProgress = process.stderr.isTTY === true;
    try {
      const result = await importCsv(
        store,
        {
          ...(customersFile ? { customers: createReadStream(customersFile) } : {}),
          ...(values.orders ? { orders: createReadStream(values.orders) } : {}),
        },
        showProgress
          ? {
              onProgress: (rows) =>
                process.stderr.write(`\r${rows.toLocaleString("en-US")} rows read`),
            }
          : {},
      );
      if (showProgress) process.stderr.write("\r\x1b[K");
      if (result.customers && customersFile) {
        process.stdout.write(`${report("Customers", customersFile, result.customers)}\n`);
      }
      if (result.orders && values.orders) {
        process.stdout.write(`${report("Orders", values.orders, result.orders)}\n`);
      }
      const refused = (result.customers?.refusedCount ?? 0) + (result.orders?.refusedCount ?? 0);
      return refused > 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  },
};
