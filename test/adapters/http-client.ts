import { request } from "node:http";

/** One answer, with the body parsed as JSON when it is JSON. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

/** What to send. */
export interface Sending {
  method?: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Send the body with chunked encoding and no Content-Length. */
  chunked?: boolean;
}

function parse(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Sends one request over a real socket with `node:http`, which, unlike `fetch`, lets a test
 * send a body without Content-Length and keeps the answer when the server closes the
 * connection before it has read the whole body.
 */
export function send(url: string, sending: Sending = {}): Promise<Answer> {
  const body =
    typeof sending.body === "string" ? Buffer.from(sending.body) : (sending.body ?? undefined);
  const headers: Record<string, string> = { ...(sending.headers ?? {}) };
  if (body && !sending.chunked) headers["content-length"] = String(body.byteLength);
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: sending.method ?? "POST", headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          text,
          json: parse(text),
        });
      });
      incoming.on("error", reject);
    });
    // A server that refuses a body may close before the client has written all of it; the
    // answer it already sent is what the test looks at.
    outgoing.on("error", reject);
    if (body) outgoing.write(body);
    outgoing.end();
  });
}

/** Sends a JSON body signed with the given signature. */
export function sendSigned(url: string, body: string | Uint8Array, signature: string) {
  return send(url, {
    body,
    headers: { "content-type": "application/json", "x-helpscout-signature": signature },
  });
}
