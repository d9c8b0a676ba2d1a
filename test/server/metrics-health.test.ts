import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/handler/logger.js";
import { resolveServeConfig } from "../../src/server/config.js";
import { resolveScaleConfig, type ScaleFlags } from "../../src/server/scale-config.js";
import { startCardServer } from "../../src/server/start-card-server.js";
import { startDemoPostgres } from "../helpers/demo-postgres.js";
import { opensslSignature } from "../helpers/openssl.js";
import type { TestPostgres } from "../helpers/postgres.js";
import { seriesValue } from "../helpers/prometheus.js";

const SECRET = "metrics-test-secret-42";
const BODY = JSON.stringify({ ticket: { id: 7 }, customer: { email: "jan@example.com" } });
// The same customer in another conversation: other bytes, so only the look-up cache can help.
const OTHER_BODY = JSON.stringify({ ticket: { id: 8 }, customer: { email: "jan@example.com" } });

async function startOn(db: string, demo: boolean, flags: ScaleFlags) {
  const config = resolveServeConfig({ port: "0", host: "127.0.0.1", db, secret: [SECRET] }, {});
  config.demo = demo;
  const scale = resolveScaleConfig({ workers: "1", ...flags }, {});
  return startCardServer(config, silentLogger, scale);
}

function post(url: string, body = BODY) {
  return fetch(url, {
    method: "POST",
    headers: { "x-helpscout-signature": opensslSignature(body, SECRET) },
    body,
  });
}

describe("/metrics and /healthz on SQLite", () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "hsda-metrics-"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("counts requests by status, cache hits and database look-ups, and never shows the secret", async () => {
    const server = await startOn(join(folder, "cached.db"), true, {});
    try {
      expect((await post(server.url)).status).toBe(200);
      // A reload of the same conversation: answered whole from the answer cache.
      expect((await post(server.url)).status).toBe(200);
      // Another conversation with the same customer: its card comes from the look-up cache.
      expect((await post(server.url, OTHER_BODY)).status).toBe(200);
      const unsigned = await fetch(server.url, { method: "POST", body: BODY });
      expect(unsigned.status).toBe(401);
      const response = await fetch(`${server.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
      const text = await response.text();
      expect(seriesValue(text, 'hsda_requests_total{status="200"}')).toBe(3);
      expect(seriesValue(text, 'hsda_requests_total{status="401"}')).toBe(1);
      expect(seriesValue(text, "hsda_answer_cache_hits_total")).toBe(1);
      expect(seriesValue(text, "hsda_answer_cache_misses_total")).toBe(2);
      expect(seriesValue(text, "hsda_answer_cache_entries")).toBe(2);
      expect(seriesValue(text, "hsda_cache_hits_total")).toBe(1);
      expect(seriesValue(text, "hsda_cache_misses_total")).toBe(1);
      expect(seriesValue(text, "hsda_lookup_duration_seconds_count")).toBe(1);
      expect(seriesValue(text, "hsda_request_duration_seconds_count")).toBe(4);
      expect(text).not.toContain(SECRET);
    } finally {
      await server.close();
    }
  });

  it("reaches the database on every request with the cache off", async () => {
    const server = await startOn(join(folder, "uncached.db"), true, { "no-cache": true });
    try {
      await post(server.url);
      await post(server.url);
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(seriesValue(text, "hsda_lookup_duration_seconds_count")).toBe(2);
      expect(seriesValue(text, "hsda_cache_hits_total")).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("answers /healthz with 200 and the kind of database", async () => {
    const server = await startOn(join(folder, "health.db"), true, {});
    try {
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({ status: "ok", database: "sqlite" });
    } finally {
      await server.close();
    }
  });
});

describe("the server on PostgreSQL through an outage", () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startDemoPostgres();
  });
  afterAll(() => pg?.destroy());

  it("serves cards, reports 503 and an error card while down, and heals when the database is back", async () => {
    const server = await startOn(pg.url, false, { "no-cache": true });
    try {
      const before = await post(server.url);
      expect(before.status).toBe(200);
      expect(((await before.json()) as { html: string }).html).toContain("Jan Baker");
      expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({
        status: "ok",
        database: "postgres",
      });

      pg.stop();
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      const body = await health.text();
      expect(JSON.parse(body)).toEqual({ status: "unavailable", database: "postgres" });
      expect(body).not.toContain("127.0.0.1");
      // Help Scout shows only the html of a 200, so the outage is answered as an error card.
      const during = await post(server.url);
      const card = (await during.json()) as { code?: string; html?: string };
      expect(card.code).toBe("store_unavailable");
      expect(card.html).not.toContain("Jan Baker");

      pg.start();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const after = await post(server.url);
      expect(after.status).toBe(200);
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(seriesValue(text, "hsda_lookup_errors_total")).toBe(1);
    } finally {
      pg.start();
      await server.close();
    }
  });
});
