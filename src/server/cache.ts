import type { CustomerLookup } from "../card/customer-card-app.js";
import type { CustomerRecord } from "../customers/types.js";
import { createRecentEntries } from "../handler/recent-entries.js";

/** Options of the look-up cache. */
export interface LookupCacheOptions {
  /** How long an answer is reused, in milliseconds; also the most a card can be out of date. */
  ttlMs: number;
  /** The most answers kept; the least recently used goes first. */
  maxEntries: number;
  /** Told of every hit and miss, e.g. to count them in `/metrics`. */
  onResult?: (hit: boolean) => void;
  /** The clock, in milliseconds. @default performance.now */
  now?: () => number;
}

/** A cached look-up, and the number of answers it holds. */
export interface LookupCache {
  lookup: CustomerLookup;
  /** How many answers are held now (expired ones included until they are next touched). */
  size(): number;
  /** Forgets every answer. */
  clear(): void;
}

/** A database call shared by the requests that asked for the same addresses meanwhile. */
interface SharedLookup {
  answer: Promise<CustomerRecord | undefined>;
  /** The requests sharing it that have not given up yet. */
  waiting: number;
  /** Aborts the call's own signal: the source may then drop it (a queued query, say). */
  controller: AbortController;
}

/**
 * Counts a request as waiting for a shared call until its own signal aborts. The call gets a
 * signal of its own rather than the first request's: a request whose deadline passed must not
 * take the answer away from later ones that still have time.
 */
function follow(shared: SharedLookup, signal: AbortSignal): void {
  if (signal.aborted) return;
  shared.waiting += 1;
  signal.addEventListener(
    "abort",
    () => {
      shared.waiting -= 1;
      if (shared.waiting === 0) shared.controller.abort(signal.reason);
    },
    { once: true },
  );
}

/** The default time to live of `serve`: a card is at most 10 s out of date. */
export const DEFAULT_CACHE_TTL_MS = 10_000;
/** The default bound of `serve`: 10,000 answers per worker (a few tens of MB). */
export const DEFAULT_CACHE_ENTRIES = 10_000;

/**
 * Puts a bounded, time-limited cache in front of a customer look-up, so an agent reopening the
 * same conversation does not reach the database again. "No such customer" is cached too (a
 * mailbox full of unknown senders would otherwise query on every load); a failed look-up is not.
 * Concurrent look-ups of the same addresses share one database call, which is given up (its
 * signal aborted) only once every request waiting for it has given up.
 *
 * The answers are shared between requests: the card must not change the record it is given.
 *
 * @example
 * ```ts
 * const cache = createLookupCache((emails, signal) => store.findByEmails(emails, signal), {
 *   ttlMs: 10_000,
 *   maxEntries: 10_000,
 * });
 * const render = createCustomerCardRender(cache.lookup);
 * ```
 */
export function createLookupCache(
  source: CustomerLookup,
  options: LookupCacheOptions,
): LookupCache {
  const entries = createRecentEntries<CustomerRecord | undefined>(options);
  const report = options.onResult ?? (() => {});
  const pending = new Map<string, SharedLookup>();

  const lookup: CustomerLookup = (emails, signal, readFrom) => {
    const key = emails.length === 1 ? (emails[0] as string) : emails.join("\n");
    const entry = entries.peek(key);
    if (entry !== undefined) {
      entries.touch(key);
      report(true);
      readFrom?.(entry.readAt);
      return Promise.resolve(entry.value);
    }
    report(false);
    const inFlight = pending.get(key);
    if (inFlight) {
      follow(inFlight, signal);
      return inFlight.answer;
    }
    if (signal.aborted) return Promise.reject(signal.reason);
    const controller = new AbortController();
    const answer = source(emails, controller.signal).then(
      (value) => {
        pending.delete(key);
        entries.set(key, value);
        return value;
      },
      (error: unknown) => {
        pending.delete(key);
        throw error;
      },
    );
    const shared: SharedLookup = { answer, waiting: 0, controller };
    follow(shared, signal);
    pending.set(key, shared);
    return answer;
  };

  return {
    lookup,
    size: () => entries.size(),
    clear: () => entries.clear(),
  };
}
