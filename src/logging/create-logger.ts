import pino from "pino";
import pretty from "pino-pretty";

/** Options of the server's logger. */
export interface LoggerOptions {
  /** `info` by default; `silent` turns logging off. */
  level?: string;
  /** Human-readable lines instead of JSON; by default when standard output is a terminal. */
  pretty?: boolean;
}

// Belt and braces: nothing here logs a secret or a body, and should a field of that name ever
// reach a log line, pino replaces its value.
const REDACTED_PATHS = [
  "secret",
  "secrets",
  "*.secret",
  "*.secrets",
  "body",
  "*.body",
  'headers["x-helpscout-signature"]',
];

/**
 * The server's and CLI's logger: pino, one JSON line per event, pretty on a terminal.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: "info" });
 * ```
 */
export function createLogger(options: LoggerOptions = {}): pino.Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? "info",
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    base: { pid: process.pid },
  };
  const usePretty = options.pretty ?? process.stdout.isTTY === true;
  // Written synchronously: an asynchronous stream let a saturated process produce lines faster
  // than it wrote them, and the unwritten backlog grew without bound (seen in the soak test).
  if (!usePretty) return pino(settings, pino.destination({ dest: 1, sync: true }));
  return pino(settings, pretty({ colorize: true, ignore: "pid,hostname", sync: true }));
}
