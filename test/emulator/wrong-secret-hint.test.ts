import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/emulator/run-check.js";
import { startTestCardServer } from "../helpers/card-server.js";

describe("check against an app configured with another secret", () => {
  let server: Awaited<ReturnType<typeof startTestCardServer>>;
  beforeAll(async () => {
    server = await startTestCardServer({ secret: ["the-apps-secret"] });
  });
  afterAll(() => server.close());

  it("points at the secret rather than at how the app hashes", async () => {
    const report = await runCheck({ url: server.url, secret: "a-different-secret", debug: true });
    const valid = report.scenarios.find((scenario) => scenario.name === "valid-request");
    expect(report.passed).toBe(false);
    expect(valid?.passed).toBe(false);
    expect(valid?.detail).toContain("check that --secret is the secret the app is configured with");
  });
});
