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
import { seriesValue } from "../helpers/prometheus.js";

const SECRET = "answer-cache-server-secret-9";
// `serve` gives each of its two stacked caches half of --cache-ttl.
const TTL_MS = 1200;
const BODY = JSON.stringify({ ticket: { id: 7 }, customer: { email: "jan@example.com" } });
// The same customer in another conversation: other bytes, so it is built from the look-up cache.
const OTHER_BODY = JSON.stringify({ ticket: { id: 8 }, customer: { email: "jan@example.com" } });

async function postCard(url: string, body = BODY): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "x-helpscout-signature": opensslSignature(body, SECRET) },
    body,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { html: string }).html;
}

describe("the answer cache in the served card app", () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "hsda-answer-cache-"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("never serves a card more than --cache-ttl behind the database, through both caches", async () => {
    const db = join(folder, "customers.db");
    const config = resolveServeConfig({ port: "0", host: "127.0.0.1", db, secret: [SECRET] }, {});
    config.demo = true;
    const scale = resolveScaleConfig({ workers: "1", "cache-ttl": String(TTL_MS) }, {});
    const server = await startCardServer(config, silentLogger, scale);
    try {
      const sent = performance.now();
      const first = await postCard(server.url);
      expect(first).toContain("Jan Baker");
      expect(await postCard(server.url)).toBe(first);

      // What `import` does from another process: a write through a store of its own.
      const writer = openSqliteStore(db);
      await writer.transaction((tx) =>
        tx.upsertCustomer({ emails: ["jan@example.com"], name: "Jan Renamed" }),
      );
      await writer.close();
      const changed = performance.now();

      const stale = await postCard(server.url);
      // The first answer was stored after `sent`, so until `sent + TTL_MS / 2` it is still used.
      expect(performance.now() - sent).toBeLessThan(TTL_MS / 2);
      expect(stale).toBe(first);
      // Another conversation, built from the look-up cache near the end of the old record's life
      // there, then kept in the answer cache: the stacking that must not add up to more than the
      // TTL. (Arriving later, it reads the database and shows the new name: also within the TTL.)
      await sleep(Math.max(0, sent + TTL_MS / 2 - 80 - performance.now()));
      await postCard(server.url, OTHER_BODY);

      await sleep(Math.max(0, changed + TTL_MS + 20 - performance.now()));
      for (const body of [OTHER_BODY, BODY]) {
        const fresh = await postCard(server.url, body);
        expect(fresh).toContain("Jan Renamed");
        expect(fresh).not.toContain("Jan Baker");
      }

      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(seriesValue(metrics, "hsda_answer_cache_hits_total")).toBe(2);
      expect(seriesValue(metrics, "hsda_answer_cache_misses_total")).toBe(4);
      expect(seriesValue(metrics, "hsda_answer_cache_entries")).toBe(2);
    } finally {
      await server.close();
    }
  });
});
