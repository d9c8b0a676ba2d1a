/**
 * The most memory, in MiB, each half of V8's young generation may grow to in a worker that runs
 * without the cache. Node's default lets it grow to 16 MiB under load, which a request-answering
 * worker turns into resident memory: on the benchmark, 4 MiB took the peak resident memory of one
 * worker from 153–171 MB to 138–142 MB (cache off) at the same requests per second.
 */
export const WORKER_SEMI_SPACE_MB = 4;

/**
 * The young-generation limit for a worker, or `null` for V8's default. With the cache on, memory
 * is already spent on speed, and the default's rarer scavenges kept the slowest answers steady:
 * p99 3.7–4.2 ms against 3.8–8.8 ms with 4 MiB, and 24.4–26.1 against 25.3–26.7 CPU µs per
 * request, for about 20 MB more (four interleaved rounds of the cached benchmark load).
 */
export function workerSemiSpaceMb(cacheOn: boolean): number | null {
  return cacheOn ? null : WORKER_SEMI_SPACE_MB;
}

const SEMI_SPACE_FLAG = /^--max[-_]semi[-_]space[-_]size(=|$)/;

/**
 * The Node.js options a forked worker starts with: the primary's own, plus the young-generation
 * limit `semiSpaceMb` (none when `null`) unless the operator chose one (on the command line or in
 * NODE_OPTIONS, which the workers inherit).
 *
 * @example
 * ```ts
 * const execArgv = workerExecArgv(process.execArgv, process.env.NODE_OPTIONS, 4);
 * cluster.setupPrimary({ execArgv });
 * ```
 */
export function workerExecArgv(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
  semiSpaceMb: number | null,
): string[] {
  // Node takes double quotes out of NODE_OPTIONS (`"--max-semi-space-size=1"` sets the flag), so
  // they are taken out here too: missed, ours would go on the command line and beat theirs.
  const given = [...execArgv, ...(nodeOptions ?? "").replaceAll('"', "").split(/\s+/)];
  if (semiSpaceMb === null || given.some((option) => SEMI_SPACE_FLAG.test(option))) {
    return [...execArgv];
  }
  return [...execArgv, `--max-semi-space-size=${semiSpaceMb}`];
}
