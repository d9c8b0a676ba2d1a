import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/emulator/check-scenarios.js";
import { runCheck } from "../../src/emulator/run-check.js";
import { startTestCardServer } from "../helpers/card-server.js";

const SECRET = "own-server-check-secret-0123456789";

describe("check against the project's own customer-card server", () => {
  let server: Awaited<ReturnType<typeof startTestCardServer>>;
  beforeAll(async () => {
    server = await startTestCardServer({ secret: [SECRET] });
  });
  afterAll(() => server.close());

  it("passes every scenario", async () => {
    const report = await runCheck({ url: `${server.url}/`, secret: SECRET, debug: true });
    const failed = report.scenarios.filter((scenario) => !scenario.passed);
    expect(failed).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.scenarios).toHaveLength(SCENARIOS.length);
    const oversized = report.scenarios.find((scenario) => scenario.name === "oversized-body");
    expect(oversized?.detail).toBe("answered 413 to a body over 1 MiB.");
    const get = report.scenarios.find((scenario) => scenario.name === "get-request");
    expect(get?.detail).toBe("answered 405 to a GET.");
  });

  it("fails only the signature-dependent scenarios with the wrong secret", async () => {
    const report = await runCheck({ url: `${server.url}/`, secret: "not-the-secret", debug: true });
    const failed = report.scenarios.filter((scenario) => !scenario.passed).map((s) => s.name);
    expect(failed).toEqual([
      "valid-request",
      "draft",
      "no-customer",
      "non-ascii-name",
      "php-escaped-body",
      "markup-name",
    ]);
  });
});
