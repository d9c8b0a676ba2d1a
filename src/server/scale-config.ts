import { DEFAULT_CACHE_ENTRIES, DEFAULT_CACHE_TTL_MS } from "./cache.js";
import { ConfigError, integerSetting, withoutEmpty } from "./config.js";
import { resolveWorkerCount } from "./workers.js";

/** The settings of `serve` that decide how it scales, validated. */
export interface ScaleConfig {
  /** Worker processes; 1 serves from the main process without a cluster. */
  workers: number;
  /** The look-up cache, or `undefined` when it is off. */
  cache: { ttlMs: number; maxEntries: number } | undefined;
  /** A PostgreSQL read replica for look-ups. */
  readUrl: string | undefined;
  /** PostgreSQL connections per worker. */
  poolSize: number;
}

/** What the command line gave for these settings. */
export interface ScaleFlags {
  workers?: string | undefined;
  "cache-ttl"?: string | undefined;
  "cache-size"?: string | undefined;
  "no-cache"?: boolean | undefined;
  "db-read"?: string | undefined;
  "pool-size"?: string | undefined;
}

/**
 * Resolves the scaling settings: flags first, then WORKERS, CACHE_TTL_MS, DATABASE_READ_URL and
 * PG_POOL_SIZE, then defaults (one worker per core; a 10 s cache of 10,000 answers per worker;
 * 10 connections per worker). `--cache-ttl 0` turns the cache off like `--no-cache`; an empty
 * variable counts as not set, as in resolveServeConfig (an empty CACHE_TTL_MS read as 0 turned
 * the caches off).
 *
 * @example
 * ```ts
 * resolveScaleConfig({ workers: "2", "no-cache": true }, {}); // { workers: 2, cache: undefined, ... }
 * ```
 */
export function resolveScaleConfig(flags: ScaleFlags, processEnv: NodeJS.ProcessEnv): ScaleConfig {
  const env = withoutEmpty(processEnv);
  let workers: number;
  try {
    workers = resolveWorkerCount(flags.workers, env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const ttlMs = integerSetting(
    "--cache-ttl",
    flags["cache-ttl"] ?? env.CACHE_TTL_MS,
    DEFAULT_CACHE_TTL_MS,
    0,
    86_400_000,
  );
  const maxEntries = integerSetting(
    "--cache-size",
    flags["cache-size"],
    DEFAULT_CACHE_ENTRIES,
    1,
    10_000_000,
  );
  const readUrl = flags["db-read"] ?? env.DATABASE_READ_URL;
  if (readUrl !== undefined && !/^postgres(ql)?:\/\//i.test(readUrl)) {
    throw new ConfigError("--db-read must be the postgres:// URL of a read replica.");
  }
  return {
    workers,
    cache: flags["no-cache"] || ttlMs === 0 ? undefined : { ttlMs, maxEntries },
    readUrl,
    poolSize: integerSetting("--pool-size", flags["pool-size"] ?? env.PG_POOL_SIZE, 10, 1, 1000),
  };
}
