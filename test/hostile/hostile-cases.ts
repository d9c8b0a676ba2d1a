import { createHmac } from "node:crypto";
import { acceptedStatuses, caseBody, loadCases } from "../helpers/cases.js";
import type { HostileTarget } from "../helpers/hostile-target.js";
import { hmacSignature } from "../helpers/openssl.js";
import { buildRawRequest, type RawStep } from "../helpers/raw-http.js";

/** One row of the hostile input matrix. */
export interface HostileCase {
  name: string;
  group:
    | "shared case"
    | "signature"
    | "body"
    | "method and path"
    | "slow sender"
    | "content-length";
  /** The bytes to send, with pauses, built for the target under test. */
  steps(target: HostileTarget): RawStep[];
  /** The statuses a correct server may answer (usually one). */
  status: number | number[];
  /**
   * The `code` of the JSON answer; `null` for an answer with no error code (a 200 card, or a
   * 405 to HEAD, which has no body); `PARSER` when the HTTP layer refuses the bytes before the
   * app sees them (Node's bare 400 or 431; a server may add its own JSON body there).
   */
  code: string | null | typeof PARSER;
}

/** The code of a case the HTTP parser refuses before any app code runs. */
export const PARSER = "(refused by the HTTP parser)";

export const CURRENT = "hostile-current-secret-A1b2C3";
export const PREVIOUS = "hostile-previous-secret-Z9y8";
export const SECRETS = [CURRENT, PREVIOUS];

const BODY =
  '{"ticket":{"id":1,"subject":"Hi"},"customer":{"fname":"Ann","email":"ann@example.com"}}';
const SIG = hmacSignature(BODY, CURRENT);

interface RequestSpec {
  method?: string;
  path?: string;
  body?: Uint8Array | string;
  /** Sign the body with this secret; `false` sends no signature header. Default: CURRENT. */
  signWith?: string | false;
  /** Header lines after the signature. */
  headers?: Array<[string, string]>;
  /** A signature header value to send instead of the computed one. */
  signature?: string;
  noContentLength?: boolean;
}

/** The bytes of one request against the target, signed unless told otherwise. */
function request(target: HostileTarget, spec: RequestSpec = {}): Buffer {
  const body = spec.body ?? BODY;
  const headers: Array<[string, string]> = [];
  const secret = spec.signWith ?? CURRENT;
  if (spec.signature !== undefined) headers.push(["x-helpscout-signature", spec.signature]);
  else if (secret !== false) headers.push(["x-helpscout-signature", hmacSignature(body, secret)]);
  headers.push(...(spec.headers ?? []));
  return buildRawRequest({
    method: spec.method ?? "POST",
    path: spec.path ?? target.path,
    headers,
    body,
    ...(spec.noContentLength ? { noContentLength: true } : {}),
  });
}

