import type { IncomingMessage, ServerResponse } from "node:http";
import type { DynamicApp } from "../handler/define-app.js";
import type { BodySource } from "../handler/types.js";
import { bodyAlreadyParsed, routedUrl } from "./framework-request.js";
import { writeNodeResponse } from "./node.js";

/**
 * An Express middleware. It is typed with Node's own request and response types, so it fits
 * Express 4 and 5 without `@types/express`.
 *
 * @example
 * ```ts
 * const middleware: ExpressMiddleware = toExpressMiddleware(app);
 * server.post("/helpscout", middleware);
 * ```
 */
export type ExpressMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** What body parsers leave on an Express request. */
interface ParsedRequest extends IncomingMessage {
  body?: unknown;
  /** Set by Express's body parsers once they have read the stream. */
  _body?: boolean;
}

const ADVICE =
  "Mount the Help Scout middleware before express.json() (or any other body parser), or give " +
  "it a route of its own: app.post('/helpscout', toExpressMiddleware(dynamicApp)).";

/** The raw body, wherever it still is; a failing body when a parser has consumed it. */
function bodyOf(request: ParsedRequest): BodySource {
  const consumed =
    request._body === true || request.readableEnded || request.readableDidRead === true;
  if (!consumed) return request;
  // express.raw() keeps the exact bytes, so they can still be verified.
  if (request.body instanceof Uint8Array) return request.body;
  return bodyAlreadyParsed(ADVICE);
}

/**
 * Turns a Dynamic App into Express middleware (Express 4 and 5). It reads the raw bytes from the
 * request stream itself, so it needs no body parser; the route you mount it on decides which
 * requests reach it. Mounted after `express.json()`, it answers 500 `body_already_parsed` with
 * advice on the order, never a misleading 401 and never a hang. A body kept by `express.raw()`
 * is accepted, because those are still the exact bytes.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { toExpressMiddleware } from "helpscout-dynamic-app/express";
 *
 * const server = express();
 * server.post("/helpscout", toExpressMiddleware(app)); // before express.json()
 * server.use(express.json());
 * ```
 */
export function toExpressMiddleware(app: DynamicApp): ExpressMiddleware {
  return (request, response, next) => {
    const parsed = request as ParsedRequest;
    app
      .handle({
        method: request.method ?? "GET",
        url: routedUrl(app, request.url ?? "/"),
        headers: request.headers,
        body: bodyOf(parsed),
      })
      .then((answer) => writeNodeResponse(response, answer))
      .catch(next);
  };
}
