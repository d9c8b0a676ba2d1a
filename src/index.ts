/**
 * The library for Help Scout Dynamic App authors: the wire protocol (signatures, the request
 * model, the response body), the escaping `html` tag and the sidebar components, and
 * `defineApp`, the framework-neutral handler. Framework adapters are separate entry points
 * (`/node`, `/express`, `/fastify`, `/fetch`), so importing this one loads no web framework and
 * no database driver.
 *
 * @example
 * ```ts
 * import { defineApp, html } from "helpscout-dynamic-app";
 * const app = defineApp({
 *   secrets: process.env.HELPSCOUT_SECRET!,
 *   render: ({ request }) => html`<h4>${request.customerName ?? "Unknown"}</h4>`,
 * });
 * ```
 *
 * @packageDocumentation
 */
export * from "./handler/index.js";
export * from "./html/index.js";
export * from "./protocol/index.js";
