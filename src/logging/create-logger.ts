import pino from "pino";
import pretty from "pino-pretty";

/** Options of the server's logger. */
export interface LoggerOptions {
  /** `info` by default; `silent` turns logging off. */
  level?: string;
  /** Human-readable lines instead of JSON; by default when standard output is a terminal. */
  pretty?: boolean;
  /** Where JSON lines go instead of standard output (tests capture them this way). */
  destination?: pino.DestinationStream;
}

// Belt and braces: nothing here logs a secret or a body, and should a field of that name ever
// reach a log line, at the top level or one level down, its value is replaced.
const CENSORED_FIELDS = new Set(["secret", "secrets", "body"]);
const SIGNATURE_HEADER = "x-helpscout-signature";
const CENSOR = "[redacted]";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One object's fields with censored names (and a signature header) replaced, or itself. */
function censorLevel(fields: Record<string, unknown>, headers: boolean): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in fields) {
    const hit = CENSORED_FIELDS.has(key) || (headers && key === SIGNATURE_HEADER);
    if (hit) {
      copy ??= { ...fields };
      copy[key] = CENSOR;
    }
  }
  return copy ?? fields;
}

/**
 * The fields of a log line with any `secret`, `secrets` or `body` value replaced, at the top
 * level or inside a top-level object, and a signature inside `headers`. The object given is never
 * changed; it comes back as it is when there is nothing to replace, which is every request line.
 * pino's own `redact` did the same for three times the cost of writing the line.
 */
export function censorLogFields(fields: Record<string, unknown>): Record<string, unknown> {
  let result = censorLevel(fields, false);
  for (const key in result) {
    const value = result[key];
    if (!isPlainObject(value) || value instanceof Error) continue;
    const censored = censorLevel(value, key === "headers");
    if (censored !== value) {
      if (result === fields) result = { ...fields };
      result[key] = censored;
    }
  }
  return result;
}

// pino's own flush at exit did not write a gathered buffer (the last lines of a stopping server
// were lost), so the buffered destinations are written out here, also after an uncaught error.
const buffered = new Set<{ flushSync(): void }>();

function flushOnExit(destination: { flushSync(): void }): void {
  if (buffered.size === 0) {
    process.on("exit", () => {
      for (const each of buffered) {
        try {
          each.flushSync();
        } catch {
          // A closed standard output cannot take the last lines; exiting matters more.
        }
      }
    });
  }
  buffered.add(destination);
}

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
    formatters: { log: censorLogFields },
    base: { pid: process.pid },
  };
  const usePretty = options.pretty ?? process.stdout.isTTY === true;
  if (options.destination) return pino(settings, options.destination);
  // Written synchronously: an asynchronous stream let a saturated process produce lines faster
  // than it wrote them, and the unwritten backlog grew without bound (seen in the soak test).
  // Lines are gathered and written together once 3 KiB wait, or after at most 100 ms, and on
  // exit: one write per line was a seventh of the server's time under load. A write holds whole
  // lines and at most 4 KiB, the most a pipe takes in one piece, so the lines of workers sharing
  // one standard output never mix.
  if (!usePretty) {
    const destination = pino.destination({
      dest: 1,
      sync: true,
      minLength: 3072,
      maxWrite: 4096,
      periodicFlush: 100,
    });
    flushOnExit(destination);
    return pino(settings, destination);
  }
  return pino(settings, pretty({ colorize: true, ignore: "pid,hostname", sync: true }));
}
