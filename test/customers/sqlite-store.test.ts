import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CUSTOMERS, loadDemoData } from "../../src/customers/demo-data.js";
import { openSqliteStore } from "../../src/customers/sqlite-store.js";
import type { CustomerStore } from "../../src/customers/types.js";

let folder: string;
let store: CustomerStore;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "hsda-sqlite-store-"));
  store = openSqliteStore(join(folder, "customers.db"));
  await loadDemoData(store);
});

afterAll(async () => {
  await store?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** The demo customer who owns the first known address of a list, from the demo data itself. */
function expectedOwner(emails: readonly string[]) {
  for (const email of emails) {
    const owner = DEMO_CUSTOMERS.find((customer) =>
      customer.emails.some((known) => known.toLowerCase() === email),
    );
    if (owner) return owner;
  }
  return undefined;
}

describe("openSqliteStore", () => {
  it("gives each of many look-ups made in one turn its own first known customer", async () => {
    const asks: string[][] = [["nobody@example.com"], []];
    for (const customer of DEMO_CUSTOMERS) {
      for (const email of customer.emails.map((each) => each.toLowerCase())) {
        asks.push([email], ["nobody@example.com", email], [email, "jan@example.com"]);
      }
    }
    // Made together, so the store answers them from one batch (see createLookupBatcher).
    const answers = await Promise.all(asks.map((emails) => store.findByEmails(emails)));
    answers.forEach((answer, index) => {
      const emails = asks[index] as string[];
      const owner = expectedOwner(emails);
      expect(answer?.name, emails.join(", ")).toBe(owner?.name);
      if (owner) {
        expect(answer?.emails).toEqual(owner.emails.map((each) => each.toLowerCase()));
      }
    });
    expect(answers.filter((answer) => answer === undefined)).toHaveLength(2);
  });
});
