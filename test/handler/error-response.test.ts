import { describe, expect, it } from "vitest";
import { toNodeListener } from "../../src/adapters/node.js";
import { defineApp } from "../../src/handler/define-app.js";
import { defaultErrorCard, toErrorResponse } from "../../src/handler/error-response.js";
import { html } from "../../src/html/html.js";
import { DynamicAppError, ERROR_CODES, type ErrorCode } from "../../src/protocol/errors.js";
import { hmacSignature } from "../helpers/openssl.js";
import { listenOnFreePort } from "../helpers/server.js";
import { postSigned } from "../helpers/signed-request.js";

const SECRET = "error-card-secret";
const CARD_CODES = new Set(["render_failed", "render_timeout", "store_unavailable"]);

describe("toErrorResponse", () => {
  for (const [code, status] of Object.entries(ERROR_CODES) as Array<[ErrorCode, number]>) {
    it(`${code} answers ${status} with {error, code}${CARD_CODES.has(code) ? " and a card" : ""}`, () => {
      const response = toErrorResponse(new DynamicAppError(code, `Message for ${code}.`), "rid-1");
      expect(response.status).toBe(status);
      const json = JSON.parse(response.body.toString("utf8")) as Record<string, unknown>;
      expect(json.code).toBe(code);
      expect(json.error).toBe(`Message for ${code}.`);
      expect(response.headers["content-length"]).toBe(String(response.body.byteLength));
      expect(response.headers["x-request-id"]).toBe("rid-1");
      if (CARD_CODES.has(code)) expect(json.html).toContain("rid-1");
      else expect(json).not.toHaveProperty("html");
      expect(response.headers.allow).toBe(code === "method_not_allowed" ? "POST" : undefined);
    });
  }

  it("escapes the request id in the default card", () => {
    const card = String(defaultErrorCard({ code: "render_failed", requestId: "<b>id</b>" }));
    expect(card).toContain("&lt;b&gt;id&lt;/b&gt;");
  });

  it("uses the app's own card when given one", () => {
    const response = toErrorResponse(
      new DynamicAppError("render_timeout", "Late."),
      "rid-2",
      ({ code, requestId }) => html`<p>${code} ${requestId}</p>`,
    );
    expect(JSON.parse(response.body.toString()).html).toBe("<p>render_timeout rid-2</p>");
  });

  it("falls back to the default card when the app's own card throws", () => {
    const response = toErrorResponse(
      new DynamicAppError("render_failed", "Failed."),
      "rid-3",
      () => {
        throw new Error("the card itself is broken");
      },
    );
    const json = JSON.parse(response.body.toString()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(json.code).toBe("render_failed");
    expect(json.html).toContain("rid-3");
  });
});

describe("failures around the render function never take the server down", () => {
  it("a render function and an error card that both throw still answer", async () => {
    const app = defineApp({
      secrets: SECRET,
      render: () => {
        throw new Error("render broke");
      },
      renderErrorCard: () => {
        throw new Error("card broke");
      },
    });
    const running = await listenOnFreePort(toNodeListener(app));
    try {
      const answer = await postSigned(running.url, "{}", { secret: SECRET });
      expect(answer.status).toBe(200);
      expect(answer.json?.code).toBe("render_failed");
      // The server is still up for the next request.
      expect((await postSigned(running.url, "{}", { secret: SECRET })).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it("a render result whose toString throws answers render_failed", async () => {
    const app = defineApp({
      secrets: SECRET,
      render: () =>
        ({
          toString() {
            throw new Error("no string for you");
          },
        }) as never,
    });
    const bytes = Buffer.from("{}");
    const answer = await app.handle({
      method: "POST",
      url: "/",
      headers: { "x-helpscout-signature": hmacSignature(bytes, SECRET) },
      body: bytes,
    });
    expect(JSON.parse(answer.body.toString()).code).toBe("render_failed");
  });

  it("a request id that cannot be a header value drops that connection, not the process", async () => {
    const app = defineApp({ secrets: SECRET, render: () => "ok", requestId: () => "bad\r\nid" });
    const running = await listenOnFreePort(toNodeListener(app));
    try {
      await expect(postSigned(running.url, "{}", { secret: SECRET })).rejects.toThrow();
      // Had the rejection gone unhandled, Vitest would report it and Node would exit.
      await expect(postSigned(running.url, "{}", { secret: SECRET })).rejects.toThrow();
    } finally {
      await running.close();
    }
  });
});

describe("defineApp settings", () => {
  it("fills in the documented defaults", () => {
    const app = defineApp({ secrets: SECRET, render: () => "" });
    expect(app.settings).toMatchObject({
      path: "/",
      bodyLimit: 256 * 1024,
      deadlineMs: 5000,
      bodyTimeoutMs: 10_000,
    });
  });

  it("normalises the path", () => {
    expect(defineApp({ secrets: SECRET, render: () => "", path: "hs/" }).settings.path).toBe("/hs");
  });

  it("refuses limits that are not positive numbers, naming the setting", () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => defineApp({ secrets: SECRET, render: () => "", bodyLimit: bad })).toThrow(
        /bodyLimit/,
      );
      expect(() => defineApp({ secrets: SECRET, render: () => "", deadlineMs: bad })).toThrow(
        /deadlineMs.*milliseconds/,
      );
    }
  });

  it("refuses a time limit too long for a Node.js timer, which would fire at once", () => {
    expect(() =>
      defineApp({ secrets: SECRET, render: () => "", deadlineMs: 3_000_000_000 }),
    ).toThrow(/deadlineMs must be at most 2147483647 milliseconds/);
    expect(() => defineApp({ secrets: SECRET, render: () => "", bodyTimeoutMs: 2 ** 31 })).toThrow(
      /bodyTimeoutMs/,
    );
    expect(
      defineApp({ secrets: SECRET, render: () => "", deadlineMs: 2 ** 31 - 1 }).settings.deadlineMs,
    ).toBe(2 ** 31 - 1);
  });

  it("refuses to start without a secret", () => {
    expect(() => defineApp({ secrets: [], render: () => "" })).toThrow(TypeError);
    expect(() => defineApp({ secrets: "", render: () => "" })).toThrow(TypeError);
  });

  it("answers on a configured path only", async () => {
    const app = defineApp({ secrets: SECRET, render: () => "ok", path: "/hs" });
    const bytes = Buffer.from("{}");
    const headers = { "x-helpscout-signature": hmacSignature(bytes, SECRET) };
    const at = (url: string) => app.handle({ method: "POST", url, headers, body: bytes });
    expect((await at("/hs")).status).toBe(200);
    expect((await at("/hs/")).status).toBe(200);
    expect((await at("/hs?x=1")).status).toBe(200);
    expect((await at("/")).status).toBe(404);
    expect((await at("/hsx")).status).toBe(404);
    expect((await at("/hs/x")).status).toBe(404);
  });
});
