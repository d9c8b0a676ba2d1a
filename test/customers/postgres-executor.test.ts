import { describe, expect, it } from "vitest";
import { numberPlaceholders, StatementNames } from "../../src/customers/postgres-executor.js";

describe("numberPlaceholders", () => {
  it("numbers each placeholder in order", () => {
    expect(numberPlaceholders("UPDATE t SET a = ?, b = ? WHERE id = ?")).toBe(
      "UPDATE t SET a = $1, b = $2 WHERE id = $3",
    );
  });

  it("leaves question marks inside strings and quoted names alone", () => {
    expect(numberPlaceholders(`SELECT '?', "odd?name" FROM t WHERE a = ?`)).toBe(
      `SELECT '?', "odd?name" FROM t WHERE a = $1`,
    );
  });

  it("changes nothing in SQL without placeholders", () => {
    expect(numberPlaceholders("SELECT 1")).toBe("SELECT 1");
  });
});

describe("StatementNames", () => {
  it("gives one stable name per SQL text", () => {
    const names = new StatementNames("w");
    const first = names.of("SELECT ?");
    expect(names.of("SELECT ?")).toBe(first);
    expect(first).toEqual({ name: "w1", text: "SELECT $1" });
    expect(names.of("SELECT ?, ?").name).toBe("w2");
  });
});
