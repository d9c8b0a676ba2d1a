import { defineApp } from "../../src/handler/define-app.js";
import type { RenderContext } from "../../src/handler/types.js";
import { html } from "../../src/html/html.js";
import { list, row, section } from "../../src/html/sidebar.js";
import { startServer } from "../../src/server/start-server.js";
import { captureLogger } from "./log-capture.js";
import { startApp } from "./server.js";

/** A server the hostile-input tests attack, and the settings they need to know. */
export interface HostileTarget {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  port: number;
  /** The path the app answers on. */
  path: string;
  /** Configured secrets, current first; requests signed with any of them must be accepted. */
  secrets: readonly string[];
  /** The body limit in bytes. */
  bodyLimit: number;
  /** How long a body may take to arrive, in milliseconds. */
  bodyTimeoutMs: number;
  /** Everything the server logged, to search for what must never be there. */
  logText(): string;
  close(): Promise<void>;
}

/** Shows every customer-typed value, escaped, like the ready-made card does. */
function render({ request }: RenderContext) {
  if (request.isDraft) return html`<p>Draft</p>`;
  return section(
    request.customerName ?? "Unknown customer",
    list([
      row("Subject", request.ticket?.subject),
      row("Emails", request.customerEmails.join(", ")),
    ]),
  );
}

const BODY_LIMIT = 64 * 1024;
const BODY_TIMEOUT_MS = 600;

/**
 * Starts the core the hostile-input matrix runs against: `defineApp` behind the `node:http`
 * adapter on a free loopback port. The tests read every limit from the returned settings.
 *
 * @example
 * ```ts
 * const target = await startHandlerTarget(["current-secret", "previous-secret"]);
 * await rawExchange(target.port, [buildRawRequest({ path: target.path, body: "{}" })]);
 * await target.close();
 * ```
 */
export async function startHandlerTarget(secrets: readonly string[]): Promise<HostileTarget> {
  const running = await startApp({
    secrets,
    render,
    bodyLimit: BODY_LIMIT,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    deadlineMs: 1000,
  });
  return {
    url: running.url,
    port: running.port,
    path: "/",
    secrets,
    bodyLimit: BODY_LIMIT,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    logText: () => running.log.text(),
    close: () => running.close(),
  };
}

/**
 * Starts the same app inside the project's full server (`startServer`: its timeouts, side routes
 * and shutdown handling), on a free loopback port.
 *
 * @example
 * ```ts
 * const target = await startServerTarget(["current-secret"]);
 * ```
 */
export async function startServerTarget(secrets: readonly string[]): Promise<HostileTarget> {
  const log = captureLogger();
  const app = defineApp({
    secrets,
    render,
    bodyLimit: BODY_LIMIT,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    deadlineMs: 1000,
    logger: log.logger,
  });
  const running = await startServer({ app, port: 0, host: "127.0.0.1", logger: log.logger });
  return {
    url: running.url,
    port: Number(new URL(running.url).port),
    path: app.settings.path,
    secrets,
    bodyLimit: BODY_LIMIT,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    logText: () => log.text(),
    close: () => running.close(100),
  };
}

/** Every target the hostile matrix runs against, by name. */
export const HOSTILE_TARGETS = {
  "defineApp + node adapter": startHandlerTarget,
  "the full server (startServer)": startServerTarget,
} as const;
