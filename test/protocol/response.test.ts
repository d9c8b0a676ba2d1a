import { describe, expect, it } from "vitest";
import { html } from "../../src/html/html.js";
import { DynamicAppError, ERROR_CODES, isDynamicAppError } from "../../src/protocol/errors.js";
import { buildErrorBody, buildResponseBody } from "../../src/protocol/response.js";

// Strings that break hand-made JSON: quotes, backslashes, every control character, line and
// paragraph separators, lone and paired surrogates, markup.
const NASTY = [
  "",
  '"',
  "\\",
  '\\"',
  "</script><script>alert(1)</script>",
  Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join(""),
  "\u007f\u0080\u009f",
  "\u2028\u2029",
  "\ud800",
  "\udfff",
  "a\ud800b\udc00c",
  "\udc00\ud800",
  "🦊 María 李",
  "\ufeff",
  "x".repeat(100_000),
];

/** True when the string holds no lone surrogate (its UTF-8 encoding loses nothing). */
function isWellFormed(text: string): boolean {
  return !/\p{Cs}/u.test(text);
}

/** Parses the bytes the way a strict consumer does: strict UTF-8, then JSON. */
function strictParse(text: string): unknown {
  const bytes = Buffer.from(text, "utf8");
  return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
}

describe("buildResponseBody", () => {
  it("wraps the HTML in an object with a string html member", () => {
    expect(buildResponseBody("<h4>Jan</h4>")).toBe('{"html":"<h4>Jan</h4>"}');
  });

  for (const value of NASTY) {
    it(`stays valid JSON and round-trips ${JSON.stringify(value.slice(0, 20))}`, () => {
      const body = buildResponseBody(value);
      expect(strictParse(body)).toEqual({ html: value });
      // Lone surrogates must be escaped, or the UTF-8 bytes on the wire would hold U+FFFD.
      expect(isWellFormed(body)).toBe(true);
    });
  }

  it("accepts SafeHtml from the html tag", () => {
    expect(strictParse(buildResponseBody(html`<p>${'"quoted"'}</p>`))).toEqual({
      html: "<p>&quot;quoted&quot;</p>",
    });
  });

  it("never emits a raw control character or line separator", () => {
    const body = buildResponseBody(NASTY.join(""));
    const controls = [...body].filter((char) => (char.codePointAt(0) ?? 0) < 0x20);
    expect(controls).toEqual([]);
    expect(isWellFormed(body)).toBe(true);
  });
});

describe("buildErrorBody", () => {
  it("is {error, code}", () => {
    expect(JSON.parse(buildErrorBody("invalid_json", "Bad."))).toEqual({
      error: "Bad.",
      code: "invalid_json",
    });
  });

  for (const value of NASTY) {
    it(`stays valid JSON with message ${JSON.stringify(value.slice(0, 20))}`, () => {
      expect(strictParse(buildErrorBody("render_failed", value))).toEqual({
        error: value,
        code: "render_failed",
      });
    });
  }
});

describe("DynamicAppError", () => {
  it("carries the code, the status of that code and the cause", () => {
    const cause = new Error("inner");
    const error = new DynamicAppError("payload_too_large", "Too big.", { cause });
    expect(error).toMatchObject({ code: "payload_too_large", status: 413, message: "Too big." });
    expect(error.cause).toBe(cause);
    expect(isDynamicAppError(error)).toBe(true);
  });

  it("every code maps to a status an HTTP client understands", () => {
    for (const [code, status] of Object.entries(ERROR_CODES)) {
      expect(new DynamicAppError(code as keyof typeof ERROR_CODES, "x").status).toBe(status);
      expect(status).toBeGreaterThanOrEqual(200);
      expect(status).toBeLessThan(600);
    }
  });

  it("is recognised across copies by shape, and plain errors are not", () => {
    const lookalike = Object.assign(new Error("x"), {
      name: "DynamicAppError",
      code: "not_found",
      status: 404,
    });
    expect(isDynamicAppError(lookalike)).toBe(true);
    expect(isDynamicAppError(new Error("x"))).toBe(false);
    expect(isDynamicAppError({ name: "DynamicAppError", code: "x", status: 1 })).toBe(false);
    expect(isDynamicAppError(null)).toBe(false);
  });
});
