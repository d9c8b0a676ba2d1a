import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCardServer } from "../helpers/card-server.js";
import { captureLogger } from "../helpers/log-capture.js";
import { opensslSignature } from "../helpers/openssl.js";

const SECRET = "server-test-secret-0123456789";

async function post(url: string, body: string, secret = SECRET) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "x-helpscout-signature": opensslSignature(body, secret) },
    body,
  });
  return { response, json: (await response.json()) as { html: string; code?: string } };
}

describe("the customer-card server on its demo database", () => {
  const log = captureLogger();
  let server: Awaited<ReturnType<typeof startTestCardServer>>;
  beforeAll(async () => {
    server = await startTestCardServer({ secret: [SECRET] }, log.logger);
  });
  afterAll(() => server.close());

  it("answers a known customer's card, found by a secondary address in another case", async () => {
    const body = JSON.stringify({
      ticket: { id: 1, number: 2, subject: "Order" },
      customer: { fname: "Jan", emails: ["nobody@example.com", "JAN.BAKER@cupcakes.example"] },
    });
    const { response, json } = await post(server.url, body);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Number(response.headers.get("content-length"))).toBe(
      Buffer.byteLength(JSON.stringify(json)),
    );
    expect(json.html).toContain("Jan Baker");
    expect(json.html).toContain("Jan&#39;s Famous Cupcakes");
    expect(json.html).toContain('<span class="badge blue">Unlimited</span>');
    expect(json.html).toContain("24 May 2011");
    expect(json.html).toContain("$12,840.50");
    expect(json.html).toContain("#1042");
    expect(json.html).toContain("Account manager");
  });

  it("counts non-ASCII card bytes in content-length", async () => {
    const body = JSON.stringify({ customer: { email: "kenji@example.jp" } });
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "x-helpscout-signature": opensslSignature(body, SECRET) },
      body,
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.toString("utf8")).toContain("山田 健二");
    expect(Number(response.headers.get("content-length"))).toBe(bytes.byteLength);
  });

  it("says which addresses were tried when no record matches", async () => {
    const body = JSON.stringify({
      customer: {
        fname: "<b>Zed</b>",
        email: "Zed@Example.com",
        emails: ["zed@example.com", "z2@example.com"],
      },
    });
    const { json } = await post(server.url, body);
    expect(json.html).toContain("No customer record");
    expect(json.html).toContain("zed@example.com");
    expect(json.html).toContain("z2@example.com");
    expect(json.html.match(/zed@example\.com/g)).toHaveLength(1);
    expect(json.html).toContain("&lt;b&gt;Zed&lt;/b&gt;");
  });

  it("shows a draft notice for ticket: false, with the customer's card", async () => {
    const body = JSON.stringify({ ticket: false, customer: { email: "lee@example.net" } });
    const { json } = await post(server.url, body);
    expect(json.html).toContain("draft conversation");
    expect(json.html).toContain("Lee Chen");
    expect(json.html).toContain("Chen &amp; Daughters");
  });

  it("escapes markup stored in the database", async () => {
    const body = JSON.stringify({ customer: { email: "kenji@example.jp" } });
    const { json } = await post(server.url, body);
    expect(json.html).toContain("Prefers e-mail &lt;not&gt; phone");
    expect(json.html).not.toContain("<not>");
  });

  it("logs one line per request with id, status, duration and whether a customer was found", async () => {
    const body = JSON.stringify({ customer: { email: "jan@example.com" } });
    const { response } = await post(server.url, body);
    const id = response.headers.get("x-request-id");
    const line = log.lines.find((entry) => entry.fields.requestId === id);
    expect(line?.fields).toMatchObject({ status: 200, customerFound: true });
    expect(typeof line?.fields.durationMs).toBe("number");
    expect(log.text()).not.toContain(SECRET);
    expect(log.text()).not.toContain("jan@example.com");
  });
});
