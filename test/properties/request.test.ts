import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDynamicAppError } from "../../src/protocol/errors.js";
import { parseDynamicAppRequest } from "../../src/protocol/request.js";
import { RUNS, reportRuns } from "./run-counts.js";

const emailArb = fc.oneof(
  fc.emailAddress(),
  fc.emailAddress().map((address) => ` ${address.toUpperCase()} `),
  fc.string({ maxLength: 20 }),
  fc.record({ value: fc.emailAddress() }),
  fc.constantFrom(null, 5, [], {}),
);

/** Request bodies in every shape Help Scout has sent, and some it never would. */
const requestArb = fc.record(
  {
    ticket: fc.oneof(
      fc.constant(false),
      fc.record(
        { id: fc.oneof(fc.integer(), fc.string()), number: fc.integer(), subject: fc.string() },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    customer: fc.oneof(
      fc.record(
        {
          id: fc.oneof(fc.integer(), fc.string()),
          fname: fc.string(),
          lname: fc.string(),
          email: emailArb,
          emails: fc.array(emailArb, { maxLength: 5 }),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    user: fc.oneof(
      fc.record(
        {
          id: fc.integer(),
          role: fc.oneof(
            fc.constantFrom("owner", "admin", "user", 1, 2, 3),
            fc.jsonValue({ maxDepth: 1 }),
          ),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    mailbox: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);

describe("the request model on random requests", () => {
  it(`never throws on an object, and its derived fields always hold (${RUNS.requestModelTotal} runs)`, () => {
    fc.assert(
      fc.property(
        requestArb,
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
        (known, extra) => {
          const value = { ...extra, ...known };
          const body = new TextEncoder().encode(JSON.stringify(value));
          let request: ReturnType<typeof parseDynamicAppRequest>;
          try {
            request = parseDynamicAppRequest(body);
          } catch (error) {
            throw new Error(`threw ${isDynamicAppError(error) ? error.code : String(error)}`);
          }
          expect(request.raw).toEqual(JSON.parse(JSON.stringify(value)));
          expect(request.isDraft).toBe(value.ticket === false);
          if (request.isDraft) expect(request.ticket).toBeNull();
          // Addresses: lower-cased, trimmed, unique, each with an @ between two non-empty parts.
          expect(new Set(request.customerEmails).size).toBe(request.customerEmails.length);
          for (const email of request.customerEmails) {
            expect(email).toBe(email.trim().toLowerCase());
            expect(email).toMatch(/^\S+@\S+$/);
          }
          if (request.customerName !== undefined) expect(request.customerName.trim()).not.toBe("");
          if (request.userRole !== undefined) expect(typeof request.userRole).toBe("string");
          for (const part of [request.ticket, request.customer, request.user, request.mailbox]) {
            if (part !== null) expect(typeof part === "object" && !Array.isArray(part)).toBe(true);
          }
        },
      ),
      { numRuns: RUNS.requestModelTotal },
    );
    reportRuns("request model never throws on objects", RUNS.requestModelTotal);
  });
});

/** Addresses and near-addresses that collide once trimmed and lower-cased. */
const addressText = fc.constantFrom(
  "a@x.io",
  "A@X.io",
  " a@x.io\t",
  "b+tag@x.io",
  "B+TAG@x.io",
  "c@y",
  "@x.io",
  "d@",
  "two words@x.io",
  "",
  "  ",
  "e@f@g.io",
  "İ@x.io",
);

/** An entry of `emails`: a string, a Mailbox API object, or something that is no address. */
const entryArb = fc.oneof(
  addressText,
  addressText.map((value) => ({ value, type: "work" })),
  fc.constantFrom(null, 5, true, [], ["a@x.io"], {}, { value: 5 }, { email: "a@x.io" }),
);

/**
 * What the addresses of a customer should be, written from the documentation rather than from the
 * parser: `email` first, then `emails` in order (strings, and objects' string `value`), each
 * trimmed and lower-cased, kept when something precedes and follows its last @ and it holds no
 * white space, each once.
 */
function expectedAddresses(customer: Record<string, unknown>): string[] {
  const written: string[] = [];
  if (typeof customer.email === "string") written.push(customer.email);
  if (Array.isArray(customer.emails)) written.push(...expectedEntries(customer.emails));
  const usable = written
    .map((address) => address.trim().toLowerCase())
    .filter((address) => /^\S+@[^\s@]+$/.test(address));
  return usable.filter((address, index) => usable.indexOf(address) === index);
}

/** The strings of `emails` as written: strings as they are, objects by their string `value`. */
function expectedEntries(entries: unknown[]): string[] {
  const strings: string[] = [];
  for (const entry of entries) {
    if (typeof entry === "string") strings.push(entry);
    const isPlainObject = typeof entry === "object" && entry !== null && !Array.isArray(entry);
    if (isPlainObject && typeof (entry as { value?: unknown }).value === "string") {
      strings.push((entry as { value: string }).value);
    }
  }
  return strings;
}

describe("the customer's addresses on random customers", () => {
  it(`match a model written from the documentation (${RUNS.requestAddressesModel} runs)`, () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            email: fc.oneof(addressText, fc.constantFrom(null, 5, ["a@x.io"], { value: "a@x.io" })),
            emails: fc.oneof(
              fc.array(entryArb, { maxLength: 8 }),
              fc.constantFrom("a@x.io", { value: "a@x.io" }, 5, null),
            ),
          },
          { requiredKeys: [] },
        ),
        (customer) => {
          const request = parseDynamicAppRequest(JSON.stringify({ customer }));
          expect(request.customerEmails).toEqual(expectedAddresses(customer));
          // The typed view holds the entries as written; `raw` holds the body as sent.
          if (Array.isArray(customer.emails)) {
            expect(request.customer?.emails).toEqual(expectedEntries(customer.emails));
          } else {
            expect(request.customer).not.toHaveProperty("emails");
          }
          expect(request.raw).toEqual({ customer });
        },
      ),
      { numRuns: RUNS.requestAddressesModel },
    );
    reportRuns("request addresses match the model", RUNS.requestAddressesModel);
  });
});
