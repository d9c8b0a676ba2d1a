import type { CustomerLookup } from "../card/customer-card-app.js";
import type { CustomerStore } from "../customers/types.js";
import type { DynamicApp } from "../handler/define-app.js";
import type { ServerMetrics } from "./metrics.js";

/**
 * Wraps an app so that every answer is counted by status and timed, without touching the app.
 *
 * @example
 * ```ts
 * const measured = instrumentApp(app, metrics);
 * await startServer({ app: measured });
 * ```
 */
export function instrumentApp(app: DynamicApp, metrics: ServerMetrics): DynamicApp {
  return {
    settings: app.settings,
    async handle(request) {
      const started = performance.now();
      const answer = await app.handle(request);
      metrics.observeRequest(answer.status, (performance.now() - started) / 1000);
      return answer;
    },
  };
}

/**
 * A look-up straight from the store that times each call, for `hsda_lookup_duration_seconds`.
 *
 * @example
 * ```ts
 * const render = createCustomerCardRender(timedLookup(store, metrics));
 * ```
 */
export function timedLookup(store: CustomerStore, metrics: ServerMetrics): CustomerLookup {
  return async (emails, signal) => {
    const started = performance.now();
    try {
      const found = await store.findByEmails(emails, signal);
      metrics.observeLookup((performance.now() - started) / 1000, false);
      return found;
    } catch (error) {
      metrics.observeLookup((performance.now() - started) / 1000, true);
      throw error;
    }
  };
}
