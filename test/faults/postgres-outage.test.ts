import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCardServer } from "../helpers/card-server.js";
import { startDemoPostgres } from "../helpers/demo-postgres.js";
import type { TestPostgres } from "../helpers/postgres.js";
import { startPartitionProxy } from "./partition-proxy.js";
import { type Outcome, startTraffic, tally, within } from "./traffic.js";

const SECRET = "postgres-outage-secret";
let pg: TestPostgres;

beforeAll(async () => {
  pg = await startDemoPostgres();
}, 60_000);

afterAll(() => pg?.destroy());

async function health(url: string): Promise<number> {
  return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })).status;
}

/** After the database is back, the first card marks recovery; every request after it is a card. */
function afterRecovery(outcomes: readonly Outcome[], phase: string): Outcome[] {
  const later = outcomes.filter((outcome) => outcome.startedIn === phase);
  const first = later.findIndex((outcome) => outcome.kind === "card");
  return first === -1 ? later : later.slice(first);
}

describe("PostgreSQL going away while requests flow", () => {
  it("stopped: every request gets the database error card, cards again after it starts", async () => {
    const server = await startTestCardServer({ db: pg.url, secret: [SECRET] });
    const traffic = startTraffic(server.url, { secret: SECRET, concurrency: 4 });
    try {
      await traffic.waitFor((outcome) => outcome.kind === "card", 20);

      traffic.enter("stopped");
      pg.stop();
      traffic.enter("down");
      await traffic.waitFor(
        (outcome) => outcome.startedIn === "down" && outcome.kind === "store_unavailable",
        20,
      );
      expect(await health(server.url)).toBe(503);

      traffic.enter("starting");
      pg.start();
      traffic.enter("up");
      await traffic.waitFor(
        (outcome) => outcome.startedIn === "up" && outcome.kind === "card",
        30,
        20_000,
      );
      expect(await health(server.url)).toBe(200);
    } finally {
      await traffic.stop();
      await server.close();
    }
    const all = traffic.outcomes;
    expect(all.filter((outcome) => !["card", "store_unavailable"].includes(outcome.kind))).toEqual(
      [],
    );
    const down = within(all, "down");
    expect(tally(down)).toEqual({ store_unavailable: down.length });
    const recovered = afterRecovery(all, "up");
    expect(tally(recovered)).toEqual({ card: recovered.length });
  }, 60_000);

  it("cut off by a partition (no answer at all): requests still end with the error card, and recover when it heals", async () => {
    const proxy = await startPartitionProxy(pg.port);
    const url = pg.url.replace(`:${pg.port}/`, `:${proxy.port}/`);
    const server = await startTestCardServer({ db: url, secret: [SECRET] });
    // Twice the store's own connect and statement timeouts: a hang would be abandoned and counted.
    const traffic = startTraffic(server.url, { secret: SECRET, concurrency: 4, hangAfterMs: 8000 });
    try {
      await traffic.waitFor((outcome) => outcome.kind === "card", 20);

      traffic.enter("partitioned");
      proxy.partition();
      await traffic.waitFor(
        (outcome) => outcome.startedIn === "partitioned" && outcome.kind === "store_unavailable",
        8,
        30_000,
      );

      traffic.enter("healed");
      proxy.heal();
      await traffic.waitFor(
        (outcome) => outcome.startedIn === "healed" && outcome.kind === "card",
        30,
        30_000,
      );
    } finally {
      await traffic.stop();
      await server.close();
      await proxy.close();
    }
    const all = traffic.outcomes;
    expect(all.filter((outcome) => outcome.kind === "hung")).toEqual([]);
    expect(all.filter((outcome) => !["card", "store_unavailable"].includes(outcome.kind))).toEqual(
      [],
    );
    const cut = within(all, "partitioned");
    expect(tally(cut)).toEqual({ store_unavailable: cut.length });
    const recovered = afterRecovery(all, "healed");
    expect(tally(recovered)).toEqual({ card: recovered.length });
  }, 90_000);
});
