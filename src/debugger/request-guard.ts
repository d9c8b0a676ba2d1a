import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * True when a Host header names this machine's loopback interface on the panel's port. A page
 * on another site that re-points its own name at 127.0.0.1 (DNS rebinding) still sends its own
 * name as the Host, so it is refused.
 *
 * @example
 * ```ts
 * isLoopbackHost("localhost:3001", 3001); // true
 * isLoopbackHost("evil.example:3001", 3001); // false
 * ```
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const match = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!match) return false;
  const [, name, portText] = match;
  if (name === undefined || !LOOPBACK_NAMES.has(name)) return false;
  // Browsers leave the port out of the Host header only when it is the default one.
  return portText === undefined ? port === 80 : Number(portText) === port;
}

/**
 * Why an API call must be refused, or `undefined` when it may go on. An API call must carry
 * the page's token in `x-debug-token` and a JSON content type: both force a browser to ask
 * first (CORS), which the panel never allows, so another site cannot make it sign a request.
 * When the browser names the calling page's origin, it must be the panel's own.
 *
 * @example
 * ```ts
 * const problem = apiCallProblem(request.headers, token);
 * if (problem) return refuse(403, problem);
 * ```
 */
export function apiCallProblem(headers: IncomingHttpHeaders, token: string): string | undefined {
  const sent = headers["x-debug-token"];
  const expected = Buffer.from(token);
  if (
    typeof sent !== "string" ||
    Buffer.byteLength(sent) !== expected.length ||
    !timingSafeEqual(Buffer.from(sent), expected)
  ) {
    return "The x-debug-token header is missing or wrong; use the debugger's own page.";
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${headers.host ?? ""}`) {
    return `Calls from ${origin} are not allowed; use the debugger's own page.`;
  }
  return undefined;
}

/**
 * True when a POST declares a JSON body.
 *
 * @example
 * ```ts
 * isJsonRequest({ "content-type": "application/json; charset=utf-8" }); // true
 * ```
 */
export function isJsonRequest(headers: IncomingHttpHeaders): boolean {
  const type = headers["content-type"] ?? "";
  return type.split(";")[0]?.trim().toLowerCase() === "application/json";
}
