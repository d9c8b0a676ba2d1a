import { execFileSync } from "node:child_process";

/**
 * Signs bytes with the `openssl` command line, not with the project's own code, so a test
 * checks the project against an independent HMAC-SHA1.
 */
export function opensslSign(body: string | Uint8Array, secret: string): string {
  return execFileSync("openssl", ["dgst", "-sha1", "-hmac", secret, "-binary"], {
    input: body,
  }).toString("base64");
}
