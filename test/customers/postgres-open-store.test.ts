import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgresUrl, openStore } from "../../src/customers/open-store.js";
import { startTestPostgres, type TestPostgres } from "../helpers/postgres.js";

let server: TestPostgres;
let folder: string;

beforeAll(async () => {
  server = await startTestPostgres();
  folder = mkdtempSync(join(tmpdir(), "hsda-open-"));
});

afterAll(() => {
  server?.destroy();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("isPostgresUrl", () => {
  it("recognizes both URL schemes, in any case", () => {
    expect(isPostgresUrl("postgres://db/crm")).toBe(true);
    expect(isPostgresUrl("postgresql://db/crm")).toBe(true);
    expect(isPostgresUrl("PostgreSQL://db/crm")).toBe(true);
  });

  it("takes anything else for a file path", () => {
    expect(isPostgresUrl("data/customers.db")).toBe(false);
    expect(isPostgresUrl("./postgres/customers.db")).toBe(false);
    expect(isPostgresUrl("mysql://db/crm")).toBe(false);
  });
});

describe("openStore", () => {
  it("opens PostgreSQL for a postgres:// URL", async () => {
    const store = await openStore(server.url);
    try {
      expect(store.kind).toBe("postgres");
      expect(await store.countCustomers()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it("opens PostgreSQL for a postgresql:// URL", async () => {
    const store = await openStore(server.url.replace("postgres://", "postgresql://"));
    try {
      expect(store.kind).toBe("postgres");
    } finally {
      await store.close();
    }
  });

  it("opens a SQLite file for a path", async () => {
    const store = await openStore(join(folder, "customers.db"));
    try {
      expect(store.kind).toBe("sqlite");
      expect(await store.countCustomers()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it("refuses an empty setting with a message that says what to give", async () => {
    await expect(openStore("  ")).rejects.toThrow("give a file or a URL");
  });
});
