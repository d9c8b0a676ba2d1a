import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DebugServer, startDebugServer } from "../../src/debugger/debug-server.js";
import { isLoopbackHost } from "../../src/debugger/request-guard.js";
import { goodApp, listen, type RunningServer, SECRET } from "../emulator/test-servers.js";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so the Host and Origin headers can be anything a browser might send. */
function call(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, base),
      { method: options.method ?? "GET", headers: options.headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("the debug panel's server", () => {
  let app: RunningServer;
  let panel: DebugServer;
  let port: number;
  let token: string;

  beforeAll(async () => {
    app = await listen(goodApp());
    panel = await startDebugServer({ secret: SECRET, url: app.url, debug: true, port: 0 });
    port = Number(new URL(panel.url).port);
    const page = await call(panel.url, "/");
    token = /name="debug-token" content="([^"]+)"/.exec(page.body)?.[1] ?? "";
  });
  afterAll(async () => {
    await Promise.all([panel.close(), app.close()]);
  });

  it("listens on 127.0.0.1 only", () => {
    expect(new URL(panel.url).hostname).toBe("127.0.0.1");
  });

  it("serves the page with a strict content security policy and no secret in it", async () => {
    const page = await call(panel.url, "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(page.body).not.toContain(SECRET);
    expect(token).toMatch(/^[\w-]{32}$/);
    const config = await call(panel.url, "/api/config", { headers: { "x-debug-token": token } });
    expect(config.status).toBe(200);
    expect(config.body).not.toContain(SECRET);
    expect(JSON.parse(config.body)).toMatchObject({ url: app.url, debug: true });
  });

  it.each([
    "evil.example:PORT",
    "127.0.0.1.evil.example:PORT",
    "localhost:1",
    "localhost.",
    "[::2]:PORT",
    "0.0.0.0:PORT",
  ])("refuses Host %s with 403 (DNS rebinding)", async (host) => {
    const answer = await call(panel.url, "/", {
      headers: { host: host.replace("PORT", String(port)) },
    });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain("debug-token");
  });

  it.each(["127.0.0.1:PORT", "localhost:PORT", "[::1]:PORT", "LOCALHOST:PORT"])(
    "accepts Host %s",
    async (host) => {
      const answer = await call(panel.url, "/", {
        headers: { host: host.replace("PORT", String(port)) },
      });
      expect(answer.status).toBe(200);
    },
  );

  it("judges Host headers without a port by the default port", () => {
    expect(isLoopbackHost("localhost", 80)).toBe(true);
    expect(isLoopbackHost("localhost", 3001)).toBe(false);
    expect(isLoopbackHost(undefined, 3001)).toBe(false);
  });

  it("refuses API calls without the page's token, from another origin, or not as JSON", async () => {
    const payload = JSON.stringify({ url: app.url, body: "{}", debug: true });
    const json = { "content-type": "application/json" };
    const noToken = await call(panel.url, "/api/send", {
      method: "POST",
      headers: json,
      body: payload,
    });
    expect(noToken.status).toBe(403);
    const wrongToken = await call(panel.url, "/api/send", {
      method: "POST",
      headers: { ...json, "x-debug-token": `${token.slice(1)}x` },
      body: payload,
    });
    expect(wrongToken.status).toBe(403);
    const otherOrigin = await call(panel.url, "/api/send", {
      method: "POST",
      headers: { ...json, "x-debug-token": token, origin: "https://evil.example" },
      body: payload,
    });
    expect(otherOrigin.status).toBe(403);
    const asText = await call(panel.url, "/api/send", {
      method: "POST",
      headers: { "content-type": "text/plain", "x-debug-token": token },
      body: payload,
    });
    expect(asText.status).toBe(415);
    const badCall = await call(panel.url, "/api/send", {
      method: "POST",
      headers: { ...json, "x-debug-token": token },
      body: JSON.stringify({ url: app.url, body: 7 }),
    });
    expect(badCall.status).toBe(400);
    expect(JSON.parse(badCall.body).error).toMatch(/body as a string/);
  });

  it("signs and sends the edited body server-side and reports the answer", async () => {
    const body = '{"customer":{"fname":"Ada","email":"ada@example.com"}}';
    const answer = await call(panel.url, "/api/send", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-debug-token": token,
        origin: `http://127.0.0.1:${port}`,
      },
      body: JSON.stringify({ url: app.url, body, debug: true, signature: "valid" }),
    });
    expect(answer.status).toBe(200);
    const report = JSON.parse(answer.body) as {
      status: number;
      shownHtml: string;
      requestBody: string;
    };
    expect(report.status).toBe(200);
    expect(report.requestBody).toBe(body);
    expect(report.shownHtml).toContain("Ada");
    expect(answer.body).not.toContain(SECRET);
  });
});
