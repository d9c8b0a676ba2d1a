import { readFile } from "node:fs/promises";
import { openDemoSqlite } from "../customers/demo-data.js";
import { openStore as openStoreAt } from "../customers/open-store.js";
import type { CustomerStore } from "../customers/types.js";
import type { Logger } from "../handler/logger.js";
import type { ServeConfig } from "./config.js";
import { createServedCardApp } from "./create-served-card-app.js";
import { createLivenessRoute } from "./health.js";
import { instrumentApp } from "./instrument.js";
import { loadAppModule } from "./load-app-module.js";
import { ServerMetrics } from "./metrics.js";
import { createMetricsRoute } from "./metrics-route.js";
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
    mustExist: true,
    poolSize: scale.poolSize,
    ...(scale.readUrl ? { readUrl: scale.readUrl } : {}),
  });
}

/** The certificate and key for HTTPS, when both are configured. */
async function readTls(config: ServeConfig) {
  if (!config.tlsCert || !config.tlsKey) return undefined;
  return { cert: await readFile(config.tlsCert), key: await readFile(config.tlsKey) };
}

/**
 * Serves a user's app module (`serve --app FILE`) instead of the customer card: the module gets
 * the server's secrets, path, limits and logger, and opens whatever data source it needs itself.
 */
async function startAppModuleServer(config: ServeConfig, logger: Logger) {
  const app = await loadAppModule(config.appModule ?? "", {
    secrets: config.secrets,
    path: config.path,
    bodyLimit: config.bodyLimit,
    deadlineMs: config.deadlineMs,
    logger,
  });
  const tls = await readTls(config);
  // Counted and timed as the customer card is; only the database and cache series stay at zero.
  const metrics = new ServerMetrics();
  const running = await startServer({
    app: instrumentApp(app, metrics),
    port: config.port,
    host: config.host,
    routes: { "/healthz": createLivenessRoute(), "/metrics": createMetricsRoute(metrics) },
    ...(tls ? { tls } : {}),
    logger,
  });
  // A finished app, or a definition with secrets of its own, keeps them: count the app's, which
  // an operator rotating secrets must see, not the server's, which it may not use.
  const { secrets } = app.settings;
  const secretCount = typeof secrets === "string" ? 1 : secrets.length;
  return { ...running, store: undefined, secretCount };
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
): Promise<RunningServer & { store: CustomerStore | undefined; secretCount: number }> {
  if (config.appModule !== undefined) return startAppModuleServer(config, logger);
  const store = await openStore(config, scale);
  try {
    const { app, routes } = createServedCardApp(store, config, logger, scale);
    const tls = await readTls(config);
    const running = await startServer({
      app,
      port: config.port,
      host: config.host,
      routes,
      ...(tls ? { tls } : {}),
      logger,
      onClose: () => store.close(),
    });
    return { ...running, store, secretCount: config.secrets.length };
  } catch (error) {
    await store.close();
    throw error;
  }
}
