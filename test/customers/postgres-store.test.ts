import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { DEMO_CUSTOMERS, loadDemoData } from "../../src/customers/demo-data.js";
import { openPostgresStore } from "../../src/customers/postgres-store.js";
import { openSqliteStore } from "../../src/customers/sqlite-store.js";
import type {
  CustomerInput,
  CustomerRecord,
  CustomerStore,
  OrderInput,
} from "../../src/customers/types.js";
import { startTestPostgres, type TestPostgres } from "../helpers/postgres.js";

/** How many times the look-up statement ran, from PostgreSQL's own statistics. */
async function statementCalls(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ calls: string }>(
      "SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements WHERE query LIKE '%e.email = ANY%'",
    );
    return Number(result.rows[0]?.calls ?? 0);
  } finally {
    await client.end();
  }
}

/** An order as a look-up returns it: without the address it was imported under. */
function withoutEmail({ email: _email, ...order }: OrderInput) {
  return order;
}

let server: TestPostgres;
let store: CustomerStore;
let reference: CustomerStore;
let folder: string;

beforeAll(async () => {
  server = await startTestPostgres({
    extraOptions: ["shared_preload_libraries=pg_stat_statements"],
  });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  await admin.end();
  store = await openPostgresStore(server.url);
  await loadDemoData(store);
  folder = mkdtempSync(join(tmpdir(), "hsda-pg-ref-"));
  reference = openSqliteStore(join(folder, "reference.db"));
  await loadDemoData(reference);
});

