import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { command as importCommand } from "../../src/cli/import.js";
import { openStore } from "../../src/customers/open-store.js";
import { startTestPostgres, type TestPostgres } from "../helpers/postgres.js";

const CUSTOMERS = [
  "email,name,company,plan,lifetime_value,currency,Account manager",
  "ada@example.com;ADA@work.example,Ada Lovelace,Engines Ltd,Pro,1200.25,GBP,Priya",
  "grace@example.com,Grace Hopper,Navy,Unlimited,,USD,",
  "not-an-address,Nobody,,,,,",
  "ada@example.com,,,Enterprise,,,",
].join("\n");
const ORDERS = [
  "email,number,total,currency,status,placed_at,url",
  "ada@example.com,A-1,10.5,GBP,paid,2026-01-02,https://shop.example.com/A-1",
  "ada@work.example,A-2,99,GBP,refunded,2026-03-04,",
  "ghost@example.com,G-1,1,USD,paid,2026-01-01,",
].join("\n");

let server: TestPostgres;
let folder: string;

beforeAll(async () => {
  server = await startTestPostgres();
  folder = mkdtempSync(join(tmpdir(), "hsda-pg-import-"));
  writeFileSync(join(folder, "customers.csv"), CUSTOMERS);
  writeFileSync(join(folder, "orders.csv"), ORDERS);
});

afterAll(() => {
  server?.destroy();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function importInto(db: string): Promise<number> {
  return importCommand.run([
    join(folder, "customers.csv"),
    "--orders",
    join(folder, "orders.csv"),
    "--db",
    db,
  ]);
}

describe("helpscout-app import --db postgres://", () => {
  it("loads the same customers and orders as into SQLite, refusing the same rows", async () => {
    const sqliteFile = join(folder, "reference.db");
    // Both refuse one customer row and one order row, so both exit with 1.
    expect(await importInto(server.url)).toBe(1);
    expect(await importInto(sqliteFile)).toBe(1);
    const postgres = await openStore(server.url);
    const sqlite = await openStore(sqliteFile);
    try {
      expect(await postgres.countCustomers()).toBe(2);
      for (const email of ["ada@work.example", "grace@example.com"]) {
        expect(await postgres.findByEmails([email])).toEqual(await sqlite.findByEmails([email]));
      }
      const ada = await postgres.findByEmails(["ada@example.com"]);
      expect(ada).toMatchObject({
        name: "Ada Lovelace",
        plan: "Enterprise",
        lifetimeValue: 1200.25,
        emails: ["ada@example.com", "ada@work.example"],
      });
      expect(ada?.recentOrders.map((order) => order.number)).toEqual(["A-2", "A-1"]);
    } finally {
      await postgres.close();
      await sqlite.close();
    }
  });

  it("updates rather than duplicates when the same file is imported again", async () => {
    await importInto(server.url);
    const postgres = await openStore(server.url);
    try {
      expect(await postgres.countCustomers()).toBe(2);
      expect((await postgres.findByEmails(["ada@example.com"]))?.recentOrders).toHaveLength(2);
    } finally {
      await postgres.close();
    }
  });
});
