import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";

/** The name of the header that carries the signature, as Help Scout spells it. */
export const SIGNATURE_HEADER = "X-HELPSCOUT-SIGNATURE";

/** Help Scout documents secrets of at most 40 characters. */
export const MAX_SECRET_LENGTH = 40;

const SHA1_BYTES = 20;
// A base64 SHA-1 digest is always 27 characters from the alphabet and one "=" of padding.
const BASE64_SHA1 = /^[A-Za-z0-9+/]{27}=$/;

type Body = Uint8Array | string;

function toKey(secret: string | KeyObject): KeyObject {
  return typeof secret === "string" ? createSecretKey(Buffer.from(secret, "utf8")) : secret;
}

function digest(rawBody: Body, key: string | KeyObject): Buffer {
  return createHmac("sha1", toKey(key)).update(rawBody).digest();
}

/**
 * Signs a request body the way Help Scout does: base64 of HMAC-SHA1 over the exact bytes.
 *
 * @example
 * ```ts
 * signBody('{"id":123}', "asdfasdf"); // "7S2+kN8bZsrdAEADJ+yYfWWsf/4="
 * ```
 */
export function signBody(rawBody: Body, secret: string): string {
  return digest(rawBody, secret).toString("base64");
}

/**
 * Decodes a signature header into the 20 bytes of a SHA-1 digest, or `undefined` when the header
 * cannot be one. Never throws, whatever the header holds.
 */
function decodeSignatureHeader(header: unknown): Buffer | undefined {
  // Node joins a repeated header with ", " and some frameworks give an array: neither is a
  // signature Help Scout sends, so both are simply invalid.
  // One level only: recursing into nested arrays would let a deep one overflow the stack.
  const single = Array.isArray(header) && header.length === 1 ? header[0] : header;
  if (typeof single !== "string") return undefined;
  const value = single.trim();
  if (!BASE64_SHA1.test(value)) return undefined;
  const bytes = Buffer.from(value, "base64");
  // The last character carries two unused bits, so four spellings decode to the same digest;
  // accept only the one an encoder writes, as Help Scout sends.
  return bytes.length === SHA1_BYTES && bytes.toString("base64") === value ? bytes : undefined;
}

/**
 * A verifier bound to a set of secrets. The secrets are turned into key objects once, so each
 * request only pays for the HMAC itself.
 */
export type SignatureVerifier = (rawBody: Body, header: unknown) => boolean;

/**
 * Prepares a verifier for one or more secrets (several while a secret is being rotated).
 *
 * @example
 * ```ts
 * const verify = createSignatureVerifier(["new-secret", "old-secret"]);
 * verify(rawBody, req.headers["x-helpscout-signature"]); // true or false, never throws
 * ```
 */
export function createSignatureVerifier(secrets: string | readonly string[]): SignatureVerifier {
  const list = typeof secrets === "string" ? [secrets] : [...secrets];
  if (list.length === 0) throw new TypeError("At least one secret is needed to verify signatures.");
  const keys = list.map((secret) => {
    if (typeof secret !== "string" || secret.length === 0) {
      throw new TypeError("A secret must be a non-empty string.");
    }
    return toKey(secret);
  });
  return (rawBody, header) => {
    const received = decodeSignatureHeader(header);
    if (received === undefined) return false;
    // Compare against every secret without stopping early, so the time taken does not tell
    // which secret matched.
    let matched = false;
    for (const key of keys) {
      if (timingSafeEqual(digest(rawBody, key), received)) matched = true;
    }
    return matched;
  };
}

/**
 * Checks a signature header against the raw body with any of the given secrets, in constant
 * time. A missing header, a header of any other length or encoding, or a repeated header is
 * invalid: the answer is `false`, never an exception.
 *
 * @example
 * ```ts
 * verifySignature(Buffer.from('{"id":123}'), "7S2+kN8bZsrdAEADJ+yYfWWsf/4=", "asdfasdf"); // true
 * ```
 */
export function verifySignature(
  rawBody: Body,
  header: unknown,
  secrets: string | readonly string[],
): boolean {
  return createSignatureVerifier(secrets)(rawBody, header);
}
