import { execFileSync } from "node:child_process";

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
