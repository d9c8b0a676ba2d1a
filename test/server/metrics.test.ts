import { describe, expect, it } from "vitest";
import {
  LATENCY_BOUNDS,
  mergeSnapshots,
  renderPrometheus,
  ServerMetrics,
} from "../../src/server/metrics.js";

/** Reads `name{labels} value` lines back into a map, skipping comments. */
function parseExposition(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

describe("ServerMetrics", () => {
  it("counts requests by status and sums their durations", () => {
    const metrics = new ServerMetrics();
    metrics.observeRequest(200, 0.002);
    metrics.observeRequest(200, 0.004);
    metrics.observeRequest(401, 0.0001);
    const values = parseExposition(renderPrometheus(metrics.snapshot()));
    expect(values.get('hsda_requests_total{status="200"}')).toBe(2);
    expect(values.get('hsda_requests_total{status="401"}')).toBe(1);
    expect(values.get("hsda_request_duration_seconds_count")).toBe(3);
    expect(values.get("hsda_request_duration_seconds_sum")).toBeCloseTo(0.0061, 10);
  });

  it("writes cumulative buckets, each value counted in the first bound it does not exceed", () => {
    const metrics = new ServerMetrics();
    metrics.observeLookup(0.0001, false); // exactly on the first bound
    metrics.observeLookup(0.0003, false); // under 0.0005
    metrics.observeLookup(9, true); // beyond every bound
    const values = parseExposition(renderPrometheus(metrics.snapshot()));
    expect(values.get('hsda_lookup_duration_seconds_bucket{le="0.0001"}')).toBe(1);
    expect(values.get('hsda_lookup_duration_seconds_bucket{le="0.00025"}')).toBe(1);
    expect(values.get('hsda_lookup_duration_seconds_bucket{le="0.0005"}')).toBe(2);
    expect(values.get(`hsda_lookup_duration_seconds_bucket{le="${LATENCY_BOUNDS.at(-1)}"}`)).toBe(
      2,
    );
    expect(values.get('hsda_lookup_duration_seconds_bucket{le="+Inf"}')).toBe(3);
    expect(values.get("hsda_lookup_errors_total")).toBe(1);
  });

  it("counts cache hits and misses and reads the cache size when asked", () => {
    const metrics = new ServerMetrics();
    let size = 3;
    metrics.trackCacheSize("lookup", () => size);
    metrics.observeCache("lookup", true);
    metrics.observeCache("lookup", true);
    metrics.observeCache("lookup", false);
    size = 7;
    const values = parseExposition(renderPrometheus(metrics.snapshot()));
    expect(values.get("hsda_cache_hits_total")).toBe(2);
    expect(values.get("hsda_cache_misses_total")).toBe(1);
    expect(values.get("hsda_cache_entries")).toBe(7);
  });

  it("describes every metric once with HELP and TYPE lines", () => {
    const metrics = new ServerMetrics();
    metrics.observeRequest(200, 0.001);
    metrics.observeRequest(500, 0.001);
    const text = renderPrometheus(metrics.snapshot());
    expect(text.match(/^# TYPE hsda_requests_total counter$/gm)).toHaveLength(1);
    expect(text).toContain("# TYPE hsda_request_duration_seconds histogram");
    expect(text).toContain("# TYPE hsda_cache_entries gauge");
    expect(text.endsWith("\n")).toBe(true);
  });

  it("gives a snapshot that later counting does not change", () => {
    const metrics = new ServerMetrics();
    metrics.observeRequest(200, 0.001);
    const before = metrics.snapshot();
    metrics.observeRequest(200, 0.001);
    expect(before.histograms.hsda_request_duration_seconds?.count).toBe(1);
  });
});

describe("mergeSnapshots", () => {
  it("adds up the figures of several workers", () => {
    const a = new ServerMetrics();
    const b = new ServerMetrics();
    a.observeRequest(200, 0.001);
    b.observeRequest(200, 0.003);
    b.observeRequest(503, 0.5);
    const merged = parseExposition(
      renderPrometheus(mergeSnapshots([a.snapshot(), JSON.parse(JSON.stringify(b.snapshot()))])),
    );
    expect(merged.get('hsda_requests_total{status="200"}')).toBe(2);
    expect(merged.get('hsda_requests_total{status="503"}')).toBe(1);
    expect(merged.get("hsda_workers")).toBe(2);
    expect(merged.get("hsda_request_duration_seconds_count")).toBe(3);
    expect(merged.get('hsda_request_duration_seconds_bucket{le="0.001"}')).toBe(1);
    expect(merged.get('hsda_request_duration_seconds_bucket{le="0.5"}')).toBe(3);
  });
});
