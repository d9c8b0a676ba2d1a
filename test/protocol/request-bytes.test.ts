import { describe, expect, it } from "vitest";
import { DynamicAppError, isDynamicAppError } from "../../src/protocol/errors.js";
import { parseDynamicAppRequest, parseJsonObject } from "../../src/protocol/request.js";
import { caseBody, loadCases } from "../helpers/cases.js";

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (isDynamicAppError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe("bytes that are not a JSON object", () => {
  const cases: Array<[string, Uint8Array | string, string]> = [
    ["empty", Buffer.alloc(0), "invalid_json"],
    ["whitespace", Buffer.from("  \n"), "invalid_json"],
    ["not JSON", Buffer.from("ticket=1"), "invalid_json"],
    ["truncated JSON", Buffer.from('{"ticket":'), "invalid_json"],
    ["two objects", Buffer.from("{}{}"), "invalid_json"],
    ["an array", Buffer.from("[{}]"), "not_an_object"],
    ["a string", Buffer.from('"{}"'), "not_an_object"],
    ["a number", Buffer.from("42"), "not_an_object"],
    ["null", Buffer.from("null"), "not_an_object"],
    ["true", Buffer.from("true"), "not_an_object"],
    ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), "invalid_encoding"],
    [
      "an encoded lone surrogate",
      Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d]),
      "invalid_encoding",
    ],
    [
      "overlong UTF-8",
      Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]),
      "invalid_encoding",
    ],
    ["UTF-16 with a BOM", Buffer.from("\ufeff{}", "utf16le"), "invalid_encoding"],
  ];
  for (const [name, body, code] of cases) {
    it(`${name} is ${code}`, () => {
      expect(codeOf(() => parseDynamicAppRequest(body))).toBe(code);
      expect(codeOf(() => parseJsonObject(body))).toBe(code);
    });
  }

  it("the error is a DynamicAppError with status 400 and the parse error as cause", () => {
    try {
      parseDynamicAppRequest("{");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DynamicAppError);
      expect((error as DynamicAppError).status).toBe(400);
      expect((error as DynamicAppError).cause).toBeInstanceOf(SyntaxError);
    }
  });
});

describe("bodies that are odd but valid", () => {
  it("a UTF-8 byte order mark is skipped", () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ticket":false}')]);
    expect(parseDynamicAppRequest(body).isDraft).toBe(true);
  });

  it("an escaped lone surrogate is kept as the string JSON describes", () => {
    const request = parseDynamicAppRequest('{"customer":{"fname":"\\ud800x"}}');
    expect(request.customerName).toBe("\ud800x");
  });

  it("with duplicate keys the last one wins, as in JSON.parse", () => {
    const request = parseDynamicAppRequest('{"ticket":{"id":1},"ticket":false}');
    expect(request.isDraft).toBe(true);
  });

  it("deeply nested JSON parses without a stack overflow", () => {
    const depth = 100_000;
    const body = `{"deep":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    expect(parseDynamicAppRequest(body).ticket).toBeNull();
  });
});

describe("the shared cases", () => {
  for (const item of loadCases().filter((entry) => entry.expect.status === 200)) {
    it(`${item.name} parses`, () => {
      const request = parseDynamicAppRequest(caseBody(item));
      expect(request.raw).toEqual(JSON.parse(caseBody(item).toString("utf8")));
    });
  }

  it("the PHP-escaped body decodes its escapes", () => {
    const [item] = loadCases().filter((entry) => entry.name === "php-escaped-body");
    if (!item) throw new Error("php-escaped-body is missing");
    const request = parseDynamicAppRequest(caseBody(item));
    expect(request.customerName).toBe("María Nuñez");
    expect(request.ticket?.subject).toBe("Refund for order 77/B");
    expect(request.ticket?.id).toBe("88001");
  });

  it("the draft case is a draft", () => {
    const [item] = loadCases().filter((entry) => entry.name === "draft-ticket");
    if (!item) throw new Error("draft-ticket is missing");
    const request = parseDynamicAppRequest(caseBody(item));
    expect(request.isDraft).toBe(true);
    expect(request.customerEmails).toEqual(["lee@example.net"]);
    expect(request.userRole).toBe("owner");
  });
});
