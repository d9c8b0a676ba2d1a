import { hmacSignature } from "../helpers/openssl.js";

/** What one request of the flow got back. */
export type OutcomeKind = "card" | "store_unavailable" | "503" | "hung" | "other";

/** One answered (or abandoned) request, with the phase of the test when it started and ended. */
export interface Outcome {
  kind: OutcomeKind;
  /** Status, error code and the start of the body, for a readable failure message. */
  detail: string;
  startedIn: string;
  endedIn: string;
}

/** A steady flow of signed requests against a server, run until stopped. */
export interface Traffic {
  outcomes: Outcome[];
  /** Names the phase of the test that requests starting from now belong to. */
  enter(phase: string): void;
  /** Resolves once `count` outcomes satisfy `test`; rejects after `withinMs` with what came. */
  waitFor(test: (outcome: Outcome) => boolean, count: number, withinMs?: number): Promise<void>;
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<void>;
}

/** Options of `startTraffic`. */
export interface TrafficOptions {
  secret: string;
  /** Requests in flight at once. @default 4 */
  concurrency?: number;
  /** Abandon a request after this long and count it as hung. @default 8000 */
  hangAfterMs?: number;
  /** The customer's name the card must show. @default "Jan Baker" */
  expectName?: string;
}

const BODY = JSON.stringify({
  ticket: { id: 1, number: 1001, subject: "Where is my order?" },
  customer: { email: "jan@example.com" },
});

async function once(url: string, signature: string, options: TrafficOptions) {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-helpscout-signature": signature },
      body: BODY,
      signal: AbortSignal.timeout(options.hangAfterMs ?? 8000),
    });
    const text = await response.text();
    const detail = `${response.status} ${text.slice(0, 160)}`;
    if (response.status === 503) return { kind: "503" as const, detail };
    const json = JSON.parse(text) as { html?: string; code?: string };
    if (response.status === 200 && json.code === "store_unavailable") {
      return { kind: "store_unavailable" as const, detail };
    }
    const name = options.expectName ?? "Jan Baker";
    if (response.status === 200 && json.code === undefined && json.html?.includes(name)) {
      return { kind: "card" as const, detail };
    }
    return { kind: "other" as const, detail };
  } catch (error) {
    const name = (error as Error).name;
    return {
      kind: name === "TimeoutError" ? ("hung" as const) : ("other" as const),
      detail: String(error),
    };
  }
}

/**
 * Sends the same signed request for Jan's card over and over, a few at a time, and records what
 * each one got back, so a test can break the database in the middle and check every answer.
 *
 * @example
 * ```ts
 * const traffic = startTraffic(server.url, { secret });
 * await traffic.waitFor((o) => o.kind === "card", 10);
 * ```
 */
export function startTraffic(url: string, options: TrafficOptions): Traffic {
  const signature = hmacSignature(BODY, options.secret);
  const outcomes: Outcome[] = [];
  let phase = "before";
  let running = true;
  const workers = Array.from({ length: options.concurrency ?? 4 }, async () => {
    while (running) {
      const startedIn = phase;
      const result = await once(url, signature, options);
      outcomes.push({ ...result, startedIn, endedIn: phase });
    }
  });

  return {
    outcomes,
    enter(next) {
      phase = next;
    },
    async waitFor(test, count, withinMs = 15_000) {
      const until = Date.now() + withinMs;
      while (outcomes.filter(test).length < count) {
        if (Date.now() > until) {
          const seen = outcomes.slice(-5).map((outcome) => `${outcome.kind}: ${outcome.detail}`);
          throw new Error(`Not seen ${count} times in ${withinMs} ms. Last:\n${seen.join("\n")}`);
        }
        await new Promise((wake) => setTimeout(wake, 20));
      }
    },
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** The outcomes that started and ended within one phase. */
export function within(outcomes: readonly Outcome[], phase: string): Outcome[] {
  return outcomes.filter((outcome) => outcome.startedIn === phase && outcome.endedIn === phase);
}

/** Counts outcomes by kind, for one readable assertion. */
export function tally(outcomes: readonly Outcome[]): Partial<Record<OutcomeKind, number>> {
  const counts: Partial<Record<OutcomeKind, number>> = {};
  for (const outcome of outcomes) counts[outcome.kind] = (counts[outcome.kind] ?? 0) + 1;
  return counts;
}
