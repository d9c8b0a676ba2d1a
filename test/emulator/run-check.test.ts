import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/emulator/run-check.js";
import { BROKEN_LISTENERS, goodApp, listen, type RunningServer, SECRET } from "./test-servers.js";

// The scenario each broken server must fail; others may fail too.
const EXPECTED_FAILURE: Record<string, string> = {
  "accepts any signature": "wrong-signature",
  "hashes re-serialized JSON": "php-escaped-body",
  "echoes names unescaped": "markup-name",
  "crashes on a junk signature": "junk-signature",
  redirects: "valid-request",
  "never answers": "valid-request",
};

describe("runCheck", () => {
  let good: RunningServer;
  beforeAll(async () => {
    good = await listen(goodApp());
  });
  afterAll(() => good.close());

  it("passes every scenario against a correct app built with the library", async () => {
    const report = await runCheck({ url: good.url, secret: SECRET, debug: true });
    const failed = report.scenarios.filter((s) => !s.passed);
    expect(failed).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.scenarios.map((s) => s.name)).toEqual([
      "valid-request",
      "draft",
      "no-customer",
      "non-ascii-name",
      "php-escaped-body",
      "markup-name",
      "wrong-signature",
      "missing-signature",
      "junk-signature",
      "empty-body",
      "oversized-body",
      "get-request",
    ]);
  });

  it("refuses to start on a plain-HTTP URL outside debug mode", async () => {
    const report = await runCheck({ url: good.url, secret: SECRET });
    expect(report.passed).toBe(false);
    expect(report.scenarios).toEqual([]);
    expect(report.error).toMatch(/only HTTPS/);
  });

  it("fails the valid request when the secret is not the app's", async () => {
    const report = await runCheck({ url: good.url, secret: "another-secret", debug: true });
    const valid = report.scenarios.find((s) => s.name === "valid-request");
    expect(valid?.passed).toBe(false);
    expect(valid?.detail).toMatch(/401/);
  });

  for (const [fault, scenario] of Object.entries(EXPECTED_FAILURE)) {
    it(`fails against a server that ${fault}, naming ${scenario}`, async () => {
      const listener = BROKEN_LISTENERS[fault];
      if (!listener) throw new Error(`no server for ${fault}`);
      const broken = await listen(listener);
      try {
        const report = await runCheck({
          url: broken.url,
          secret: SECRET,
          debug: true,
          timeoutMs: 300,
        });
        expect(report.passed).toBe(false);
        const named = report.scenarios.find((s) => s.name === scenario);
        expect(named?.passed, JSON.stringify(report.scenarios, null, 1)).toBe(false);
        expect(named?.detail.length).toBeGreaterThan(10);
      } finally {
        await broken.close();
      }
    });
  }

  it("lets the re-serializing server pass everything but the escaped body", async () => {
    const listener = BROKEN_LISTENERS["hashes re-serialized JSON"];
    if (!listener) throw new Error("missing server");
    const broken = await listen(listener);
    try {
      const report = await runCheck({ url: broken.url, secret: SECRET, debug: true });
      const failed = report.scenarios.filter((s) => !s.passed).map((s) => s.name);
      expect(failed).toEqual(["php-escaped-body"]);
      expect(report.scenarios.find((s) => s.name === "php-escaped-body")?.detail).toMatch(
        /raw bytes/,
      );
    } finally {
      await broken.close();
    }
  });
});
