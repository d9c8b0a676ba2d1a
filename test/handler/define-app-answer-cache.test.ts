import { describe, expect, it } from "vitest";
import { type AnswerCache, createAnswerCache } from "../../src/handler/answer-cache.js";
import { defineApp } from "../../src/handler/define-app.js";
import type { OutgoingResponse } from "../../src/handler/types.js";
import { html } from "../../src/html/html.js";
import { DynamicAppError } from "../../src/protocol/errors.js";
import { captureLogger } from "../helpers/log-capture.js";
import { opensslSignature } from "../helpers/openssl.js";

const SECRET = "answer-cache-secret-Hq4Zt8";
const UNKNOWN_SECRET = "a-secret-this-app-does-not-have";

/**
 * An app with an answer cache whose render function counts its calls. The body's "mode" picks a
 * failure; otherwise the card names the customer and the render's own call number, so a cached
 * answer can be told from a fresh one.
 */
function countingApp() {
  const log = captureLogger();
  const cache: AnswerCache = createAnswerCache({ ttlMs: 60_000, maxEntries: 100 });
  let renders = 0;
  const app = defineApp({
    secrets: SECRET,
    deadlineMs: 50,
    logger: log.logger,
    answerCache: cache,
    render: ({ request, details }) => {
      renders += 1;
      details.customerFound = true;
      const mode = request.raw.mode;
      if (mode === "throw") throw new Error("render failed on purpose");
      if (mode === "hang") return new Promise<never>(() => {});
      if (mode === "store-down") {
        throw new DynamicAppError("store_unavailable", "The customer database cannot be reached.");
      }
      return html`<p>${request.customerName ?? "nobody"} (render ${renders})</p>`;
    },
  });
  const post = (body: Buffer, signature: string, url = "/", method = "POST") =>
    app.handle({
      method,
      url,
      headers: { "x-helpscout-signature": signature, "content-type": "application/json" },
      body,
    });
  return { app, cache, log, post, renders: () => renders };
}

function bytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), "utf8");
}

function jsonOf(answer: OutgoingResponse): Record<string, unknown> {
  return JSON.parse(answer.body.toString("utf8")) as Record<string, unknown>;
}

const JAN = bytes({ customer: { fname: "Jan", email: "jan@example.com" }, ticket: { id: 7 } });

