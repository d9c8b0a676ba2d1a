import { parseArgs } from "node:util";
import { buildPayload, hasPayloadFields, type PayloadFields } from "../emulator/build-payload.js";
import { emulateRequest, type SignatureMode } from "../emulator/emulate-request.js";
import { formatEmulatorReport } from "../emulator/format-report.js";
import { getPreset, PRESETS } from "../emulator/presets.js";
import { resolveTargetSettings, TARGET_FLAG_OPTIONS } from "../emulator/target-settings.js";
import { type Command, UsageError } from "./command.js";
import { readInput } from "./read-input.js";

/** Where a command writes; the process's streams, or a test's buffers. */
export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Writes to the process's standard output and error.
 *
 * @example
 * ```ts
 * await runSend(args, processOutput);
 * ```
 */
export const processOutput: CommandOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const SIGNATURE_MODES: readonly SignatureMode[] = ["valid", "wrong", "missing"];

const usage = `
Usage: helpscout-app send URL [--secret S] [--body FILE | --preset NAME] [fields] [options]

Plays Help Scout once: builds the request body, signs its exact bytes, POSTs it with Help
Scout's rules (HTTPS only, redirects not followed) and judges the answer. Prints the status,
the time, each protocol violation, what Help Scout would strip from the HTML, and the HTML as
the sidebar would show it. Exits 1 when the answer breaks the protocol or none came.

Body (default: the "conversation" preset):
  --body FILE        send FILE's exact bytes ("-" reads standard input)
  --preset NAME      one of: ${PRESETS.map((preset) => preset.name).join(", ")}
  --email ADDRESS    the customer's address; repeat for several
  --name "F L"       the customer's name
  --subject TEXT     the conversation's subject
  --draft            a new conversation ("ticket": false)

Options:
  --secret S         the app's secret (default: the first of HELPSCOUT_SECRET)
  --debug            Help Scout's debug mode: allow http:// and follow redirects
  --timeout MS       the time limit in milliseconds (default 10000; Help Scout publishes none)
  --ca FILE          also trust this PEM certificate, e.g. a self-signed one
  --signature MODE   valid (default), wrong or missing: see how the app refuses
  --raw              print the HTML as the app sent it, not as Help Scout shows it
  --json             print the whole report as JSON`;

async function requestBody(values: {
  body?: string | undefined;
  preset?: string | undefined;
  email?: string[] | undefined;
  name?: string | undefined;
  subject?: string | undefined;
  draft?: boolean | undefined;
}): Promise<Buffer | string> {
  const fields: PayloadFields = {
    ...(values.email === undefined ? {} : { emails: values.email }),
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.subject === undefined ? {} : { subject: values.subject }),
    ...(values.draft ? { draft: true } : {}),
  };
  if (values.body !== undefined) {
    if (values.preset !== undefined || hasPayloadFields(fields)) {
      throw new UsageError("--body sends a file as it is; leave out --preset and the fields.");
    }
    return readInput(values.body);
  }
  const preset = values.preset ?? "conversation";
  try {
    // A preset without changes is sent byte for byte: the php-escaped one depends on it.
    return hasPayloadFields(fields) ? buildPayload(fields, preset) : getPreset(preset).body;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Runs `send` with the given arguments, writing to `output`; resolves to the exit code.
 *
 * @example
 * ```ts
 * const code = await runSend(["https://app.example.com/", "--secret", "s", "--draft"], output);
 * ```
 */
export async function runSend(args: string[], output: CommandOutput = processOutput) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...TARGET_FLAG_OPTIONS,
      body: { type: "string" },
      preset: { type: "string" },
      email: { type: "string", multiple: true },
      name: { type: "string" },
      subject: { type: "string" },
      draft: { type: "boolean" },
      signature: { type: "string" },
      raw: { type: "boolean" },
      json: { type: "boolean" },
    },
    allowPositionals: true,
  });
  const [url, ...extra] = positionals;
  if (url === undefined || extra.length > 0) throw new UsageError("Give exactly one URL.");
  const mode = (values.signature ?? "valid") as SignatureMode;
  if (!SIGNATURE_MODES.includes(mode)) {
    throw new UsageError(`--signature must be one of ${SIGNATURE_MODES.join(", ")}.`);
  }
  const settings = resolveTargetSettings(values, process.env);
  const body = await requestBody(values);
  const report = await emulateRequest({ url, body, signature: mode, ...settings });
  output.stdout(
    values.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : formatEmulatorReport(report, { raw: values.raw === true }),
  );
  return report.ok ? 0 : 1;
}

/** `helpscout-app send`: one request, played as Help Scout, judged. */
export const command: Command = {
  summary: "send one signed request the way Help Scout does and judge the answer",
  usage,
  run: (args) => runSend(args),
};
