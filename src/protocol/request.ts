import { DynamicAppError } from "./errors.js";
import type {
  DynamicAppCustomer,
  DynamicAppMailbox,
  DynamicAppRequest,
  DynamicAppTicket,
  DynamicAppUser,
  Id,
  UserRole,
} from "./request-types.js";

export type * from "./request-types.js";

const LEGACY_ROLES: Record<number, UserRole> = { 1: "owner", 2: "admin", 3: "user" };
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is Id {
  return (typeof value === "number" && Number.isFinite(value)) || typeof value === "string";
}

type FieldChecks = readonly (readonly [field: string, check: (value: unknown) => boolean])[];

/** Copies an object and drops the listed fields when their type is not the documented one. */
function typed<T>(source: JsonObject, checks: FieldChecks): T {
  const result: JsonObject = { ...source };
  // The checks are module constants, not an object to take apart on every request.
  for (const [field, check] of checks) {
    if (field in result && !check(result[field])) delete result[field];
  }
  return result as T;
}

const isString = (value: unknown) => typeof value === "string";
const isStringList = (value: unknown) => Array.isArray(value);

const TICKET_FIELDS: FieldChecks = [
  ["id", isId],
  ["number", isId],
  ["subject", isString],
];
const CUSTOMER_FIELDS: FieldChecks = [
  ["id", isId],
  ["fname", isString],
  ["lname", isString],
  ["email", isString],
  ["emails", isStringList],
];
const USER_FIELDS: FieldChecks = [
  ["id", isId],
  ["fname", isString],
  ["lname", isString],
  ["role", (role) => typeof role === "string" || typeof role === "number"],
];
const MAILBOX_FIELDS: FieldChecks = [
  ["id", isId],
  ["email", isString],
];

function parseTicket(value: unknown): DynamicAppTicket | null {
  if (!isObject(value)) return null;
  return typed<DynamicAppTicket>(value, TICKET_FIELDS);
}

function parseCustomer(value: unknown): DynamicAppCustomer | null {
  if (!isObject(value)) return null;
  const customer = typed<DynamicAppCustomer>(value, CUSTOMER_FIELDS);
  if (customer.emails) customer.emails = addressesOf(customer.emails);
  return customer;
}

function parseUser(value: unknown): DynamicAppUser | null {
  if (!isObject(value)) return null;
  return typed<DynamicAppUser>(value, USER_FIELDS);
}

function parseMailbox(value: unknown): DynamicAppMailbox | null {
  if (!isObject(value)) return null;
  return typed<DynamicAppMailbox>(value, MAILBOX_FIELDS);
}

/** Entries of `emails` are strings, or in Mailbox API style objects with a `value`. */
function addressesOf(entries: readonly unknown[]): string[] {
  const addresses: string[] = [];
  for (const entry of entries) {
    if (typeof entry === "string") addresses.push(entry);
    else if (isObject(entry) && typeof entry.value === "string") addresses.push(entry.value);
  }
  return addresses;
}

/**
 * Lower-cases and trims an address, or returns `undefined` when it cannot be one. Addresses are
 * compared case-insensitively; a sub-address (`name+tag@`) is kept as it is, because it may be
 * exactly what the customer record holds.
 */
export function normalizeEmail(address: string): string | undefined {
  const value = address.trim().toLowerCase();
  const at = value.lastIndexOf("@");
  if (at <= 0 || at === value.length - 1 || /\s/.test(value)) return undefined;
  return value;
}

/** Gathers `email` and `emails` into one list, normalized, in order, without duplicates. */
export function gatherCustomerEmails(customer: DynamicAppCustomer | null): string[] {
  if (!customer) return [];
  const gathered: string[] = [];
  const seen = new Set<string>();
  const add = (candidate: string) => {
    const email = normalizeEmail(candidate);
    if (email !== undefined && !seen.has(email)) {
      seen.add(email);
      gathered.push(email);
    }
  };
  if (customer.email) add(customer.email);
  for (const candidate of customer.emails ?? []) add(candidate);
  return gathered;
}

function roleOf(user: DynamicAppUser | null): string | undefined {
  const role = user?.role;
  if (typeof role === "number") return LEGACY_ROLES[role] ?? String(role);
  return role;
}

function nameOf(customer: DynamicAppCustomer | null): string | undefined {
  const parts = [customer?.fname, customer?.lname].filter((part) => part && part.trim() !== "");
  return parts.length > 0 ? parts.join(" ").trim() : undefined;
}

/** Decodes bytes as strict UTF-8 and parses them as a JSON object. */
export function parseJsonObject(rawBody: Uint8Array | string): JsonObject {
  let text: string;
  try {
    text = typeof rawBody === "string" ? rawBody : utf8.decode(rawBody);
  } catch (cause) {
    throw new DynamicAppError("invalid_encoding", "The request body is not valid UTF-8.", {
      cause,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new DynamicAppError("invalid_json", "The request body is not valid JSON.", { cause });
  }
  if (!isObject(value)) {
    throw new DynamicAppError("not_an_object", "The request body must be a JSON object.");
  }
  return value;
}

/**
 * Parses the raw bytes of a Dynamic App request into a typed model. Missing objects become
 * `null`, `"ticket": false` marks a draft, fields of an unexpected type are left out of the typed
 * view (they stay in `raw`), unknown fields are kept, and the customer's addresses are gathered.
 * Throws a `DynamicAppError` (400) when the bytes are not UTF-8 JSON holding an object.
 *
 * @example
 * ```ts
 * const request = parseDynamicAppRequest(rawBody);
 * if (request.isDraft) return html`<p>Draft</p>`;
 * request.customerEmails; // ["jan@example.com"]
 * ```
 */
export function parseDynamicAppRequest(rawBody: Uint8Array | string): DynamicAppRequest {
  const raw = parseJsonObject(rawBody);
  const customer = parseCustomer(raw.customer);
  const user = parseUser(raw.user);
  return {
    ticket: parseTicket(raw.ticket),
    isDraft: raw.ticket === false,
    customer,
    user,
    mailbox: parseMailbox(raw.mailbox),
    customerEmails: gatherCustomerEmails(customer),
    customerName: nameOf(customer),
    userRole: roleOf(user),
    raw,
  };
}
