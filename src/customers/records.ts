import type { CustomerRow, OrderRow } from "./schema.js";
import type { CustomerInput, CustomerRecord, OrderRecord } from "./types.js";

/** Parses the `extra` column; a damaged value shows as no extra fields rather than an error. */
function parseExtra(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, String(field)]));
  } catch {
    return {};
  }
}

/** Builds the record the card shows from database rows. */
export function toCustomerRecord(
  row: CustomerRow,
  emails: string[],
  orders: OrderRow[],
): CustomerRecord {
  return {
    id: Number(row.id),
    emails,
    name: row.name,
    company: row.company,
    plan: row.plan,
    status: row.status,
    customerSince: row.customer_since,
    lifetimeValue: row.lifetime_value === null ? null : Number(row.lifetime_value),
    currency: row.currency,
    extra: parseExtra(row.extra),
    recentOrders: orders.map(toOrderRecord),
  };
}

function toOrderRecord(row: OrderRow): OrderRecord {
  return {
    number: row.number,
    total: row.total === null ? null : Number(row.total),
    currency: row.currency,
    status: row.status,
    placedAt: row.placed_at,
    url: row.url,
  };
}

/**
 * The values of a customer's columns, in schema order, for an insert or an update. A field left
 * `undefined` in the input keeps the stored value on update (the SQL uses COALESCE).
 */
export function customerValues(input: CustomerInput): (string | number | null)[] {
  return [
    input.name ?? null,
    input.company ?? null,
    input.plan ?? null,
    input.status ?? null,
    input.customerSince ?? null,
    input.lifetimeValue ?? null,
    input.currency ?? null,
    input.extra === undefined ? null : JSON.stringify(input.extra),
  ];
}
