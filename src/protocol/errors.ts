/**
 * Every failure the project answers over HTTP has a stable `code`, an HTTP `status` and a
 * message that names what is wrong and how to fix it. One function (`toErrorResponse` in the
 * handler) maps them to `{"error": "...", "code": "..."}`.
 */
export const ERROR_CODES = {
  method_not_allowed: 405,
  not_found: 404,
  payload_too_large: 413,
  missing_signature: 401,
  invalid_signature: 401,
  invalid_encoding: 400,
  invalid_json: 400,
  not_an_object: 400,
  body_timeout: 408,
  shutting_down: 503,
  // A body parser ran before the adapter: the raw bytes the signature covers are gone. A server
  // mistake, not the caller's, so 500 and never a misleading 401.
  body_already_parsed: 500,
  // The three below are answered 200 with a short error card in the body, because the sidebar
  // shows only a successful answer and an agent is better served by a message than by a blank.
  render_failed: 200,
  render_timeout: 200,
  store_unavailable: 200,
} as const;

/** A stable, documented error code; each one is listed in the README. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * An error with a stable code and the HTTP status it maps to.
 *
 * @example
 * ```ts
 * throw new DynamicAppError("invalid_json", "The body is not valid JSON.");
 * ```
 */
export class DynamicAppError extends Error {
  override readonly name = "DynamicAppError";
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = ERROR_CODES[code];
  }
}

/** True for a `DynamicAppError`, even one from another copy of this package. */
export function isDynamicAppError(value: unknown): value is DynamicAppError {
  return (
    value instanceof Error &&
    value.name === "DynamicAppError" &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { status?: unknown }).status === "number"
  );
}