/** A request with a raw head (`\r\n`-joined lines, no blank line) followed by the given body. */
function rawHead(target: HostileTarget, lines: string[], body: Uint8Array | string = ""): Buffer {
  const head = [`POST ${target.path} HTTP/1.1`, "host: 127.0.0.1", "connection: close", ...lines];
  return Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`, "latin1"), Buffer.from(body)]);
}

const one = (bytes: Buffer): RawStep[] => [bytes];

function sharedCases(): HostileCase[] {
  return loadCases().map((item) => {
    const statuses = acceptedStatuses(item);
    return {
      name: `${item.name} (${item.file})`,
      group: "shared case",
      steps: (target) => {
        const headers: Array<[string, string]> = Object.entries(item.headers ?? {});
        if (item.signature !== "") headers.push(["X-HELPSCOUT-SIGNATURE", item.signature]);
        return one(
          buildRawRequest({
            method: item.method,
            path: target.path,
            body: caseBody(item),
            headers,
          }),
        );
      },
      status: statuses.length > 0 ? statuses : [item.expect.signature_valid ? 200 : 401],
      code: item.expect.signature_valid ? null : "invalid_signature",
    };
  });
}

const base64Url = SIG.replaceAll("+", "-").replaceAll("/", "_");
const hexDigest = Buffer.from(SIG, "base64").toString("hex");

function signatureCases(): HostileCase[] {
  const sig = (
    name: string,
    signature: string,
    status = 401,
    code: string | null = "invalid_signature",
  ): HostileCase => ({
    name,
    group: "signature",
    steps: (target) => one(request(target, { signature })),
    status,
    code,
  });
  return [
    {
      name: "no header",
      group: "signature",
      steps: (t) => one(request(t, { signWith: false })),
      status: 401,
      code: "missing_signature",
    },
    sig("empty header", "", 401, "missing_signature"),
    sig("whitespace only", "    ", 401, "missing_signature"),
    sig("one character", "A"),
    sig("one character short", SIG.slice(0, -1)),
    sig("padding dropped", SIG.replace(/=$/, "")),
    sig("one character long", `${SIG}A`),
    sig("1,000 base64 characters", "A".repeat(1000)),
    sig("8 KiB of base64", "QUJD".repeat(2048)),
    sig("non-base64 characters of the right length", "!@#$%^&*()!@#$%^&*()!@#$%^&="),
    sig("base64url alphabet", base64Url === SIG ? `${SIG.slice(0, -2)}-=` : base64Url),
    sig("the hex digest instead of base64", hexDigest),
    sig("lower-cased signature", SIG.toLowerCase() === SIG ? "a".repeat(28) : SIG.toLowerCase()),
    sig("signed with a secret that is not configured", hmacSignature(BODY, "some-other-secret")),
    sig("signed with the secret's first 39 characters", hmacSignature(BODY, CURRENT.slice(0, -1))),
    sig("SHA-256 HMAC", hmacSha256(BODY, CURRENT)),
    sig("the right signature twice", SIG + SIG),
    sig("the right signature with a non-canonical last character", nonCanonical(SIG)),
    {
      name: "1,000 non-ASCII characters (UTF-8 bytes)",
      group: "signature",
      steps: (t) =>
        one(
          rawHead(
            t,
            [
              `x-helpscout-signature: ${Buffer.from("é".repeat(1000)).toString("latin1")}`,
              `content-length: ${BODY.length}`,
            ],
            BODY,
          ),
        ),
      status: 401,
      code: "invalid_signature",
    },
    {
      name: "Latin-1 bytes",
      group: "signature",
      steps: (t) =>
        one(
          rawHead(
            t,
            [
              `x-helpscout-signature: ${"\u00e9\u00ff".repeat(14)}`,
              `content-length: ${BODY.length}`,
            ],
            BODY,
          ),
        ),
      status: 401,
      code: "invalid_signature",
    },
    {
      name: "repeated header, both right",
      group: "signature",
      steps: (t) =>
        one(
          request(t, {
            signWith: false,
            headers: [
              ["x-helpscout-signature", SIG],
              ["X-HelpScout-Signature", SIG],
            ],
          }),
        ),
      status: 401,
      code: "invalid_signature",
    },
    {
      name: "repeated header, junk then right",
      group: "signature",
      steps: (t) =>
        one(
          request(t, {
            signWith: false,
            headers: [
              ["x-helpscout-signature", "junk"],
              ["x-helpscout-signature", SIG],
            ],
          }),
        ),
      status: 401,
      code: "invalid_signature",
    },
    {
      name: "repeated header, right then empty",
      group: "signature",
      steps: (t) =>
        one(
          request(t, {
            signWith: false,
            headers: [
              ["x-helpscout-signature", SIG],
              ["x-helpscout-signature", ""],
            ],
          }),
        ),
      status: 401,
      code: "invalid_signature",
    },
    {
      name: "signature under another header name",
      group: "signature",
      steps: (t) =>
        one(
          request(t, {
            signWith: false,
            headers: [
              ["x-helpscout-signature-sha1", SIG],
              ["x-hub-signature", SIG],
            ],
          }),
        ),
      status: 401,
      code: "missing_signature",
    },
    {
      name: "signature in the query string",
      group: "signature",
      steps: (t) =>
        one(
          request(t, { signWith: false, path: `${t.path}?signature=${encodeURIComponent(SIG)}` }),
        ),
      status: 401,
      code: "missing_signature",
    },
    {
      name: "a NUL byte inside the header",
      group: "signature",
      steps: (t) =>
        one(
          rawHead(
            t,
            [
              `x-helpscout-signature: ${SIG.slice(0, 5)}\u0000${SIG.slice(6)}`,
              `content-length: ${BODY.length}`,
            ],
            BODY,
          ),
        ),
      status: 400,
      code: PARSER,
    },
    {
      name: "a header larger than Node's header limit",
      group: "signature",
      steps: (t) => one(request(t, { signature: "A".repeat(20 * 1024) })),
      status: 431,
      code: PARSER,
    },
    sig("the right signature with spaces around it", `  ${SIG}  `, 200, null),
    {
      name: "the right signature, header name in mixed case",
      group: "signature",
      steps: (t) => one(request(t, { signWith: false, headers: [["X-HelpScout-Signature", SIG]] })),
      status: 200,
      code: null,
    },
    {
      name: "signed with the previous secret (rotation)",
      group: "signature",
      steps: (t) => one(request(t, { signWith: PREVIOUS })),
      status: 200,
      code: null,
    },
  ];
}

function hmacSha256(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

function nonCanonical(signature: string): string {
  // The 27th character of a 20-byte digest carries two unused bits; flipping one keeps the bytes.
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const last = alphabet.indexOf(signature.charAt(26));
  return `${signature.slice(0, 26)}${alphabet.charAt(last ^ 1)}=`;
}

const bytes = (...values: number[]) => Buffer.from(values);
const withJson = (prefix: string, middle: Buffer, suffix: string) =>
  Buffer.concat([Buffer.from(prefix), middle, Buffer.from(suffix)]);

function bodyCases(): HostileCase[] {
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

function methodAndPathCases(): HostileCase[] {
  const method = (name: string): HostileCase => ({
    name: `${name} on the app's path`,
    group: "method and path",
    steps: (t) =>
      one(request(t, { method: name, ...(name === "GET" || name === "HEAD" ? { body: "" } : {}) })),
    status: 405,
    code: name === "HEAD" ? null : "method_not_allowed",
  });
  const path = (name: string, to: (t: HostileTarget) => string): HostileCase => ({
    name: `POST ${name}`,
    group: "method and path",
    steps: (t) => one(request(t, { path: to(t) })),
    status: 404,
    code: "not_found",
  });
  return [
    ...["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"].map(method),
    {
      name: "an unknown method",
      group: "method and path",
      steps: (t) => one(request(t, { method: "BREW" })),
      status: 400,
      code: PARSER,
    },
    path("another path", () => "/admin"),
    path("a dot-dot path", () => "/../"),
    path("an encoded slash", () => "/%2F"),
    path("an absolute URL as the target", (t) => `http://127.0.0.1${t.path}x`),
    path("the asterisk target", () => "*"),
    path("a path of 6 KiB", () => `/${"a".repeat(6 * 1024)}`),
    {
      name: "GET another path",
      group: "method and path",
      steps: (t) => one(request(t, { method: "GET", path: "/metrics-nope", body: "" })),
      status: 404,
      code: "not_found",
    },
  ];
}