describe("defineApp with an answer cache", () => {
  it("answers the same signed bytes a second time without rendering, with the same body", async () => {
    const { post, log, renders } = countingApp();
    const signature = opensslSignature(JAN, SECRET);
    const first = await post(JAN, signature);
    const second = await post(Buffer.from(JAN), signature);
    expect(renders()).toBe(1);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(jsonOf(first)).toEqual({ html: "<p>Jan (render 1)</p>" });
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.headers["content-length"]).toBe(String(first.body.byteLength));
    // Each answer is its own request, with its own id.
    const firstId = first.headers["x-request-id"];
    const secondId = second.headers["x-request-id"];
    expect(firstId).toBeTypeOf("string");
    expect(secondId).not.toBe(firstId);

    const lineOf = (id: string | undefined) =>
      log.lines.find((line) => line.fields.requestId === id && line.message === "answered");
    expect(lineOf(firstId)?.fields.cachedAnswer).toBeUndefined();
    expect(lineOf(firstId)?.fields.customerFound).toBe(true);
    // The repeat's line says it was cached and keeps what the render reported the first time.
    expect(lineOf(secondId)?.level).toBe("info");
    expect(lineOf(secondId)?.fields).toMatchObject({
      cachedAnswer: true,
      customerFound: true,
      requestId: secondId,
      status: 200,
    });
  });

  it("refuses a body one byte off under a cached signature with 401, without rendering", async () => {
    const { post, renders } = countingApp();
    const signature = opensslSignature(JAN, SECRET);
    expect((await post(JAN, signature)).status).toBe(200);
    const tampered = Buffer.from(JAN);
    // "ticket":{"id":7} becomes "id":8: one byte, still valid JSON.
    const seven = tampered.lastIndexOf("7");
    tampered[seven] = "8".charCodeAt(0);
    expect(tampered.equals(JAN)).toBe(false);
    const answer = await post(tampered, signature);
    expect(answer.status).toBe(401);
    expect(jsonOf(answer).code).toBe("invalid_signature");
    expect(answer.body.toString("utf8")).not.toContain("Jan");
    expect(renders()).toBe(1);
    // The genuine bytes are still answered from the cache.
    expect(jsonOf(await post(JAN, signature))).toEqual({ html: "<p>Jan (render 1)</p>" });
    expect(renders()).toBe(1);
  });

  it("checks the path and the method before the cache", async () => {
    const { post, renders } = countingApp();
    const signature = opensslSignature(JAN, SECRET);
    await post(JAN, signature);
    expect((await post(JAN, signature, "/elsewhere")).status).toBe(404);
    expect((await post(JAN, signature, "/", "PUT")).status).toBe(405);
    expect(renders()).toBe(1);
  });

  for (const [mode, code] of [
    ["throw", "render_failed"],
    ["hang", "render_timeout"],
    ["store-down", "store_unavailable"],
  ] as const) {
    it(`does not keep a ${code} error card: the repeat is rendered again`, async () => {
      const { post, cache, log, renders } = countingApp();
      const body = bytes({ customer: { fname: "Jan" }, mode });
      const signature = opensslSignature(body, SECRET);
      const first = await post(body, signature);
      expect(first.status).toBe(200);
      expect(jsonOf(first).code).toBe(code);
      expect(jsonOf(first).html).toContain("Error");
      const second = await post(body, signature);
      expect(jsonOf(second).code).toBe(code);
      expect(renders()).toBe(2);
      expect(cache.size()).toBe(0);
      const failed = log.lines.filter((line) => line.message === "failed");
      expect(failed.map((line) => line.fields.cachedAnswer)).toEqual([undefined, undefined]);
    });
  }

  it("keeps nothing for a request signed with a secret the app does not have", async () => {
    const { post, cache, renders } = countingApp();
    const signature = opensslSignature(JAN, UNKNOWN_SECRET);
    for (let round = 0; round < 2; round += 1) {
      const answer = await post(JAN, signature);
      expect(answer.status).toBe(401);
      expect(jsonOf(answer).code).toBe("invalid_signature");
    }
    expect(cache.size()).toBe(0);
    expect(renders()).toBe(0);
    // The same bytes signed with the app's secret are then rendered, not served a refusal.
    const genuine = await post(JAN, opensslSignature(JAN, SECRET));
    expect(jsonOf(genuine)).toEqual({ html: "<p>Jan (render 1)</p>" });
  });

  it("keeps an answer only as long as the data readFrom names allows", async () => {
    const clock = { now: 10_000 };
    const cache = createAnswerCache({ ttlMs: 1000, maxEntries: 10, now: () => clock.now });
    let renders = 0;
    const app = defineApp({
      secrets: SECRET,
      answerCache: cache,
      render: ({ readFrom }) => {
        renders += 1;
        // As a cache of the app's own would: this card comes from data read 600 ms ago.
        readFrom(clock.now - 600);
        return html`<p>render ${renders}</p>`;
      },
    });
    const post = () =>
      app.handle({
        method: "POST",
        url: "/",
        headers: { "x-helpscout-signature": opensslSignature(JAN, SECRET) },
        body: JAN,
      });
    expect(jsonOf(await post())).toEqual({ html: "<p>render 1</p>" });
    clock.now += 399;
    expect(jsonOf(await post())).toEqual({ html: "<p>render 1</p>" });
    clock.now += 1;
    // 400 ms after the render, its data is 1000 ms old: the answer is built again.
    expect(jsonOf(await post())).toEqual({ html: "<p>render 2</p>" });
  });

  it("refuses to share one answer cache between two apps, which could mix their secrets", () => {
    const { cache } = countingApp();
    expect(() =>
      defineApp({ secrets: UNKNOWN_SECRET, answerCache: cache, render: () => html`<p>other</p>` }),
    ).toThrow(/already serves another app/);
  });

  it("keeps nothing for a body that is not JSON, even though its signature is right", async () => {
    const { post, cache } = countingApp();
    const body = Buffer.from("not json", "utf8");
    const answer = await post(body, opensslSignature(body, SECRET));
    expect(answer.status).toBe(400);
    expect(cache.size()).toBe(0);
  });

  it("gives each signature its own entry: the same bytes signed two ways render twice", async () => {
    const log = captureLogger();
    const cache = createAnswerCache({ ttlMs: 60_000, maxEntries: 100 });
    let renders = 0;
    const app = defineApp({
      secrets: [SECRET, "the-previous-secret-R2d7"],
      logger: log.logger,
      answerCache: cache,
      render: () => {
        renders += 1;
        return html`<p>render ${renders}</p>`;
      },
    });
    const post = (signature: string) =>
      app.handle({
        method: "POST",
        url: "/",
        headers: { "x-helpscout-signature": signature },
        body: JAN,
      });
    await post(opensslSignature(JAN, SECRET));
    await post(opensslSignature(JAN, "the-previous-secret-R2d7"));
    await post(opensslSignature(JAN, SECRET));
    expect(renders).toBe(2);
    expect(cache.size()).toBe(2);
  });
});
