// Node's own, not the global one that fake timers replace: see end-of-turn.ts.
import { setImmediate as afterIo } from "node:timers";
import type { CustomerRecord } from "./types.js";

/** Finds the customers of many addresses in one query: each address found, with its customer. */
export type FindMany = (emails: readonly string[]) => Promise<ReadonlyMap<string, CustomerRecord>>;

/** Finds the customer of the first known address, in the order given. */
export type FindFirst = (
  emails: readonly string[],
  signal?: AbortSignal,
) => Promise<CustomerRecord | undefined>;

/** Options of `createLookupBatcher`. */
export interface LookupBatcherOptions {
  /**
   * The most queries running at once. While all are busy, new look-ups wait and go together in
   * the next query, so under load each query carries more of them.
   */
  maxInFlight: number;
  /** The most distinct addresses in one query. A look-up is never split across queries. */
  maxAddresses: number;
}

interface Waiting {
  emails: readonly string[];
  signal: AbortSignal | undefined;
  resolve: (record: CustomerRecord | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Sends look-ups to the database in batches: those made in the same turn of the event loop, and
 * those made while every allowed query is already running, go in one query. A round trip and a
 * statement cost the database far more than one more index probe, so a loaded server asks the
 * database a few times per turn instead of once per request.
 *
 * Each look-up still gets exactly its own answer: the customer of the first of its addresses
 * that the database knows. A failed query fails every look-up it carried; the next one is sent
 * afresh. A look-up whose signal was aborted while it waited is dropped before it is sent.
 *
 * @example
 * ```ts
 * const find = createLookupBatcher(findManyInPostgres, { maxInFlight: 4, maxAddresses: 500 });
 * const customer = await find(["jan@example.com"]);
 * ```
 */
export function createLookupBatcher(findMany: FindMany, options: LookupBatcherOptions): FindFirst {
  if (!Number.isInteger(options.maxInFlight) || options.maxInFlight < 1) {
    throw new RangeError(`maxInFlight must be a whole number from 1; got ${options.maxInFlight}.`);
  }
  if (!Number.isInteger(options.maxAddresses) || options.maxAddresses < 1) {
    throw new RangeError(
      `maxAddresses must be a whole number from 1; got ${options.maxAddresses}.`,
    );
  }
  let waiting: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  function takeBatch(): { batch: Waiting[]; emails: string[] } {
    const batch: Waiting[] = [];
    const emails = new Set<string>();
    let taken = 0;
    for (; taken < waiting.length; taken += 1) {
      const next = waiting[taken] as Waiting;
      if (next.signal?.aborted) {
        next.reject(next.signal.reason);
        continue;
      }
      const added = next.emails.filter((email) => !emails.has(email)).length;
      if (batch.length > 0 && emails.size + added > options.maxAddresses) break;
      for (const email of next.emails) emails.add(email);
      batch.push(next);
    }
    waiting = waiting.slice(taken);
    return { batch, emails: [...emails] };
  }

  function send(batch: Waiting[], emails: string[]) {
    inFlight += 1;
    findMany(emails)
      .then(
        (found) => {
          for (const lookup of batch) lookup.resolve(firstFound(lookup.emails, found));
        },
        (error: unknown) => {
          for (const lookup of batch) lookup.reject(error);
        },
      )
      .finally(() => {
        inFlight -= 1;
        dispatch();
      });
  }

  function dispatch() {
    scheduled = false;
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      const { batch, emails } = takeBatch();
      if (batch.length > 0) send(batch, emails);
    }
  }

  return (emails, signal) => {
    if (emails.length === 0) return Promise.resolve(undefined);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      waiting.push({ emails, signal, resolve, reject });
      // After the poll phase, so the look-ups of every request that arrived with this one go
      // together; while every query is busy, the one that finishes first sends the waiting ones.
      if (!scheduled && inFlight < options.maxInFlight) {
        scheduled = true;
        afterIo(dispatch);
      }
    });
  };
}

function firstFound(
  emails: readonly string[],
  found: ReadonlyMap<string, CustomerRecord>,
): CustomerRecord | undefined {
  for (const email of emails) {
    const record = found.get(email);
    if (record) return record;
  }
  return undefined;
}
