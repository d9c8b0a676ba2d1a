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

/** The default time to live of `serve`: a card is at most 10 s out of date. */
export const DEFAULT_CACHE_TTL_MS = 10_000;
/** The default bound of `serve`: 10,000 answers per worker (a few tens of MB). */
export const DEFAULT_CACHE_ENTRIES = 10_000;

/**
 * Puts a bounded, time-limited cache in front of a customer look-up, so an agent reopening the
 * same conversation does not reach the database again. "No such customer" is cached too (a
 * mailbox full of unknown senders would otherwise query on every load); a failed look-up is not.
 * Concurrent look-ups of the same addresses share one database call.
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
  const pending = new Map<string, Promise<CustomerRecord | undefined>>();

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
    if (inFlight) return inFlight;
    const started = source(emails, signal).then(
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
    pending.set(key, started);
    return started;
  };

  return {
    lookup,
    size: () => entries.size(),
    clear: () => entries.clear(),
  };
}
