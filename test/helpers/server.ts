import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeListener } from "../../src/adapters/node.js";
import { type DynamicApp, defineApp } from "../../src/handler/define-app.js";
import type { AppOptions } from "../../src/handler/types.js";
import { type CapturedLog, captureLogger } from "./log-capture.js";

/** A server listening on a free loopback port, for one test file. */
export interface RunningServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  host: string;
  port: number;
  server: Server;
  /** Stops listening and drops open connections, so a test never waits on a stuck socket. */
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server with the given listener on 127.0.0.1, port 0 (a free port the
 * kernel picks), and resolves once it listens.
 *
 * @example
 * ```ts
 * const running = await listenOnFreePort((req, res) => res.end("ok"));
 * await fetch(running.url);
 * await running.close();
 * ```
 */
export async function listenOnFreePort(listener: RequestListener): Promise<RunningServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: "127.0.0.1",
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Dynamic App served over a real socket, with every log line it wrote. */
export interface RunningApp extends RunningServer {
  app: DynamicApp;
  log: CapturedLog;
}

/**
 * Defines an app with `defineApp` (its logger replaced by one that records every line), mounts it
 * with the `node:http` adapter and listens on a free loopback port.
 *
 * @example
 * ```ts
 * const running = await startApp({ secrets: "s", render: () => html`<p>hi</p>` });
 * const answer = await fetch(running.url, { method: "POST", body: "{}" });
 * running.log.lines; // what the app logged
 * ```
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const log = captureLogger();
  const app = defineApp({ ...options, logger: log.logger });
  const running = await listenOnFreePort(toNodeListener(app));
  return { ...running, app, log };
}
