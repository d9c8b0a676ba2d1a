import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli, startCli } from "../helpers/cli.js";
import { opensslSignature } from "../helpers/openssl.js";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/app-modules/${name}`, import.meta.url));
const SECRET = "app-module-secret";

/** `serve --app` on a fixture module, one worker on loopback, with its base URL. */
async function serveModule(module: string) {
  const { child, match } = await startCli(
    ["serve", "--port", "0", "--host", "127.0.0.1", "--workers", "1", "--app", fixture(module)],
    /"url":"(http[^"]+)".*"secretCount":(\d+)/,
    { env: { HELPSCOUT_SECRET: SECRET } },
  );
  return { child, url: match[1] ?? "", secretCount: Number(match[2]) };
}

async function serveAndPost(module: string, body: string) {
  const { child, url } = await serveModule(module);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "x-helpscout-signature": opensslSignature(body, SECRET) },
      body,
    });
    const forged = await fetch(url, {
      method: "POST",
      headers: { "x-helpscout-signature": opensslSignature(body, "not-the-secret") },
      body,
    });
    return { status: response.status, json: await response.json(), forged: forged.status };
  } finally {
    child.kill("SIGTERM");
  }
}

describe("serve --app FILE", () => {
  it("serves a TypeScript app module with the server's secret, escaping what it renders", async () => {
    const body = JSON.stringify({ customer: { fname: "<i>Ada</i>", lname: "Lovelace" } });
    const { status, json, forged } = await serveAndPost("greeting-app.ts", body);
    expect(status).toBe(200);
    expect(json.html).toBe(
      '<div class="c-sb-section"><h4>Hello, &lt;i&gt;Ada&lt;/i&gt; Lovelace</h4></div>',
    );
    expect(forged).toBe(401);
  });

  it("serves a JavaScript module whose plain-string answer is escaped", async () => {
    const body = JSON.stringify({ customer: { email: "A<b>@example.com" } });
    const { json } = await serveAndPost("plain-app.mjs", body);
    expect(json.html).toBe("Addresses: a&lt;b&gt;@example.com");
  });

  it("serves /healthz and /metrics beside the app, counting its answers", async () => {
    const { child, url } = await serveModule("greeting-app.ts");
    try {
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok" });
      const body = JSON.stringify({ customer: { fname: "Ada" } });
      const signed = { "x-helpscout-signature": opensslSignature(body, SECRET) };
      const forged = { "x-helpscout-signature": opensslSignature(body, "not-the-secret") };
      expect((await fetch(url, { method: "POST", headers: signed, body })).status).toBe(200);
      expect((await fetch(url, { method: "POST", headers: signed, body })).status).toBe(200);
      expect((await fetch(url, { method: "POST", headers: forged, body })).status).toBe(401);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain('hsda_requests_total{status="200"} 2\n');
      expect(metrics).toContain('hsda_requests_total{status="401"} 1\n');
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("counts the secrets the app answers to in its start-up line: its own, or the server's", async () => {
    // A finished app keeps its three secrets; the server's one would be refused.
    const finished = await serveModule("finished-app.ts");
    try {
      expect(finished.secretCount).toBe(3);
      const body = JSON.stringify({ customer: { fname: "Ada" } });
      const own = { "x-helpscout-signature": opensslSignature(body, "finished-secret-two") };
      const servers = { "x-helpscout-signature": opensslSignature(body, SECRET) };
      expect((await fetch(finished.url, { method: "POST", headers: own, body })).status).toBe(200);
      expect((await fetch(finished.url, { method: "POST", headers: servers, body })).status).toBe(
        401,
      );
    } finally {
      finished.child.kill("SIGTERM");
    }
    // A definition without secrets takes the server's one.
    const definition = await serveModule("greeting-app.ts");
    definition.child.kill("SIGTERM");
    expect(definition.secretCount).toBe(1);
  });

  it("says what is wrong with a module that exports no app", async () => {
    const { code, stderr } = await runCli(
      ["serve", "--port", "0", "--workers", "1", "--app", fixture("../shared-cases/README.md")],
      { env: { HELPSCOUT_SECRET: SECRET } },
    );
    expect(code).toBe(1);
    expect(stderr).toContain("Could not load the app module");
  });
});
