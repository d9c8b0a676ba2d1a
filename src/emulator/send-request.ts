import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * Help Scout publishes no time limit; ten seconds is a generous stand-in.
 *
 * @example
 * ```ts
 * await sendRequest({ url, body, timeoutMs: DEFAULT_TIMEOUT_MS / 2 });
 * ```
 */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Answers larger than this are cut off: no sidebar card comes near it.
 *
 * @example
 * ```ts
 * MAX_RESPONSE_BYTES; // 5242880
 * ```
 */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

const MAX_REDIRECTS = 5;

/** Why a request got no answer to inspect. */
export type SendErrorCode =
  | "invalid_url"
  | "insecure_url"
  | "timeout"
  | "connection_failed"
  | "no_answer"
  | "too_many_redirects"
  | "response_too_large";

/**
 * A request that could not be sent or got no answer; the message says what to fix.
 *
 * @example
 * ```ts
 * try { await sendRequest(options); } catch (e) { if (e instanceof SendError) e.code; }
 * ```
 */
export class SendError extends Error {
  override readonly name = "SendError";
  readonly code: SendErrorCode;

  constructor(code: SendErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** What to send, and under which of Help Scout's rules. */
export interface SendOptions {
  url: string;
  method?: string;
  body?: Uint8Array;
  /** Extra headers, e.g. the signature; names keep the case given here. */
  headers?: Record<string, string>;
  /** The time limit for the whole exchange, redirects included. */
  timeoutMs?: number;
  /** Certificates to trust besides the system's, e.g. a self-signed one in PEM. */
  ca?: string | Buffer;
  /** Help Scout's debug mode: plain HTTP is allowed and redirects are followed. */
  debug?: boolean;
  /** Follow redirects even in debug mode; the check never does. */
  followRedirects?: boolean;
}

/** One redirect that was followed. */
export interface FollowedRedirect {
  status: number;
  from: string;
  to: string;
}

/** A complete answer. */
export interface HttpExchange {
  /** The URL that gave the final answer. */
  url: string;
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** From sending the first byte to the last byte of the final answer. */
  durationMs: number;
  redirects: FollowedRedirect[];
}

function parseUrl(raw: string, debug: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new SendError("invalid_url", `"${raw}" is not a URL; give a full https:// address.`, {
      cause,
    });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SendError("invalid_url", `${url.protocol} URLs cannot be sent to; use https://.`);
  }
  if (url.protocol === "http:" && !debug) {
    throw new SendError(
      "insecure_url",
      `Help Scout calls only HTTPS URLs, and ${url.href} is plain HTTP; serve the app over HTTPS, or use debug mode (--debug) while developing.`,
    );
  }
  return url;
}

function exchangeOnce(url: URL, options: SendOptions, deadline: number) {
  return new Promise<Omit<HttpExchange, "durationMs" | "redirects">>((resolve, reject) => {
    const body = options.body ?? new Uint8Array();
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const remaining = Math.max(1, deadline - performance.now());
    const request = send(url, {
      method: options.method ?? "POST",
      headers: { "content-length": String(body.byteLength), ...options.headers },
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      // A fresh connection each time, as a check must not depend on what came before.
      agent: false,
    });
    let answered = false;
    const timer = setTimeout(() => {
      request.destroy(
        new SendError(
          "timeout",
          `No complete answer within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms; Help Scout gives up on slow apps, so answer sooner or raise the limit (--timeout).`,
        ),
      );
    }, remaining);
    request.on("error", (error) => {
      if (error instanceof SendError) {
        clearTimeout(timer);
        return reject(error);
      }
      // A server may answer (say 413) before reading a large body and close the connection; the
      // write then fails, but the answer already under way is what matters.
      if (answered) return;
      clearTimeout(timer);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ECONNRESET" || code === "EPIPE" || error.message === "socket hang up") {
        return reject(
          new SendError(
            "no_answer",
            `The app closed the connection without answering (${code ?? error.message}); it should answer every request, with an error status if need be.`,
            { cause: error },
          ),
        );
      }
      reject(
        new SendError("connection_failed", `Could not reach ${url.origin}: ${error.message}.`, {
          cause: error,
        }),
      );
    });
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          request.destroy(
            new SendError(
              "response_too_large",
              `The answer is larger than ${MAX_RESPONSE_BYTES} bytes; a sidebar card should be a few kilobytes.`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      let ended = false;
      const cutOff = () => {
        if (ended) return;
        clearTimeout(timer);
        reject(
          new SendError(
            "no_answer",
            "The answer was cut off before its end; the app closed the connection mid-answer.",
          ),
        );
      };
      response.on("error", cutOff);
      response.on("close", cutOff);
      response.on("end", () => {
        ended = true;
        clearTimeout(timer);
        resolve({
          url: url.href,
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? "",
          headers: response.headers,
          body: Buffer.concat(chunks),
        });
      });
    });
    request.end(body);
  });
}

/**
 * Sends one request with Help Scout's rules: HTTPS only and redirects not followed, both relaxed
 * in debug mode, where a redirect is followed (up to five) with the same method, headers and body
 * and reported in `redirects`. A 3xx answer outside debug mode is returned as it is, for the
 * caller to report. Rejects with a `SendError` when there is no answer to inspect.
 *
 * @example
 * ```ts
 * const answer = await sendRequest({
 *   url: "https://app.example.com/helpscout",
 *   body: Buffer.from(rawBody),
 *   headers: { "X-HELPSCOUT-SIGNATURE": signBody(rawBody, secret) },
 * });
 * answer.status; // 200
 * ```
 */
export async function sendRequest(options: SendOptions): Promise<HttpExchange> {
  const debug = options.debug === true;
  const follow = debug && options.followRedirects !== false;
  const started = performance.now();
  const deadline = started + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const redirects: FollowedRedirect[] = [];
  let url = parseUrl(options.url, debug);
  for (;;) {
    const answer = await exchangeOnce(url, options, deadline);
    const location = answer.headers.location;
    const isRedirect = answer.status >= 300 && answer.status < 400 && location !== undefined;
    if (!isRedirect || !follow) {
      return { ...answer, durationMs: performance.now() - started, redirects };
    }
    if (redirects.length >= MAX_REDIRECTS) {
      throw new SendError(
        "too_many_redirects",
        `More than ${MAX_REDIRECTS} redirects; the last one pointed to ${location}.`,
      );
    }
    const next = parseUrl(
      URL.canParse(location, url) ? new URL(location, url).href : location,
      debug,
    );
    redirects.push({ status: answer.status, from: url.href, to: next.href });
    url = next;
  }
}
