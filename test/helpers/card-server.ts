import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Logger, silentLogger } from "../../src/handler/logger.js";
import { resolveServeConfig, type ServeFlags } from "../../src/server/config.js";
import { startCardServer } from "../../src/server/start-card-server.js";

/**
 * Starts the real customer-card server (the one `helpscout-app serve` runs) on a free loopback
 * port, with its demo SQLite database in a fresh temporary folder.
 *
 * @example
 * ```ts
 * const server = await startTestCardServer({ secret: ["s3cr3t"] });
 * await fetch(server.url, { method: "POST", ... });
 * await server.close();
 * ```
 */
export async function startTestCardServer(
  flags: ServeFlags = {},
  logger: Logger = silentLogger,
  env: NodeJS.ProcessEnv = {},
) {
  const folder = mkdtempSync(join(tmpdir(), "card-server-"));
  const config = resolveServeConfig(
    { port: "0", host: "127.0.0.1", db: join(folder, "customers.db"), ...flags },
    env,
  );
  // An explicit --db is not demo mode; tests want the demo customers all the same.
  config.demo = flags.db === undefined;
  return { ...(await startCardServer(config, logger)), folder };
}
