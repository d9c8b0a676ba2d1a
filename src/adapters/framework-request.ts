import type { DynamicApp } from "../handler/define-app.js";
import { DynamicAppError } from "../protocol/errors.js";

/**
 * The URL a framework adapter hands the core handler. Under a framework the route decides which
 * requests reach the app (`server.post("/helpscout", ...)`), so the app's own `path` setting,
 * which the plain Node listener checks, must not turn a routed request into a 404. The query
 * string is kept as it came.
 *
 * @example
 * ```ts
 * routedUrl(app, "/helpscout?x=1"); // "/?x=1" for an app on the default path "/"
 * ```
 */
export function routedUrl(app: DynamicApp, url: string): string {
  const query = url.indexOf("?");
  return app.settings.path + (query === -1 ? "" : url.slice(query));
}

/**
 * A body that fails with `body_already_parsed` as soon as the core reads it. Handing the failure
 * to the core as a body keeps one path for every answer: the method check, the status, the
 * error JSON, the request id and the log line all come from the core handler.
 *
 * @example
 * ```ts
 * await app.handle({ method: "POST", url: "/", headers, body: bodyAlreadyParsed("express.json()") });
 * // 500 {"error": "...", "code": "body_already_parsed"}
 * ```
 */
export function bodyAlreadyParsed(advice: string): ReadableStream<Uint8Array> {
  const error = new DynamicAppError(
    "body_already_parsed",
    "The request body was already read by another part of the server (a body parser), so the " +
      `raw bytes that the signature covers are gone. ${advice}`,
  );
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.error(error);
    },
  });
}
