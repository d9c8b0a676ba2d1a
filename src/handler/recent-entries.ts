/** Bounds of a `RecentEntries` store. */
export interface RecentEntriesOptions {
  /** How long an entry is kept after the data in it was read, in milliseconds. */
  ttlMs: number;
  /** The most entries kept; the least recently used goes first. */
  maxEntries: number;
  /** The most bytes kept, as counted by the callers of `set`. @default Infinity */
  maxBytes?: number;
  /** The clock, in milliseconds. @default performance.now */
  now?: () => number;
}

/** An entry with the time its data was read. */
export interface RecentEntry<V> {
  value: V;
  /** When the data in the entry was read, on the store's clock. */
  readAt: number;
}

interface Stored<V> extends RecentEntry<V> {
  expires: number;
  bytes: number;
}

/** A bounded, time-limited store of recently used entries: the core of both caches. */
export interface RecentEntries<V> {
  /** The entry under `key` while it is fresh; an expired one is dropped. Not counted as a use. */
  peek(key: string): RecentEntry<V> | undefined;
  /** Counts the entry under `key` as just used, so it goes last when room is needed. */
  touch(key: string): void;
  /**
   * Keeps `value` under `key`, read at `readAt` (default now), counting `bytes` against
   * `maxBytes`. Data already a whole time to live old, or larger than `maxBytes` on its own, is
   * not kept, and an entry already under `key` then stays.
   */
  set(key: string, value: V, readAt?: number, bytes?: number): void;
  size(): number;
  clear(): void;
}

/**
 * Creates the store. A Map keeps insertion order, so re-inserting on every use makes its first
 * key the least recently used one, which is what goes when a bound is passed.
 *
 * @example
 * ```ts
 * const recent = createRecentEntries<string>({ ttlMs: 10_000, maxEntries: 100 });
 * recent.set("key", "value");
 * recent.peek("key")?.value; // "value"
 * ```
 */
export function createRecentEntries<V>(options: RecentEntriesOptions): RecentEntries<V> {
  if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be positive; got ${options.ttlMs}.`);
  if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
    throw new RangeError(`maxEntries must be a whole number from 1; got ${options.maxEntries}.`);
  }
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be positive; got ${maxBytes}.`);
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, Stored<V>>();
  let heldBytes = 0;

  function forget(key: string, entry: Stored<V>) {
    entries.delete(key);
    heldBytes -= entry.bytes;
  }

  return {
    peek(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expires <= now()) {
        forget(key, entry);
        return undefined;
      }
      return entry;
    },
    touch(key) {
      const entry = entries.get(key);
      if (entry === undefined) return;
      entries.delete(key);
      entries.set(key, entry);
    },
    set(key, value, readAt, bytes = 0) {
      const current = now();
      const read = Math.min(current, readAt ?? current);
      const expires = read + options.ttlMs;
      if (expires <= current || bytes > maxBytes) return;
      const previous = entries.get(key);
      if (previous) forget(key, previous);
      entries.set(key, { value, readAt: read, expires, bytes });
      heldBytes += bytes;
      for (const [oldest, held] of entries) {
        if (entries.size <= options.maxEntries && heldBytes <= maxBytes) break;
        forget(oldest, held);
      }
    },
    size: () => entries.size,
    clear() {
      entries.clear();
      heldBytes = 0;
    },
  };
}
