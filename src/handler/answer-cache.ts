/** Options of the answer cache. */
export interface AnswerCacheOptions {
  /** How long an answer is reused, in milliseconds; also the most it can be out of date. */
  ttlMs: number;
  /** The most answers kept; the least recently used goes first. */
  maxEntries: number;
  /**
   * The most bytes of request bodies and answers kept together, so a few large signed bodies
   * cannot fill memory. @default 33554432 (32 MiB)
   */
  maxBytes?: number;
  /** Told of every hit and miss, e.g. to count them in `/metrics`. */
  onResult?: (hit: boolean) => void;
  /** The clock, in milliseconds. @default performance.now */
  now?: () => number;
}

/** A stored answer: its body and the log fields its render function added. */
export interface CachedAnswer {
  body: Buffer;
  details: Readonly<Record<string, unknown>>;
}

/**
 * Answers to signed requests seen before, keyed by the exact signature header and body bytes.
 * `defineApp` consults it after reading the body and before verifying the signature.
 */
export interface AnswerCache {
  /** The answer given to these exact bytes under this exact signature, while it is fresh. */
  get(signature: string, rawBody: Buffer): CachedAnswer | undefined;
  /**
   * Keeps an answer. Only call it for a request whose signature was verified. `readAt` is when
   * the data behind the answer was read, if earlier than now: the answer expires that much
   * sooner.
   */
  set(signature: string, rawBody: Buffer, answer: CachedAnswer, readAt?: number): void;
  /** How many answers are held now. */
  size(): number;
  /** Forgets every answer. */
  clear(): void;
}

export const DEFAULT_ANSWER_CACHE_BYTES = 32 * 1024 * 1024;

interface Entry extends CachedAnswer {
  rawBody: Buffer;
  expires: number;
  bytes: number;
}

/**
 * A bounded, time-limited cache of whole answers. Help Scout sends the same bytes each time an
 * agent reloads the same conversation; those reloads are answered without verifying, parsing or
 * rendering again.
 *
 * Skipping the signature check is safe because a hit needs the same signature header and the
 * same body, byte for byte, as a request that was verified: whatever made that pair valid makes
 * it valid now. Any other body under a known signature misses and is verified as usual.
 *
 * @example
 * ```ts
 * const app = defineApp({
 *   secrets,
 *   render,
 *   answerCache: createAnswerCache({ ttlMs: 10_000, maxEntries: 10_000 }),
 * });
 * ```
 */
export function createAnswerCache(options: AnswerCacheOptions): AnswerCache {
  if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be positive; got ${options.ttlMs}.`);
  if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
    throw new RangeError(`maxEntries must be a whole number from 1; got ${options.maxEntries}.`);
  }
  const maxBytes = options.maxBytes ?? DEFAULT_ANSWER_CACHE_BYTES;
  if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be positive; got ${maxBytes}.`);
  const now = options.now ?? (() => performance.now());
  const report = options.onResult ?? (() => {});
  // Insertion order doubles as recency: a hit is moved to the end, the first key goes first.
  const entries = new Map<string, Entry>();
  let heldBytes = 0;

  function forget(signature: string, entry: Entry) {
    entries.delete(signature);
    heldBytes -= entry.bytes;
  }

  return {
    get(signature, rawBody) {
      const entry = entries.get(signature);
      if (entry === undefined) {
        report(false);
        return undefined;
      }
      if (entry.expires <= now()) {
        forget(signature, entry);
        report(false);
        return undefined;
      }
      if (!entry.rawBody.equals(rawBody)) {
        report(false);
        return undefined;
      }
      entries.delete(signature);
      entries.set(signature, entry);
      report(true);
      return entry;
    },
    set(signature, rawBody, answer, readAt) {
      const current = now();
      const expires = Math.min(current, readAt ?? current) + options.ttlMs;
      // Data already as old as the time to live would go stale the moment it was stored.
      if (expires <= current) return;
      const bytes = rawBody.length + answer.body.length + signature.length;
      // One answer bigger than the whole budget would only push everything else out.
      if (bytes > maxBytes) return;
      const previous = entries.get(signature);
      if (previous) forget(signature, previous);
      // The body is copied: the caller's buffer may be a view into memory that gets reused.
      const entry: Entry = {
        rawBody: Buffer.from(rawBody),
        body: answer.body,
        details: { ...answer.details },
        expires,
        bytes,
      };
      entries.set(signature, entry);
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
