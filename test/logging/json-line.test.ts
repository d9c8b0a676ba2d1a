import { describe, expect, it } from "vitest";
import { formatLine, LEVELS, withSerializedErrors } from "../../src/logging/json-line.js";

describe("a log line", () => {
  it("has pino's keys in pino's order: level, time, pid, the fields, msg, then a newline", () => {
    const line = formatLine(30, 1_796_000_000_123, 4242, { requestId: "r-1", status: 200 }, "ok");
    expect(line.endsWith("}\n")).toBe(true);
    expect(line.indexOf("\n")).toBe(line.length - 1);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["level", "time", "pid", "requestId", "status", "msg"]);
    expect(parsed).toEqual({
      level: 30,
      time: 1_796_000_000_123,
      pid: 4242,
      requestId: "r-1",
      status: 200,
      msg: "ok",
    });
  });

  it("leaves out msg without a message, and the comma without fields", () => {
    expect(formatLine(40, 5, 6, {}, undefined)).toBe('{"level":40,"time":5,"pid":6}\n');
    expect(formatLine(20, 5, 6, {}, 'say "hi"\n')).toBe(
      '{"level":20,"time":5,"pid":6,"msg":"say \\"hi\\"\\n"}\n',
    );
  });

  it("escapes whatever a field holds, so each line stays one line of valid JSON", () => {
    const nasty = 'quote " backslash \\ newline \n tab \t nul \u0000 line-separator \u2028 é 😀';
    const line = formatLine(30, 1, 2, { name: nasty, nested: { deeper: [nasty] } }, nasty);
    expect(line.split("\n")).toHaveLength(2);
    expect(JSON.parse(line)).toMatchObject({
      name: nasty,
      nested: { deeper: [nasty] },
      msg: nasty,
    });
  });

  it("writes a cycle as [Circular] and a BigInt as its digits instead of losing the line", () => {
    const looped: Record<string, unknown> = { name: "loop" };
    looped.self = looped;
    const shared = { n: 1 };
    const line = formatLine(
      50,
      1,
      2,
      { looped, twice: [shared, shared], big: 12345678901234567890n },
      "x",
    );
    expect(JSON.parse(line)).toMatchObject({
      looped: { name: "loop", self: "[Circular]" },
      // The same object twice side by side is no cycle.
      twice: [{ n: 1 }, { n: 1 }],
      big: "12345678901234567890",
    });
  });

  it("keeps the line when a field cannot be written at all, showing that field as [Unserializable]", () => {
    const throwingJson = {
      toJSON() {
        throw new Error("no JSON for you");
      },
    };
    const throwingGetter = Object.defineProperty({}, "value", {
      enumerable: true,
      get() {
        throw new Error("no value either");
      },
    });
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let level = 0; level < 50_000; level += 1) {
      const next = {};
      deep.next = next;
      deep = next;
    }
    const line = formatLine(
      30,
      1,
      2,
      { requestId: "r-9", json: throwingJson, getter: throwingGetter, deep: root, big: 7n },
      "answered",
    );
    expect(line.split("\n")).toHaveLength(2);
    expect(JSON.parse(line)).toEqual({
      level: 30,
      time: 1,
      pid: 2,
      requestId: "r-9",
      json: "[Unserializable]",
      getter: "[Unserializable]",
      deep: "[Unserializable]",
      big: "7",
      msg: "answered",
    });
  });

  it("uses pino's level numbers", () => {
    expect(LEVELS).toEqual({ trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 });
  });
});

describe("errors in a line's fields", () => {
  it("show their class, message, stack, own fields and cause", () => {
    const cause = new RangeError("inner");
    const error = Object.assign(new TypeError("outer", { cause }), { code: "E_OUTER" });
    const shown = withSerializedErrors({ err: error, other: 1 });
    expect(shown).toEqual({
      err: {
        type: "TypeError",
        message: "outer",
        stack: error.stack,
        code: "E_OUTER",
        cause: { type: "RangeError", message: "inner", stack: cause.stack },
      },
      other: 1,
    });
  });

  it("come back as the same object when no field is an error", () => {
    const fields = { requestId: "r", nested: { err: "a string" } };
    expect(withSerializedErrors(fields)).toBe(fields);
  });

  it("show an own field whose getter throws as [Unserializable] instead of throwing", () => {
    const error = Object.defineProperty(new Error("outer"), "detail", {
      enumerable: true,
      get() {
        throw new Error("getter failed");
      },
    });
    expect(withSerializedErrors({ err: error }).err).toMatchObject({
      message: "outer",
      detail: "[Unserializable]",
    });
  });

  it("keep a cause that is not an error as it is", () => {
    const shown = withSerializedErrors({ err: new Error("x", { cause: { reason: "timeout" } }) });
    expect(shown.err).toMatchObject({ message: "x", cause: { reason: "timeout" } });
  });
});
