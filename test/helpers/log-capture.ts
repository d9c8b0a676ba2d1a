import type { Logger } from "../../src/handler/logger.js";

/** One line a logger was asked to write. */
export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  fields: Record<string, unknown>;
  message: string | undefined;
}

/** A logger that keeps every line, and the lines it kept. */
export interface CapturedLog {
  logger: Logger;
  lines: LogLine[];
  /** Every line serialized (errors with their message, cause and stack), for searching. */
  text(): string;
}

function serialize(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "bigint") return item.toString();
    if (item instanceof Error) {
      return { name: item.name, message: item.message, stack: item.stack, cause: item.cause };
    }
    if (Buffer.isBuffer(item) || item instanceof Uint8Array) {
      return Buffer.from(item).toString("latin1");
    }
    if (typeof item === "object" && item !== null) {
      if (seen.has(item)) return "[circular]";
      seen.add(item);
    }
    return item;
  });
}

/**
 * Makes a logger that records every line, so a test can look at what was logged and search all of
 * it for things that must never appear there (a secret, a request body).
 *
 * @example
 * ```ts
 * const log = captureLogger();
 * defineApp({ secrets, render, logger: log.logger });
 * expect(log.text()).not.toContain(secret);
 * ```
 */
export function captureLogger(): CapturedLog {
  const lines: LogLine[] = [];
  const at = (level: LogLine["level"]) => (fields: Record<string, unknown>, message?: string) => {
    lines.push({ level, fields, message });
  };
  return {
    logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
    lines,
    text: () => lines.map(serialize).join("\n"),
  };
}
