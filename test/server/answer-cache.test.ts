import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/customers/sqlite-store.js";
import { silentLogger } from "../../src/handler/logger.js";
import { resolveServeConfig } from "../../src/server/config.js";
import { resolveScaleConfig } from "../../src/server/scale-config.js";
import { startCardServer } from "../../src/server/start-card-server.js";
import { opensslSignature } from "../helpers/openssl.js";

const SECRET = "answer-cache-server-secret-9";
const TTL_MS = 600;
const BODY = JSON.stringify({ ticket: { id: 7 }, customer: { email: "jan@example.com" } });
const SIGNATURE = opensslSignature(BODY, SECRET);

async function postCard(url: string): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "x-helpscout-signature": SIGNATURE },
    body: BODY,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { html: string }).html;
}

function seriesValue(text: string, series: string): number | undefined {
  const line = text.split("\n").find((each) => each.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("the answer cache in the served card app", () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "hsda-answer-cache-"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("serves the same card for a repeat until --cache-ttl has passed, then the database's", async () => {
    const db = join(folder, "customers.db");
    const config = resolveServeConfig({ port: "0", host: "127.0.0.1", db, secret: [SECRET] }, {});
    config.demo = true;
    const scale = resolveScaleConfig({ workers: "1", "cache-ttl": String(TTL_MS) }, {});
    const server = await startCardServer(config, silentLogger, scale);
    try {
      const sent = performance.now();
      const first = await postCard(server.url);
      const answered = performance.now();
      expect(first).toContain("Jan Baker");
      expect(await postCard(server.url)).toBe(first);

      // What `import` does from another process: a write through a store of its own.
      const writer = openSqliteStore(db);
      await writer.transaction((tx) =>
        tx.upsertCustomer({ emails: ["jan@example.com"], name: "Jan Renamed" }),
      );
      await writer.close();

      const stale = await postCard(server.url);
      // The first answer was stored after `sent`, so until `sent + TTL_MS` it must still be used.
      expect(performance.now() - sent).toBeLessThan(TTL_MS);
      expect(stale).toBe(first);

      // Both the answer and the look-up it was built from were stored before `answered`.
      await sleep(Math.max(0, answered + TTL_MS + 20 - performance.now()));
      const fresh = await postCard(server.url);
      expect(fresh).toContain("Jan Renamed");
      expect(fresh).not.toContain("Jan Baker");

      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(seriesValue(metrics, "hsda_answer_cache_hits_total")).toBe(2);
      expect(seriesValue(metrics, "hsda_answer_cache_misses_total")).toBe(2);
      expect(seriesValue(metrics, "hsda_answer_cache_entries")).toBe(1);
    } finally {
      await server.close();
    }
  });
});
