import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";

const folder = mkdtempSync(join(tmpdir(), "import-stream-"));

async function writeCustomers(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write("email,name,company,plan,status,customer_since,lifetime_value,currency,Region\n");
  for (let i = 0; i < rows; i++) {
    const line = `user${i}@example.com,User ${i},Company ${i % 977},Pro,active,2020-01-02,${i % 5000}.5,USD,EU\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Imports a file in a process whose JavaScript heap may not exceed `heapMiB`. */
function importWithHeapLimit(rows: number, heapMiB: number) {
  return spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${heapMiB}`,
      CLI,
      "import",
      join(folder, `${rows}.csv`),
      "--db",
      join(folder, `${rows}.db`),
    ],
    { encoding: "utf8" },
  );
}

describe("import streams large files", () => {
  it("loads 200,000 rows with a 40 MiB heap, less than the rows take when held in memory", async () => {
    await writeCustomers(join(folder, "200000.csv"), 200_000);
    const run = importWithHeapLimit(200_000, 40);
    expect(run.stderr).not.toMatch(/heap out of memory/i);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("200000 loaded, 0 updated, 0 refused");
  }, 120_000);

  it("the same heap limit is too small to hold the parsed rows, so the check above can fail", async () => {
    await writeCustomers(join(folder, "held.csv"), 200_000);
    const script = `
      const { parse } = await import("csv-parse");
      const { createReadStream } = await import("node:fs");
      const rows = [];
      for await (const row of createReadStream(${JSON.stringify(join(folder, "held.csv"))}).pipe(parse({ columns: true }))) rows.push(row);
      console.log(rows.length);`;
    const run = spawnSync(
      process.execPath,
      ["--max-old-space-size=40", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
        cwd: process.cwd(),
      },
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/heap out of memory|allocation failed/i);
  }, 120_000);
});
