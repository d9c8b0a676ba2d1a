import type { HostileTarget } from "../../helpers/hostile-target.js";
import { hmacSignature } from "../../helpers/openssl.js";
import { buildRawRequest, type RawStep } from "../../helpers/raw-http.js";

/** One row of the hostile input matrix. */
export interface HostileCase {
  name: string;
  group:
    | "shared case"
    | "signature"
    | "body"
    | "method and path"
    | "slow sender"
    | "content-length";
  /** The bytes to send, with pauses, built for the target under test. */
  steps(target: HostileTarget): RawStep[];
  /** The statuses a correct server may answer (usually one). */
  status: number | number[];
  /**
   * The `code` of the JSON answer; `null` for an answer with no error code (a 200 card, or a
   * 405 to HEAD, which has no body); `PARSER` when the HTTP layer refuses the bytes before the
   * app sees them (Node's bare 400 or 431; a server may add its own JSON body there).
   */
  code: string | null | typeof PARSER;
}

/** The code of a case the HTTP parser refuses before any app code runs. */
export const PARSER = "(refused by the HTTP parser)";

export const CURRENT = "hostile-current-secret-A1b2C3";
export const PREVIOUS = "hostile-previous-secret-Z9y8";
export const SECRETS = [CURRENT, PREVIOUS];

export const BODY =
  '{"ticket":{"id":1,"subject":"Hi"},"customer":{"fname":"Ann","email":"ann@example.com"}}';
export const SIG = hmacSignature(BODY, CURRENT);

export interface RequestSpec {
  method?: string;
  path?: string;
  body?: Uint8Array | string;
  /** Sign the body with this secret; `false` sends no signature header. Default: CURRENT. */
  signWith?: string | false;
  /** Header lines after the signature. */
  headers?: Array<[string, string]>;
  /** A signature header value to send instead of the computed one. */
  signature?: string;
  noContentLength?: boolean;
}

/** The bytes of one request against the target, signed unless told otherwise. */
export function request(target: HostileTarget, spec: RequestSpec = {}): Buffer {
  const body = spec.body ?? BODY;
  const headers: Array<[string, string]> = [];
  const secret = spec.signWith ?? CURRENT;
  if (spec.signature !== undefined) headers.push(["x-helpscout-signature", spec.signature]);
  else if (secret !== false) headers.push(["x-helpscout-signature", hmacSignature(body, secret)]);
  headers.push(...(spec.headers ?? []));
  return buildRawRequest({
    method: spec.method ?? "POST",
    path: spec.path ?? target.path,
    headers,
    body,
    ...(spec.noContentLength ? { noContentLength: true } : {}),
  });
}

/** A request with a raw head (`\r\n`-joined lines, no blank line) followed by the given body. */
export function rawHead(
  target: HostileTarget,
  lines: string[],
  body: Uint8Array | string = "",
): Buffer {
  const head = [`POST ${target.path} HTTP/1.1`, "host: 127.0.0.1", "connection: close", ...lines];
  return Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`, "latin1"), Buffer.from(body)]);
}

export const one = (bytes: Buffer): RawStep[] => [bytes];
