import type { HtmlValue } from "../html/html.js";
import type { DynamicAppRequest } from "../protocol/request-types.js";
import type { AnswerCache } from "./answer-cache.js";
import type { Logger } from "./logger.js";

/** A request body: bytes already read, a Node.js stream, or a web `ReadableStream`. */
export type BodySource = Uint8Array | NodeJS.ReadableStream | ReadableStream<Uint8Array>;

/** What an adapter hands the core handler: framework-neutral. */
export interface IncomingRequest {
  method: string;
  /** The path, with or without a query string. */
  url: string;
  /** Header names in lower case, as Node.js gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: BodySource;
}

/** What the core handler hands back to the adapter. */
export interface OutgoingResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What the render function receives for one signed, parsed request. */
export interface RenderContext {
  /** The parsed request: ticket, customer, user, mailbox and the customer's addresses. */
  request: DynamicAppRequest;
  /** The id of this request, also in the `x-request-id` response header and the log line. */
  requestId: string;
  /** Aborted when the deadline passes: pass it to database calls and `fetch`. */
  signal: AbortSignal;
  /** The app's logger, bound to this request's id. */
  log: Logger;
  /**
   * Fields added here are written on the request's log line, e.g. `{ customerFound: true }`.
   * Never put a secret or customer data here.
   */
  details: Record<string, unknown>;
  /**
   * Says the answer is built from data read at `time` (a `performance.now()` reading) rather than
   * now, e.g. from a cache of your own. The answer cache then keeps this answer only until that
   * time plus its time to live, so two stacked caches never make a card older than one TTL.
   */
  readFrom(time: number): void;
}

/** The render function: HTML for the sidebar, built with the `html` tag or the components. */
export type RenderFunction = (context: RenderContext) => HtmlValue | Promise<HtmlValue>;

/** The options of a Dynamic App. */
export interface AppOptions {
  /** The secret(s) configured in Help Scout; several while one is being rotated. */
  secrets: string | readonly string[];
  /** Builds the sidebar HTML for a verified request. */
  render: RenderFunction;
  /**
   * The path the app answers on. Other paths answer 404 `not_found`.
   * @default "/"
   */
  path?: string;
  /**
   * The largest body accepted, in bytes; a larger one answers 413 without being read.
   * @default 262144 (256 KiB)
   */
  bodyLimit?: number;
  /**
   * How long the render function may take, in milliseconds, before an error card is answered.
   * @default 5000
   */
  deadlineMs?: number;
  /**
   * How long a body may take to arrive, in milliseconds, before 408 is answered.
   * @default 10000
   */
  bodyTimeoutMs?: number;
  /**
   * The logger; silent by default. A pino logger fits as it is.
   * @default silentLogger
   */
  logger?: Logger;
  /** Makes request ids; `crypto.randomUUID` by default. */
  requestId?: () => string;
  /**
   * The HTML answered when rendering fails or misses the deadline.
   * @default a short card that names the request id
   */
  renderErrorCard?: (info: { code: string; requestId: string }) => HtmlValue;
  /**
   * Reuses the answer to a byte-identical repeat of a verified request (an agent reloading the
   * same conversation), skipping verification, parsing and rendering. Off by default: turn it on
   * only when a card may be as old as the cache's time to live. See `createAnswerCache`.
   */
  answerCache?: AnswerCache;
}
