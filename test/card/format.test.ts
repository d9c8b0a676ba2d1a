import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDate, formatMoney, humanize } from "../../src/card/format.js";

// Intl is the reference the fast paths must match character for character.
const intlDate = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
function referenceDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : intlDate.format(time);
}
function referenceMoney(amount: number, currency: string | null): string {
  const code = (currency ?? "").trim().toUpperCase();
  const plain = amount.toLocaleString("en-US", { maximumFractionDigits: 2 });
  if (code === "") return plain;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: code }).format(amount);
  } catch {
    return `${plain} ${code}`;
  }
}

describe("formatDate", () => {
  it("writes day, short month and year", () => {
    expect(formatDate("2011-05-24")).toBe("24 May 2011");
    expect(formatDate("2011-05-24T23:30:00Z")).toBe("24 May 2011");
    expect(formatDate("2011-05-24T23:30:00-02:00")).toBe("25 May 2011");
    expect(formatDate("2020-01-01")).toBe("1 Jan 2020");
  });

  it("shows anything that is not a date as it is", () => {
    expect(formatDate("soon")).toBe("soon");
    expect(formatDate("")).toBe("");
    expect(formatDate("2011-13-45")).toBe("2011-13-45");
  });

  it("matches Intl for every month and for years at the edges", () => {
    for (let month = 0; month < 12; month++) {
      const iso = new Date(Date.UTC(2011, month, 24)).toISOString();
      expect(formatDate(iso)).toBe(referenceDate(iso));
    }
    for (const iso of [
      "0001-01-01",
      "0999-03-01",
      "9999-12-31",
      "-000005-01-01",
      "+012345-06-01",
    ]) {
      expect(formatDate(iso)).toBe(referenceDate(iso));
    }
  });

  it("matches Intl for bare dates, including ones the calendar does not have", () => {
    const pad = (value: number, width: number) => String(value).padStart(width, "0");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(formatDate(iso)).toBe(referenceDate(iso));
        },
      ),
      { numRuns: 3000 },
    );
    for (const iso of ["2011-02-30", "2011-02-29", "2012-02-29", "1900-02-29", "2000-02-29"]) {
      expect(formatDate(iso)).toBe(referenceDate(iso));
    }
    for (const iso of ["2011-1-011", "2011/01/01", "２011-01-01", "2011-01-0x", " 2011-01-1"]) {
      expect(formatDate(iso)).toBe(referenceDate(iso));
    }
  });

  it("matches Intl for any time value", () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (time) => {
        const iso = new Date(time).toISOString();
        expect(formatDate(iso)).toBe(referenceDate(iso));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("formatMoney", () => {
  it("writes amounts in their currency", () => {
    expect(formatMoney(12840.5, "usd")).toBe("$12,840.50");
    expect(formatMoney(0, "USD")).toBe("$0.00");
    expect(formatMoney(1234567.891, "USD")).toBe("$1,234,567.89");
    expect(formatMoney(-3.5, "USD")).toBe("-$3.50");
    expect(formatMoney(7, "EUR")).toBe("€7.00");
    expect(formatMoney(1500, "JPY")).toBe("¥1,500");
  });

  it("writes a plain number without a currency, and an unknown code after it", () => {
    expect(formatMoney(1234.567, null)).toBe("1,234.57");
    expect(formatMoney(1234.5, " ")).toBe("1,234.5");
    expect(formatMoney(10, "NOT-A-CODE")).toBe("10 NOT-A-CODE");
  });

  it("matches Intl for whole cents, fractions of a cent and odd values", () => {
    const amounts = fc.oneof(
      fc.integer({ min: -1e9, max: 1e12 }).map((cents) => cents / 100),
      fc.double({ noNaN: false }),
      fc.constantFrom(-0, 0.005, 1.005, 2.675, 0.1 + 0.2, 1e13, 1e13 - 0.01, 1e21, Infinity),
    );
    const codes = fc.constantFrom("USD", "usd", "EUR", "GBP", "CAD", "JPY", "CHF", "BHD", null, "");
    fc.assert(
      fc.property(amounts, codes, (amount, code) => {
        expect(formatMoney(amount, code)).toBe(referenceMoney(amount, code));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("humanize", () => {
  it("turns separators into spaces", () => {
    expect(humanize("past_due")).toBe("past due");
  });
});
