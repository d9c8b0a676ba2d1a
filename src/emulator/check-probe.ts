import { SIGNATURE_HEADER, signBody } from "../protocol/signature.js";
import { inspectResponse } from "./inspect-response.js";
import { type HttpExchange, SendError, sendRequest } from "./send-request.js";

/** What every scenario of the check knows about the app under test. */
export interface CheckContext {
  url: string;
  secret: string;
  debug: boolean;
  timeoutMs: number;
  ca?: string | Buffer;
  /** The card answered to the valid request, to recognise it in answers that must not hold it. */
  validHtml?: string;
}

/** The verdict on one scenario. */
export interface ScenarioOutcome {
  passed: boolean;
  /** One sentence: what the app did, and when it failed, what to fix. */
  detail: string;
}

/** One request of a scenario and what came of it. */
export interface Probe {
  exchange?: HttpExchange;
  error?: SendError;
}

/** How a probe is sent: the body, and the signature header (absent when `undefined`). */
export interface ProbeRequest {
  method?: string;
  body?: string | Buffer;
  /** `"sign"` signs the body with the right secret. */
  signature?: "sign" | string;
}

/**
 * Sends one request of the check. Redirects are never followed, even in debug mode: Help Scout
 * does not follow them in production, so an app that needs one fails its scenario.
 *
 * @example
 * ```ts
 * const result = await probe(context, { body: '{"ticket":false}', signature: "sign" });
 * result.exchange?.status; // 200, or result.error when no answer came
 * ```
 */
export async function probe(context: CheckContext, request: ProbeRequest): Promise<Probe> {
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const headers: Record<string, string> = {};
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  if (request.signature !== undefined) {
    headers[SIGNATURE_HEADER] =
      request.signature === "sign" ? signBody(body, context.secret) : request.signature;
  }
  try {
    const exchange = await sendRequest({
      url: context.url,
      method: request.method ?? "POST",
      body,
      headers,
      debug: context.debug,
      followRedirects: false,
      timeoutMs: context.timeoutMs,
      ...(context.ca === undefined ? {} : { ca: context.ca }),
    });
    return { exchange };
  } catch (error) {
    if (error instanceof SendError) return { error };
    throw error;
  }
}

function redirectDetail(exchange: HttpExchange): string {
  return `answered ${exchange.status}, a redirect to ${exchange.headers.location ?? "nowhere"}; Help Scout does not follow redirects, so register the final URL.`;
}

/**
 * Passes when the app answered 200 with a valid `{"html": "..."}`; returns the HTML too.
 *
 * @example
 * ```ts
 * const outcome = expectCard(await probe(context, { body, signature: "sign" }));
 * outcome.passed; // true for a card
 * ```
 */
export function expectCard(result: Probe): ScenarioOutcome & { html?: string } {
  if (result.error) return { passed: false, detail: `no answer: ${result.error.message}` };
  const exchange = result.exchange as HttpExchange;
  if (exchange.status >= 300 && exchange.status < 400) {
    return { passed: false, detail: redirectDetail(exchange) };
  }
  const verdict = inspectResponse(exchange);
  const [first] = verdict.violations;
  if (first !== undefined) return { passed: false, detail: first };
  const html = verdict.html ?? "";
  return { passed: true, detail: `answered a card of ${Buffer.byteLength(html)} bytes.`, html };
}

/**
 * The `html` member of an answer, or `undefined` when the body is not such JSON.
 *
 * @example
 * ```ts
 * htmlOf(exchange); // "<h4>Jan</h4>"
 * ```
 */
export function htmlOf(exchange: HttpExchange): string | undefined {
  try {
    const value = JSON.parse(exchange.body.toString("utf8")) as { html?: unknown };
    return typeof value?.html === "string" ? value.html : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Strings of the valid request's customer that must not come back to an unverified request.
 *
 * @example
 * ```ts
 * CUSTOMER_MARKERS.some((marker) => html.includes(marker)); // true: the card leaked
 * ```
 */
export const CUSTOMER_MARKERS: readonly string[] = ["jan@example.com", "Baker"];

/**
 * Passes when a request that must be refused (bad, missing or junk signature) is answered with
 * a 4xx, or at least without a 5xx and without the customer's card.
 *
 * @example
 * ```ts
 * expectRejected(await probe(context, { body }), context); // { passed: true, detail: "refused with 401." }
 * ```
 */
export function expectRejected(result: Probe, context: CheckContext): ScenarioOutcome {
  if (result.error) return { passed: false, detail: `no answer: ${result.error.message}` };
  const exchange = result.exchange as HttpExchange;
  const { status } = exchange;
  if (status >= 500) {
    return {
      passed: false,
      detail: `answered ${status}; refuse a bad signature with 401, never a server error.`,
    };
  }
  if (status >= 300 && status < 400) return { passed: false, detail: redirectDetail(exchange) };
  if (status >= 400) return { passed: true, detail: `refused with ${status}.` };
  const html = htmlOf(exchange);
  const leaks =
    html !== undefined &&
    ((context.validHtml !== undefined && html === context.validHtml) ||
      CUSTOMER_MARKERS.some((marker) => html.includes(marker)));
  if (leaks) {
    return {
      passed: false,
      detail: `answered ${status} with the customer's card: the app does not verify the signature; answer 401.`,
    };
  }
  return {
    passed: true,
    detail: `answered ${status} without customer data; 401 would say more plainly what is wrong.`,
  };
}

/**
 * Passes when the app answered anything but a server error or a redirect.
 *
 * @example
 * ```ts
 * expectHandled(await probe(context, { method: "GET" }), "a GET"); // "answered 405 to a GET."
 * ```
 */
export function expectHandled(result: Probe, what: string): ScenarioOutcome {
  if (result.error)
    return { passed: false, detail: `no answer to ${what}: ${result.error.message}` };
  const exchange = result.exchange as HttpExchange;
  if (exchange.status >= 500) {
    return {
      passed: false,
      detail: `answered ${exchange.status} to ${what}; answer a 4xx that names the problem.`,
    };
  }
  if (exchange.status >= 300 && exchange.status < 400) {
    return { passed: false, detail: redirectDetail(exchange) };
  }
  return { passed: true, detail: `answered ${exchange.status} to ${what}.` };
}
