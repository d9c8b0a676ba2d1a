import { describe, expect, it } from "vitest";
import {
  type AnswerCacheOptions,
  type CachedAnswer,
  createAnswerCache,
} from "../../src/handler/answer-cache.js";

/** A cache on a clock the test moves by hand, with every hit and miss recorded. */
function cacheOnClock(options: Partial<AnswerCacheOptions> = {}) {
  const clock = { now: 0 };
  const results: boolean[] = [];
  const cache = createAnswerCache({
    ttlMs: 1000,
    maxEntries: 10,
    now: () => clock.now,
    onResult: (hit) => results.push(hit),
    ...options,
  });
  return { cache, clock, results };
}

function answer(text: string, details: Record<string, unknown> = {}): CachedAnswer {
  return { body: Buffer.from(text, "utf8"), details };
}

/** The answer's text, or `undefined` on a miss. */
function textOf(found: CachedAnswer | undefined): string | undefined {
  return found?.body.toString("utf8");
}

describe("createAnswerCache", () => {
  it("answers the same signature and the same bytes with the stored answer and details", () => {
    const { cache, results } = cacheOnClock();
    cache.set("sig-1", Buffer.from('{"ticket":{"id":1}}'), answer("card-1", { found: true }));
    // A different Buffer with the same bytes, as a second request would bring.
    const found = cache.get("sig-1", Buffer.from('{"ticket":{"id":1}}'));
    expect(textOf(found)).toBe("card-1");
    expect(found?.details).toEqual({ found: true });
    expect(results).toEqual([true]);
  });

  it("misses a different body under a known signature, and keeps the stored answer", () => {
    const { cache, results } = cacheOnClock();
    cache.set("sig-1", Buffer.from('{"id":1}'), answer("card-1"));
    // One byte changed, one byte added, one byte removed: none is the verified body.
    expect(cache.get("sig-1", Buffer.from('{"id":2}'))).toBeUndefined();
    expect(cache.get("sig-1", Buffer.from('{"id":1} '))).toBeUndefined();
    expect(cache.get("sig-1", Buffer.from('{"id":1'))).toBeUndefined();
    expect(cache.get("sig-1", Buffer.alloc(0))).toBeUndefined();
    expect(cache.size()).toBe(1);
    expect(textOf(cache.get("sig-1", Buffer.from('{"id":1}')))).toBe("card-1");
    expect(results).toEqual([false, false, false, false, true]);
  });

  it("misses the same bytes under another signature, even one that differs only in spacing", () => {
    const { cache } = cacheOnClock();
    const body = Buffer.from('{"id":1}');
    cache.set("sig-1", body, answer("card-1"));
    expect(cache.get("sig-2", body)).toBeUndefined();
    expect(cache.get(" sig-1", body)).toBeUndefined();
    expect(cache.get("SIG-1", body)).toBeUndefined();
  });

  it("keeps an answer for ttlMs and drops it once the time to live has passed", () => {
    const { cache, clock, results } = cacheOnClock({ ttlMs: 1000 });
    const body = Buffer.from('{"id":1}');
    clock.now = 5000;
    cache.set("sig-1", body, answer("card-1"));
    clock.now = 5999;
    expect(textOf(cache.get("sig-1", body))).toBe("card-1");
    // A hit does not extend the time to live: the answer is as old as its render.
    clock.now = 6000;
    expect(cache.get("sig-1", body)).toBeUndefined();
    expect(cache.size()).toBe(0);
    expect(results).toEqual([true, false]);
  });

  it("counts the time to live from readAt when the answer was built from older data", () => {
    const { cache, clock } = cacheOnClock();
    const body = Buffer.from('{"ticket":{"id":3}}');
    clock.now = 700;
    // Built now from data read at 400: it may live until 1400, not 1700.
    cache.set("sig-old-data", body, answer("card-3"), 400);
    clock.now = 1399;
    expect(textOf(cache.get("sig-old-data", body))).toBe("card-3");
    clock.now = 1400;
    expect(cache.get("sig-old-data", body)).toBeUndefined();
    // Data already a whole time to live old is not kept at all; a readAt in the future is now.
    cache.set("sig-stale", body, answer("stale"), 400);
    expect(cache.size()).toBe(0);
    cache.set("sig-future", body, answer("card-4"), 5000);
    clock.now = 2399;
    expect(textOf(cache.get("sig-future", body))).toBe("card-4");
    clock.now = 2400;
    expect(cache.get("sig-future", body)).toBeUndefined();
  });

  it("drops the least recently used answer past maxEntries, a hit counting as a use", () => {
    const { cache } = cacheOnClock({ maxEntries: 3 });
    const body = (n: number) => Buffer.from(`{"id":${n}}`);
    for (const n of [1, 2, 3]) cache.set(`sig-${n}`, body(n), answer(`card-${n}`));
    // 1 becomes the most recently used, so 2 is now the oldest.
    expect(textOf(cache.get("sig-1", body(1)))).toBe("card-1");
    cache.set("sig-4", body(4), answer("card-4"));
    expect(cache.size()).toBe(3);
    expect(cache.get("sig-2", body(2))).toBeUndefined();
    // Then 3 is the oldest (1 and 4 were used after it).
    cache.set("sig-5", body(5), answer("card-5"));
    expect(cache.get("sig-3", body(3))).toBeUndefined();
    expect(textOf(cache.get("sig-1", body(1)))).toBe("card-1");
    expect(textOf(cache.get("sig-4", body(4)))).toBe("card-4");
    expect(textOf(cache.get("sig-5", body(5)))).toBe("card-5");
  });

  it("a miss on a different body does not count as a use", () => {
    const { cache } = cacheOnClock({ maxEntries: 2 });
    cache.set("sig-1", Buffer.from("one"), answer("card-1"));
    cache.set("sig-2", Buffer.from("two"), answer("card-2"));
    expect(cache.get("sig-1", Buffer.from("forged"))).toBeUndefined();
    cache.set("sig-3", Buffer.from("three"), answer("card-3"));
    expect(cache.get("sig-1", Buffer.from("one"))).toBeUndefined();
    expect(textOf(cache.get("sig-2", Buffer.from("two")))).toBe("card-2");
  });

  it("drops the oldest answers when the bytes held would pass maxBytes", () => {
    // Each entry below is 2 (signature) + 4 (body) + 4 (answer) = 10 bytes.
    const { cache } = cacheOnClock({ maxBytes: 30 });
    for (const n of [1, 2, 3]) cache.set(`s${n}`, Buffer.from(`bod${n}`), answer(`ans${n}`));
    expect(cache.size()).toBe(3);
    cache.set("s4", Buffer.from("bod4"), answer("ans4"));
    expect(cache.size()).toBe(3);
    expect(cache.get("s1", Buffer.from("bod1"))).toBeUndefined();
    // 2 + 4 + 14 = 20 bytes: two of the three 10-byte entries must go, the oldest first.
    cache.set("s5", Buffer.from("bod5"), answer("answer-five-xx"));
    expect(cache.size()).toBe(2);
    expect(cache.get("s2", Buffer.from("bod2"))).toBeUndefined();
    expect(cache.get("s3", Buffer.from("bod3"))).toBeUndefined();
    expect(textOf(cache.get("s4", Buffer.from("bod4")))).toBe("ans4");
    expect(textOf(cache.get("s5", Buffer.from("bod5")))).toBe("answer-five-xx");
  });

  it("counts an answer stored again under the same signature once, not twice", () => {
    const { cache } = cacheOnClock({ maxBytes: 30 });
    cache.set("s1", Buffer.from("bod1"), answer("ans1"));
    cache.set("s2", Buffer.from("bod2"), answer("ans2"));
    // Replacing s2 ten times holds 20 bytes throughout; nothing needs to be dropped.
    for (let round = 0; round < 10; round += 1) {
      cache.set("s2", Buffer.from("bod2"), answer("ans2"));
    }
    cache.set("s3", Buffer.from("bod3"), answer("ans3"));
    expect(cache.size()).toBe(3);
    expect(textOf(cache.get("s1", Buffer.from("bod1")))).toBe("ans1");
  });

  it("does not keep an answer larger than maxBytes, and keeps the others", () => {
    const { cache } = cacheOnClock({ maxBytes: 30 });
    cache.set("s1", Buffer.from("bod1"), answer("ans1"));
    cache.set("s2", Buffer.from("bod2"), answer("ans2"));
    // 2 + 4 + 25 = 31 bytes: one over the budget.
    cache.set("s3", Buffer.from("bod3"), answer("x".repeat(25)));
    expect(cache.size()).toBe(2);
    expect(cache.get("s3", Buffer.from("bod3"))).toBeUndefined();
    expect(textOf(cache.get("s1", Buffer.from("bod1")))).toBe("ans1");
    expect(textOf(cache.get("s2", Buffer.from("bod2")))).toBe("ans2");
    // Exactly the budget (2 + 4 + 24 = 30) is kept, alone.
    cache.set("s4", Buffer.from("bod4"), answer("x".repeat(24)));
    expect(cache.size()).toBe(1);
    expect(textOf(cache.get("s4", Buffer.from("bod4")))).toBe("x".repeat(24));
  });

  it("copies the body it stores: changing the caller's buffer afterwards changes nothing", () => {
    const { cache } = cacheOnClock();
    const buffer = Buffer.from('{"id":1}');
    cache.set("sig-1", buffer, answer("card-1"));
    // The memory a request was read into may be reused for the next request's bytes.
    buffer.write('{"id":2}');
    expect(cache.get("sig-1", buffer)).toBeUndefined();
    expect(textOf(cache.get("sig-1", Buffer.from('{"id":1}')))).toBe("card-1");
  });

  it("copies the details it stores", () => {
    const { cache } = cacheOnClock();
    const details: Record<string, unknown> = { customerFound: true };
    cache.set("sig-1", Buffer.from("{}"), answer("card", details));
    details.customerFound = false;
    expect(cache.get("sig-1", Buffer.from("{}"))?.details).toEqual({ customerFound: true });
  });

  it("tells onResult of every hit and every miss, an expired entry included", () => {
    const { cache, clock, results } = cacheOnClock({ ttlMs: 100 });
    const body = Buffer.from("{}");
    expect(cache.get("unknown", body)).toBeUndefined();
    cache.set("sig-1", body, answer("card"));
    cache.get("sig-1", body);
    cache.get("sig-1", body);
    cache.get("sig-1", Buffer.from("[]"));
    clock.now = 100;
    cache.get("sig-1", body);
    expect(results).toEqual([false, true, true, false, false]);
  });

  it("forgets every answer on clear", () => {
    const { cache } = cacheOnClock({ maxBytes: 30 });
    cache.set("s1", Buffer.from("bod1"), answer("ans1"));
    cache.set("s2", Buffer.from("bod2"), answer("ans2"));
    cache.clear();
    expect(cache.size()).toBe(0);
    expect(cache.get("s1", Buffer.from("bod1"))).toBeUndefined();
    // The byte count starts again from zero: three 10-byte entries fit again.
    for (const n of [1, 2, 3]) cache.set(`s${n}`, Buffer.from(`bod${n}`), answer(`ans${n}`));
    expect(cache.size()).toBe(3);
  });

  it("refuses settings that cannot work with a RangeError naming them", () => {
    const base = { ttlMs: 1000, maxEntries: 10 };
    for (const ttlMs of [0, -1, Number.NaN]) {
      expect(() => createAnswerCache({ ...base, ttlMs })).toThrow(RangeError);
      expect(() => createAnswerCache({ ...base, ttlMs })).toThrow("ttlMs");
    }
    for (const maxEntries of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createAnswerCache({ ...base, maxEntries })).toThrow(RangeError);
      expect(() => createAnswerCache({ ...base, maxEntries })).toThrow("maxEntries");
    }
    for (const maxBytes of [0, -1, Number.NaN]) {
      expect(() => createAnswerCache({ ...base, maxBytes })).toThrow(RangeError);
      expect(() => createAnswerCache({ ...base, maxBytes })).toThrow("maxBytes");
    }
    expect(() => createAnswerCache({ ttlMs: 1, maxEntries: 1, maxBytes: 1 })).not.toThrow();
  });
});
