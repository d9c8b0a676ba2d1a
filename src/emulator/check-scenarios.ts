import { signBody } from "../protocol/signature.js";
import {
  type CheckContext,
  expectCard,
  expectHandled,
  expectRejected,
  htmlOf,
  probe,
  type ScenarioOutcome,
} from "./check-probe.js";
import { getPreset, MARKUP_PROBES } from "./presets.js";

/** One scenario of the conformance check. */
export interface Scenario {
  /** A short, stable name, shown in the table and the JSON output. */
  name: string;
  /** What the scenario sends and what a correct app does. */
  summary: string;
  run(context: CheckContext): Promise<ScenarioOutcome>;
}

/**
 * A preset body on one line, as Help Scout sends it. Re-serializing it gives the same bytes, so
 * only the `php-escaped-body` scenario tells an app that hashes re-encoded JSON apart.
 */
function compact(preset: string): string {
  return JSON.stringify(JSON.parse(getPreset(preset).body));
}

function cardScenario(name: string, preset: string, summary: string): Scenario {
  return {
    name,
    summary,
    run: async (context) =>
      expectCard(await probe(context, { body: compact(preset), signature: "sign" })),
  };
}

/** Over 1 MiB of valid, signed JSON: the padding sits in the subject. */
function oversizedBody(): string {
  const body = JSON.parse(compact("conversation")) as { ticket: { subject: string } };
  body.ticket.subject = "x".repeat(1024 * 1024 + 512);
  return JSON.stringify(body);
}

// A header of another length than a signature, with bytes outside ASCII: an app that compares
// it with timingSafeEqual without checking the length first crashes on it.
const JUNK_SIGNATURE = `${"\u00e9".repeat(90)}==`;

/**
 * The scenarios of `helpscout-app check`, in the order they run. The first, a valid request,
 * also records the card, so later scenarios can tell when a refused request leaks it.
 *
 * @example
 * ```ts
 * await runCheck({ url, secret, scenarios: SCENARIOS.filter((s) => s.name.endsWith("signature")) });
 * ```
 */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: "valid-request",
    summary: "a signed conversation is answered 200 with a card",
    async run(context) {
      const result = await probe(context, { body: compact("conversation"), signature: "sign" });
      const outcome = expectCard(result);
      if (outcome.html !== undefined) context.validHtml = outcome.html;
      const status = result.exchange?.status;
      if (status === 401 || status === 403) {
        // When the plainest signed request is refused, a mismatched secret is the likeliest cause,
        // and it explains every other signed scenario failing too.
        return {
          passed: false,
          detail: `refused a correctly signed request (${status}); check that --secret is the secret the app is configured with.`,
        };
      }
      return { passed: outcome.passed, detail: outcome.detail };
    },
  },
  cardScenario("draft", "draft", 'a draft ("ticket": false) is answered with a card'),
  cardScenario("no-customer", "no-customer", "a request without a customer is answered"),
  cardScenario("non-ascii-name", "non-ascii", "names outside ASCII (raw UTF-8) are answered"),
  {
    name: "php-escaped-body",
    summary: "a body with PHP's \\/ and \\u00f1 escapes verifies: the app hashes raw bytes",
    async run(context) {
      const result = await probe(context, {
        body: getPreset("php-escaped").body,
        signature: "sign",
      });
      const outcome = expectCard(result);
      const status = result.exchange?.status;
      if (status === 401 || status === 403) {
        return {
          passed: false,
          detail: `refused a correctly signed body written with \\/ and \\u00f1 escapes (${status}); verify the signature over the raw bytes, not over re-serialized JSON.`,
        };
      }
      return { passed: outcome.passed, detail: outcome.detail };
    },
  },
  {
    name: "markup-name",
    summary: "markup typed into the customer's name comes back escaped",
    async run(context) {
      const result = await probe(context, { body: compact("markup-name"), signature: "sign" });
      const outcome = expectCard(result);
      if (!outcome.passed) return { passed: false, detail: outcome.detail };
      const html = outcome.html ?? "";
      const echoed = MARKUP_PROBES.find((markup) => html.includes(markup));
      if (echoed !== undefined) {
        return {
          passed: false,
          detail: `echoed the customer's name unescaped (${echoed}); escape every value you put in HTML.`,
        };
      }
      return { passed: true, detail: "answered a card with the markup escaped." };
    },
  },
  {
    name: "wrong-signature",
    summary: "a signature made with another secret is refused, without a 5xx",
    run: async (context) =>
      expectRejected(
        await probe(context, {
          body: compact("conversation"),
          signature: signBody(compact("conversation"), `another-${context.secret}`),
        }),
        context,
      ),
  },
  {
    name: "missing-signature",
    summary: "a request without a signature is refused, without a 5xx",
    run: async (context) =>
      expectRejected(await probe(context, { body: compact("conversation") }), context),
  },
  {
    name: "junk-signature",
    summary: "a junk signature of another length is refused, without a 5xx",
    run: async (context) =>
      expectRejected(
        await probe(context, { body: compact("conversation"), signature: JUNK_SIGNATURE }),
        context,
      ),
  },
  {
    name: "empty-body",
    summary: "a signed empty body is answered without a 5xx",
    run: async (context) =>
      expectHandled(await probe(context, { body: "", signature: "sign" }), "an empty body"),
  },
  {
    name: "oversized-body",
    summary: "a signed body over 1 MiB is answered (413 is best) and does not hang",
    async run(context) {
      const result = await probe(context, { body: oversizedBody(), signature: "sign" });
      if (result.error?.code === "no_answer") {
        return {
          passed: true,
          detail: "closed the connection without an answer; a 413 would tell the caller why.",
        };
      }
      return expectHandled(result, "a body over 1 MiB");
    },
  },
  {
    name: "get-request",
    summary: "a GET is not answered with data",
    async run(context) {
      const result = await probe(context, { method: "GET" });
      const outcome = expectHandled(result, "a GET");
      const html = result.exchange ? htmlOf(result.exchange) : undefined;
      if (outcome.passed && html !== undefined && html.trim() !== "") {
        return {
          passed: false,
          detail: "answered a GET with sidebar HTML; answer only signed POST requests (405).",
        };
      }
      if (result.exchange && result.exchange.status >= 300 && result.exchange.status < 400) {
        return { passed: true, detail: `answered ${result.exchange.status} to a GET.` };
      }
      return outcome;
    },
  },
];
