import pretty from "pino-pretty";
import sonicBoom from "sonic-boom";
import type { Logger } from "../handler/logger.js";
import { gatherLines } from "./gathered-lines.js";
import { formatLine, LEVELS, type LevelName, withSerializedErrors } from "./json-line.js";

/** Options of the server's logger. */
export interface LoggerOptions {
  /** `info` by default; `silent` turns logging off. */
  level?: string;
  /** Human-readable lines instead of JSON; by default when standard output is a terminal. */
  pretty?: boolean;
  /** Where JSON lines go instead of standard output (tests capture them this way). */
  destination?: { write(line: string): unknown };
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
    // A header's name may be written in any case (the emulator sends X-HELPSCOUT-SIGNATURE).
    // Only the keys inside `headers` are lowered, and no request line has that field.
    const hit = CENSORED_FIELDS.has(key) || (headers && key.toLowerCase() === SIGNATURE_HEADER);
    if (hit) {
      copy ??= { ...fields };
      copy[key] = CENSOR;
    }
  }
  return copy ?? fields;
}

// An error's cause is written inside it (see serializeError), so a cause's own fields are censored
// as the error's are, down the chain: a wrapped HTTP error's `body` is as much the error's as its
// own would be. As deep as errors are serialized, and a little further for a cause that is none.
const CENSORED_CAUSES = 5;

function censorCauses(shown: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const { cause } = shown;
  if (depth === CENSORED_CAUSES || !isPlainObject(cause)) return shown;
  const censored = censorCauses(censorLevel(cause, false), depth + 1);
  return censored === cause ? shown : { ...shown, cause: censored };
}

/**
 * The fields of a log line with any `secret`, `secrets` or `body` value replaced, at the top
 * level or inside a top-level object (and inside an error's causes), and a signature inside
 * `headers`. The object given is never changed; it comes back as it is when there is nothing to
 * replace, which is every request line.
 * pino's own `redact` did the same for three times the cost of writing the line.
 */
export function censorLogFields(fields: Record<string, unknown>): Record<string, unknown> {
  let result = censorLevel(fields, false);
  for (const key in result) {
    const value = result[key];
    if (!isPlainObject(value) || value instanceof Error) continue;
    const censored = censorCauses(censorLevel(value, key === "headers"));
    if (censored !== value) {
      if (result === fields) result = { ...fields };
      result[key] = censored;
    }
  }
  return result;
}

// Lines gathered for standard output are written out at exit, also after an uncaught error.
// sonic-boom is CommonJS; its types describe the ES default export as the module itself.
const { SonicBoom } = sonicBoom;

const gathered = new Set<{ flush(): void }>();

function flushOnExit(lines: { flush(): void }): void {
  if (gathered.size === 0) {
    process.on("exit", () => {
      for (const each of gathered) {
        try {
          each.flush();
        } catch {
          // A closed standard output cannot take the last lines; exiting matters more.
        }
      }
    });
  }
  gathered.add(lines);
}

/**
 * Standard output as the server writes its lines: synchronously (an asynchronous stream let a
 * saturated process produce lines faster than it wrote them, and the unwritten backlog grew
 * without bound in the soak test), gathered into writes of up to 4 KiB once 3 KiB wait, after at
 * most 100 ms, and at exit. SonicBoom makes each write, waiting and retrying while a full pipe
 * refuses it.
 */
function gatheredStandardOutput(): (line: string) => void {
  const stdout = new SonicBoom({ fd: 1, sync: true, minLength: 0 });
  // A write that fails (EPIPE once the reader is gone) is kept by SonicBoom and tried again before
  // every later one, so every line after it was kept too, and its flushSync at exit retries it
  // for ever: the 100 ms flush threw, and the process hung in its exit handler without answering
  // or stopping. Once standard output fails, its lines are dropped instead, as pino did.
  let failed = false;
  stdout.on("error", () => {
    failed = true;
  });
  const lines = gatherLines(
    (text) => {
      if (!failed) stdout.write(text);
    },
    { flushAtBytes: 3072, maxWriteBytes: 4096, flushAfterMs: 100 },
  );
  flushOnExit({
    flush() {
      lines.flush();
      if (!failed) stdout.flushSync();
    },
  });
  return lines.write;
}

function thresholdOf(level: string): number {
  // In any case, as pino took it: LOG_LEVEL=WARN, which ran under pino, must not stop serve.
  const name = level.toLowerCase();
  if (name === "silent") return Number.POSITIVE_INFINITY;
  if (Object.hasOwn(LEVELS, name)) return LEVELS[name as LevelName];
  throw new TypeError(
    `Unknown log level "${level}"; use trace, debug, info, warn, error, fatal or silent.`,
  );
}

const ignore = () => {};

/**
 * The server's and CLI's logger: one JSON line per event in pino's shape (pino's level numbers,
 * `time`, `pid`, the fields, `msg`), pretty on a terminal. Secrets, bodies and signatures are
 * replaced (see censorLogFields) and errors show their class, message, stack and cause.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: "info" });
 * log.info({ requestId }, "answered");
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  // An empty LOG_LEVEL counts as not set, as serve's other variables do (see withoutEmpty).
  const threshold = thresholdOf(options.level ?? (process.env.LOG_LEVEL || "info"));
  const destination = options.destination;
  const usePretty = options.pretty ?? process.stdout.isTTY === true;
  let output: (line: string) => void;
  if (destination) {
    output = (line) => destination.write(line);
  } else if (usePretty) {
    const prettyStream = pretty({ colorize: true, ignore: "pid,hostname", sync: true });
    output = (line) => prettyStream.write(line);
  } else {
    output = gatheredStandardOutput();
  }
  const pid = process.pid;
  const at = (level: number) =>
    level < threshold
      ? ignore
      : (fields: Record<string, unknown>, message?: string) =>
          output(
            formatLine(
              level,
              Date.now(),
              pid,
              censorLogFields(withSerializedErrors(fields)),
              message,
            ),
          );
  return {
    debug: at(LEVELS.debug),
    info: at(LEVELS.info),
    warn: at(LEVELS.warn),
    error: at(LEVELS.error),
  };
}
