import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/customers/sqlite-store.js";
import { startTestCardServer } from "../helpers/card-server.js";
import { runCli } from "../helpers/cli.js";
import { opensslSignature } from "../helpers/openssl.js";

const folder = mkdtempSync(join(tmpdir(), "import-cli-"));
const db = join(folder, "customers.db");

function csv(name: string, lines: string[]): string {
  const file = join(folder, name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const customers = csv("customers.csv", [
  "Email,Name,company,plan,status,customer_since,lifetime_value,currency,Favourite <colour>",
  '"ann@example.com; Ann.Other@Example.com",Ann <img src=x onerror=alert(1)>,"Acme, ""Inc""",Pro,active,2020-01-02,1200.5,usd,<script>alert(2)</script>',
  "not-an-address,Bad,,,,,,,",
  "bob@example.com,Bob,,,,yesterday,,,",
  "cat@example.com,Cat,,,,,12x,,",
  "dee@example.com,Dee,Dee Co,,trial,,,,blue",
]);
const orders = csv("orders.csv", [
  "email,number,total,currency,status,placed_at,url",
  "ann@example.com,A1,10,EUR,paid,2024-01-01,https://shop.example.com/A1",
  'ann@example.com,A2,20,EUR,paid,2024-02-01,"javascript:alert(3)"',
  "nobody@example.com,N1,5,EUR,paid,2024-01-01,",
]);

describe("helpscout-app import", () => {
  let first: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    first = await runCli(["import", customers, "--orders", orders, "--db", db]);
  });

  it("loads the good rows and refuses the bad ones by line number", () => {
    expect(first.code).toBe(1);
    expect(first.stdout).toContain("2 loaded, 0 updated, 3 refused");
    expect(first.stdout).toMatch(/line 3: "not-an-address" is not an e-mail address/);
    expect(first.stdout).toMatch(/line 4: customer_since "yesterday"/);
    expect(first.stdout).toMatch(/line 5: lifetime_value "12x" is not a number/);
    expect(first.stdout).toContain("Orders from");
    expect(first.stdout).toContain("1 loaded, 0 updated, 2 refused");
    expect(first.stdout).toMatch(/line 3: url "javascript:alert\(3\)"/);
    expect(first.stdout).toMatch(/line 4: No customer has the address nobody@example.com/);
  });

  it("updates a customer found by any address instead of duplicating it", async () => {
    const again = csv("again.csv", ["email,plan", "ANN.OTHER@example.com,Enterprise"]);
    const result = await runCli(["import", again, "--db", db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("0 loaded, 1 updated, 0 refused");
    const store = openSqliteStore(db);
    try {
      expect(await store.countCustomers()).toBe(2);
      const ann = await store.findByEmails(["ann@example.com"]);
      expect(ann?.plan).toBe("Enterprise");
      expect(ann?.company).toBe('Acme, "Inc"');
      expect(ann?.currency).toBe("USD");
      expect(ann?.emails).toEqual(["ann@example.com", "ann.other@example.com"]);
    } finally {
      await store.close();
    }
  });

  describe("the imported card through the real server", () => {
    const secret = "import-test-secret";
    let server: Awaited<ReturnType<typeof startTestCardServer>>;
    beforeAll(async () => {
      server = await startTestCardServer({ secret: [secret], db });
    });
    afterAll(() => server.close());

    it("escapes imported markup in names, extra columns and their headers", async () => {
      const body = JSON.stringify({ customer: { email: "ann@example.com" } });
      const response = await fetch(server.url, {
        method: "POST",
        headers: { "x-helpscout-signature": opensslSignature(body, secret) },
        body,
      });
      const { html } = (await response.json()) as { html: string };
      expect(html).toContain("Ann &lt;img src=x onerror=alert(1)&gt;");
      expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
      expect(html).toContain("Favourite &lt;colour&gt;");
      expect(html).not.toMatch(/<img|<script|<colour>/);
      expect(html).toContain("Acme, &quot;Inc&quot;");
      expect(html).toContain("#A1");
    });
  });
});
