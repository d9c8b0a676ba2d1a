import { connect } from "node:net";

/** One step of what a raw client sends: bytes, a pause in milliseconds, or closing its side. */
export type RawStep = Uint8Array | string | { pauseMs: number } | { endWrite: true };

/** The first HTTP response read back from a raw socket. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body bytes, as many as `content-length` announced (or all until the socket closed). */
  body: Buffer;
  /** Everything received, including any further responses after the first. */
  received: Buffer;
  /** True when the server closed the connection (or reset it) before the client did. */
  closedByServer: boolean;
  /** Set when the socket failed, e.g. `ECONNRESET`. */
  socketError: string | undefined;
}

/** Options of `rawExchange`. */
export interface RawOptions {
  /** Gives up after this long and answers what arrived so far. Default 15 s. */
  timeoutMs?: number;
  /** Stop writing as soon as a response has started to arrive. Default true. */
  stopOnResponse?: boolean;
}

const HEAD_END = "\r\n\r\n";

function parseHead(
  received: Buffer,
  from = 0,
): { status: number; headers: Record<string, string>; bodyStart: number } | undefined {
  const end = received.indexOf(HEAD_END, from);
  if (end === -1) return undefined;
  const [statusLine = "", ...lines] = received.subarray(from, end).toString("latin1").split("\r\n");
  const status = Number(statusLine.split(" ")[1]);
  // An interim answer (100 Continue) has no body; the real answer follows it.
  if (status >= 100 && status < 200) return parseHead(received, end + HEAD_END.length);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, bodyStart: end + HEAD_END.length };
}

function complete(received: Buffer): boolean {
  const head = parseHead(received);
  if (!head) return false;
  const length = Number(head.headers["content-length"] ?? Number.NaN);
  return Number.isFinite(length) && received.length - head.bodyStart >= length;
}

/**
 * Sends exactly the given bytes (with pauses between them) over a plain TCP socket and reads the
 * first HTTP response back. For what `fetch` cannot express: lying `Content-Length` values,
 * repeated headers, invalid bytes, bodies that trickle in.
 *
 * @example
 * ```ts
 * const answer = await rawExchange(port, ["POST / HTTP/1.1\r\nHost: x\r\n", { pauseMs: 50 }, "\r\n"]);
 * answer.status; // 401
 * ```
 */
export function rawExchange(
  port: number,
  steps: readonly RawStep[],
  options: RawOptions = {},
): Promise<RawResponse> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const stopOnResponse = options.stopOnResponse ?? true;
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    const chunks: Buffer[] = [];
    let closedByServer = false;
    let socketError: string | undefined;
    let settled = false;
    const timer = setTimeout(() => done(), timeoutMs);

    function done() {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const received = Buffer.concat(chunks);
      const head = parseHead(received);
      if (!head) {
        resolve({
          status: 0,
          headers: {},
          body: Buffer.alloc(0),
          received,
          closedByServer,
          socketError,
        });
        return;
      }
      const length = Number(head.headers["content-length"] ?? Number.NaN);
      const rest = received.subarray(head.bodyStart);
      const body = Number.isFinite(length) ? rest.subarray(0, length) : rest;
      resolve({
        status: head.status,
        headers: head.headers,
        body,
        received,
        closedByServer,
        socketError,
      });
    }

    socket.on("data", (chunk) => {
      chunks.push(chunk);
      // Wait a moment after a complete response, to catch what the server sends after it.
      if (complete(Buffer.concat(chunks))) setTimeout(done, 50);
    });
    socket.on("end", () => {
      closedByServer = true;
      done();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      socketError = error.code ?? error.message;
      closedByServer = true;
      done();
    });

    socket.once("connect", async () => {
      for (const step of steps) {
        if (settled || (stopOnResponse && parseHead(Buffer.concat(chunks)))) return;
        if (typeof step === "object" && "pauseMs" in step) {
          await new Promise((wake) => setTimeout(wake, step.pauseMs));
        } else if (typeof step === "object" && "endWrite" in step) {
          socket.end();
        } else if (!socket.destroyed) {
          socket.write(step);
        }
      }
    });
  });
}

/** Options of `rawRequest`. */
export interface RawRequestParts {
  method?: string;
  path?: string;
  /** Header lines in order, repeats allowed; `host` and `connection: close` are added first. */
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Uint8Array | string;
  /** Leave out the `content-length` the helper would otherwise compute from the body. */
  noContentLength?: boolean;
}

/**
 * Builds the bytes of an HTTP/1.1 request: request line, `host`, `connection: close`, the given
 * header lines (as bytes, so non-ASCII values go out as they are) and a computed
 * `content-length`, then the body.
 *
 * @example
 * ```ts
 * rawExchange(port, [buildRawRequest({ body: "{}", headers: [["x-helpscout-signature", "abc"]] })]);
 * ```
 */
export function buildRawRequest(parts: RawRequestParts): Buffer {
  const body = typeof parts.body === "string" ? Buffer.from(parts.body) : (parts.body ?? null);
  const lines = [
    `${parts.method ?? "POST"} ${parts.path ?? "/"} HTTP/1.1`,
    "host: 127.0.0.1",
    "connection: close",
    ...(parts.headers ?? []).map(([name, value]) => `${name}: ${value}`),
  ];
  if (!parts.noContentLength) lines.push(`content-length: ${body?.length ?? 0}`);
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "utf8");
  return body ? Buffer.concat([head, body]) : head;
}
