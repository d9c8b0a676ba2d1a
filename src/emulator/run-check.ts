import type { CheckContext } from "./check-probe.js";
import { SCENARIOS, type Scenario } from "./check-scenarios.js";
import { DEFAULT_TIMEOUT_MS } from "./send-request.js";

/** What to check, and how. */
export interface CheckOptions {
  url: string;
  secret: string;
  /** Debug mode: a plain-HTTP URL may be checked. Redirects still fail their scenario. */
  debug?: boolean;
  /** The time limit of each request, in milliseconds. @default 10000 */
  timeoutMs?: number;
  /** Certificates to trust besides the system's (PEM). */
  ca?: string | Buffer;
  /** The scenarios to run; all of them by default. */
  scenarios?: readonly Scenario[];
}

/** The result of one scenario. */
export interface ScenarioResult {
  name: string;
  summary: string;
  passed: boolean;
  detail: string;
  durationMs: number;
}

/** The result of a whole check. */
export interface CheckReport {
  url: string;
  debug: boolean;
  /** True only when every scenario passed. */
  passed: boolean;
  scenarios: ScenarioResult[];
  /** Set when the check could not start, e.g. a plain-HTTP URL outside debug mode. */
  error?: string;
}

function startError(url: string, debug: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL; give a full https:// address.`;
  }
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:") {
    return debug
      ? undefined
      : `Help Scout calls only HTTPS URLs, and ${parsed.href} is plain HTTP; serve the app over HTTPS, or pass --debug to check it while developing.`;
  }
  return `${parsed.protocol} URLs cannot be checked; give an https:// address.`;
}

/**
 * Runs the conformance scenarios one after the other against a live endpoint, in any language,
 * and says which pass. Never rejects: a scenario that throws counts as failed.
 *
 * @example
 * ```ts
 * const report = await runCheck({ url: "https://app.example.com/", secret });
 * for (const s of report.scenarios) console.log(s.name, s.passed ? "pass" : "FAIL", s.detail);
 * ```
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const debug = options.debug === true;
  const error = startError(options.url, debug);
  if (error !== undefined) {
    return { url: options.url, debug, passed: false, scenarios: [], error };
  }
  const context: CheckContext = {
    url: options.url,
    secret: options.secret,
    debug,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  };
  const results: ScenarioResult[] = [];
  for (const scenario of options.scenarios ?? SCENARIOS) {
    const started = performance.now();
    let outcome: { passed: boolean; detail: string };
    try {
      outcome = await scenario.run(context);
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      outcome = { passed: false, detail: `the scenario could not run: ${message}` };
    }
    results.push({
      name: scenario.name,
      summary: scenario.summary,
      passed: outcome.passed,
      detail: outcome.detail,
      durationMs: Math.round(performance.now() - started),
    });
  }
  return {
    url: options.url,
    debug,
    passed: results.every((result) => result.passed),
    scenarios: results,
  };
}
