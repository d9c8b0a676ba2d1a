import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DynamicApp, defineApp } from "../../src/handler/define-app.js";
import type { IncomingRequest } from "../../src/handler/types.js";
import { html } from "../../src/html/html.js";
import { ERROR_CODES } from "../../src/protocol/errors.js";
import { captureLogger } from "../helpers/log-capture.js";
import { hmacSignature } from "../helpers/openssl.js";
import { rawExchange } from "../helpers/raw-http.js";
import { type RunningApp, startApp } from "../helpers/server.js";
import { RUNS, reportRuns } from "./run-counts.js";

const SECRETS = ["prop-current-secret-1234", "prop-old-secret-5678"];
const KNOWN_STATUSES = new Set<number>(Object.values(ERROR_CODES));
const LIMIT = 8 * 1024;

/** The render function echoes the parsed body, so a test sees exactly what the app was given. */
const app: DynamicApp = defineApp({
  secrets: SECRETS,
  bodyLimit: LIMIT,
  render: ({ request }) => html`${JSON.stringify(request.raw)}`,
});

const methodArb = fc.oneof(
  fc.constantFrom("POST", "GET", "PUT", "HEAD", "OPTIONS", "DELETE", "post"),
  fc.string({ maxLength: 10 }),
);
const urlArb = fc.oneof(fc.constantFrom("/", "/?a=1", "//", "/x"), fc.string({ maxLength: 30 }));
const bodyArb = fc.oneof(
  fc.uint8Array({ maxLength: 1024 }),
  fc.json({ maxDepth: 4 }).map((text) => new TextEncoder().encode(text)),
  fc.uint8Array({ minLength: LIMIT - 4, maxLength: LIMIT + 4 }),
);
const headerArb = fc.oneof(
  fc.string({ maxLength: 100, unit: "binary" }),
  fc.base64String({ minLength: 28, maxLength: 28 }),
  fc.array(fc.base64String({ minLength: 28, maxLength: 28 }), { maxLength: 3 }),
  fc.constant(undefined),
);

