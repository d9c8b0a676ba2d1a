import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, startCli } from "../helpers/cli.js";
import { opensslSignature } from "../helpers/openssl.js";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "serve-cli-"));
}

describe("helpscout-app serve", () => {
  it("lists the commands with --help", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const name of ["serve", "import", "secret", "sign"]) expect(stdout).toContain(name);
  });

  it("refuses a secret longer than 40 characters and says why", async () => {
    const { code, stderr } = await runCli(["serve", "--port", "0", "--secret", "x".repeat(41)]);
    expect(code).toBe(2);
    expect(stderr).toContain("41 characters");
    expect(stderr).toContain("at most 40");
  });

  it("needs a secret when the database is not the demo one", async () => {
    const db = join(tempDir(), "own.db");
    const { code, stderr } = await runCli(["serve", "--port", "0", "--db", db]);
    expect(code).toBe(2);
    expect(stderr).toContain("HELPSCOUT_SECRET");
  });

  it("in demo mode creates the database, prints a secret once, and its curl line gets a card", async () => {
    const cwd = tempDir();
    const { child, output, match } = await startCli(
      ["serve", "--port", "0", "--host", "127.0.0.1"],
      /curl -s (\S+) -H '[^']+' -d '([^']+)'/,
      { cwd, env: { LOG_LEVEL: "info" } },
    );
    try {
      const secret = output().match(/generated the secret (\w{40})/)?.[1];
      expect(secret).toBeDefined();
      const [, url, body] = match;
      const signature = opensslSignature(body ?? "", secret ?? "");
      // curl, as a user would paste it: the server must answer the card.
      const answer = execFileSync("curl", [
        "-s",
        url ?? "",
        "-H",
        `X-HELPSCOUT-SIGNATURE: ${signature}`,
        "-d",
        body ?? "",
      ]).toString();
      expect(JSON.parse(answer).html).toContain("Jan Baker");
      // The secret is printed once, on the banner, and never on a log line.
      expect(output().split(secret ?? "").length - 1).toBe(1);
    } finally {
      child.kill("SIGTERM");
    }
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
  });

  it("accepts any of several secrets from HELPSCOUT_SECRET and --secret, and no other", async () => {
    const { child, match } = await startCli(
      ["serve", "--port", "0", "--host", "127.0.0.1", "--secret", "flag-secret"],
      /"url":"(http[^"]+)"/,
      { cwd: tempDir(), env: { HELPSCOUT_SECRET: "old-secret, new-secret" } },
    );
    try {
      const body = JSON.stringify({ customer: { email: "lee@example.net" } });
      const statusWith = async (secret: string) =>
        (
          await fetch(match[1] ?? "", {
            method: "POST",
            headers: { "x-helpscout-signature": opensslSignature(body, secret) },
            body,
          })
        ).status;
      expect(await statusWith("flag-secret")).toBe(200);
      expect(await statusWith("old-secret")).toBe(200);
      expect(await statusWith("new-secret")).toBe(200);
      expect(await statusWith("other-secret")).toBe(401);
    } finally {
      child.kill("SIGTERM");
    }
    // Waited for, so a primary that failed to stop would fail the test instead of outliving it.
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
  });
});
