import { SIGNATURE_HEADER, signBody } from "../protocol/signature.js";
import { inspectResponse } from "./inspect-response.js";
import { type FollowedRedirect, SendError, sendRequest } from "./send-request.js";

/** Which signature to send: the right one, one made with another secret, or none. */
export type SignatureMode = "valid" | "wrong" | "missing";

/** One request as Help Scout would send it. */
export interface EmulateOptions {
  url: string;
  secret: string;
  /** The exact body; a string is sent as UTF-8. */
  body: string | Uint8Array;
  /** Help Scout's debug mode: plain HTTP allowed, redirects followed. */
  debug?: boolean;
  timeoutMs?: number;
  /** Certificates to trust besides the system's (PEM). */
  ca?: string | Buffer;
  /** @default "valid" */
  signature?: SignatureMode;
}

/** Everything a developer needs to see about one exchange. */
export interface EmulatorReport {
  url: string;
  debug: boolean;
  /** The body sent, as text. */
  requestBody: string;
  /** The X-HELPSCOUT-SIGNATURE value sent, or undefined when none was. */
  signature: string | undefined;
  /** True when an answer came and nothing in it breaks the protocol. */
  ok: boolean;
  /** Set when no answer came: the reason, in one sentence. */
  error?: { code: string; message: string };
  status?: number;
  statusText?: string;
  durationMs: number;
  redirects: FollowedRedirect[];
  responseHeaders: Record<string, string>;
  /** The answer's body as text (UTF-8). */
  responseBody: string;
  violations: string[];
  warnings: string[];
  /** The `html` member as sent. */
  html?: string;
  /** The HTML as Help Scout would show it, after stripping. */
  shownHtml?: string;
}

function signatureFor(body: Uint8Array, secret: string, mode: SignatureMode): string | undefined {
  if (mode === "missing") return undefined;
  // Another secret gives a well-formed signature that must still be rejected.
  return signBody(body, mode === "wrong" ? `${secret}-but-not-this-one` : secret);
}

function flatHeaders(headers: Record<string, string | string[] | undefined>) {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function requestWarnings(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return [];
    return ["The request body is JSON but not an object; Help Scout always sends an object."];
  } catch {
    return ["The request body is not valid JSON; Help Scout always sends a JSON object."];
  }
}

/**
 * Plays Help Scout once: signs the exact body bytes, POSTs them with Help Scout's rules (see
 * `sendRequest`), and judges the answer (see `inspectResponse`). Never rejects: a request that
 * got no answer comes back with `error` set.
 *
 * @example
 * ```ts
 * const report = await emulateRequest({ url, secret, body: getPreset("draft").body });
 * report.ok; // true when the app answered a valid card
 * report.shownHtml; // the card as the sidebar would show it
 * ```
 */
export async function emulateRequest(options: EmulateOptions): Promise<EmulatorReport> {
  const body = typeof options.body === "string" ? Buffer.from(options.body, "utf8") : options.body;
  const requestBody = Buffer.from(body).toString("utf8");
  const signature = signatureFor(body, options.secret, options.signature ?? "valid");
  const debug = options.debug === true;
  const report: EmulatorReport = {
    url: options.url,
    debug,
    requestBody,
    signature,
    ok: false,
    durationMs: 0,
    redirects: [],
    responseHeaders: {},
    responseBody: "",
    violations: [],
    warnings: requestWarnings(requestBody),
  };
  const started = performance.now();
  try {
    const exchange = await sendRequest({
      url: options.url,
      body,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "helpscout-dynamic-app-emulator",
        ...(signature === undefined ? {} : { [SIGNATURE_HEADER]: signature }),
      },
      debug,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    const verdict = inspectResponse(exchange);
    Object.assign(report, {
      status: exchange.status,
      statusText: exchange.statusText,
      durationMs: exchange.durationMs,
      redirects: exchange.redirects,
      responseHeaders: flatHeaders(exchange.headers),
      responseBody: exchange.body.toString("utf8"),
      violations: verdict.violations,
      ok: verdict.violations.length === 0,
    });
    for (const redirect of exchange.redirects) {
      report.warnings.push(
        `Followed a ${redirect.status} redirect to ${redirect.to} because debug mode is on; Help Scout does not follow redirects in production.`,
      );
    }
    report.warnings.push(...verdict.warnings);
    if (verdict.html !== undefined) report.html = verdict.html;
    if (verdict.shownHtml !== undefined) report.shownHtml = verdict.shownHtml;
  } catch (error) {
    report.durationMs = performance.now() - started;
    const code = error instanceof SendError ? error.code : "failed";
    const message = error instanceof Error ? error.message : String(error);
    report.error = { code, message };
    // A URL refused before sending means no signature left this machine.
    if (code === "insecure_url" || code === "invalid_url") report.signature = undefined;
  }
  return report;
}
