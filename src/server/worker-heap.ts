/**
 * The most memory, in MiB, each half of V8's young generation may grow to in a worker. Node's
 * default lets it grow to 16 MiB under load, which a request-answering worker turns into resident
 * memory without getting faster: on the benchmark, 4 MiB took the peak resident memory of one
 * worker from 153–171 MB to 138–142 MB (cache off) at the same requests per second.
 */
export const WORKER_SEMI_SPACE_MB = 4;

const SEMI_SPACE_FLAG = /^--max[-_]semi[-_]space[-_]size(=|$)/;

/**
 * The Node.js options a forked worker starts with: the primary's own, plus the young-generation
 * limit above unless the operator chose one (on the command line or in NODE_OPTIONS, which the
 * workers inherit).
 *
 * @example
 * ```ts
 * cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS) });
 * ```
 */
export function workerExecArgv(execArgv: readonly string[], nodeOptions?: string): string[] {
  // Node takes double quotes out of NODE_OPTIONS (`"--max-semi-space-size=1"` sets the flag), so
  // they are taken out here too: missed, ours would go on the command line and beat theirs.
  const given = [...execArgv, ...(nodeOptions ?? "").replaceAll('"', "").split(/\s+/)];
  if (given.some((option) => SEMI_SPACE_FLAG.test(option))) return [...execArgv];
  return [...execArgv, `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`];
}
