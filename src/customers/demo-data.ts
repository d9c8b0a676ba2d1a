import { existsSync } from "node:fs";
import { openSqliteStore } from "./sqlite-store.js";
import type { CustomerInput, CustomerStore, OrderInput } from "./types.js";

/** The demo customers the server starts with, so a fresh clone shows a card at once. */
export const DEMO_CUSTOMERS: readonly CustomerInput[] = [
  {
    emails: ["jan@example.com", "jan.baker@cupcakes.example"],
    name: "Jan Baker",
    company: "Jan's Famous Cupcakes",
    plan: "Unlimited",
    status: "active",
    customerSince: "2011-05-24",
    lifetimeValue: 12840.5,
    currency: "USD",
    extra: { "Account manager": "Priya Shah", Region: "North America" },
  },
  {
    emails: ["maria.nunez@example.org"],
    name: "María Núñez",
    company: "Panadería Núñez",
    plan: "Pro",
    status: "trial",
    customerSince: "2026-11-02",
    lifetimeValue: 0,
    currency: "EUR",
    extra: { Language: "Español" },
  },
  {
    emails: ["lee@example.net"],
    name: "Lee Chen",
    company: "Chen & Daughters",
    plan: "Starter",
    status: "past_due",
    customerSince: "2019-03-14",
    lifetimeValue: 1290,
    currency: "GBP",
    extra: {},
  },
  {
    emails: ["kenji@example.jp"],
    name: "山田 健二",
    company: "Yamada Trading",
    plan: "Pro",
    status: "cancelled",
    customerSince: "2016-08-01",
    lifetimeValue: 560000,
    currency: "JPY",
    extra: { Note: "Prefers e-mail <not> phone" },
  },
];

/** Orders of the demo customers. */
export const DEMO_ORDERS: readonly OrderInput[] = [
  order("jan@example.com", "1042", 249, "USD", "paid", "2026-11-28"),
  order("jan@example.com", "1017", 99.5, "USD", "refunded", "2026-10-03"),
  order("jan@example.com", "0988", 1200, "USD", "paid", "2026-06-19"),
  order("lee@example.net", "A-77", 45, "GBP", "unpaid", "2026-11-30"),
  order("kenji@example.jp", "J-5", 18000, "JPY", "paid", "2025-12-24"),
];

function order(
  email: string,
  number: string,
  total: number,
  currency: string,
  status: string,
  placedAt: string,
): OrderInput {
  return {
    email,
    number,
    total,
    currency,
    status,
    placedAt,
    url: `https://shop.example.com/orders/${number}`,
  };
}

/** Writes the demo customers and orders into a store. */
export async function loadDemoData(store: CustomerStore): Promise<void> {
  await store.transaction(async (writer) => {
    for (const customer of DEMO_CUSTOMERS) await writer.upsertCustomer(customer);
    for (const entry of DEMO_ORDERS) await writer.upsertOrder(entry);
  });
}

/**
 * Opens a SQLite database, creating and filling it with the demo customers when the file does
 * not exist yet. Returns whether it was created.
 */
export async function openDemoSqlite(
  file: string,
): Promise<{ store: CustomerStore; created: boolean }> {
  const created = !existsSync(file);
  const store = openSqliteStore(file);
  if (created) await loadDemoData(store);
  return { store, created };
}
