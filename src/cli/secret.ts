import { randomBytes } from "node:crypto";
import { MAX_SECRET_LENGTH } from "../protocol/signature.js";
import type { Command } from "./command.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A random secret of 40 letters and digits: the longest Help Scout accepts, drawn without
 * modulo bias (bytes that would favour some characters are thrown away).
 */
export function generateSecret(length = MAX_SECRET_LENGTH): string {
  let secret = "";
  const limit = 256 - (256 % ALPHABET.length);
  while (secret.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && secret.length < length) secret += ALPHABET[byte % ALPHABET.length];
    }
  }
  return secret;
}

export const command: Command = {
  summary: "print a new random 40-character secret",
  usage: `
Usage: helpscout-app secret

Prints a new random secret of 40 letters and digits, the longest Help Scout accepts.
Paste it into the app's settings in Help Scout and give it to the server as HELPSCOUT_SECRET.`,
  async run() {
    process.stdout.write(`${generateSecret()}\n`);
    return 0;
  },
};
