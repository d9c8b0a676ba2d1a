import type { CustomerInput, OrderInput } from "./types.js";

/** The columns of a customer CSV that have a meaning of their own; the rest go to `extra`. */
export const CUSTOMER_COLUMNS = [
  "email",
  "name",
  "company",
  "plan",
  "status",
  "customer_since",
  "lifetime_value",
  "currency",
] as const;

/** The columns of an orders CSV. */
export const ORDER_COLUMNS = [
  "email",
  "number",
  "total",
  "currency",
  "status",
  "placed_at",
  "url",
] as const;

type Row = Record<string, string | undefined>;

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

function amount(column: string, value: string | undefined): number | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const number = Number(raw.replace(/[,_ ]/g, ""));
  if (!Number.isFinite(number)) throw new Error(`${column} "${raw}" is not a number.`);
  return number;
}

/** Whether "YYYY-MM-DD" names a real day: JavaScript turns 2021-02-30 into 2 March silently. */
function isCalendarDate(day: string): boolean {
  return new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

function isoDate(column: string, value: string | undefined): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  if (
    !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ||
    Number.isNaN(Date.parse(raw)) ||
    !isCalendarDate(raw.slice(0, 10))
  ) {
    throw new Error(`${column} "${raw}" is not an ISO date such as 2024-03-31.`);
  }
  return raw;
}

function currency(value: string | undefined): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  if (!/^[A-Za-z]{3}$/.test(raw))
    throw new Error(`currency "${raw}" is not a 3-letter code such as EUR.`);
  return raw.toUpperCase();
}

function splitEmails(value: string | undefined): string[] {
  const addresses = (value ?? "")
    .split(";")
    .map((address) => address.trim())
    .filter(Boolean);
  if (addresses.length === 0)
    throw new Error("email is empty; every row needs at least one address.");
  return addresses;
}

/** Turns one CSV record (keys are the lower-cased header names) into a customer to write. */
export function customerFromRow(row: Row, extraColumns: readonly string[]): CustomerInput {
  const extra: Record<string, string> = {};
  for (const column of extraColumns) {
    const value = text(row[column]);
    if (value !== undefined) extra[column] = value;
  }
  const input: CustomerInput = {
    emails: splitEmails(row.email),
    name: text(row.name) ?? null,
    company: text(row.company) ?? null,
    plan: text(row.plan) ?? null,
    status: text(row.status) ?? null,
    customerSince: isoDate("customer_since", row.customer_since) ?? null,
    lifetimeValue: amount("lifetime_value", row.lifetime_value) ?? null,
    currency: currency(row.currency) ?? null,
  };
  if (extraColumns.length > 0) input.extra = extra;
  return input;
}

/** Turns one orders CSV record into an order to write. */
export function orderFromRow(row: Row): OrderInput {
  const [email] = splitEmails(row.email);
  const number = text(row.number);
  if (number === undefined) throw new Error("number is empty; every order needs its number.");
  const url = text(row.url);
  if (url !== undefined && !/^https?:\/\//i.test(url)) {
    throw new Error(`url "${url}" must start with http:// or https://.`);
  }
  return {
    email: email ?? "",
    number,
    total: amount("total", row.total) ?? null,
    currency: currency(row.currency) ?? null,
    status: text(row.status) ?? null,
    placedAt: isoDate("placed_at", row.placed_at) ?? null,
    url: url ?? null,
  };
}
