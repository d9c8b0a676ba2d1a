import { randomUUID } from "node:crypto";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { toNodeListener } from "../adapters/node.js";
import type { DynamicApp } from "../handler/define-app.js";
import { toErrorResponse } from "../handler/error-response.js";
import type { Logger } from "../handler/logger.js";
import { DynamicAppError } from "../protocol/errors.js";

/** A route served beside the app, off its path (health checks, metrics). */
export type SideRoute = (
  request: IncomingMessage,
  response: ServerResponse,
) => void | Promise<void>;

/** Options of `startServer`. */
export interface ServerOptions {
  /** The app to serve: the customer card, or a user's own. */
  app: DynamicApp;
  /** @default 3000 */
  port?: number;
  /** @default "0.0.0.0" */
  host?: string;
  /** PEM certificate and key: serve HTTPS directly. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Routes matched by exact path before the app, e.g. `{ "/healthz": ... }`. */
  routes?: Record<string, SideRoute>;
  /** For start-up and shutdown messages. */
  logger?: Logger;
  /** Called once the server has stopped, e.g. to close the database. */
  onClose?: () => Promise<void>;
}

/** A running server. */
export interface RunningServer {
  /** The base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  server: Server;
  /**
   * Stops accepting connections, lets requests in flight finish (at most `graceMs`), then
   * closes what `onClose` closes. Meanwhile a request arriving on an open connection is
   * answered 503 `shutting_down`, and each connection is ended after its last answer.
   */
  close(graceMs?: number): Promise<void>;
}

const UNANSWERED = Symbol("answers the connection still owes");

type CountedSocket = Socket & { [UNANSWERED]?: number };

/** The answer to a request that arrives on a kept-alive connection while the server stops. */
function refuseWhileDraining(response: ServerResponse): void {
  const error = new DynamicAppError(
    "shutting_down",
    "The server is shutting down; send the request again to reach another instance.",
  );
  const answer = toErrorResponse(error, randomUUID());
  response.writeHead(answer.status, { ...answer.headers, connection: "close" });
  response.end(answer.body);
}

function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  // An IPv4 loopback address may also be written IPv4-mapped, as IPv6.
  const v4 = name.startsWith("::ffff:") ? name.slice("::ffff:".length) : name;
  return name === "localhost" || name === "::1" || v4.startsWith("127.");
}

/**
 * Starts a Node.js HTTP (or HTTPS) server for a Dynamic App.
 *
 * @example
 * ```ts
 * const running = await startServer({ app, port: 3000 });
 * console.log(running.url);
 * ```
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? "0.0.0.0";
  const appListener = toNodeListener(options.app);
  // A Map, so that only the paths given match and never a name every object inherits. The app's
  // own path is never a side route.
  const routes = new Map(
    Object.entries(options.routes ?? {}).filter(([path]) => path !== options.app.settings.path),
  );
  // Once closing, a request still arriving on a kept-alive connection is refused with 503, and a
  // connection is ended once its last answer is out, so no client keeps the process alive.
  let draining = false;
  // The answers a connection still owes are counted on its socket, and one handler serves every
  // response: a WeakMap entry and a fresh `once` closure per request were garbage on the path
  // of every answer.
  function answered(this: ServerResponse) {
    const socket = this.req.socket as CountedSocket;
    const left = (socket[UNANSWERED] ?? 1) - 1;
    socket[UNANSWERED] = left;
    // Ending only when nothing is queued keeps pipelined answers (a 503 too) from being cut.
    if (draining && left === 0) socket.end();
  }
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket as CountedSocket;
    socket[UNANSWERED] = (socket[UNANSWERED] ?? 0) + 1;
    response.on("close", answered);
    if (draining) {
      refuseWhileDraining(response);
      return;
    }
    const url = request.url ?? "/";
    const query = url.indexOf("?");
    const route = routes.get(query === -1 ? url : url.slice(0, query));
    if (route) {
      Promise.resolve(route(request, response)).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
      return;
    }
    appListener(request, response);
  };
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
    : createHttpServer(listener);
  // A client that sends its headers or body too slowly is cut off instead of holding a socket.
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const displayHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : shownHost;
  const url = `${options.tls ? "https" : "http"}://${displayHost}:${address.port}`;
  if (!options.tls && !isLoopback(host)) {
    options.logger?.warn(
      { host, port: address.port },
      "Serving plain HTTP on a non-loopback address: Help Scout only calls HTTPS URLs. Put a " +
        "TLS proxy in front, or pass --tls-cert and --tls-key.",
    );
  }

  let closing: Promise<void> | undefined;
  async function close(graceMs = 10_000) {
    closing ??= (async () => {
      draining = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await stopped;
      clearTimeout(timer);
      await options.onClose?.();
    })();
    return closing;
  }

  return { url, server, close };
}
