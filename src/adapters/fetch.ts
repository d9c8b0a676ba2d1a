import type { DynamicApp } from "../handler/define-app.js";
import type { BodySource } from "../handler/types.js";
import { bodyAlreadyParsed, routedUrl } from "./framework-request.js";

/**
 * A Fetch API handler, the shape Hono, Next.js route handlers, Bun, Deno and Workers use.
 *
 * @example
 * ```ts
 * const handler: FetchHandler = toFetchHandler(app);
 * const response = await handler(new Request("http://localhost/", { method: "POST", body }));
 * ```
 */
export type FetchHandler = (request: Request) => Promise<Response>;

const ADVICE =
  "Pass the untouched Request to the handler: do not call request.json() or request.text() " +
  "(or Hono's c.req.json()) before it.";

function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  // The Headers class gives names in lower case, as the core expects.
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

function bodyOf(request: Request): BodySource {
  if (request.bodyUsed) return bodyAlreadyParsed(ADVICE);
  return request.body ?? new Uint8Array(0);
}

/**
 * Turns a Dynamic App into a Fetch API handler: `(request: Request) => Promise<Response>`. The
 * body is read from the request's stream within the app's size and time limits. The framework's
 * route decides which requests reach it; standing alone (Bun, Deno, Workers) it answers every
 * path.
 *
 * @example
 * ```ts
 * // Hono
 * server.post("/helpscout", (c) => handler(c.req.raw));
 * // Next.js: app/api/helpscout/route.ts
 * export const POST = toFetchHandler(app);
 * // Bun and Deno
 * Bun.serve({ fetch: toFetchHandler(app) });
 * ```
 */
export function toFetchHandler(app: DynamicApp): FetchHandler {
  return async (request) => {
    const answer = await app.handle({
      method: request.method,
      url: routedUrl(app, request.url),
      headers: headersOf(request),
      body: bodyOf(request),
    });
    return new Response(new Uint8Array(answer.body), {
      status: answer.status,
      headers: answer.headers,
    });
  };
}
