import { hmacSignature } from "./openssl.js";

/** What `postSigned` read back. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  /** The raw body bytes. */
  bytes: Buffer;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json: Record<string, unknown> | undefined;
}

/** Options of `postSigned`. */
export interface PostOptions {
  /** The secret to sign with; leave out to send no signature header. */
  secret?: string;
  /** A signature header value to send instead of the computed one. */
  signature?: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}

/**
 * Sends a body to an app over a real socket with `fetch`, signed with `secret` (base64
 * HMAC-SHA1 of the exact bytes, as Help Scout signs), and reads the answer.
 *
 * @example
 * ```ts
 * const answer = await postSigned(running.url, '{"ticket":false}', { secret: "s" });
 * answer.json?.html;
 * ```
 */
export async function postSigned(
  baseUrl: string,
  body: Uint8Array | string,
  options: PostOptions = {},
): Promise<JsonAnswer> {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...options.headers,
  };
  const signature =
    options.signature ??
    (options.secret === undefined ? undefined : hmacSignature(bytes, options.secret));
  if (signature !== undefined) headers["x-helpscout-signature"] = signature;
  const method = options.method ?? "POST";
  const response = await fetch(`${baseUrl}${options.path ?? "/"}`, {
    method,
    headers,
    ...(method === "GET" || method === "HEAD" ? {} : { body: bytes }),
  });
  return readAnswer(response);
}

/** Reads a `fetch` response into status, headers, bytes and parsed JSON. */
export async function readAnswer(response: Response): Promise<JsonAnswer> {
  const received = Buffer.from(await response.arrayBuffer());
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(received.toString("utf8")) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, bytes: received, json };
}
