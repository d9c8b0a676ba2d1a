/**
 * Builds the body Help Scout expects: a JSON object whose `html` member is the sidebar HTML.
 * `JSON.stringify` escapes every quote, backslash, control character and lone surrogate, so the
 * result is valid JSON whatever the HTML holds.
 *
 * @example
 * ```ts
 * buildResponseBody("<h4>Jan</h4>"); // '{"html":"<h4>Jan</h4>"}'
 * ```
 */
export function buildResponseBody(html: string | { toString(): string }): string {
  return JSON.stringify({ html: String(html) });
}

/** Builds the JSON body of an error answer: `{"error": message, "code": code}`. */
export function buildErrorBody(code: string, message: string): string {
  return JSON.stringify({ error: message, code });
}
