import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySignature } from "../../src/protocol/signature.js";
import { startTestCardServer } from "../helpers/card-server.js";
import { acceptedStatuses, caseBody, loadCases } from "../helpers/cases.js";

const cases = loadCases();
const secrets = [...new Set(cases.map((item) => item.secret))];

describe("every shared case through the real customer-card server", () => {
  let server: Awaited<ReturnType<typeof startTestCardServer>>;
  beforeAll(async () => {
    server = await startTestCardServer({ secret: secrets });
  });
  afterAll(() => server.close());

  it("has cases to run", () => {
    expect(cases.length).toBeGreaterThanOrEqual(7);
  });

  for (const item of cases) {
    it(`${item.name}: ${item.note}`, async () => {
      const body = caseBody(item);
      expect(verifySignature(body, item.signature, item.secret)).toBe(item.expect.signature_valid);

      const headers: Record<string, string> = {
        "content-type": "application/json",
        ...item.headers,
      };
      if (item.signature !== "") headers["x-helpscout-signature"] = item.signature;
      const response = await fetch(server.url, {
        method: item.method,
        headers,
        body: new Uint8Array(body),
      });
      const text = await response.text();
      const json = JSON.parse(text) as { html?: string; error?: string; code?: string };

      const statuses = acceptedStatuses(item);
      if (statuses.length > 0) expect(statuses).toContain(response.status);
      if (item.expect.signature_valid) {
        expect(response.status).toBe(200);
        expect(typeof json.html).toBe("string");
      } else {
        expect(json.html).toBeUndefined();
        expect(json.code).toMatch(/signature/);
      }
      for (const needle of item.expect.html_includes ?? []) expect(json.html).toContain(needle);
      for (const needle of item.expect.html_excludes ?? []) expect(json.html).not.toContain(needle);
    });
  }

  it("refuses the PHP-escaped case once its JSON is re-serialized", async () => {
    const item = cases.find((each) => each.name === "php-escaped-body");
    if (!item) throw new Error("the php-escaped-body case is missing");
    const reserialized = JSON.stringify(JSON.parse(caseBody(item).toString("utf8")));
    expect(reserialized).not.toBe(item.body);
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "x-helpscout-signature": item.signature },
      body: reserialized,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "invalid_signature" });
  });
});
