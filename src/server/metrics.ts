/**
 * A histogram's state: counts per upper bound (not cumulative; the last slot is +Inf), the sum
 * of the observed values and their number.
 */
export interface HistogramState {
  bounds: number[];
  counts: number[];
  sum: number;
  count: number;
}

/**
 * Everything one process has counted, as plain data: it crosses process boundaries (a worker
 * sends it to the primary) and snapshots of several workers add up with `mergeSnapshots`.
 */
export interface MetricsSnapshot {
  /** Counter and gauge values by series, e.g. `hsda_requests_total{status="200"}`. */
  values: Record<string, number>;
  histograms: Record<string, HistogramState>;
}

/** Upper bounds, in seconds, of the request and look-up latency histograms. */
export const LATENCY_BOUNDS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

const HELP: Record<string, [type: string, help: string]> = {
  hsda_requests_total: ["counter", "Requests answered by the app, by HTTP status."],
  hsda_request_duration_seconds: ["histogram", "Time from request to answer in the app."],
  hsda_lookup_duration_seconds: ["histogram", "Customer look-ups that reached the database."],
  hsda_lookup_errors_total: ["counter", "Customer look-ups the database failed."],
  hsda_cache_hits_total: ["counter", "Look-ups answered from the cache."],
  hsda_cache_misses_total: ["counter", "Look-ups the cache passed on to the database."],
  hsda_cache_entries: ["gauge", "Entries held by the look-up caches of all workers."],
  hsda_answer_cache_hits_total: [
    "counter",
    "Requests answered from the answer cache: byte-identical repeats of verified requests.",
  ],
  hsda_answer_cache_misses_total: ["counter", "Signed requests the answer cache did not hold."],
  hsda_answer_cache_entries: ["gauge", "Answers held by the answer caches of all workers."],
  hsda_workers: ["gauge", "Worker processes whose figures are included."],
};

/** The caches counted in `/metrics`. */
export type CacheName = "lookup" | "answer";

interface CacheFigures {
  prefix: string;
  hits: number;
  misses: number;
  entries: () => number;
}

function histogram(bounds: readonly number[]): HistogramState {
  return { bounds: [...bounds], counts: new Array(bounds.length + 1).fill(0), sum: 0, count: 0 };
}

/**
 * The counters of one process. Recording is a few additions, cheap enough for every request.
 *
 * @example
 * ```ts
 * const metrics = new ServerMetrics();
 * metrics.observeRequest(200, 0.0012);
 * renderPrometheus(metrics.snapshot());
 * ```
 */
export class ServerMetrics {
  readonly #statuses = new Map<number, number>();
  readonly #requests = histogram(LATENCY_BOUNDS);
  readonly #lookups = histogram(LATENCY_BOUNDS);
  #lookupErrors = 0;
  // Each cache's figures, under the prefix of its series.
  readonly #caches: Record<CacheName, CacheFigures> = {
    lookup: { prefix: "hsda_cache", hits: 0, misses: 0, entries: () => 0 },
    answer: { prefix: "hsda_answer_cache", hits: 0, misses: 0, entries: () => 0 },
  };

  /** Counts one answered request and its duration in seconds. */
  observeRequest(status: number, seconds: number): void {
    this.#statuses.set(status, (this.#statuses.get(status) ?? 0) + 1);
    observe(this.#requests, seconds);
  }

  /** Counts one database look-up and its duration in seconds. */
  observeLookup(seconds: number, failed: boolean): void {
    observe(this.#lookups, seconds);
    if (failed) this.#lookupErrors += 1;
  }

  /** Counts a hit or miss of the look-up cache or the answer cache. */
  observeCache(cache: CacheName, hit: boolean): void {
    const figures = this.#caches[cache];
    if (hit) figures.hits += 1;
    else figures.misses += 1;
  }

  /** Where the number of a cache's entries is read at snapshot time. */
  trackCacheSize(cache: CacheName, size: () => number): void {
    this.#caches[cache].entries = size;
  }

  /** The current figures, as plain data. */
  snapshot(): MetricsSnapshot {
    const values: Record<string, number> = {
      hsda_lookup_errors_total: this.#lookupErrors,
      hsda_workers: 1,
    };
    for (const { prefix, hits, misses, entries } of Object.values(this.#caches)) {
      values[`${prefix}_hits_total`] = hits;
      values[`${prefix}_misses_total`] = misses;
      values[`${prefix}_entries`] = entries();
    }
    for (const [status, count] of this.#statuses) {
      values[`hsda_requests_total{status="${status}"}`] = count;
    }
    return {
      values,
      histograms: {
        hsda_request_duration_seconds: structuredClone(this.#requests),
        hsda_lookup_duration_seconds: structuredClone(this.#lookups),
      },
    };
  }
}

function observe(state: HistogramState, value: number): void {
  let slot = 0;
  while (slot < state.bounds.length && value > (state.bounds[slot] as number)) slot += 1;
  state.counts[slot] = (state.counts[slot] ?? 0) + 1;
  state.sum += value;
  state.count += 1;
}

/**
 * Adds up the snapshots of several processes: counters, gauges and histogram buckets are summed.
 *
 * @example
 * ```ts
 * renderPrometheus(mergeSnapshots([workerA, workerB]));
 * ```
 */
export function mergeSnapshots(snapshots: readonly MetricsSnapshot[]): MetricsSnapshot {
  const merged: MetricsSnapshot = { values: {}, histograms: {} };
  for (const snapshot of snapshots) {
    for (const [series, value] of Object.entries(snapshot.values)) {
      merged.values[series] = (merged.values[series] ?? 0) + value;
    }
    for (const [name, state] of Object.entries(snapshot.histograms)) {
      const into = merged.histograms[name] ?? histogram(state.bounds);
      merged.histograms[name] = into;
      state.counts.forEach((count, slot) => {
        into.counts[slot] = (into.counts[slot] ?? 0) + count;
      });
      into.sum += state.sum;
      into.count += state.count;
    }
  }
  return merged;
}

function nameOf(series: string): string {
  const brace = series.indexOf("{");
  return brace === -1 ? series : series.slice(0, brace);
}

/**
 * Writes a snapshot in the Prometheus text exposition format (version 0.0.4): a HELP and TYPE
 * line per metric, cumulative `_bucket` lines with `le` labels, then `_sum` and `_count`.
 *
 * @example
 * ```ts
 * response.setHeader("content-type", PROMETHEUS_CONTENT_TYPE);
 * response.end(renderPrometheus(metrics.snapshot()));
 * ```
 */
export function renderPrometheus(snapshot: MetricsSnapshot): string {
  const lines: string[] = [];
  const described = new Set<string>();
  const describe = (name: string) => {
    if (described.has(name)) return;
    described.add(name);
    const [type, help] = HELP[name] ?? ["untyped", name];
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };
  for (const series of Object.keys(snapshot.values).sort()) {
    describe(nameOf(series));
    lines.push(`${series} ${snapshot.values[series]}`);
  }
  for (const [name, state] of Object.entries(snapshot.histograms).sort()) {
    describe(name);
    let cumulative = 0;
    state.bounds.forEach((bound, slot) => {
      cumulative += state.counts[slot] ?? 0;
      lines.push(`${name}_bucket{le="${bound}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{le="+Inf"} ${state.count}`);
    lines.push(`${name}_sum ${state.sum}`, `${name}_count ${state.count}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The content type of the Prometheus text format. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
