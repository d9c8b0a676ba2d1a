import cluster from "node:cluster";
import {
  type MetricsSnapshot,
  mergeSnapshots,
  PROMETHEUS_CONTENT_TYPE,
  renderPrometheus,
  type ServerMetrics,
} from "./metrics.js";
import type { SideRoute } from "./start-server.js";

let nextRequest = 1;
const waiting = new Map<number, (snapshots: MetricsSnapshot[]) => void>();
let listening = false;

/**
 * In a cluster worker: answers the primary's requests for this worker's figures, and receives
 * the figures of all workers the primary gathered for this one.
 */
function listenToPrimary(metrics: ServerMetrics): void {
  if (listening) return;
  listening = true;
  process.on("message", (message: unknown) => {
    if (typeof message !== "object" || message === null || !("hsda" in message)) return;
    const { hsda, id } = message as { hsda: string; id: number };
    if (hsda === "metrics-collect") {
      process.send?.({ hsda: "metrics-snapshot", id, snapshot: metrics.snapshot() });
    } else if (hsda === "metrics-result") {
      const snapshots = (message as { snapshots?: MetricsSnapshot[] }).snapshots ?? [];
      waiting.get(id)?.(snapshots);
      waiting.delete(id);
    }
  });
}

/**
 * The figures of every worker of the cluster, added up (through the primary), or this process's
 * alone when it is not a cluster worker or the primary does not answer within a second.
 */
function collect(metrics: ServerMetrics): Promise<MetricsSnapshot> {
  if (!cluster.isWorker || !process.send) return Promise.resolve(metrics.snapshot());
  const id = nextRequest++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(metrics.snapshot());
    }, 2_000);
    waiting.set(id, (snapshots) => {
      clearTimeout(timer);
      resolve(snapshots.length > 0 ? mergeSnapshots(snapshots) : metrics.snapshot());
    });
    process.send?.({ hsda: "metrics-request", id });
  });
}

/**
 * The `/metrics` route: Prometheus text with requests by status, request and look-up latency
 * histograms and cache hits. Under `serve --workers N` any worker answers a scrape with the sum
 * over all workers, so one scrape sees the whole instance.
 *
 * @example
 * ```ts
 * const metrics = new ServerMetrics();
 * await startServer({ app, routes: { "/metrics": createMetricsRoute(metrics) } });
 * ```
 */
export function createMetricsRoute(metrics: ServerMetrics): SideRoute {
  if (cluster.isWorker) listenToPrimary(metrics);
  return async (_request, response) => {
    const body = renderPrometheus(await collect(metrics));
    response.writeHead(200, {
      "content-type": PROMETHEUS_CONTENT_TYPE,
      "cache-control": "no-store",
      "content-length": Buffer.byteLength(body),
    });
    response.end(body);
  };
}
