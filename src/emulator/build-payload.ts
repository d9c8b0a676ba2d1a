import { getPreset } from "./presets.js";

/** Values that override parts of a request body, as given on the command line. */
export interface PayloadFields {
  /** The customer's addresses: the first becomes `email`, all of them `emails`. */
  emails?: readonly string[];
  /** The customer's full name: the first word becomes `fname`, the rest `lname`. */
  name?: string;
  /** The conversation's subject. */
  subject?: string;
  /** A draft conversation: Help Scout sends `"ticket": false`. */
  draft?: boolean;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function splitName(name: string): { fname?: string; lname?: string } {
  const trimmed = name.trim();
  if (trimmed === "") return {};
  const space = trimmed.search(/\s/);
  if (space === -1) return { fname: trimmed };
  return { fname: trimmed.slice(0, space), lname: trimmed.slice(space).trim() };
}

function withCustomer(body: JsonObject, fields: PayloadFields): void {
  if (fields.emails === undefined && fields.name === undefined) return;
  const customer: JsonObject = isObject(body.customer) ? { ...body.customer } : {};
  if (fields.emails !== undefined) {
    // Help Scout leaves out fields without a value rather than sending null or "".
    delete customer.email;
    delete customer.emails;
    const [first] = fields.emails;
    if (first !== undefined) {
      customer.email = first;
      customer.emails = [...fields.emails];
    }
  }
  if (fields.name !== undefined) {
    delete customer.fname;
    delete customer.lname;
    Object.assign(customer, splitName(fields.name));
  }
  body.customer = customer;
}

function withTicket(body: JsonObject, fields: PayloadFields): void {
  if (fields.draft) {
    body.ticket = false;
    return;
  }
  if (fields.subject === undefined) return;
  const ticket: JsonObject = isObject(body.ticket) ? { ...body.ticket } : {};
  ticket.subject = fields.subject;
  body.ticket = ticket;
}

/**
 * Builds a request body from a preset (the `conversation` one by default) with the given fields
 * changed, serialized the way Help Scout sends it: JSON, UTF-8, fields without a value left out.
 *
 * @example
 * ```ts
 * buildPayload({ emails: ["kim@example.com"], name: "Kim Lee", draft: true });
 * // '{\n  "ticket": false,\n  "customer": { ... "fname": "Kim", "lname": "Lee" ... } ... }'
 * ```
 */
export function buildPayload(fields: PayloadFields, preset = "conversation"): string {
  const body = JSON.parse(getPreset(preset).body) as JsonObject;
  withCustomer(body, fields);
  withTicket(body, fields);
  return JSON.stringify(body, null, 2);
}

/**
 * True when at least one field would change the preset's body.
 *
 * @example
 * ```ts
 * hasPayloadFields({ draft: false }); // false
 * ```
 */
export function hasPayloadFields(fields: PayloadFields): boolean {
  return (
    fields.emails !== undefined ||
    fields.name !== undefined ||
    fields.subject !== undefined ||
    fields.draft === true
  );
}
