import { parseArgs } from "node:util";
import { signBody } from "../protocol/signature.js";
import { type Command, UsageError } from "./command.js";
import { readInput } from "./read-input.js";

export const command: Command = {
  summary: "print the X-HELPSCOUT-SIGNATURE of a file's or stdin's exact bytes",
  usage: `
Usage: helpscout-app sign --secret S [FILE]

Prints base64(HMAC-SHA1(secret, bytes)) of FILE, or of standard input when FILE is absent or "-".
The bytes are signed exactly as they are: no newline is added or removed.

Options:
  --secret S   the secret (default: the first of HELPSCOUT_SECRET)`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { secret: { type: "string" } },
      allowPositionals: true,
    });
    const secret = values.secret ?? process.env.HELPSCOUT_SECRET?.split(",")[0]?.trim();
    if (!secret) throw new UsageError("A secret is needed: pass --secret or set HELPSCOUT_SECRET.");
    if (positionals.length > 1) throw new UsageError("Give at most one file.");
    const body = await readInput(positionals[0]);
    process.stdout.write(`${signBody(body, secret)}\n`);
    return 0;
  },
};
