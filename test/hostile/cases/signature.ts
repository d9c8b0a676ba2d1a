import { createHmac } from "node:crypto";
import { hmacSignature } from "../../helpers/openssl.js";
import {
  BODY,
  CURRENT,
  type HostileCase,
  one,
  PARSER,
  PREVIOUS,
  rawHead,
  request,
  SIG,
} from "./common.js";

const base64Url = SIG.replaceAll("+", "-").replaceAll("/", "_");
const hexDigest = Buffer.from(SIG, "base64").toString("hex");

/** Signature headers of every wrong shape, and the right ones a server must still accept. */
export function signatureCases(): HostileCase[] {
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
      name: "the right signature, sent after waiting for 100 Continue",
      group: "signature",
      steps: (t) => {
        const whole = request(t, { headers: [["expect", "100-continue"]] });
        const split = whole.indexOf("\r\n\r\n") + 4;
        return [whole.subarray(0, split), { pauseMs: 50 }, whole.subarray(split)];
      },
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
