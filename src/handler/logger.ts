/**
 * The logger the library writes to: pino's shape (`logger.info(fields, message)`), so a pino
 * logger can be passed as it is. The library is silent unless one is given.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message?: string): void;
  info(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
  error(fields: Record<string, unknown>, message?: string): void;
}

const ignore = () => {};

/** A logger that drops everything: the library's default. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** A logger that adds the same fields (a request id, say) to every line. */
export function withFields(logger: Logger, fields: Record<string, unknown>): Logger {
  if (logger === silentLogger) return logger;
  return {
    debug: (extra, message) => logger.debug({ ...fields, ...extra }, message),
    info: (extra, message) => logger.info({ ...fields, ...extra }, message),
    warn: (extra, message) => logger.warn({ ...fields, ...extra }, message),
    error: (extra, message) => logger.error({ ...fields, ...extra }, message),
  };
}

/**
 * Wraps a logger so a line that fails to be written (a broken transport, a throwing custom
 * logger) is dropped instead of failing the request it describes.
 *
 * @example
 * ```ts
 * const log = guardLogger(userLogger);
 * log.info({ requestId }, "answered"); // never throws
 * ```
 */
export function guardLogger(logger: Logger): Logger {
  if (logger === silentLogger) return logger;
  const guard =
    (level: keyof Logger) =>
    (fields: Record<string, unknown>, message?: string): void => {
      try {
        logger[level](fields, message);
      } catch {
        // Logging is best effort: the answer matters more than its log line.
      }
    };
  return { debug: guard("debug"), info: guard("info"), warn: guard("warn"), error: guard("error") };
}
