import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createLookupBatcher, type FindMany } from "../../src/customers/lookup-batcher.js";
import type { CustomerRecord } from "../../src/customers/types.js";
import { bareCustomer } from "../helpers/customer-record.js";

function customer(id: number, ...emails: string[]): CustomerRecord {
  return bareCustomer(id, `Customer ${id}`, emails);
}

const ann = customer(1, "ann@example.com", "ann@work.example");
const bob = customer(2, "bob@example.com");
const known = new Map([
  ["ann@example.com", ann],
  ["ann@work.example", ann],
  ["bob@example.com", bob],
]);

/** A database stand-in whose queries finish only when the test says so. */
function heldQueries() {
  const queries: { emails: readonly string[]; finish: () => void; fail: (e: Error) => void }[] = [];
  const findMany: FindMany = (emails) =>
    new Promise((resolve, reject) => {
      queries.push({
        emails,
        finish: () =>
          resolve(
            new Map(
              emails.flatMap((e) => (known.has(e) ? [[e, known.get(e) as CustomerRecord]] : [])),
            ),
          ),
        fail: reject,
      });
    });
  return { queries, findMany };
}

describe("createLookupBatcher", () => {
  it("sends the look-ups of one turn as one query and gives each its own first known address", async () => {
    const { queries, findMany } = heldQueries();
    const find = createLookupBatcher(findMany, { maxInFlight: 4, maxAddresses: 100 });
    const answers = Promise.all([
      find(["nobody@example.com", "bob@example.com"]),
      find(["ann@work.example", "bob@example.com"]),
      find(["nobody@example.com"]),
      find(["bob@example.com", "ann@example.com"]),
    ]);
    await nextTurn();
    expect(queries.map((query) => query.emails)).toEqual([
      ["nobody@example.com", "bob@example.com", "ann@work.example", "ann@example.com"],
    ]);
    queries[0]?.finish();
    expect(await answers).toEqual([bob, ann, undefined, bob]);
  });

  it("runs at most maxInFlight queries; look-ups made meanwhile go together in the next", async () => {
    const { queries, findMany } = heldQueries();
    const find = createLookupBatcher(findMany, { maxInFlight: 1, maxAddresses: 100 });
    const first = find(["ann@example.com"]);
    await nextTurn();
    const waiting = [find(["bob@example.com"]), find(["nobody@example.com"])];
    await nextTurn();
    expect(queries).toHaveLength(1);
    queries[0]?.finish();
    expect(await first).toBe(ann);
    await nextTurn();
    expect(queries.map((query) => query.emails)).toEqual([
      ["ann@example.com"],
      ["bob@example.com", "nobody@example.com"],
    ]);
    queries[1]?.finish();
    expect(await Promise.all(waiting)).toEqual([bob, undefined]);
  });

  it("keeps a query within maxAddresses without splitting a look-up", async () => {
    const { queries, findMany } = heldQueries();
    const find = createLookupBatcher(findMany, { maxInFlight: 3, maxAddresses: 2 });
    const answers = Promise.all([
      find(["a@example.com", "b@example.com", "ann@example.com"]),
      find(["bob@example.com"]),
      find(["b@example.com", "c@example.com"]),
    ]);
    await nextTurn();
    expect(queries.map((query) => query.emails)).toEqual([
      ["a@example.com", "b@example.com", "ann@example.com"],
      ["bob@example.com"],
      ["b@example.com", "c@example.com"],
    ]);
    for (const query of queries) query.finish();
    expect(await answers).toEqual([ann, bob, undefined]);
  });

  it("fails every look-up of a failed query, and sends the next ones afresh", async () => {
    const { queries, findMany } = heldQueries();
    const find = createLookupBatcher(findMany, { maxInFlight: 1, maxAddresses: 100 });
    const failed = Promise.allSettled([find(["ann@example.com"]), find(["bob@example.com"])]);
    await nextTurn();
    queries[0]?.fail(new Error("connection refused"));
    const outcomes = await failed;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    for (const outcome of outcomes) {
      expect(outcome.status === "rejected" && String(outcome.reason)).toBe(
        "Error: connection refused",
      );
    }
    const later = find(["bob@example.com"]);
    await nextTurn();
    queries[1]?.finish();
    expect(await later).toBe(bob);
  });

  it("drops a look-up whose signal was aborted before its query was sent", async () => {
    const { queries, findMany } = heldQueries();
    const find = createLookupBatcher(findMany, { maxInFlight: 1, maxAddresses: 100 });
    const running = find(["ann@example.com"]);
    await nextTurn();
    const controller = new AbortController();
    const abandoned = expect(find(["bob@example.com"], controller.signal)).rejects.toThrow(
      "too late",
    );
    const kept = find(["ann@work.example"]);
    controller.abort(new Error("too late"));
    await expect(find(["bob@example.com"], controller.signal)).rejects.toThrow("too late");
    queries[0]?.finish();
    expect(await running).toBe(ann);
    await abandoned;
    await nextTurn();
    expect(queries.map((query) => query.emails)).toEqual([
      ["ann@example.com"],
      ["ann@work.example"],
    ]);
    queries[1]?.finish();
    expect(await kept).toBe(ann);
  });

  it("answers an empty list of addresses without a query", async () => {
    const { queries, findMany } = heldQueries();
    const find = createLookupBatcher(findMany, { maxInFlight: 1, maxAddresses: 100 });
    expect(await find([])).toBeUndefined();
    await nextTurn();
    expect(queries).toHaveLength(0);
  });

  it("refuses limits that are not whole numbers from 1", () => {
    const { findMany } = heldQueries();
    expect(() => createLookupBatcher(findMany, { maxInFlight: 0, maxAddresses: 1 })).toThrow(
      RangeError,
    );
    expect(() => createLookupBatcher(findMany, { maxInFlight: 1, maxAddresses: 1.5 })).toThrow(
      RangeError,
    );
  });
});