/** True when the bytes are strict UTF-8 holding a JSON object: what must be answered 200. */
function isJsonObject(bytes: Uint8Array): boolean {
  try {
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function expectDefinedAnswer(answer: Awaited<ReturnType<DynamicApp["handle"]>>) {
  expect(KNOWN_STATUSES.has(answer.status)).toBe(true);
  expect(answer.headers["content-length"]).toBe(String(answer.body.byteLength));
  const json = JSON.parse(answer.body.toString("utf8")) as Record<string, unknown>;
  expect(typeof json.html === "string" || typeof json.code === "string").toBe(true);
  return json;
}

describe("the handler on random requests", () => {
  it(`never rejects, always answers a defined status, and never accepts an unsigned body (${RUNS.handlerNeverCrashes} runs)`, async () => {
    const log = captureLogger();
    const logged = defineApp({
      secrets: SECRETS,
      bodyLimit: LIMIT,
      logger: log.logger,
      render: () => "ok",
    });
    await fc.assert(
      fc.asyncProperty(methodArb, urlArb, bodyArb, headerArb, async (method, url, body, header) => {
        const headers: IncomingRequest["headers"] = {};
        if (header !== undefined) headers["x-helpscout-signature"] = header;
        const answer = await logged.handle({ method, url, headers, body });
        const json = expectDefinedAnswer(answer);
        const single = Array.isArray(header) && header.length === 1 ? header[0] : header;
        const signed =
          typeof single === "string" &&
          SECRETS.some((secret) => hmacSignature(body, secret) === single.trim());
        if (!signed) {
          expect(answer.status).not.toBe(200);
          expect(json.html).toBeUndefined();
        }
      }),
      { numRuns: RUNS.handlerNeverCrashes },
    );
    // Whatever came in, no secret reached the log.
    for (const secret of SECRETS) expect(log.text()).not.toContain(secret);
    reportRuns("handler never crashes on random requests", RUNS.handlerNeverCrashes);
  });

  it(`accepts any body signed with a configured secret, byte for byte (${RUNS.signedObjectRoundTrip} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, fc.nat(), async (body, pick) => {
        const secret = SECRETS[pick % SECRETS.length] ?? "";
        const headers = { "x-helpscout-signature": hmacSignature(body, secret) };
        const answer = await app.handle({ method: "POST", url: "/", headers, body });
        const json = expectDefinedAnswer(answer);
        if (body.byteLength > LIMIT) {
          expect(json.code).toBe("payload_too_large");
        } else if (isJsonObject(body)) {
          expect(answer.status).toBe(200);
          // The app saw the very object the bytes hold.
          const text = new TextDecoder().decode(body);
          expect(
            JSON.parse(String(json.html).replace(/&quot;|&#39;|&lt;|&gt;|&amp;/g, decodeEntity)),
          ).toEqual(JSON.parse(text));
        } else {
          expect(answer.status).toBe(400);
        }
        expect(json.code).not.toBe("invalid_signature");
      }),
      { numRuns: RUNS.signedObjectRoundTrip },
    );
    reportRuns("signed bodies accepted byte for byte", RUNS.signedObjectRoundTrip);
  });

  it(`accepts signed JSON objects written in any spelling: escapes, spacing, key order (${RUNS.signedBodyAccepted} runs)`, async () => {
    const objectText = fc
      .tuple(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })),
        fc.constantFrom(0, 1, 2, "\t"),
      )
      .map(([value, space]) => JSON.stringify(value, null, space))
      // Rewrite "/" and non-ASCII as escapes, as PHP's json_encode does: other bytes, same object.
      .chain((text) => fc.constantFrom(text, phpEscape(text)));
    await fc.assert(
      fc.asyncProperty(objectText, fc.nat(), async (text, pick) => {
        const body = Buffer.from(text, "utf8");
        const secret = SECRETS[pick % SECRETS.length] ?? "";
        const answer = await app.handle({
          method: "POST",
          url: "/",
          headers: { "x-helpscout-signature": hmacSignature(body, secret) },
          body,
        });
        expect(answer.status).toBe(200);
        // Signed over other bytes that parse to the same object: refused.
        const respelled = Buffer.from(JSON.stringify(JSON.parse(text)));
        if (!respelled.equals(body)) {
          const refused = await app.handle({
            method: "POST",
            url: "/",
            headers: { "x-helpscout-signature": hmacSignature(body, secret) },
            body: respelled,
          });
          expect(refused.status).toBe(401);
        }
      }),
      { numRuns: RUNS.signedBodyAccepted },
    );
    reportRuns("signed JSON in any spelling accepted", RUNS.signedBodyAccepted);
  });
});

function decodeEntity(entity: string): string {
  return { "&quot;": '"', "&#39;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&" }[entity] ?? entity;
}

function phpEscape(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "/") out += "\\/";
    else if (code > 0x7f && code <= 0xffff) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else if (code > 0xffff) {
      const high = Math.floor((code - 0x10000) / 0x400) + 0xd800;
      const low = ((code - 0x10000) % 0x400) + 0xdc00;
      out += `\\u${high.toString(16)}\\u${low.toString(16)}`;
    } else out += char;
  }
  return out;
}

describe("a real server on random bytes over TCP", () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({
      secrets: SECRETS,
      bodyLimit: LIMIT,
      bodyTimeoutMs: 300,
      render: () => "ok",
    });
  });

  afterAll(async () => {
    await running.close();
  });

  const headerValue = fc
    .string({ maxLength: 60, unit: "binary-ascii" })
    .map((value) => value.replace(/[\r\n\0]/g, ""));

  it(`answers or refuses every request and stays up (${RUNS.rawSocketNeverCrashes} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("POST", "GET", "PUT"),
        fc.uint8Array({ maxLength: 512 }),
        headerValue,
        fc.boolean(),
        async (method, body, header, sign) => {
          const signature = sign ? hmacSignature(body, SECRETS[0] ?? "") : header;
          const head = `${method} / HTTP/1.1\r\nhost: x\r\nconnection: close\r\nx-helpscout-signature: ${signature}\r\ncontent-length: ${body.length}\r\n\r\n`;
          const answer = await rawExchange(
            running.port,
            [Buffer.concat([Buffer.from(head, "latin1"), body])],
            {
              timeoutMs: 5000,
            },
          );
          expect(answer.status).toBeGreaterThanOrEqual(200);
          expect(answer.status).toBeLessThan(500);
          if (answer.status === 200) {
            expect(method).toBe("POST");
            expect(signature.trim()).toBe(hmacSignature(body, SECRETS[0] ?? ""));
          }
        },
      ),
      { numRuns: RUNS.rawSocketNeverCrashes },
    );
    reportRuns("real server never crashes on random bytes", RUNS.rawSocketNeverCrashes);
  });
});
