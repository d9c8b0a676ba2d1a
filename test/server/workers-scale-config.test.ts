import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/server/config.js";
import { resolveScaleConfig } from "../../src/server/scale-config.js";

describe("resolveScaleConfig", () => {
  it("defaults to a worker per core, a 10 s cache of 10,000 answers and 10 connections", () => {
    expect(resolveScaleConfig({}, {})).toEqual({
      workers: availableParallelism(),
      cache: { ttlMs: 10_000, maxEntries: 10_000 },
      readUrl: undefined,
      poolSize: 10,
    });
  });

  it("reads the environment when no flag is given, and flags first", () => {
    const env = {
      WORKERS: "3",
      CACHE_TTL_MS: "2500",
      DATABASE_READ_URL: "postgres://replica/crm",
      PG_POOL_SIZE: "4",
    };
    expect(resolveScaleConfig({}, env)).toEqual({
      workers: 3,
      cache: { ttlMs: 2500, maxEntries: 10_000 },
      readUrl: "postgres://replica/crm",
      poolSize: 4,
    });
    expect(
      resolveScaleConfig({ workers: "1", "cache-ttl": "100", "pool-size": "2" }, env),
    ).toMatchObject({ workers: 1, cache: { ttlMs: 100 }, poolSize: 2 });
  });

  it("turns the cache off with --no-cache or a time to live of 0", () => {
    expect(resolveScaleConfig({ "no-cache": true }, {}).cache).toBeUndefined();
    expect(resolveScaleConfig({ "cache-ttl": "0" }, {}).cache).toBeUndefined();
    expect(resolveScaleConfig({}, { CACHE_TTL_MS: "0" }).cache).toBeUndefined();
  });

  it("names the setting that is wrong", () => {
    const cases: [Parameters<typeof resolveScaleConfig>[0], string][] = [
      [{ workers: "zero" }, "--workers"],
      [{ "cache-ttl": "-1" }, "--cache-ttl"],
      [{ "cache-size": "0" }, "--cache-size"],
      [{ "pool-size": "1.5" }, "--pool-size"],
      [{ "db-read": "replica.db" }, "--db-read"],
    ];
    for (const [flags, name] of cases) {
      expect(() => resolveScaleConfig(flags, {})).toThrow(ConfigError);
      expect(() => resolveScaleConfig(flags, {})).toThrow(name);
    }
  });

  it("does not repeat a read URL it refuses, which could hold a password", () => {
    expect(() => resolveScaleConfig({ "db-read": "mysql://u:hunter2@db/crm" }, {})).toThrow(
      /^(?!.*hunter2)/,
    );
  });
});
