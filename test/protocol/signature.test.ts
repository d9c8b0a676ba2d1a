import { describe, expect, it } from "vitest";
import {
  createSignatureVerifier,
  signBody,
  verifySignature,
} from "../../src/protocol/signature.js";
import { caseBody, loadCases } from "../helpers/cases.js";
import { hmacSignature, opensslSignature } from "../helpers/openssl.js";

const SECRET = "s3cr3t-k3y-for-tests-only-0123456789";

describe("the documented test vector", () => {
  const body = '{"id":123}';
  const expected = "7S2+kN8bZsrdAEADJ+yYfWWsf/4=";

  it("signs to the value PROTOCOL.md gives", () => {
    expect(signBody(body, "asdfasdf")).toBe(expected);
    expect(signBody(Buffer.from(body), "asdfasdf")).toBe(expected);
  });

  it("matches openssl, so the helper itself is trustworthy", () => {
    expect(opensslSignature(body, "asdfasdf")).toBe(expected);
  });

  it("verifies as a string, a Buffer and a plain Uint8Array", () => {
    expect(verifySignature(body, expected, "asdfasdf")).toBe(true);
    expect(verifySignature(Buffer.from(body), expected, "asdfasdf")).toBe(true);
    expect(verifySignature(new Uint8Array(Buffer.from(body)), expected, ["asdfasdf"])).toBe(true);
  });
});

// Bodies whose signature openssl computes on the very same bytes.
const VECTORS: Array<{ name: string; body: Buffer }> = [
  { name: "plain ASCII", body: Buffer.from('{"ticket":{"id":1},"customer":{"email":"a@b.co"}}') },
  {
    name: "non-ASCII names",
    body: Buffer.from('{"customer":{"fname":"María","lname":"Núñez 李"}}'),
  },
  {
    name: "PHP-escaped slashes and unicode",
    body: Buffer.from('{"ticket":{"subject":"Refund 77\\/B"},"customer":{"fname":"Mar\\u00eda"}}'),
  },
  { name: "emoji (4-byte UTF-8)", body: Buffer.from('{"customer":{"fname":"Zoë 🦊"}}') },
  {
    name: "binary bytes, not UTF-8",
    body: Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0x7b]),
  },
  { name: "an empty body", body: Buffer.alloc(0) },
  { name: "a trailing newline", body: Buffer.from('{"id":123}\n') },
  { name: "CRLF and tabs", body: Buffer.from('{\r\n\t"id": 123\r\n}') },
  { name: "100 KiB", body: Buffer.from(`{"pad":"${"x".repeat(100 * 1024)}"}`) },
];

const SECRETS = ["asdfasdf", SECRET, "x", "a".repeat(40), "sécret-ünïcode", "with space and $HOME"];

describe("signatures agree with openssl", () => {
  for (const { name, body } of VECTORS) {
    for (const secret of SECRETS) {
      it(`${name}, secret ${JSON.stringify(secret.slice(0, 12))}`, () => {
        const expected = opensslSignature(body, secret);
        expect(signBody(body, secret)).toBe(expected);
        expect(verifySignature(body, expected, secret)).toBe(true);
        // The in-process helper other tests sign with must agree with openssl too.
        expect(hmacSignature(body, secret)).toBe(expected);
      });
    }
  }

  it("a string body is signed as its UTF-8 bytes", () => {
    const text = '{"customer":{"fname":"Ågot"}}';
    expect(signBody(text, SECRET)).toBe(opensslSignature(Buffer.from(text, "utf8"), SECRET));
  });
});

describe("secret rotation", () => {
  const body = Buffer.from('{"customer":{"email":"rotate@example.com"}}');
  const oldSecret = "old-secret-0000";
  const newSecret = "new-secret-1111";

  it("accepts a body signed with any configured secret", () => {
    const verify = createSignatureVerifier([newSecret, oldSecret]);
    expect(verify(body, opensslSignature(body, oldSecret))).toBe(true);
    expect(verify(body, opensslSignature(body, newSecret))).toBe(true);
  });

  it("refuses a secret that is no longer configured", () => {
    expect(verifySignature(body, opensslSignature(body, oldSecret), [newSecret])).toBe(false);
    expect(verifySignature(body, opensslSignature(body, "third"), [newSecret, oldSecret])).toBe(
      false,
    );
  });

  it("accepts one secret given as a plain string", () => {
    expect(verifySignature(body, opensslSignature(body, oldSecret), oldSecret)).toBe(true);
  });

  it("refuses to be set up without a usable secret", () => {
    expect(() => createSignatureVerifier([])).toThrow(TypeError);
    expect(() => createSignatureVerifier("")).toThrow(TypeError);
    expect(() => createSignatureVerifier(["ok", ""])).toThrow(TypeError);
  });
});

