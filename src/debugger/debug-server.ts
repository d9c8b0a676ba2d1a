import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { emulateRequest, type SignatureMode } from "../emulator/emulate-request.js";
import { PRESETS } from "../emulator/presets.js";
import { renderDebugPage } from "./page-html.js";
import { PANEL_SCRIPT } from "./page-script.js";
import { PANEL_STYLE } from "./page-style.js";
import { apiCallProblem, isJsonRequest, isLoopbackHost } from "./request-guard.js";
import { SIDEBAR_STYLE } from "./sidebar-style.js";

/** The settings of the debug panel. */
export interface DebugServerOptions {
  /** The app's secret; it stays in this process and never reaches the browser. */
  secret: string;
  /** The app URL the page starts with; the page can change it. */
  url?: string;
  /** Whether the page starts in debug mode. */
  debug?: boolean;
  /** The port on 127.0.0.1; 0 picks a free one. @default 3001 */
  port?: number;
  /** The time limit of each request sent to the app. */
  timeoutMs?: number;
  /** Certificates to trust besides the system's (PEM). */
  ca?: string | Buffer;
  /** The title shown above the card, as Help Scout shows the app's name. */
  appName?: string;
}

/** A running debug panel. */
export interface DebugServer {
  /** The page's address, e.g. `http://127.0.0.1:3001/`. */
  url: string;
  close(): Promise<void>;
}

const API_BODY_LIMIT = 4 * 1024 * 1024;
const SIGNATURE_MODES = new Set<string>(["valid", "wrong", "missing"]);

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src https: http: data:; " +
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

function reply(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": `${type}; charset=utf-8`,
    "content-length": String(Buffer.byteLength(body)),
  });
  response.end(body);
}

function replyJson(response: ServerResponse, status: number, value: unknown): void {
  reply(response, status, "application/json", JSON.stringify(value));
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > API_BODY_LIMIT) {
        reject(new Error(`The request is larger than ${API_BODY_LIMIT} bytes.`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        reject(new Error("The API call's body is not JSON."));
      }
    });
    request.on("error", reject);
  });
}

interface SendCall {
  url: string;
  body: string;
  debug: boolean;
  signature: SignatureMode;
}

function asSendCall(value: unknown): SendCall | string {
  if (typeof value !== "object" || value === null) return "Send a JSON object.";
  const call = value as Record<string, unknown>;
  if (typeof call.url !== "string" || call.url === "") return "Give the app's URL.";
  if (typeof call.body !== "string") return "Give the request body as a string.";
  const signature = call.signature ?? "valid";
  if (typeof signature !== "string" || !SIGNATURE_MODES.has(signature)) {
    return "signature must be valid, wrong or missing.";
  }
  return {
    url: call.url,
    body: call.body,
    debug: call.debug === true,
    signature: signature as SignatureMode,
  };
}

/**
 * Starts the debug panel on 127.0.0.1: a page with a request editor on the left and the card,
 * as Help Scout's sidebar would show it, on the right. The page calls the panel's API, which
 * signs the edited body with the secret and sends it with Help Scout's rules. Requests whose
 * Host is not a loopback name are refused with 403, against DNS rebinding.
 *
 * @example
 * ```ts
 * const panel = await startDebugServer({ secret, url: "http://127.0.0.1:3000/", debug: true });
 * console.log(`Open ${panel.url}`);
 * ```
 */
export async function startDebugServer(options: DebugServerOptions): Promise<DebugServer> {
  const token = randomBytes(24).toString("base64url");
  let port = 0;

  async function sendToApp(request: IncomingMessage, response: ServerResponse) {
    if (!isJsonRequest(request.headers)) {
      return replyJson(response, 415, { error: "Send the call as application/json." });
    }
    let call: SendCall | string;
    try {
      call = asSendCall(await readJson(request));
    } catch (error) {
      return replyJson(response, 400, { error: (error as Error).message });
    }
    if (typeof call === "string") return replyJson(response, 400, { error: call });
    const report = await emulateRequest({
      ...call,
      secret: options.secret,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    replyJson(response, 200, report);
  }

  function route(request: IncomingMessage, response: ServerResponse): void | Promise<void> {
    if (!isLoopbackHost(request.headers.host, port)) {
      return reply(
        response,
        403,
        "text/plain",
        "The debugger answers only on 127.0.0.1, localhost or [::1].",
      );
    }
    const path = (request.url ?? "/").split("?")[0];
    const method = request.method ?? "GET";
    if (path?.startsWith("/api/")) {
      const problem = apiCallProblem(request.headers, token);
      if (problem) return replyJson(response, 403, { error: problem });
      if (path === "/api/config" && method === "GET") {
        return replyJson(response, 200, {
          url: options.url ?? "",
          debug: options.debug === true,
          appName: options.appName ?? "Your app",
          presets: PRESETS,
        });
      }
      if (path === "/api/send" && method === "POST") return sendToApp(request, response);
      return replyJson(response, 404, { error: `No API at ${method} ${path}.` });
    }
    if (method !== "GET" && method !== "HEAD") {
      return reply(response, 405, "text/plain", "Only GET is served here.");
    }
    if (path === "/") return reply(response, 200, "text/html", renderDebugPage({ token }));
    if (path === "/panel.js") return reply(response, 200, "text/javascript", PANEL_SCRIPT);
    if (path === "/panel.css") return reply(response, 200, "text/css", PANEL_STYLE);
    if (path === "/sidebar.css") return reply(response, 200, "text/css", SIDEBAR_STYLE);
    return reply(response, 404, "text/plain", "Not found.");
  }

  const server = createServer((request, response) => {
    Promise.resolve(route(request, response)).catch((error: unknown) => {
      if (!response.headersSent) replyJson(response, 500, { error: String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3001, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
