import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import { CUSTOMER_COLUMNS, customerFromRow, ORDER_COLUMNS, orderFromRow } from "./csv-rows.js";
import type { CustomerStore, CustomerWriter, WriteOutcome } from "./types.js";

/** One refused row: its line number in the file and why. */
export interface RefusedRow {
  line: number;
  reason: string;
}

/** What an import did. */
export interface ImportSummary {
  inserted: number;
  updated: number;
  /** How many rows were refused in all. */
  refusedCount: number;
  /** The first refused rows, with their reasons (see `keepRefused`). */
  refused: RefusedRow[];
}

/** Options of an import. */
export interface ImportOptions {
  /** Called every few thousand rows with the count so far, for a progress line. */
  onProgress?: (rows: number) => void;
  /** How many refused rows to keep with their reasons; the rest are only counted. @default 1000 */
  keepRefused?: number;
}

type Kind = "customers" | "orders";

/**
 * Names the columns: a known column in lower case whatever its spelling in the file, any other
 * column as written, because its name is shown on the card as a label.
 */
function headerOf(kind: Kind, header: string[], known: readonly string[]): string[] {
  const columns = header.map((name) => {
    const lower = name.trim().toLowerCase();
    return known.includes(lower) ? lower : name.trim();
  });
  if (!columns.includes("email")) {
    throw new Error(`The ${kind} file has no "email" column; its header row must name one.`);
  }
  if (kind === "orders" && !columns.includes("number")) {
    throw new Error('The orders file has no "number" column.');
  }
  return columns;
}

async function importRows(
  kind: Kind,
  input: Readable,
  writer: CustomerWriter,
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary: ImportSummary = { inserted: 0, updated: 0, refusedCount: 0, refused: [] };
  const keep = options.keepRefused ?? 1000;
  const refuse = (line: number, reason: string) => {
    summary.refusedCount++;
    if (summary.refused.length < keep) summary.refused.push({ line, reason });
  };
  const known: readonly string[] = kind === "customers" ? CUSTOMER_COLUMNS : ORDER_COLUMNS;
  let extraColumns: string[] = [];
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      const columns = headerOf(kind, header, known);
      extraColumns = columns.filter((column) => !known.includes(column));
      return columns;
    },
    skip_empty_lines: true,
    // A row that stops early (trailing empty cells left out, as spreadsheets often write them)
    // is read with those cells empty; a row with too many cells is still refused.
    relax_column_count_less: true,
    skip_records_with_error: true,
    info: true,
  });
  // A malformed record (an unclosed quote, a wrong number of fields) is reported and skipped.
  parser.on("skip", (error: Error & { lines?: number }) => refuse(error.lines ?? 0, error.message));
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);

  let rows = 0;
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    rows++;
    try {
      const outcome: WriteOutcome =
        kind === "customers"
          ? await writer.upsertCustomer(customerFromRow(record, extraColumns))
          : await writer.upsertOrder(orderFromRow(record));
      summary[outcome]++;
    } catch (error) {
      refuse(info.lines, error instanceof Error ? error.message : String(error));
    }
    if (rows % 5000 === 0) options.onProgress?.(rows);
  }
  return summary;
}

/**
 * Imports customers and then orders from CSV streams in one transaction. Good rows load even
 * when others are refused; each refused row is reported with its line number. Rows stream
 * through, so memory does not grow with the size of the file.
 *
 * @example
 * ```ts
 * const { customers } = await importCsv(store, { customers: createReadStream("customers.csv") });
 * ```
 */
export async function importCsv(
  store: CustomerStore,
  files: { customers?: Readable; orders?: Readable },
  options: ImportOptions = {},
): Promise<{ customers?: ImportSummary; orders?: ImportSummary }> {
  return store.transaction(async (writer) => {
    const result: { customers?: ImportSummary; orders?: ImportSummary } = {};
    if (files.customers) {
      result.customers = await importRows("customers", files.customers, writer, options);
    }
    if (files.orders) result.orders = await importRows("orders", files.orders, writer, options);
    return result;
  });
}