describe("junk signature headers are false, never an exception", () => {
  const body = Buffer.from('{"id":123}');
  const good = "7S2+kN8bZsrdAEADJ+yYfWWsf/4=";
  const junk: Array<[string, unknown]> = [
    ["1,000 non-ASCII characters", "é".repeat(1000)],
    ["1,000 CJK characters", "签".repeat(1000)],
    ["1 MB of base64 letters", "A".repeat(1024 * 1024)],
    ["empty", ""],
    ["whitespace", "   "],
    ["one character", "7"],
    ["one character short", good.slice(0, -1)],
    ["padding missing", good.replace("=", "")],
    ["one character long", `${good}=`],
    ["the right value twice", good + good],
    ["non-base64 of the right length", "!".repeat(28)],
    ["base64url alphabet", good.replace("+", "-").replace("/", "_")],
    ["a NUL inside", `${good.slice(0, 10)}\u0000${good.slice(11)}`],
    ["lone surrogates", "\ud800".repeat(28)],
    ["a hex digest instead of base64", "ed2dbe90df1b66cadd00400327ec987d65ac7ffe"],
    ["a sha256 signature", signBodySha256(body)],
    ["repeated header joined by Node", `${good}, ${good}`],
    ["an array of two", [good, good]],
    ["an empty array", []],
    ["an array holding junk", ["é".repeat(1000)]],
    ["a number", 12345],
    ["NaN", Number.NaN],
    ["null", null],
    ["undefined", undefined],
    ["an object", { toString: () => good }],
    ["a Buffer of the digest", Buffer.from(good, "base64")],
    ["a boolean", true],
    ["a symbol", Symbol("sig")],
  ];

  for (const [name, header] of junk) {
    it(name, () => {
      let result: boolean | undefined;
      expect(() => {
        result = verifySignature(body, header, ["asdfasdf", SECRET]);
      }).not.toThrow();
      expect(result).toBe(false);
    });
  }

  it("an array holding exactly the right value is accepted, as a framework may give one", () => {
    expect(verifySignature(body, [good], "asdfasdf")).toBe(true);
  });
});

function signBodySha256(body: Buffer): string {
  // A longer digest of valid base64: the length check, not timingSafeEqual, must refuse it.
  return Buffer.concat([body, Buffer.alloc(32 - body.length)]).toString("base64");
}

describe("the raw bytes are what is signed", () => {
  it("a body re-serialized after parsing fails verification", () => {
    const [phpCase] = loadCases().filter((item) => item.name === "php-escaped-body");
    if (!phpCase) throw new Error("the php-escaped-body case is missing from the fixtures");
    const raw = caseBody(phpCase);
    expect(verifySignature(raw, phpCase.signature, phpCase.secret)).toBe(true);

    const reserialized = Buffer.from(JSON.stringify(JSON.parse(raw.toString("utf8"))));
    expect(reserialized.equals(raw)).toBe(false);
    expect(verifySignature(reserialized, phpCase.signature, phpCase.secret)).toBe(false);
  });

  it("pretty-printing, key order and a trailing newline all change the signature", () => {
    const raw = '{"b":1,"a":"\\u00f1"}';
    const signature = opensslSignature(raw, SECRET);
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const variants = [
      JSON.stringify(parsed),
      JSON.stringify(parsed, null, 2),
      JSON.stringify({ a: parsed.a, b: parsed.b }),
      `${raw}\n`,
      ` ${raw}`,
    ];
    for (const variant of variants) {
      expect(verifySignature(variant, signature, SECRET)).toBe(false);
    }
    expect(verifySignature(raw, signature, SECRET)).toBe(true);
  });

  it("one flipped bit in the body or in the signature fails", () => {
    const raw = Buffer.from('{"customer":{"email":"bit@example.com"}}');
    const signature = opensslSignature(raw, SECRET);
    for (let i = 0; i < raw.length; i++) {
      const flipped = Buffer.from(raw);
      flipped[i] = (flipped[i] ?? 0) ^ 1;
      expect(verifySignature(flipped, signature, SECRET)).toBe(false);
    }
    const digest = Buffer.from(signature, "base64");
    for (let i = 0; i < digest.length; i++) {
      const flipped = Buffer.from(digest);
      flipped[i] = (flipped[i] ?? 0) ^ 0x80;
      expect(verifySignature(raw, flipped.toString("base64"), SECRET)).toBe(false);
    }
  });
});

describe("the shared cases", () => {
  for (const item of loadCases()) {
    it(`${item.name}: signature_valid is ${item.expect.signature_valid}`, () => {
      const body = caseBody(item);
      expect(verifySignature(body, item.signature, item.secret)).toBe(item.expect.signature_valid);
      // The expectation is checked against openssl too, so a wrong fixture would show.
      expect(opensslSignature(body, item.secret) === item.signature).toBe(
        item.expect.signature_valid,
      );
    });
  }
});

describe("only the canonical spelling of a digest is accepted", () => {
  const body = '{"id":123}';
  const good = "7S2+kN8bZsrdAEADJ+yYfWWsf/4=";

  it("variants that differ only in the unused low bits of the last character are refused", () => {
    // "4" is 111000; "5", "6" and "7" differ only in the two bits base64 drops for 20 bytes.
    for (const last of ["5", "6", "7"]) {
      const variant = `${good.slice(0, 26)}${last}=`;
      expect(Buffer.from(variant, "base64").equals(Buffer.from(good, "base64"))).toBe(true);
      expect(verifySignature(body, variant, "asdfasdf")).toBe(false);
    }
    expect(verifySignature(body, good, "asdfasdf")).toBe(true);
  });

  it("a deeply nested array is refused without overflowing the stack", () => {
    let header: unknown = good;
    for (let i = 0; i < 200_000; i++) header = [header];
    expect(verifySignature(body, header, "asdfasdf")).toBe(false);
  });

  it("surrounding whitespace, which HTTP parsers strip anyway, is tolerated", () => {
    expect(verifySignature(body, ` ${good}\t`, "asdfasdf")).toBe(true);
  });
});
