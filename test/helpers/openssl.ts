import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";

/**
 * Computes `base64(HMAC-SHA1(secret, body))` with the `openssl` command-line tool, so tests compare
 * the project's signatures with a value computed by a program that shares no code with it.
 * The secret travels in an environment variable, never through a shell's word splitting.
 *
 * @example
 * ```ts
 * opensslSignature('{"id":123}', "asdfasdf"); // "7S2+kN8bZsrdAEADJ+yYfWWsf/4="
 * ```
 */
export function opensslSignature(body: Uint8Array | string, secret: string): string {
  const output = execFileSync(
    "sh",
    ["-c", 'openssl dgst -sha1 -hmac "$HMAC_SECRET" -binary | openssl base64 -A'],
    {
      input: typeof body === "string" ? Buffer.from(body, "utf8") : body,
      env: { ...process.env, HMAC_SECRET: secret },
    },
  );
  return output.toString("ascii").trim();
}

/**
 * The same value as `opensslSignature`, computed in-process with `node:crypto` (not with the
 * project's code) for tests that sign thousands of bodies. The protocol tests check that the two
 * agree.
 *
 * @example
 * ```ts
 * hmacSignature('{"id":123}', "asdfasdf"); // "7S2+kN8bZsrdAEADJ+yYfWWsf/4="
 * ```
 */
export function hmacSignature(body: Uint8Array | string, secret: string): string {
  return createHmac("sha1", Buffer.from(secret, "utf8"))
    .update(typeof body === "string" ? Buffer.from(body, "utf8") : body)
    .digest("base64");
}
