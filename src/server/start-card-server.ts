import { readFile } from "node:fs/promises";
import { createCustomerCardRender } from "../card/customer-card-app.js";
import { openDemoSqlite } from "../customers/demo-data.js";
import { openSqliteStore } from "../customers/sqlite-store.js";
import type { CustomerStore } from "../customers/types.js";
import { defineApp } from "../handler/define-app.js";
import type { Logger } from "../handler/logger.js";
import type { ServeConfig } from "./config.js";
import { type RunningServer, startServer } from "./start-server.js";

async function openStore(config: ServeConfig): Promise<CustomerStore> {
  if (config.demo) return (await openDemoSqlite(config.db)).store;
  return openSqliteStore(config.db);
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
): Promise<RunningServer & { store: CustomerStore }> {
  const store = await openStore(config);
  try {
    const app = defineApp({
      secrets: config.secrets,
      render: createCustomerCardRender(store),
      path: config.path,
      bodyLimit: config.bodyLimit,
      deadlineMs: config.deadlineMs,
      logger,
    });
    const tls =
      config.tlsCert && config.tlsKey
        ? { cert: await readFile(config.tlsCert), key: await readFile(config.tlsKey) }
        : undefined;
    const running = await startServer({
      app,
      port: config.port,
      host: config.host,
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
