import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { CustomerLookup } from "../../src/card/customer-card-app.js";
import { createLookupBatcher, type FindMany } from "../../src/customers/lookup-batcher.js";
import type { CustomerRecord } from "../../src/customers/types.js";
import { createLookupCache } from "../../src/server/cache.js";
import { bareCustomer } from "../helpers/customer-record.js";

function record(name: string): CustomerRecord {
  return bareCustomer(1, name, [`${name}@example.com`]);
}

/** A source that answers from a table and records every call it receives. */
function countingSource(known: Record<string, CustomerRecord>) {
  const calls: string[][] = [];
  const lookup: CustomerLookup = async (emails) => {
    calls.push([...emails]);
    for (const email of emails) if (known[email]) return known[email];
    return undefined;
  };
  return { lookup, calls };
}

const signal = new AbortController().signal;

describe("createLookupCache", () => {
  it("answers a repeated look-up from memory until the time to live has passed", async () => {
    let clock = 0;
    const source = countingSource({ "ann@example.com": record("ann") });
    const results: boolean[] = [];
    const cache = createLookupCache(source.lookup, {
      ttlMs: 1000,
      maxEntries: 10,
      now: () => clock,
      onResult: (hit) => results.push(hit),
    });
    expect((await cache.lookup(["ann@example.com"], signal))?.name).toBe("ann");
    clock = 999;
    expect((await cache.lookup(["ann@example.com"], signal))?.name).toBe("ann");
    expect(source.calls).toHaveLength(1);
    clock = 1000;
    expect((await cache.lookup(["ann@example.com"], signal))?.name).toBe("ann");
    expect(source.calls).toHaveLength(2);
    expect(results).toEqual([false, true, false]);
  });

  it("tells a hit's caller when the database gave the answer, and a miss's caller nothing", async () => {
    let clock = 250;
    const source = countingSource({ "ann@example.com": record("ann") });
    const cache = createLookupCache(source.lookup, {
      ttlMs: 1000,
      maxEntries: 10,
      now: () => clock,
    });
    const told: number[] = [];
    await cache.lookup(["ann@example.com"], signal, (time) => told.push(time));
    expect(told).toEqual([]);
    clock = 900;
    await cache.lookup(["ann@example.com"], signal, (time) => told.push(time));
    expect(told).toEqual([250]);
  });

  it("remembers that nobody has an address, for the same time", async () => {
    const source = countingSource({});
    const cache = createLookupCache(source.lookup, { ttlMs: 1000, maxEntries: 10, now: () => 0 });
    expect(await cache.lookup(["ghost@example.com"], signal)).toBeUndefined();
    expect(await cache.lookup(["ghost@example.com"], signal)).toBeUndefined();
    expect(source.calls).toHaveLength(1);
  });

  it("keys on the whole list of addresses, in order", async () => {
    const source = countingSource({ "a@example.com": record("a"), "b@example.com": record("b") });
    const cache = createLookupCache(source.lookup, { ttlMs: 1000, maxEntries: 10, now: () => 0 });
    expect((await cache.lookup(["a@example.com", "b@example.com"], signal))?.name).toBe("a");
    expect((await cache.lookup(["b@example.com", "a@example.com"], signal))?.name).toBe("b");
    expect((await cache.lookup(["a@example.com"], signal))?.name).toBe("a");
    expect(source.calls).toHaveLength(3);
  });

  it("drops the least recently used answer when full", async () => {
    const source = countingSource({});
    const cache = createLookupCache(source.lookup, { ttlMs: 1000, maxEntries: 2, now: () => 0 });
    await cache.lookup(["1@example.com"], signal);
    await cache.lookup(["2@example.com"], signal);
    await cache.lookup(["1@example.com"], signal); // 1 is now the most recently used
    await cache.lookup(["3@example.com"], signal); // so 2 goes
    expect(cache.size()).toBe(2);
    await cache.lookup(["1@example.com"], signal);
    await cache.lookup(["2@example.com"], signal);
    expect(source.calls.map(([email]) => email)).toEqual([
      "1@example.com",
      "2@example.com",
      "3@example.com",
      "2@example.com",
    ]);
  });

  it("does not keep a failure: the next look-up asks the database again", async () => {
    let fail = true;
    let calls = 0;
    const cache = createLookupCache(
      async () => {
        calls += 1;
        if (fail) throw new Error("database down");
        return record("back");
      },
      { ttlMs: 1000, maxEntries: 10, now: () => 0 },
    );
    await expect(cache.lookup(["x@example.com"], signal)).rejects.toThrow("database down");
    fail = false;
    expect((await cache.lookup(["x@example.com"], signal))?.name).toBe("back");
    expect(calls).toBe(2);
  });

  it("lets concurrent look-ups of the same addresses share one database call", async () => {
    let release: (value: CustomerRecord) => void = () => {};
    let calls = 0;
    const cache = createLookupCache(
      () => {
        calls += 1;
        return new Promise<CustomerRecord>((resolve) => {
          release = resolve;
        });
      },
      { ttlMs: 1000, maxEntries: 10 },
    );
    const first = cache.lookup(["same@example.com"], signal);
    const second = cache.lookup(["same@example.com"], signal);
    release(record("same"));
    expect((await first)?.name).toBe("same");
    expect((await second)?.name).toBe("same");
    expect(calls).toBe(1);
  });

  it("keeps a shared look-up for the requests still waiting when the first one gives up", async () => {
    // The PostgreSQL store queues look-ups and drops one whose signal was aborted (its request
    // was already answered); a look-up shared by several requests must not be dropped for them
    // all when only the first request's deadline passed.
    const ann = record("ann");
    const asked: string[][] = [];
    const held: (() => void)[] = [];
    const findMany: FindMany = (emails) => {
      asked.push([...emails]);
      return new Promise((resolve) => {
        held.push(() => resolve(new Map(emails.map((email) => [email, ann]))));
      });
    };
    const find = createLookupBatcher(findMany, { maxInFlight: 1, maxAddresses: 10 });
    const cache = createLookupCache(find, { ttlMs: 1000, maxEntries: 10 });
    const busy = find(["busy@example.com"]);
    await nextTurn();
    const first = new AbortController();
    const firstAnswer = cache.lookup(["ann@example.com"], first.signal);
    const second = new AbortController();
    const secondAnswer = cache.lookup(["ann@example.com"], second.signal);
    first.abort(new Error("the first request ran out of time"));
    held[0]?.();
    await busy;
    await nextTurn();
    expect(asked).toEqual([["busy@example.com"], ["ann@example.com"]]);
    held[1]?.();
    expect(await secondAnswer).toBe(ann);
    expect(await firstAnswer).toBe(ann);
  });

  it("drops a shared look-up once every request waiting for it has given up", async () => {
    const asked: string[][] = [];
    const held: (() => void)[] = [];
    const findMany: FindMany = (emails) => {
      asked.push([...emails]);
      return new Promise((resolve) => held.push(() => resolve(new Map())));
    };
    const find = createLookupBatcher(findMany, { maxInFlight: 1, maxAddresses: 10 });
    const cache = createLookupCache(find, { ttlMs: 1000, maxEntries: 10 });
    const busy = find(["busy@example.com"]);
    await nextTurn();
    const requests = [new AbortController(), new AbortController()];
    const answers = requests.map((request) =>
      cache.lookup(["ann@example.com"], request.signal).then(
        () => "answered",
        (error: unknown) => String(error),
      ),
    );
    for (const request of requests) request.abort(new Error("out of time"));
    held[0]?.();
    await busy;
    expect(await Promise.all(answers)).toEqual(["Error: out of time", "Error: out of time"]);
    expect(asked).toEqual([["busy@example.com"]]);
  });

  it("forgets everything on clear", async () => {
    const source = countingSource({});
    const cache = createLookupCache(source.lookup, { ttlMs: 1000, maxEntries: 10, now: () => 0 });
    await cache.lookup(["a@example.com"], signal);
    cache.clear();
    await cache.lookup(["a@example.com"], signal);
    expect(source.calls).toHaveLength(2);
  });

  it("refuses settings that cannot work, naming them", () => {
    const source = countingSource({});
    expect(() => createLookupCache(source.lookup, { ttlMs: 0, maxEntries: 1 })).toThrow("ttlMs");
    expect(() => createLookupCache(source.lookup, { ttlMs: 1, maxEntries: 0 })).toThrow(
      "maxEntries",
    );
  });
});
