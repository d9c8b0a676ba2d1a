import { createRecentEntries } from "./recent-entries.js";

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

interface Held extends CachedAnswer {
  rawBody: Buffer;
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
  const entries = createRecentEntries<Held>({
    ttlMs: options.ttlMs,
    maxEntries: options.maxEntries,
    maxBytes: options.maxBytes ?? DEFAULT_ANSWER_CACHE_BYTES,
    ...(options.now ? { now: options.now } : {}),
  });
  const report = options.onResult ?? (() => {});

  return {
    get(signature, rawBody) {
      const held = entries.peek(signature)?.value;
      // Another body under a known signature is a miss, and does not count as a use.
      if (held === undefined || !held.rawBody.equals(rawBody)) {
        report(false);
        return undefined;
      }
      entries.touch(signature);
      report(true);
      return held;
    },
    set(signature, rawBody, answer, readAt) {
      // The body is copied: the caller's buffer may be a view into memory that gets reused.
      const held: Held = {
        rawBody: Buffer.from(rawBody),
        body: answer.body,
        details: { ...answer.details },
      };
      const bytes = rawBody.length + answer.body.length + signature.length;
      entries.set(signature, held, readAt, bytes);
    },
    size: () => entries.size(),
    clear: () => entries.clear(),
  };
}
