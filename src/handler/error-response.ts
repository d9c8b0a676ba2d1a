import { type HtmlValue, html, renderHtml } from "../html/html.js";
import { DynamicAppError, isDynamicAppError } from "../protocol/errors.js";
import { buildErrorBody } from "../protocol/response.js";
import type { OutgoingResponse } from "./types.js";

/** Codes answered with an error card that the sidebar shows, rather than a bare error. */
const CARD_CODES = new Set(["render_failed", "render_timeout", "store_unavailable"]);

/** The headers every answer carries. */
export function baseHeaders(requestId: string, body: Buffer): Record<string, string> {
  return {
    "content-type": "application/json; charset=utf-8",
    // Bytes, not characters: the HTML is often non-ASCII.
    "content-length": String(body.byteLength),
    "cache-control": "no-store",
    "x-request-id": requestId,
  };
}

/** The default error card: short, with the request id an operator can look up. */
export function defaultErrorCard(info: { code: string; requestId: string }): HtmlValue {
  const message =
    info.code === "store_unavailable"
      ? "The customer database cannot be reached right now."
      : info.code === "render_timeout"
        ? "The app took too long to answer."
        : "The app could not build this card.";
  return html`<div class="c-sb-section"><div class="c-sb-section__body"><p><span class="badge red">Error</span> ${message}</p><p class="muted">Reload the conversation to try again. Request id: ${info.requestId}</p></div></div>`;
}

/** Turns anything thrown into a `DynamicAppError`; unknown errors become `render_failed`. */
export function asDynamicAppError(error: unknown): DynamicAppError {
  if (isDynamicAppError(error)) return error;
  return new DynamicAppError("render_failed", "The render function threw an error.", {
    cause: error,
  });
}

/** Renders the app's error card, or the default one when the app's own card fails too. */
function cardHtml(
  errorCard: (info: { code: string; requestId: string }) => HtmlValue,
  info: { code: string; requestId: string },
): string {
  try {
    return renderHtml(errorCard(info));
  } catch {
    return renderHtml(defaultErrorCard(info));
  }
}

/**
 * Maps an error to its answer: `{"error", "code"}` with the code's status, and for the codes
 * answered as a card, the card's HTML in `html` as well.
 */
export function toErrorResponse(
  error: DynamicAppError,
  requestId: string,
  errorCard: (info: { code: string; requestId: string }) => HtmlValue = defaultErrorCard,
): OutgoingResponse {
  const json = CARD_CODES.has(error.code)
    ? JSON.stringify({
        html: cardHtml(errorCard, { code: error.code, requestId }),
        error: error.message,
        code: error.code,
      })
    : buildErrorBody(error.code, error.message);
  const body = Buffer.from(json);
  const headers = baseHeaders(requestId, body);
  if (error.code === "method_not_allowed") headers.allow = "POST";
  // After a refused body the rest of it may still be on the wire: close rather than read it.
  if (error.code === "payload_too_large" || error.code === "body_timeout") {
    headers.connection = "close";
  }
  return { status: error.status, headers, body };
}
