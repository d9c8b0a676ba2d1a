import { readFile } from "node:fs/promises";
import { openDemoSqlite } from "../customers/demo-data.js";
import { openStore as openStoreAt } from "../customers/open-store.js";
import type { CustomerStore } from "../customers/types.js";
import type { Logger } from "../handler/logger.js";
import type { ServeConfig } from "./config.js";
import { createServedCardApp } from "./create-served-card-app.js";
import type { ScaleConfig } from "./scale-config.js";
import { type RunningServer, startServer } from "./start-server.js";

/** Scaling settings when none are given: one process, no cache, a PostgreSQL pool of 10. */
const SINGLE: Pick<ScaleConfig, "cache" | "readUrl" | "poolSize"> = {
  cache: undefined,
  readUrl: undefined,
  poolSize: 10,
};

async function openStore(config: ServeConfig, scale: typeof SINGLE): Promise<CustomerStore> {
  if (config.demo) return (await openDemoSqlite(config.db)).store;
  return openStoreAt(config.db, {
    poolSize: scale.poolSize,
    ...(scale.readUrl ? { readUrl: scale.readUrl } : {}),
  });
}

/**
 * Starts the ready-made server: opens the customer database (creating the demo one when it is
 * the default and missing), and serves the customer card on it.
 *
 * @example
 * ```ts
 * const running = await startCardServer(resolveServeConfig({ secret: ["s3cr3t"] }, {}), log);
 * ```
 */
export async function startCardServer(
  config: ServeConfig,
  logger: Logger,
  scale: typeof SINGLE = SINGLE,
): Promise<RunningServer & { store: CustomerStore }> {
  const store = await openStore(config, scale);
  try {
    const { app, routes } = createServedCardApp(store, config, logger, scale);
    const tls =
      config.tlsCert && config.tlsKey
        ? { cert: await readFile(config.tlsCert), key: await readFile(config.tlsKey) }
        : undefined;
    const running = await startServer({
      app,
      port: config.port,
      host: config.host,
      routes,
      ...(tls ? { tls } : {}),
      logger,
      onClose: () => store.close(),
    });
    return { ...running, store };
  } catch (error) {
    await store.close();
    throw error;
  }
}
