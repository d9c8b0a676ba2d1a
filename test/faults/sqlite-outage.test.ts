import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDemoSqlite } from "../../src/customers/demo-data.js";
import { startTestCardServer } from "../helpers/card-server.js";
import { startTraffic, type Traffic, tally, within } from "./traffic.js";

const SECRET = "sqlite-outage-secret";

/** A demo database closed and checkpointed, as a server finds it on start, plus a copy of it. */
async function demoDatabase(): Promise<{ folder: string; file: string; backup: string }> {
  const folder = mkdtempSync(join(tmpdir(), "hsda-sqlite-fault-"));
  const file = join(folder, "customers.db");
  await (await openDemoSqlite(file)).store.close();
  const backup = join(folder, "backup.db");
  copyFileSync(file, backup);
  return { folder, file, backup };
}

async function health(url: string): Promise<number> {
  return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })).status;
}

/** Ways a SQLite file goes bad under a running server, and how an operator puts it back. */
const FAULTS: ReadonlyArray<{
  name: string;
  breakIt(file: string, folder: string): void;
  restore(file: string, backup: string): void;
}> = [
  {
    name: "removed, then copied back",
    breakIt: (file) => unlinkSync(file),
    restore: (file, backup) => copyFileSync(backup, file),
  },
  {
    name: "replaced by something no one can open (a directory), then put back",
    breakIt: (file) => {
      unlinkSync(file);
      mkdirSync(file);
    },
    restore: (file, backup) => {
      rmSync(file, { recursive: true });
      copyFileSync(backup, file);
    },
  },
  {
    name: "overwritten in place with junk, then rewritten in place",
    breakIt: (file) => {
      const size = readFileSync(file).length;
      // The first 100 bytes (the header) stay, so SQLite reads on and meets damaged pages.
      const junk = Buffer.alloc(size - 100, 0x5a);
      const bytes = readFileSync(file);
      junk.copy(bytes, 100);
      writeFileSync(file, bytes);
    },
    restore: (file, backup) => writeFileSync(file, readFileSync(backup)),
  },
  {
    name: "truncated to nothing, then rewritten in place",
    breakIt: (file) => truncateSync(file, 0),
    restore: (file, backup) => writeFileSync(file, readFileSync(backup)),
  },
  {
    name: "renamed over by a file that is not a database, then by the good one",
    breakIt: (file, folder) => {
      const junk = join(folder, "junk.db");
      writeFileSync(junk, "this is not a SQLite database ".repeat(200));
      renameSync(junk, file);
    },
    restore: (file, backup) => {
      const copy = `${backup}.copy`;
      copyFileSync(backup, copy);
      renameSync(copy, file);
    },
  },
];

let traffic: Traffic | undefined;
let stopServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await traffic?.stop();
  await stopServer?.();
  traffic = undefined;
  stopServer = undefined;
});

describe("a SQLite database that goes bad while requests flow", () => {
  it.each(FAULTS)(
    "$name: every request gets an answer, an error card while it is bad, cards again once it is back",
    async (fault) => {
      const { folder, file, backup } = await demoDatabase();
      const server = await startTestCardServer({ db: file, secret: [SECRET], deadline: "1500" });
      stopServer = () => server.close();
      traffic = startTraffic(server.url, { secret: SECRET, concurrency: 4 });
      await traffic.waitFor((outcome) => outcome.kind === "card", 20);

      traffic.enter("broken");
      fault.breakIt(file, folder);
      await traffic.waitFor(
        (outcome) => outcome.startedIn === "broken" && outcome.kind === "store_unavailable",
        30,
      );
      expect(await health(server.url)).toBe(503);

      traffic.enter("restored");
      fault.restore(file, backup);
      await traffic.waitFor((outcome) => outcome.startedIn === "restored", 30);
      expect(await health(server.url)).toBe(200);
      await traffic.stop();

      const all = traffic.outcomes;
      // Never a hang and never anything but a card or the database error card.
      expect(
        all.filter((outcome) => !["card", "store_unavailable"].includes(outcome.kind)),
      ).toEqual([]);
      // While the file was bad, no request was answered from what the server had open before.
      expect(tally(within(all, "broken"))).toEqual({
        store_unavailable: within(all, "broken").length,
      });
      // Once it was back, every request got the card, without a restart.
      const after = all.filter((outcome) => outcome.startedIn === "restored");
      expect(tally(after)).toEqual({ card: after.length });
      rmSync(folder, { recursive: true, force: true });
    },
  );

  it("picks up a new database renamed into place, without a restart", async () => {
    const { folder, file } = await demoDatabase();
    const server = await startTestCardServer({ db: file, secret: [SECRET] });
    stopServer = () => server.close();
    traffic = startTraffic(server.url, { secret: SECRET, concurrency: 2 });
    await traffic.waitFor((outcome) => outcome.kind === "card", 10);
    await traffic.stop();

    // An operator builds the next database beside the live one and swaps it in atomically.
    const next = join(folder, "next.db");
    await (await openDemoSqlite(next)).store.close();
    const db = new Database(next);
    db.prepare("UPDATE customers SET name = 'Jan Baker-Okafor' WHERE name = 'Jan Baker'").run();
    db.close();
    renameSync(next, file);

    traffic = startTraffic(server.url, {
      secret: SECRET,
      concurrency: 2,
      expectName: "Jan Baker-Okafor",
    });
    await traffic.waitFor(() => true, 10);
    await traffic.stop();
    expect(tally(traffic.outcomes)).toEqual({ card: traffic.outcomes.length });
    rmSync(folder, { recursive: true, force: true });
  });
});
