import type { ServerResponse } from "node:http";
import type { CustomerStore } from "../customers/types.js";
import type { Logger } from "../handler/logger.js";
import type { SideRoute } from "./start-server.js";

/** Options of the `/healthz` route. */
export interface HealthRouteOptions {
  /** How long the database may take to answer before the check fails. @default 1000 */
  timeoutMs?: number;
  /** Told why a check failed (the answer itself does not say, see below). */
  logger?: Logger;
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/**
 * The `/healthz` route for load balancers and orchestrators: 200 when the customer database
 * answers a trivial query, 503 when it does not (or not within the timeout). The answer names the
 * kind of database but not the error, which could carry a host name; the error goes to the log.
 *
 * @example
 * ```ts
 * await startServer({ app, routes: { "/healthz": createHealthRoute(store) } });
 * ```
 */
export function createHealthRoute(
  store: Pick<CustomerStore, "kind" | "ping">,
  options: HealthRouteOptions = {},
): SideRoute {
  const timeoutMs = options.timeoutMs ?? 1000;
  return async (_request, response) => {
    let healthy = true;
    try {
      await withTimeout(store.ping(), timeoutMs);
    } catch (error) {
      healthy = false;
      options.logger?.warn(
        { err: error, database: store.kind },
        "Health check failed: the customer database does not answer.",
      );
    }
    answerJson(response, healthy ? 200 : 503, {
      status: healthy ? "ok" : "unavailable",
      database: store.kind,
    });
  };
}

/**
 * The `/healthz` route of `serve --app`: the server holds no database of its own there (the app
 * module opens whatever it reads), so it answers 200 whenever the process takes requests, which
 * is what a load balancer needs to stop sending to a dead or stopping instance.
 *
 * @example
 * ```ts
 * await startServer({ app, routes: { "/healthz": createLivenessRoute() } });
 * ```
 */
export function createLivenessRoute(): SideRoute {
  return (_request, response) => answerJson(response, 200, { status: "ok" });
}

/** A health answer: never cached, since it is only true at the moment it is given. */
function answerJson(response: ServerResponse, status: number, value: object): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
}
