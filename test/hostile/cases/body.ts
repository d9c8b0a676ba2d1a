import type { HostileTarget } from "../../helpers/hostile-target.js";
import { BODY, type HostileCase, one, type PARSER, request, SIG } from "./common.js";

const bytes = (...values: number[]) => Buffer.from(values);
const withJson = (prefix: string, middle: Buffer, suffix: string) =>
  Buffer.concat([Buffer.from(prefix), middle, Buffer.from(suffix)]);

/** Bodies of every wrong shape, and odd ones a server must still accept. */
export function bodyCases(): HostileCase[] {
  const signed = (
    name: string,
    body: (target: HostileTarget) => Uint8Array | string,
    status: number,
    code: string | null | typeof PARSER,
  ): HostileCase => ({
    name,
    group: "body",
    steps: (target) => one(request(target, { body: body(target) })),
    status,
    code,
  });
  const deepArrays = (target: HostileTarget) => {
    const depth = Math.floor((target.bodyLimit - 20) / 2);
    return `{"deep":${"[".repeat(depth)}${"]".repeat(depth)}}`;
  };
  const deepObjects = (target: HostileTarget) => {
    const depth = Math.floor((target.bodyLimit - 20) / 7);
    return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  };
  const hugeString = (target: HostileTarget) =>
    `{"customer":{"fname":"${"x".repeat(target.bodyLimit - 30)}"}}`;
  const manyKeys = (target: HostileTarget) => {
    const count = Math.floor((target.bodyLimit - 10) / 12);
    return `{${Array.from({ length: count }, (_, i) => `"k${i.toString(36).padStart(4, "0")}":1`).join(",")}}`;
  };
  return [
    signed("empty body, signed", () => "", 400, "invalid_json"),
    {
      name: "empty body, unsigned",
      group: "body",
      steps: (t) => one(request(t, { body: "", signWith: false })),
      status: 401,
      code: "missing_signature",
    },
    signed("plain text", () => "hello", 400, "invalid_json"),
    signed("form-encoded", () => "ticket=1&customer=2", 400, "invalid_json"),
    signed("truncated JSON", () => BODY.slice(0, -5), 400, "invalid_json"),
    signed("trailing garbage", () => `${BODY}x`, 400, "invalid_json"),
    signed("two objects", () => "{}{}", 400, "invalid_json"),
    signed("single quotes", () => "{'ticket':1}", 400, "invalid_json"),
    signed("a raw NUL byte", () => bytes(0x7b, 0x00, 0x7d), 400, "invalid_json"),
    signed("a JSON array", () => "[{}]", 400, "not_an_object"),
    signed("a JSON string", () => '"{}"', 400, "not_an_object"),
    signed("a JSON number", () => "123", 400, "not_an_object"),
    signed("JSON null", () => "null", 400, "not_an_object"),
    signed("JSON true", () => "true", 400, "not_an_object"),
    signed("arrays nested to the limit", deepArrays, 200, null),
    signed("objects nested to the limit", deepObjects, 200, null),
    signed("a string as long as the limit allows", hugeString, 200, null),
    signed(
      "a string one byte over the limit",
      (t) => `${hugeString(t)}${" ".repeat(t.bodyLimit - Buffer.byteLength(hugeString(t)) + 1)}`,
      413,
      "payload_too_large",
    ),
    signed("thousands of keys", manyKeys, 200, null),
    signed(
      "invalid UTF-8 (0xFF)",
      () => withJson('{"customer":{"fname":"', bytes(0xff), '"}}'),
      400,
      "invalid_encoding",
    ),
    signed(
      "a lone surrogate as UTF-8 bytes",
      () => withJson('{"customer":{"fname":"', bytes(0xed, 0xa0, 0x80), '"}}'),
      400,
      "invalid_encoding",
    ),
    signed(
      "an overlong encoding of /",
      () => withJson('{"customer":{"fname":"', bytes(0xc0, 0xaf), '"}}'),
      400,
      "invalid_encoding",
    ),
    signed(
      "a multi-byte character cut off",
      () => withJson('{"customer":{"fname":"', bytes(0xe6, 0x9d), '"}}'),
      400,
      "invalid_encoding",
    ),
    signed(
      "UTF-16 with a byte order mark",
      () => Buffer.from(`\ufeff${BODY}`, "utf16le"),
      400,
      "invalid_encoding",
    ),
    signed(
      "a lone surrogate as a JSON escape",
      () => '{"customer":{"fname":"\\ud800\\udfff\\udc00"}}',
      200,
      null,
    ),
    signed(
      "a UTF-8 byte order mark before the object",
      () => Buffer.concat([bytes(0xef, 0xbb, 0xbf), Buffer.from(BODY)]),
      200,
      null,
    ),
    signed(
      "duplicate keys",
      () => '{"ticket":{"id":1},"ticket":false,"customer":{"email":"a@x.io","email":"b@x.io"}}',
      200,
      null,
    ),
    signed(
      "a __proto__ key",
      () => '{"__proto__":{"isAdmin":true},"customer":{"__proto__":{"email":"x@x.io"}}}',
      200,
      null,
    ),
    signed(
      "escaped NULs and control characters",
      () => '{"customer":{"fname":"\\u0000\\u0007\\u001b[31m"}}',
      200,
      null,
    ),
    signed(
      "every part of the wrong type",
      () => '{"ticket":"x","customer":[1],"user":5,"mailbox":null}',
      200,
      null,
    ),
    signed(
      "a number too large for a double",
      () => '{"ticket":{"id":1e400,"number":-1e400}}',
      200,
      null,
    ),
    signed("ticket false: a draft", () => '{"ticket":false}', 200, null),
    signed("an empty object", () => "{}", 200, null),
    {
      name: "a valid body, unsigned",
      group: "body",
      steps: (t) => one(request(t, { signWith: false })),
      status: 401,
      code: "missing_signature",
    },
    {
      name: "a body re-serialized after signing",
      group: "body",
      steps: (t) =>
        one(request(t, { body: JSON.stringify(JSON.parse(BODY), null, 1), signature: SIG })),
      status: 401,
      code: "invalid_signature",
    },
  ];
}
