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
