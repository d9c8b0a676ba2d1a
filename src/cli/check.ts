import { parseArgs } from "node:util";
import { SCENARIOS } from "../emulator/check-scenarios.js";
import { formatCheckReport } from "../emulator/format-report.js";
import { runCheck } from "../emulator/run-check.js";
import { resolveTargetSettings, TARGET_FLAG_OPTIONS } from "../emulator/target-settings.js";
import { type Command, UsageError } from "./command.js";
import { type CommandOutput, processOutput } from "./send.js";

const usage = `
Usage: helpscout-app check URL [--secret S] [--debug] [--json] [--timeout MS] [--ca FILE]

Runs a suite of scenarios against a live Dynamic App, written in any language, and prints a
table of what passes. Exits 0 only when every scenario passes. The scenarios:
${SCENARIOS.map((scenario) => `  ${scenario.name.padEnd(18)} ${scenario.summary}`).join("\n")}

Options:
  --secret S     the app's secret (default: the first of HELPSCOUT_SECRET)
  --debug        allow a plain http:// URL; a redirect still fails its scenario, because Help
                 Scout does not follow redirects in production
  --timeout MS   the time limit of each request in milliseconds (default 10000)
  --ca FILE      also trust this PEM certificate, e.g. a self-signed one
  --json         print the results as JSON, for CI`;

/**
 * Runs `check` with the given arguments, writing to `output`; resolves to the exit code.
 *
 * @example
 * ```ts
 * const code = await runCheckCommand(["http://127.0.0.1:3000/", "--debug", "--json"], output);
 * ```
 */
export async function runCheckCommand(args: string[], output: CommandOutput = processOutput) {
  const { values, positionals } = parseArgs({
    args,
    options: { ...TARGET_FLAG_OPTIONS, json: { type: "boolean" } },
    allowPositionals: true,
  });
  const [url, ...extra] = positionals;
  if (url === undefined || extra.length > 0) throw new UsageError("Give exactly one URL.");
  const settings = resolveTargetSettings(values, process.env);
  const report = await runCheck({ url, ...settings });
  output.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatCheckReport(report));
  return report.passed ? 0 : 1;
}

/** `helpscout-app check`: the conformance scenarios against a live app. */
export const command: Command = {
  summary: "run the conformance scenarios against a live Dynamic App",
  usage,
  run: (args) => runCheckCommand(args),
};
