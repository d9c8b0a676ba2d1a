import { describe, expect, it } from "vitest";
import { isDynamicAppError } from "../../src/protocol/errors.js";
import {
  gatherCustomerEmails,
  normalizeEmail,
  parseDynamicAppRequest,
} from "../../src/protocol/request.js";

const FULL = {
  ticket: { id: 123, number: 456, subject: "Where is my order?" },
  customer: {
    id: 789,
    fname: "Jan",
    lname: "Kowalski",
    email: "jan@example.com",
    emails: ["jan@example.com", "jan.k@example.org"],
  },
  user: { id: 42, fname: "Ana", lname: "Li", role: "admin", convRedirect: 0 },
  mailbox: { id: 7, email: "help@example.com" },
};

function parse(value: unknown) {
  return parseDynamicAppRequest(Buffer.from(JSON.stringify(value)));
}

function _codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (isDynamicAppError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe("every documented field", () => {
  const request = parse(FULL);

  it("types the ticket, customer, user and mailbox", () => {
    expect(request.ticket).toEqual(FULL.ticket);
    expect(request.isDraft).toBe(false);
    expect(request.customer).toEqual(FULL.customer);
    expect(request.user).toEqual(FULL.user);
    expect(request.mailbox).toEqual(FULL.mailbox);
  });

  it("derives the customer's name, addresses and the agent's role", () => {
    expect(request.customerName).toBe("Jan Kowalski");
    expect(request.customerEmails).toEqual(["jan@example.com", "jan.k@example.org"]);
    expect(request.userRole).toBe("admin");
  });

  it("keeps the whole parsed body in raw", () => {
    expect(request.raw).toEqual(FULL);
  });

  it("parses a string body the same as its bytes", () => {
    expect(parseDynamicAppRequest(JSON.stringify(FULL))).toEqual(request);
  });
});

describe("ids", () => {
  it("accepts numbers and quoted strings alike", () => {
    const request = parse({
      ticket: { id: "88001", number: 4512 },
      customer: { id: "5501" },
      user: { id: 17 },
      mailbox: { id: "3" },
    });
    expect(request.ticket?.id).toBe("88001");
    expect(request.ticket?.number).toBe(4512);
    expect(request.customer?.id).toBe("5501");
    expect(request.user?.id).toBe(17);
    expect(request.mailbox?.id).toBe("3");
  });

  it("drops an id of another type from the typed view but keeps it in raw", () => {
    const request = parse({ ticket: { id: { nested: 1 } }, customer: { id: [1] } });
    expect(request.ticket).not.toHaveProperty("id");
    expect(request.customer).not.toHaveProperty("id");
    expect(request.raw).toEqual({ ticket: { id: { nested: 1 } }, customer: { id: [1] } });
  });

  it("drops a number too large to be finite", () => {
    const request = parseDynamicAppRequest('{"ticket":{"id":1e400,"number":2}}');
    expect(request.ticket).toEqual({ number: 2 });
  });
});

describe("the agent's role", () => {
  const cases: Array<[unknown, string | undefined]> = [
    ["owner", "owner"],
    ["admin", "admin"],
    ["user", "user"],
    [1, "owner"],
    [2, "admin"],
    [3, "user"],
    [4, "4"],
    [0, "0"],
    ["superhero", "superhero"],
    [null, undefined],
    [true, undefined],
    [{ name: "owner" }, undefined],
  ];
  for (const [role, expected] of cases) {
    it(`${JSON.stringify(role)} reads as ${JSON.stringify(expected)}`, () => {
      expect(parse({ user: { id: 1, role } }).userRole).toBe(expected);
    });
  }

  it("is undefined when there is no user", () => {
    expect(parse({}).userRole).toBeUndefined();
  });
});

describe("drafts and missing objects", () => {
  it('reads "ticket": false as a draft with no ticket', () => {
    const request = parse({ ticket: false, customer: { email: "a@b.co" } });
    expect(request.isDraft).toBe(true);
    expect(request.ticket).toBeNull();
    expect(request.customerEmails).toEqual(["a@b.co"]);
  });

  it("an absent ticket is not a draft", () => {
    const request = parse({ customer: { email: "a@b.co" } });
    expect(request.isDraft).toBe(false);
    expect(request.ticket).toBeNull();
  });

  it("accepts an empty object: every part null, no addresses, no name, no role", () => {
    const request = parse({});
    expect(request).toMatchObject({
      ticket: null,
      isDraft: false,
      customer: null,
      user: null,
      mailbox: null,
      customerEmails: [],
      customerName: undefined,
      userRole: undefined,
    });
  });

  it("reads parts of the wrong shape (null, arrays, strings, numbers) as missing", () => {
    for (const value of [null, [], ["a"], "text", 0, true]) {
      const request = parse({ ticket: value, customer: value, user: value, mailbox: value });
      expect(request.ticket).toBeNull();
      expect(request.customer).toBeNull();
      expect(request.user).toBeNull();
      expect(request.mailbox).toBeNull();
      expect(request.isDraft).toBe(false);
      expect(request.customerEmails).toEqual([]);
    }
  });

  it("a customer without email and emails has no addresses", () => {
    expect(parse({ customer: { id: 1, fname: "No", lname: "Mail" } }).customerEmails).toEqual([]);
  });
});

describe("the customer's addresses", () => {
  it("gathers email first, then emails, normalized and without duplicates", () => {
    const request = parse({
      customer: {
        email: "  Jan@Example.COM ",
        emails: [
          "jan@example.com",
          "JAN+billing@example.com",
          "other@EXAMPLE.org",
          "Jan@example.com",
        ],
      },
    });
    expect(request.customerEmails).toEqual([
      "jan@example.com",
      "jan+billing@example.com",
      "other@example.org",
    ]);
  });

  it("uses emails when email is absent, and email when emails is absent", () => {
    expect(parse({ customer: { emails: ["b@x.io", "a@x.io"] } }).customerEmails).toEqual([
      "b@x.io",
      "a@x.io",
    ]);
    expect(parse({ customer: { email: "only@x.io" } }).customerEmails).toEqual(["only@x.io"]);
  });

  it("reads Mailbox API style entries ({value}) in emails", () => {
    const request = parse({
      customer: {
        emails: [{ id: 1, value: "Obj@Example.com", type: "work" }, "plain@example.com"],
      },
    });
    expect(request.customerEmails).toEqual(["obj@example.com", "plain@example.com"]);
    expect(request.customer?.emails).toEqual(["Obj@Example.com", "plain@example.com"]);
  });

  it("skips entries that cannot be addresses", () => {
    const request = parse({
      customer: {
        email: "not-an-address",
        emails: [null, 42, {}, { value: 7 }, "", "@example.com", "x@", "two words@x.io", "ok@x.io"],
      },
    });
    expect(request.customerEmails).toEqual(["ok@x.io"]);
  });

  it("ignores emails that is not a list and email that is not a string", () => {
    expect(parse({ customer: { email: 5, emails: "a@b.co" } }).customerEmails).toEqual([]);
  });

  it("keeps sub-addresses and Unicode as they are, only lower-cased", () => {
    expect(normalizeEmail("Ana+Tag@Ejemplo.ES")).toBe("ana+tag@ejemplo.es");
    expect(normalizeEmail("JOSÉ@exämple.com")).toBe("josé@exämple.com");
    expect(normalizeEmail("nope")).toBeUndefined();
    expect(gatherCustomerEmails(null)).toEqual([]);
  });
});

describe("names", () => {
  it("joins first and last name, or uses whichever exists", () => {
    expect(parse({ customer: { fname: "Jan" } }).customerName).toBe("Jan");
    expect(parse({ customer: { lname: "Kowalski" } }).customerName).toBe("Kowalski");
    expect(parse({ customer: { fname: "  ", lname: "" } }).customerName).toBeUndefined();
  });

  it("keeps any Unicode and markup exactly as typed (escaping is the renderer's job)", () => {
    const request = parse({ customer: { fname: "<b>李</b>", lname: "O'Brien & 🦊" } });
    expect(request.customerName).toBe("<b>李</b> O'Brien & 🦊");
  });
});

describe("unknown fields", () => {
  it("are kept in every part and at the top level", () => {
    const request = parse({
      ticket: { id: 1, status: "active", tags: ["vip"], customFields: [{ id: 9, value: "x" }] },
      customer: { id: 2, phone: "+48 123", company: "ACME" },
      user: { id: 3, timezone: "Europe/Warsaw" },
      mailbox: { id: 4, name: "Support" },
      somethingNew: { nested: true },
    });
    expect(request.ticket).toMatchObject({ status: "active", tags: ["vip"] });
    expect(request.customer).toMatchObject({ phone: "+48 123", company: "ACME" });
    expect(request.user).toMatchObject({ timezone: "Europe/Warsaw" });
    expect(request.mailbox).toMatchObject({ name: "Support" });
    expect(request.raw.somethingNew).toEqual({ nested: true });
  });

  it("passes convRedirect through whatever it holds", () => {
    expect(parse({ user: { convRedirect: 1 } }).user?.convRedirect).toBe(1);
    expect(parse({ user: { convRedirect: "x" } }).user?.convRedirect).toBe("x");
  });

  it("a __proto__ key stays an ordinary field and changes no prototype", () => {
    const request = parseDynamicAppRequest(
      '{"__proto__":{"polluted":1},"customer":{"__proto__":{"email":"evil@x.io"},"fname":"A"}}',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(request.customerEmails).toEqual([]);
    expect(Object.getPrototypeOf(request.customer)).toBe(Object.prototype);
    expect(request.customer?.email).toBeUndefined();
  });
});

describe("fields of the wrong type", () => {
  // Each part's documented fields, with a value of the right type and values of wrong types.
  const ID = { right: [7, "7"], wrong: [{}, [], true, null] };
  const TEXT = { right: ["text", ""], wrong: [5, {}, [], true, null] };
  const DOCUMENTED: Record<string, Record<string, { right: unknown[]; wrong: unknown[] }>> = {
    ticket: { id: ID, number: ID, subject: TEXT },
    customer: {
      id: ID,
      fname: TEXT,
      lname: TEXT,
      email: TEXT,
      emails: { right: [["a@x.io"], []], wrong: ["a@x.io", {}, 5, true, null] },
    },
    user: {
      id: ID,
      fname: TEXT,
      lname: TEXT,
      role: { right: ["admin", 2], wrong: [{}, [], true, null] },
    },
    mailbox: { id: ID, email: TEXT },
  };
  const parts = ["ticket", "customer", "user", "mailbox"] as const;

  for (const part of parts) {
    for (const [field, values] of Object.entries(DOCUMENTED[part] ?? {})) {
      it(`${part}.${field} is left out of the typed view when of the wrong type, and kept in raw`, () => {
        for (const wrong of values.wrong) {
          const body = { [part]: { [field]: wrong, other: "kept" } };
          const request = parse(body);
          expect(request[part]).toEqual({ other: "kept" });
          expect(request.raw).toEqual(body);
        }
        for (const right of values.right) {
          const request = parse({ [part]: { [field]: right } });
          expect(request[part]).toEqual({ [field]: right });
        }
      });
    }
  }

  it("checks a field only in the parts that document it", () => {
    // subject is the ticket's, email the customer's and mailbox's, role the user's: elsewhere
    // they are unknown fields, kept whatever they hold.
    const odd = { subject: 5, email: 5, role: {}, number: [], emails: "a@x.io" };
    const request = parse({ ticket: odd, customer: odd, user: odd, mailbox: odd });
    expect(request.ticket).toEqual({ email: 5, role: {}, emails: "a@x.io" });
    expect(request.customer).toEqual({ subject: 5, role: {}, number: [] });
    expect(request.user).toEqual({ subject: 5, email: 5, number: [], emails: "a@x.io" });
    expect(request.mailbox).toEqual({ subject: 5, role: {}, number: [], emails: "a@x.io" });
  });
});
