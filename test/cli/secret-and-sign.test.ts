import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { opensslSignature } from "../helpers/openssl.js";

describe("helpscout-app secret", () => {
  it("prints a new 40-character secret of letters and digits each time", async () => {
    const first = await runCli(["secret"]);
    const second = await runCli(["secret"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^[A-Za-z0-9]{40}\n$/);
    expect(second.stdout).not.toBe(first.stdout);
  });
});

describe("helpscout-app sign", () => {
  it("signs standard input's exact bytes like openssl does", async () => {
    const body = '{"customer":{"fname":"Mar\\u00eda","note":"77\\/B"}}\n';
    const { code, stdout } = await runCli(["sign", "--secret", "k3y"], { input: body });
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(opensslSignature(body, "k3y"));
  });

  it("gives the documented vector", async () => {
    const { stdout } = await runCli(["sign", "--secret", "asdfasdf"], { input: '{"id":123}' });
    expect(stdout.trim()).toBe("7S2+kN8bZsrdAEADJ+yYfWWsf/4=");
  });

  it("asks for a secret when none is given", async () => {
    const { code, stderr } = await runCli(["sign"], { input: "{}" });
    expect(code).toBe(2);
    expect(stderr).toContain("--secret");
  });
});
