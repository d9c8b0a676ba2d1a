import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { postSigned } from "../helpers/signed-request.js";
import { spawnServe } from "../security/serve-process.js";

const SECRET = "closed-stdout-secret";
const BODY = JSON.stringify({
  ticket: { id: 9, number: 1009, subject: "Log reader gone" },
  customer: { email: "jan@example.com" },
});

function exited(serve: ReturnType<typeof spawnServe>, waitMs: number): Promise<number | null> {
  const { child } = serve;
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), waitMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe("`serve` whose log reader has gone", () => {
  it("keeps answering once its standard output is closed, and stops on SIGTERM with 0", async () => {
    const serve = spawnServe(
      ["--port", "0", "--host", "127.0.0.1", "--workers", "1", "--secret", SECRET],
      { cwd: mkdtempSync(join(tmpdir(), "hsda-closed-stdout-")), env: { LOG_LEVEL: "info" } },
    );
    try {
      const [, url] = await serve.waitFor(/"url":"([^"]+)"/);
      // The program reading the log stops, as a crashed log shipper or `serve | head` does.
      serve.child.stdout?.destroy();
      // Spaced out past the 100 ms flush, so each answer's line is written into the closed pipe.
      for (let request = 0; request < 4; request += 1) {
        const answer = await Promise.race([
          postSigned(url ?? "", BODY, { secret: SECRET }),
          new Promise<undefined>((wake) => setTimeout(wake, 3_000)),
        ]);
        expect(answer?.status).toBe(200);
        await new Promise((wake) => setTimeout(wake, 150));
      }
      serve.child.kill("SIGTERM");
      expect(await exited(serve, 5_000)).toBe(0);
    } finally {
      serve.child.kill("SIGKILL");
    }
  });
});
