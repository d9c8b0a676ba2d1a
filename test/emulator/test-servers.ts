import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeListener } from "../../src/adapters/node.js";
import { defineApp } from "../../src/handler/define-app.js";
import { html } from "../../src/html/html.js";
import { section } from "../../src/html/sidebar.js";

export const SECRET = "test-secret-for-the-emulator-0123456789";

/** A running server on a free loopback port. */
export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts a node:http server with the listener on 127.0.0.1, port 0. */
export async function listen(listener: RequestListener): Promise<RunningServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A correct app made with the library: shows the customer's name and addresses. */
export function goodApp(): RequestListener {
  const app = defineApp({
    secrets: SECRET,
    bodyLimit: 1024 * 1024,
    render: ({ request }) =>
      section(
        "Customer",
        html`<p class="muted">${request.customerName ?? "No customer"}</p><ul class="c-sb-list">${request.customerEmails.map((email) => html`<li class="c-sb-list-item">${email}</li>`)}</ul>`,
      ),
  });
  return toNodeListener(app);
}

function readAll(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function sign(bytes: Buffer | string): string {
  return createHmac("sha1", SECRET).update(bytes).digest("base64");
}

type Verify = (raw: Buffer, header: string | undefined) => boolean | "crash";

/**
 * A hand-written app with one deliberate fault in how it verifies, used to prove the check
 * catches it. The card echoes the customer's name through `echo`.
 */
export function brokenApp(verify: Verify, echo: (name: string) => string): RequestListener {
  return (request, response) => {
    void readAll(request).then((raw) => {
      if (request.method !== "POST") {
        response.writeHead(405, { "content-type": "application/json" }).end('{"error":"POST"}');
        return;
      }
      const header = request.headers["x-helpscout-signature"];
      const verdict = verify(raw, typeof header === "string" ? header : undefined);
      if (verdict === "crash") {
        response.socket?.destroy();
        return;
      }
      if (!verdict) {
        response.writeHead(401, { "content-type": "application/json" }).end('{"error":"sig"}');
        return;
      }
      let name = "";
      try {
        const body = JSON.parse(raw.toString("utf8")) as {
          customer?: { fname?: string; lname?: string; email?: string };
        };
        name = `${body.customer?.fname ?? ""} ${body.customer?.lname ?? ""} ${body.customer?.email ?? ""}`;
      } catch {
        response.writeHead(400, { "content-type": "application/json" }).end('{"error":"json"}');
        return;
      }
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ html: `<h4>${echo(name)}</h4>` }));
    });
  };
}

const escapeText = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Verifies correctly over the raw bytes. */
export const rawVerify: Verify = (raw, header) => header === sign(raw);

/** The broken servers of the check's tests, by the fault they have. */
export const BROKEN_LISTENERS: Record<string, RequestListener> = {
  "accepts any signature": brokenApp(() => true, escapeText),
  "hashes re-serialized JSON": brokenApp(
    (raw, header) => header === sign(JSON.stringify(JSON.parse(raw.toString("utf8") || "{}"))),
    escapeText,
  ),
  "echoes names unescaped": brokenApp(rawVerify, (name) => name),
  "crashes on a junk signature": brokenApp((raw, header) => {
    // Compares byte buffers of unequal length the way a naive timingSafeEqual call would: it
    // throws, and the server drops the connection.
    if (header !== undefined && Buffer.byteLength(header) !== 28) return "crash";
    return header === sign(raw);
  }, escapeText),
  redirects: (request, response) => {
    request.resume();
    response.writeHead(302, { location: "/elsewhere" }).end();
  },
  "never answers": (request) => {
    request.resume();
  },
};