afterAll(async () => {
  await store?.close();
  await reference?.close();
  server?.destroy();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("openPostgresStore", () => {
  it("finds Jan by either address, with his orders newest first", async () => {
    const jan = await store.findByEmails(["jan.baker@cupcakes.example"]);
    expect(jan).toMatchObject({
      name: "Jan Baker",
      company: "Jan's Famous Cupcakes",
      plan: "Unlimited",
      lifetimeValue: 12840.5,
      emails: ["jan@example.com", "jan.baker@cupcakes.example"],
      extra: { "Account manager": "Priya Shah", Region: "North America" },
    });
    expect(jan?.recentOrders.map((order) => order.number)).toEqual(["1042", "1017", "0988"]);
    expect(jan?.recentOrders[1]).toEqual({
      number: "1017",
      total: 99.5,
      currency: "USD",
      status: "refunded",
      placedAt: "2026-10-03",
      url: "https://shop.example.com/orders/1017",
    });
    expect(typeof jan?.id).toBe("number");
  });

  it("answers exactly what the SQLite store answers for every demo customer", async () => {
    for (const customer of DEMO_CUSTOMERS) {
      for (const email of customer.emails) {
        const fromPostgres = await store.findByEmails([email]);
        const fromSqlite = await reference.findByEmails([email]);
        expect(fromPostgres).toEqual(fromSqlite);
      }
    }
  });

  it("answers what the SQLite store answers for customers with empty columns and many orders", async () => {
    // Rows the demo data has none of: every optional column NULL, a value without a currency and
    // a currency without a value, orders with NULL fields, more orders than the card shows.
    const customers: CustomerInput[] = [
      { emails: ["nulls.only@example.com"] },
      {
        emails: ["many.orders@example.com", "many.orders.2@example.com"],
        name: "Many Orders",
        status: "active",
        customerSince: "2019-02-03",
        currency: "EUR",
        extra: { Tier: "2", Note: 'said "hi" <b>' },
      },
      { emails: ["value.only@example.com"], plan: "Free", lifetimeValue: 12.25 },
    ];
    const paid = (number: string, placedAt: string | null): OrderInput => ({
      email: "many.orders@example.com",
      number,
      total: 19.99,
      currency: "EUR",
      status: "paid",
      placedAt,
      url: null,
    });
    const orders: OrderInput[] = [
      paid("007", "2026-01-07"),
      paid("001", "2026-01-01"),
      { ...paid("blank", null), total: null, currency: null, status: null },
      paid("005", "2026-01-05"),
      paid("003", "2026-01-03"),
      paid("006", "2026-01-06"),
      paid("004", "2026-01-04"),
      {
        ...paid("undated", null),
        email: "value.only@example.com",
        total: null,
        currency: null,
        status: null,
      },
      { ...paid("dated", "2025-05-05"), email: "value.only@example.com" },
    ];
    // Stores of their own, so the other tests still count the demo customers only.
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query("CREATE DATABASE empty_columns");
    await admin.end();
    const postgres = await openPostgresStore(server.url.replace(/\/postgres$/, "/empty_columns"));
    const sqlite = openSqliteStore(join(folder, "empty-columns.db"));
    onTestFinished(async () => {
      await postgres.close();
      await sqlite.close();
    });
    for (const each of [postgres, sqlite]) {
      await each.transaction(async (writer) => {
        for (const customer of customers) await writer.upsertCustomer(customer);
        for (const order of orders) await writer.upsertOrder(order);
      });
    }
    const withoutId = (record: CustomerRecord | undefined) => {
      expect(typeof record?.id).toBe("number");
      const { id: _id, ...rest } = record as CustomerRecord;
      return rest;
    };
    const none = { name: null, company: null, plan: null, status: null, customerSince: null };
    const expected = {
      "nulls.only@example.com": {
        ...none,
        emails: ["nulls.only@example.com"],
        lifetimeValue: null,
        currency: null,
        extra: {},
        recentOrders: [],
      },
      "many.orders.2@example.com": {
        ...none,
        emails: ["many.orders@example.com", "many.orders.2@example.com"],
        name: "Many Orders",
        status: "active",
        customerSince: "2019-02-03",
        lifetimeValue: null,
        currency: "EUR",
        extra: { Tier: "2", Note: 'said "hi" <b>' },
        // The five newest; the undated order sorts last, so it is not among them.
        recentOrders: ["007", "006", "005", "004", "003"].map((number) => ({
          number,
          total: 19.99,
          currency: "EUR",
          status: "paid",
          placedAt: `2026-01-${number.slice(1)}`,
          url: null,
        })),
      },
      "value.only@example.com": {
        ...none,
        emails: ["value.only@example.com"],
        plan: "Free",
        lifetimeValue: 12.25,
        currency: null,
        extra: {},
        recentOrders: [
          withoutEmail(paid("dated", "2025-05-05")),
          {
            number: "undated",
            total: null,
            currency: null,
            status: null,
            placedAt: null,
            url: null,
          },
        ],
      },
    };
    for (const [email, record] of Object.entries(expected)) {
      const fromSqlite = await sqlite.findByEmails([email]);
      const fromPostgres = await postgres.findByEmails([email]);
      expect(withoutId(fromSqlite)).toEqual(record);
      expect(withoutId(fromPostgres)).toEqual(record);
    }
  });

  it("takes the first known address in the order given, and nothing for unknown ones", async () => {
    const found = await store.findByEmails([
      "nobody@example.com",
      "lee@example.net",
      "jan@example.com",
    ]);
    expect(found?.name).toBe("Lee Chen");
    expect(await store.findByEmails(["nobody@example.com"])).toBeUndefined();
    expect(await store.findByEmails([])).toBeUndefined();
  });

  it("gives each of many look-ups sent at once its own answer, as SQLite does one by one", async () => {
    // Every address of every demo customer, an unknown one, and lists where the first address is
    // unknown or belongs to another customer than the second: all in flight together, so they
    // share queries (see createLookupBatcher).
    const asks: string[][] = [["nobody@example.com"]];
    for (const customer of DEMO_CUSTOMERS) {
      for (const email of customer.emails) {
        asks.push([email], ["nobody@example.com", email], [email, "jan@example.com"]);
      }
    }
    const expected = [];
    for (const emails of asks) expected.push(await reference.findByEmails(emails));
    const queriesBefore = await statementCalls(server.url);
    const answers = await Promise.all(asks.map((emails) => store.findByEmails(emails)));
    const queries = (await statementCalls(server.url)) - queriesBefore;
    expect(answers).toEqual(expected);
    expect(answers.filter((answer) => answer === undefined)).toHaveLength(1);
    // All were asked in one turn of the event loop, with fewer than 500 addresses between them.
    expect(queries).toBe(1);
  });

  it("finds nothing for an address holding a NUL, without failing the look-ups batched with it", async () => {
    // JSON can carry "\u0000" and the request parser keeps it; PostgreSQL refuses a NUL in any
    // text value, which would fail the whole shared query.
    const asks = [
      ["evil\u0000@example.com"],
      ["evil\u0000@example.com", "jan@example.com"],
      ["lee@example.net"],
    ];
    const expected = [];
    for (const emails of asks) expected.push(await reference.findByEmails(emails));
    expect(expected.map((customer) => customer?.name)).toEqual([
      undefined,
      "Jan Baker",
      "Lee Chen",
    ]);
    const answers = await Promise.all(asks.map((emails) => store.findByEmails(emails)));
    expect(answers).toEqual(expected);
  });

  it("keeps Unicode names and customer-typed markup as they were written", async () => {
    expect((await store.findByEmails(["kenji@example.jp"]))?.name).toBe("山田 健二");
    expect((await store.findByEmails(["kenji@example.jp"]))?.extra).toEqual({
      Note: "Prefers e-mail <not> phone",
    });
  });

  it("counts customers", async () => {
    expect(await store.countCustomers()).toBe(DEMO_CUSTOMERS.length);
  });

  it("updates a customer found by any address and keeps columns left empty", async () => {
    const outcome = await store.transaction((writer) =>
      writer.upsertCustomer({ emails: ["LEE@example.net", "lee.chen@example.net"], plan: "Pro" }),
    );
    expect(outcome).toBe("updated");
    const lee = await store.findByEmails(["lee.chen@example.net"]);
    expect(lee).toMatchObject({
      name: "Lee Chen",
      plan: "Pro",
      emails: ["lee@example.net", "lee.chen@example.net"],
    });
    expect(await store.countCustomers()).toBe(DEMO_CUSTOMERS.length);
  });

  it("rolls back one failed row and keeps the others of the same transaction", async () => {
    const messages: string[] = [];
    await store.transaction(async (writer) => {
      await writer.upsertCustomer({ emails: ["first@example.com"], name: "First" });
      try {
        // Two addresses owned by two customers: refused, and nothing of the row stays.
        await writer.upsertCustomer({ emails: ["jan@example.com", "first@example.com"] });
      } catch (error) {
        messages.push((error as Error).message);
      }
      try {
        await writer.upsertOrder({
          email: "ghost@example.com",
          number: "1",
          total: 1,
          currency: "USD",
          status: "paid",
          placedAt: "2026-01-01",
          url: null,
        });
      } catch (error) {
        messages.push((error as Error).message);
      }
      await writer.upsertCustomer({ emails: ["second@example.com"], name: "Second" });
    });
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain("2 different customers");
    expect(messages[1]).toContain("import the customer first");
    expect((await store.findByEmails(["first@example.com"]))?.name).toBe("First");
    expect((await store.findByEmails(["second@example.com"]))?.name).toBe("Second");
  });

  it("writes nothing when the work of a transaction throws", async () => {
    await expect(
      store.transaction(async (writer) => {
        await writer.upsertCustomer({ emails: ["never@example.com"], name: "Never" });
        throw new Error("stop here");
      }),
    ).rejects.toThrow("stop here");
    expect(await store.findByEmails(["never@example.com"])).toBeUndefined();
  });

  it("treats an order number seen again as an update", async () => {
    const order = {
      email: "lee@example.net",
      number: "A-77",
      total: 50,
      currency: "GBP",
      status: "paid",
      placedAt: "2026-12-01",
      url: null,
    };
    expect(await store.transaction((writer) => writer.upsertOrder(order))).toBe("updated");
    const lee = await store.findByEmails(["lee@example.net"]);
    expect(lee?.recentOrders).toEqual([
      {
        number: "A-77",
        total: 50,
        currency: "GBP",
        status: "paid",
        placedAt: "2026-12-01",
        url: null,
      },
    ]);
  });

  it("lets several processes create the schema at once", async () => {
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(server.url)));
    await Promise.all(stores.map((each) => each.close()));
  });

  it("reads from the read URL and writes to the main one", async () => {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query("CREATE DATABASE empty_replica");
    await admin.end();
    const replicaUrl = server.url.replace(/\/postgres$/, "/empty_replica");
    const split = await openPostgresStore(server.url, { readUrl: replicaUrl });
    try {
      // The "replica" has no tables, so a read that reaches it fails: proof of where it went.
      await expect(split.findByEmails(["jan@example.com"])).rejects.toThrow(/customer_emails/);
      const outcome = await split.transaction((writer) =>
        writer.upsertCustomer({ emails: ["split@example.com"] }),
      );
      expect(outcome).toBe("inserted");
      expect(await store.findByEmails(["split@example.com"])).toBeDefined();
    } finally {
      await split.close();
    }
  });

  it("names the database, without its password, when it cannot be reached", async () => {
    const closed = server.url.replace("postgres@", "app:hunter2@").replace(`:${server.port}`, ":1");
    const failure = openPostgresStore(closed, { connectTimeoutMs: 500 });
    await expect(failure).rejects.toThrow("postgres://127.0.0.1:1/postgres");
    await expect(failure).rejects.not.toThrow("hunter2");
  });
});

describe("a PostgreSQL outage", () => {
  it("makes look-ups fail fast while the database is down, and heals when it is back", async () => {
    const own = await openPostgresStore(server.url, { connectTimeoutMs: 1000 });
    try {
      expect((await own.findByEmails(["jan@example.com"]))?.name).toBe("Jan Baker");
      server.stop();
      const started = Date.now();
      await expect(own.findByEmails(["jan@example.com"])).rejects.toThrow();
      await expect(own.ping()).rejects.toThrow();
      // A hang would run into the test's own timeout; this bound only says "not stuck".
      expect(Date.now() - started).toBeLessThan(10_000);
      server.start();
      await own.ping();
      expect((await own.findByEmails(["jan@example.com"]))?.name).toBe("Jan Baker");
    } finally {
      server.start();
      await own.close();
    }
  });
});

describe("a database that accepts connections but never answers", () => {
  it("fails within the connect timeout instead of hanging", async () => {
    const { createServer } = await import("node:net");
    const sockets: import("node:net").Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await expect(
        openPostgresStore(`postgres://app@127.0.0.1:${port}/crm`, { connectTimeoutMs: 300 }),
      ).rejects.toThrow(/timeout/i);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
