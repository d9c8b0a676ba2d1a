import { type ServerType, serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toFetchHandler } from "../../src/adapters/fetch.js";
import { describeAdapterContract, type RunningServer, UTF8_BODY } from "./adapter-contract.js";
import { sendSigned } from "./http-client.js";
import { opensslSign } from "./signing.js";
import { createTestApp, SECRET } from "./test-app.js";

function serveHono(hono: Hono): Promise<RunningServer & { base: string }> {
  return new Promise((resolve) => {
    const server: ServerType = serve(
      { fetch: hono.fetch, port: 0, hostname: "127.0.0.1" },
      (info) => {
        const base = `http://127.0.0.1:${info.port}`;
        resolve({
          base,
          url: `${base}/helpscout`,
          close: () => new Promise((done) => server.close(() => done())),
        });
      },
    );
  });
}

describeAdapterContract("Fetch (Hono on @hono/node-server)", () => {
  const handler = toFetchHandler(createTestApp());
  const hono = new Hono();
  hono.all("/helpscout", (c) => handler(c.req.raw));
  return serveHono(hono);
});

describe("Fetch handler details", () => {
  let server: RunningServer & { base: string };
  beforeAll(async () => {
    const handler = toFetchHandler(createTestApp());
    const hono = new Hono();
    hono.post("/parsed-first", async (c) => {
      await c.req.json();
      return handler(c.req.raw);
    });
    hono.post("/helpscout", (c) => handler(c.req.raw));
    server = await serveHono(hono);
  });
  afterAll(() => server.close());

  it("answers 500 body_already_parsed when the route read the JSON first", async () => {
    const answer = await sendSigned(
      `${server.base}/parsed-first`,
      UTF8_BODY,
      opensslSign(UTF8_BODY, SECRET),
    );
    expect(answer.status).toBe(500);
    expect(answer.json.code).toBe("body_already_parsed");
    expect(answer.json.error).toContain("untouched Request");
  });

  it("works when called directly with a Request, as Next.js route handlers are", async () => {
    const handler = toFetchHandler(createTestApp());
    const response = await handler(
      new Request("https://example.com/api/helpscout?x=1", {
        method: "POST",
        body: UTF8_BODY,
        headers: { "X-HelpScout-Signature": opensslSign(UTF8_BODY, SECRET) },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = (await response.json()) as { html: string };
    expect(body.html).toContain("Order 12/A für Zoë 😀");
  });
});
