import { readFileSync } from "node:fs";
import { DEFAULT_TIMEOUT_MS } from "./send-request.js";

/** The settings shared by `send`, `check` and `debug`: how to reach the app and sign for it. */
export interface TargetSettings {
  secret: string;
  timeoutMs: number;
  debug: boolean;
  ca?: Buffer;
}

/** The raw values of the shared flags, as `parseArgs` gives them. */
export interface TargetFlags {
  secret?: string | undefined;
  timeout?: string | undefined;
  debug?: boolean | undefined;
  ca?: string | undefined;
}

/**
 * The `parseArgs` option definitions of the shared flags.
 *
 * @example
 * ```ts
 * parseArgs({ args, options: { ...TARGET_FLAG_OPTIONS, json: { type: "boolean" } } });
 * ```
 */
export const TARGET_FLAG_OPTIONS = {
  secret: { type: "string" },
  timeout: { type: "string" },
  debug: { type: "boolean" },
  ca: { type: "string" },
} as const;

/**
 * A setting that is missing or wrong; the message names it and how to fix it.
 *
 * @example
 * ```ts
 * if (error instanceof SettingError) throw new UsageError(error.message);
 * ```
 */
export class SettingError extends Error {
  override readonly name = "SettingError";
}

/**
 * Resolves the shared flags: flag first, then the environment (`HELPSCOUT_SECRET`, of which the
 * first of a comma-separated list is used), then defaults. Throws a `SettingError` naming the
 * setting when one is missing or malformed.
 *
 * @example
 * ```ts
 * const settings = resolveTargetSettings({ secret: "s3cret", timeout: "2000" }, process.env);
 * settings.timeoutMs; // 2000
 * ```
 */
export function resolveTargetSettings(
  flags: TargetFlags,
  env: Record<string, string | undefined>,
): TargetSettings {
  const secret = flags.secret ?? env.HELPSCOUT_SECRET?.split(",")[0]?.trim();
  if (!secret) {
    throw new SettingError(
      "A secret is needed to sign requests: pass --secret or set HELPSCOUT_SECRET.",
    );
  }
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (flags.timeout !== undefined) {
    timeoutMs = Number(flags.timeout);
    if (!/^\d+$/.test(flags.timeout) || timeoutMs <= 0) {
      throw new SettingError(
        `--timeout must be a positive whole number of milliseconds; got "${flags.timeout}".`,
      );
    }
  }
  const settings: TargetSettings = { secret, timeoutMs, debug: flags.debug === true };
  if (flags.ca !== undefined) {
    try {
      settings.ca = readFileSync(flags.ca);
    } catch (cause) {
      throw new SettingError(`--ca: cannot read the certificate file "${flags.ca}".`, { cause });
    }
  }
  return settings;
}
