/**
 * The value of one series in a Prometheus text exposition, e.g. `hsda_cache_hits_total`, or
 * `undefined` when the series is not there.
 */
export function seriesValue(text: string, series: string): number | undefined {
  const line = text.split("\n").find((each) => each.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
