import { describe, expect, it } from "vitest";
import { customerFromRow, orderFromRow } from "../../src/customers/csv-rows.js";

describe("customerFromRow", () => {
  it("reads the known columns and keeps the rest as extra fields", () => {
    const customer = customerFromRow(
      {
        email: " A@Example.com ; b@example.com",
        name: "Ann",
        customer_since: "2020-02-29",
        lifetime_value: "1,234.50",
        currency: "eur",
        Region: "EU",
        Empty: " ",
      },
      ["Region", "Empty"],
    );
    expect(customer).toEqual({
      emails: ["A@Example.com", "b@example.com"],
      name: "Ann",
      company: null,
      plan: null,
      status: null,
      customerSince: "2020-02-29",
      lifetimeValue: 1234.5,
      currency: "EUR",
      extra: { Region: "EU" },
    });
  });

  it.each([
    ["2021-02-30", "a day February does not have"],
    ["2021-13-01", "a thirteenth month"],
    ["2019-02-29", "a leap day in a common year"],
    ["31/12/2020", "a day-first date"],
    ["yesterday", "words"],
  ])("refuses customer_since %s (%s)", (value) => {
    expect(() => customerFromRow({ email: "a@example.com", customer_since: value }, [])).toThrow(
      /is not an ISO date/,
    );
  });

  it("refuses a row without an address and a currency that is not a code", () => {
    expect(() => customerFromRow({ email: " ; " }, [])).toThrow(/email is empty/);
    expect(() => customerFromRow({ email: "a@example.com", currency: "euro" }, [])).toThrow(
      /3-letter code/,
    );
  });
});

describe("orderFromRow", () => {
  it("refuses a link that is not http(s) and an order without a number", () => {
    expect(() =>
      orderFromRow({ email: "a@example.com", number: "1", url: "javascript:alert(1)" }),
    ).toThrow(/must start with http/);
    expect(() => orderFromRow({ email: "a@example.com", number: " " })).toThrow(/number is empty/);
  });
});
