import type { RenderContext } from "../../src/handler/types.js";
import { html } from "../../src/html/html.js";
import { list, row, section } from "../../src/html/sidebar.js";
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

/**
 * Starts the server the hostile-input matrix runs against: today `defineApp` behind the
 * `node:http` adapter on a free loopback port. Point this at the full server to run the same
 * matrix against it; the tests read every limit from the returned settings.
 *
 * @example
 * ```ts
 * const target = await startHostileTarget(["current-secret", "previous-secret"]);
 * await rawExchange(target.port, [buildRawRequest({ path: target.path, body: "{}" })]);
 * await target.close();
 * ```
 */
export async function startHostileTarget(secrets: readonly string[]): Promise<HostileTarget> {
  const bodyLimit = 64 * 1024;
  const bodyTimeoutMs = 600;
  const running = await startApp({ secrets, render, bodyLimit, bodyTimeoutMs, deadlineMs: 1000 });
  return {
    url: running.url,
    port: running.port,
    path: "/",
    secrets,
    bodyLimit,
    bodyTimeoutMs,
    logText: () => running.log.text(),
    close: () => running.close(),
  };
}