function slowCases(): HostileCase[] {
  const trickle = (target: HostileTarget, chunk: string, count: number): RawStep[] =>
    Array.from(
      { length: count },
      () => [chunk, { pauseMs: Math.ceil(target.bodyTimeoutMs / 5) }] as RawStep[],
    ).flat();
  return [
    {
      name: "the head arrives, the body never does",
      group: "slow sender",
      steps: (t) => [
        rawHead(t, [`x-helpscout-signature: ${SIG}`, `content-length: ${BODY.length}`]),
      ],
      status: 408,
      code: "body_timeout",
    },
    {
      name: "half the body, then silence",
      group: "slow sender",
      steps: (t) => [
        rawHead(
          t,
          [`x-helpscout-signature: ${SIG}`, `content-length: ${BODY.length}`],
          BODY.slice(0, 20),
        ),
      ],
      status: 408,
      code: "body_timeout",
    },
    {
      name: "a body that trickles in a byte at a time",
      group: "slow sender",
      steps: (t) => [
        rawHead(t, [`x-helpscout-signature: ${SIG}`, `content-length: ${BODY.length}`]),
        ...trickle(t, "{", BODY.length),
      ],
      status: 408,
      code: "body_timeout",
    },
    {
      name: "the client closes its side half-way through the body",
      group: "slow sender",
      // Node's parser meets the early end first and answers its bare 400 (the app logs 408).
      steps: (t) => [
        rawHead(
          t,
          [`x-helpscout-signature: ${SIG}`, `content-length: ${BODY.length}`],
          BODY.slice(0, 10),
        ),
        { endWrite: true },
      ],
      status: 400,
      code: PARSER,
    },
    {
      name: "a chunked body that trickles in",
      group: "slow sender",
      steps: (t) => [
        rawHead(t, [`x-helpscout-signature: ${SIG}`, "transfer-encoding: chunked"]),
        ...trickle(t, "1\r\n{\r\n", 200),
      ],
      status: 408,
      code: "body_timeout",
    },
  ];
}

