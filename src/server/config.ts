import { MAX_SECRET_LENGTH } from "../protocol/signature.js";

/** The settings of `helpscout-app serve`, validated. */
export interface ServeConfig {
  port: number;
  host: string;
  path: string;
  /** A SQLite file path or a `postgres://` URL. */
  db: string;
  /** True when `db` is the default demo database (no --db, no DATABASE_URL). */
  demo: boolean;
  secrets: string[];
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  bodyLimit: number;
  deadlineMs: number;
  appModule: string | undefined;
}

/** What the command line gave, before defaults and validation. */
export interface ServeFlags {
  port?: string | undefined;
  host?: string | undefined;
  path?: string | undefined;
  db?: string | undefined;
  secret?: string[] | undefined;
  "tls-cert"?: string | undefined;
  "tls-key"?: string | undefined;
  "body-limit"?: string | undefined;
  deadline?: string | undefined;
  app?: string | undefined;
}

/** A setting with a wrong value; the message names the setting and what is accepted. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const DEFAULT_DB = "data/customers.db";

/** Parses a whole-number setting within bounds, or throws a `ConfigError` naming it. */
export function integerSetting(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${value}".`);
  }
  return number;
}

/** Splits HELPSCOUT_SECRET ("a,b") and the repeated --secret flag into one list. */
function collectSecrets(flags: string[] | undefined, env: string | undefined): string[] {
  const fromEnv = (env ?? "").split(",").map((secret) => secret.trim());
  const all = [...(flags ?? []), ...fromEnv].filter((secret) => secret !== "");
  for (const secret of all) {
    if (secret.length > MAX_SECRET_LENGTH) {
      throw new ConfigError(
        `A secret of ${secret.length} characters was given; Help Scout accepts at most ` +
          `${MAX_SECRET_LENGTH}, so requests signed by Help Scout could never match it. ` +
          "Generate one with `helpscout-app secret`.",
      );
    }
  }
  return [...new Set(all)];
}

/**
 * The environment with every variable set to an empty string left out: an empty one counts as
 * not set, as a template that writes `NAME=${NAME}` exports it when the operator set nothing.
 */
export function withoutEmpty(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
}

/**
 * Resolves the settings: flags first, then environment variables (HELPSCOUT_SECRET,
 * DATABASE_URL, PORT, HOST), then defaults. Throws a `ConfigError` naming the wrong setting.
 */
export function resolveServeConfig(flags: ServeFlags, processEnv: NodeJS.ProcessEnv): ServeConfig {
  const env = withoutEmpty(processEnv);
  const db = flags.db ?? env.DATABASE_URL ?? DEFAULT_DB;
  const tlsCert = flags["tls-cert"] ?? env.TLS_CERT;
  const tlsKey = flags["tls-key"] ?? env.TLS_KEY;
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    throw new ConfigError("--tls-cert and --tls-key go together: give both or neither.");
  }
  const path = flags.path ?? "/";
  if (!path.startsWith("/")) throw new ConfigError(`--path must start with "/"; got "${path}".`);
  return {
    port: integerSetting("--port", flags.port ?? env.PORT, 3000, 0, 65535),
    host: flags.host ?? env.HOST ?? "0.0.0.0",
    path,
    db,
    demo: flags.db === undefined && env.DATABASE_URL === undefined,
    secrets: collectSecrets(flags.secret, env.HELPSCOUT_SECRET),
    tlsCert,
    tlsKey,
    bodyLimit: integerSetting("--body-limit", flags["body-limit"], 256 * 1024, 1, 64 * 1024 * 1024),
    deadlineMs: integerSetting("--deadline", flags.deadline, 5000, 1, 120_000),
    appModule: flags.app,
  };
}
