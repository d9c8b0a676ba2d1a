import { createCustomerCardRender } from "../card/customer-card-app.js";
import type { CustomerStore } from "../customers/types.js";
import { type AnswerCache, createAnswerCache } from "../handler/answer-cache.js";
import { type DynamicApp, defineApp } from "../handler/define-app.js";
import type { Logger } from "../handler/logger.js";
import { createLookupCache } from "./cache.js";
import type { ServeConfig } from "./config.js";
import { createHealthRoute } from "./health.js";
import { instrumentApp, timedLookup } from "./instrument.js";
import { ServerMetrics } from "./metrics.js";
import { createMetricsRoute } from "./metrics-route.js";
import type { ScaleConfig } from "./scale-config.js";
import type { SideRoute } from "./start-server.js";

/** The customer-card app as `serve` runs it, with its side routes. */
export interface ServedCardApp {
  app: DynamicApp;
  /** `/healthz` and `/metrics`. */
  routes: Record<string, SideRoute>;
  metrics: ServerMetrics;
}

/**
 * Puts together what `serve` answers with: the customer card over the store, behind the answer
 * and look-up caches when they are on, counted and timed for `/metrics`, with `/healthz` checking the database.
 *
 * @example
 * ```ts
 * const { app, routes } = createServedCardApp(store, config, log, { cache: undefined });
 * await startServer({ app, routes });
 * ```
 */
export function createServedCardApp(
  store: CustomerStore,
  config: Pick<ServeConfig, "secrets" | "path" | "bodyLimit" | "deadlineMs">,
  logger: Logger,
  scale: Pick<ScaleConfig, "cache">,
): ServedCardApp {
  const metrics = new ServerMetrics();
  let lookup = timedLookup(store, metrics);
  let answerCache: AnswerCache | undefined;
  if (scale.cache) {
    const cache = createLookupCache(lookup, {
      ...scale.cache,
      onResult: (hit) => metrics.observeCache("lookup", hit),
    });
    metrics.trackCacheSize("lookup", cache.size);
    lookup = cache.lookup;
    // Reloads of the same conversation (the same signed bytes) skip the whole pipeline; other
    // requests for the same customer still share the look-up cache. The caches are stacked, so
    // an answer built from a cached look-up expires with that look-up (see context.readFrom):
    // a card is never more than --cache-ttl behind the database.
    answerCache = createAnswerCache({
      ...scale.cache,
      onResult: (hit) => metrics.observeCache("answer", hit),
    });
    metrics.trackCacheSize("answer", answerCache.size);
  }
  const app = defineApp({
    secrets: config.secrets,
    render: createCustomerCardRender(lookup),
    path: config.path,
    bodyLimit: config.bodyLimit,
    deadlineMs: config.deadlineMs,
    logger,
    ...(answerCache ? { answerCache } : {}),
  });
  return {
    app: instrumentApp(app, metrics),
    routes: {
      "/healthz": createHealthRoute(store, { logger }),
      "/metrics": createMetricsRoute(metrics),
    },
    metrics,
  };
}