function contentLengthCases(): HostileCase[] {
  const lying = (
    name: string,
    lines: (t: HostileTarget) => string[],
    body: string,
    status: number,
    code: string | null | typeof PARSER,
  ): HostileCase => ({
    name,
    group: "content-length",
    steps: (t) => one(rawHead(t, lines(t), body)),
    status,
    code,
  });
  const prefix = "{}";
  return [
    // Bytes past a short Content-Length are parsed as a next request; Node's parser refuses
    // that garbage with its bare 400 and closes the connection before the app's answer is out.
    lying(
      "shorter than the body, signed over the whole body",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: 10"],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "shorter than the body, signed over the part it covers",
      () => [`x-helpscout-signature: ${hmacSignature(prefix, CURRENT)}`, "content-length: 2"],
      `${prefix}${BODY}`,
      400,
      PARSER,
    ),
    lying(
      "zero with a body",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: 0"],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "absent, no transfer encoding: the body is read as a next request",
      () => [`x-helpscout-signature: ${SIG}`],
      BODY,
      400,
      PARSER,
    ),
    {
      name: "shorter than the body, the rest a second signed request",
      group: "content-length",
      // Pipelining, not smuggling: each request is verified on its own bytes.
      steps: (t) =>
        one(
          Buffer.concat([
            Buffer.from(
              `POST ${t.path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-helpscout-signature: ${hmacSignature(prefix, CURRENT)}\r\ncontent-length: 2\r\n\r\n${prefix}`,
            ),
            request(t),
          ]),
        ),
      status: 200,
      code: null,
    },
    lying(
      "longer than the body",
      () => [`x-helpscout-signature: ${SIG}`, `content-length: ${BODY.length + 50}`],
      BODY,
      408,
      "body_timeout",
    ),
    lying(
      "over the limit with a small body",
      (t) => [`x-helpscout-signature: ${SIG}`, `content-length: ${t.bodyLimit + 1}`],
      BODY,
      413,
      "payload_too_large",
    ),
    lying(
      "ten gigabytes",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: 10737418240"],
      BODY,
      413,
      "payload_too_large",
    ),
    lying(
      "past 64 bits",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: 99999999999999999999"],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "leading zeros",
      () => [`x-helpscout-signature: ${SIG}`, `content-length: 000${BODY.length}`],
      BODY,
      200,
      null,
    ),
    lying(
      "not a number",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: abc"],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "negative",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: -1"],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "two different values",
      () => [
        `x-helpscout-signature: ${SIG}`,
        "content-length: 5",
        `content-length: ${BODY.length}`,
      ],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "together with chunked transfer encoding",
      () => [
        `x-helpscout-signature: ${SIG}`,
        `content-length: ${BODY.length}`,
        "transfer-encoding: chunked",
      ],
      `${BODY.length.toString(16)}\r\n${BODY}\r\n0\r\n\r\n`,
      400,
      PARSER,
    ),
  ];
}

/** The secrets of the shared cases, which the target must accept as well. */
export function sharedCaseSecrets(): string[] {
  return [...new Set(loadCases().map((item) => item.secret))];
}

/** The whole matrix, in a stable order. */
export function hostileCases(): HostileCase[] {
  return [
    ...sharedCases(),
    ...signatureCases(),
    ...bodyCases(),
    ...methodAndPathCases(),
    ...slowCases(),
    ...contentLengthCases(),
  ];
}
