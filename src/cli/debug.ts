import { parseArgs } from "node:util";
import { startDebugServer } from "../debugger/debug-server.js";
import { resolveTargetSettings, TARGET_FLAG_OPTIONS } from "../emulator/target-settings.js";
import { type Command, UsageError } from "./command.js";

const usage = `
Usage: helpscout-app debug [--port 3001] [--url URL] [--secret S] [--debug] [options]

Serves a debug panel on 127.0.0.1 only. Left: the request (a JSON editor, fields for the common
values, the presets), the app URL and a debug-mode switch. Right: the card as Help Scout's
sidebar shows it, the raw response, the status, the time, the signature sent and what Help
Scout would strip. Refresh sends the edited request again. The debugger signs each request
itself: the secret never reaches the browser.

Options:
  --port N       the port on 127.0.0.1 (default 3001; 0 picks a free one)
  --url URL      the app URL the page starts with
  --secret S     the app's secret (default: the first of HELPSCOUT_SECRET)
  --debug        start in Help Scout's debug mode: allow http:// and follow redirects
  --timeout MS   the time limit of each request in milliseconds (default 10000)
  --ca FILE      also trust this PEM certificate, e.g. a self-signed one`;

/**
 * Parses a port flag: a whole number from 0 to 65535.
 *
 * @example
 * ```ts
 * parsePort("3001", 3000); // 3001
 * ```
 */
export function parsePort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535; got "${text}".`);
  }
  return port;
}

/**
 * Resolves when the process is asked to stop (Ctrl+C or a termination signal).
 *
 * @example
 * ```ts
 * await untilStopped();
 * await server.close();
 * ```
 */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

/** `helpscout-app debug`: the debug panel on 127.0.0.1. */
export const command: Command = {
  summary: "serve a local debug panel that sends requests and previews the card",
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { ...TARGET_FLAG_OPTIONS, port: { type: "string" }, url: { type: "string" } },
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new UsageError("Give the app URL with --url.");
    const settings = resolveTargetSettings(values, process.env);
    const panel = await startDebugServer({
      ...settings,
      port: parsePort(values.port, 3001),
      ...(values.url === undefined ? {} : { url: values.url }),
    });
    process.stdout.write(`Debug panel: ${panel.url}  (Ctrl+C stops it)\n`);
    await untilStopped();
    await panel.close();
    return 0;
  },
};
