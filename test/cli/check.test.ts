import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheckCommand } from "../../src/cli/check.js";
import {
  BROKEN_LISTENERS,
  goodApp,
  listen,
  type RunningServer,
  SECRET,
} from "../emulator/test-servers.js";

async function check(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await runCheckCommand(args, {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      out += text;
    },
  });
  return { code, out };
}

describe("helpscout-app check", () => {
  let good: RunningServer;
  let crashing: RunningServer;
  beforeAll(async () => {
    good = await listen(goodApp());
    const listener = BROKEN_LISTENERS["crashes on a junk signature"];
    if (!listener) throw new Error("missing server");
    crashing = await listen(listener);
  });
  afterAll(async () => {
    await Promise.all([good.close(), crashing.close()]);
  });

  it("prints a table and exits 0 when every scenario passes", async () => {
    const { code, out } = await check([good.url, "--secret", SECRET, "--debug"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^valid-request +pass +\d+ ms +answered a card/m);
    expect(out).toContain("All 12 scenarios passed.");
  });

  it("exits 1 and names the failing scenario", async () => {
    const { code, out } = await check([crashing.url, "--secret", SECRET, "--debug"]);
    expect(code).toBe(1);
    expect(out).toMatch(/^junk-signature +FAIL .*closed the connection/m);
    expect(out).toContain("11 of 12 scenarios passed; failed: junk-signature.");
  });

  it("prints JSON for CI with --json", async () => {
    const { code, out } = await check([crashing.url, "--secret", SECRET, "--debug", "--json"]);
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      passed: boolean;
      scenarios: { name: string; passed: boolean }[];
    };
    expect(report.passed).toBe(false);
    expect(report.scenarios.filter((s) => !s.passed).map((s) => s.name)).toEqual([
      "junk-signature",
    ]);
  });

  it("refuses a plain-HTTP URL without --debug, saying why", async () => {
    const { code, out } = await check([good.url, "--secret", SECRET]);
    expect(code).toBe(1);
    expect(out).toMatch(/check could not start: Help Scout calls only HTTPS URLs/);
  });
});
