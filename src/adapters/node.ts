import type { IncomingMessage, ServerResponse } from "node:http";
import type { DynamicApp } from "../handler/define-app.js";
import type { OutgoingResponse } from "../handler/types.js";

/** A `node:http` / `node:https` request listener. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/** Writes the core handler's answer to a Node.js response. */
export function writeNodeResponse(response: ServerResponse, answer: OutgoingResponse): void {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}

/**
 * Turns a Dynamic App into a `node:http` or `node:https` request listener.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { toNodeListener } from "helpscout-dynamic-app/node";
 * createServer(toNodeListener(app)).listen(3000);
 * ```
 */
export function toNodeListener(app: DynamicApp): NodeListener {
  return (request, response) => {
    void app
      .handle({
        method: request.method ?? "GET",
        url: request.url ?? "/",
        headers: request.headers,
        body: request,
      })
      .then((answer) => writeNodeResponse(response, answer))
      // Writing can still fail (a header value the app configured badly); a rejection left
      // unhandled here would stop the whole process, so this request's connection goes instead.
      .catch(() => response.destroy());
  };
}
