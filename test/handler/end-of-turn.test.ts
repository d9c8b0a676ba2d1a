import { describe, expect, it } from "vitest";
import { defineApp } from "../../src/handler/define-app.js";
import { endOfTurn } from "../../src/handler/end-of-turn.js";
import { html } from "../../src/html/html.js";
import { opensslSignature } from "../helpers/openssl.js";

describe("endOfTurn", () => {
  it("releases every caller of a turn together, in order, after that turn's immediates were queued", async () => {
    const seen: string[] = [];
    // Queued before the waiters: it runs first in the check phase, before their release.
    setImmediate(() => seen.push("earlier immediate"));
    const waiters = [1, 2, 3].map((n) => endOfTurn().then(() => seen.push(`waiter ${n}`)));
    // Queued after the waiters' one immediate: it runs once all three were released, since a
    // release only queues promise reactions and those run right after the immediate's callback.
    setImmediate(() => seen.push("later immediate"));
    await Promise.all(waiters);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([
      "earlier immediate",
      "waiter 1",
      "waiter 2",
      "waiter 3",
      "later immediate",
    ]);
  });

  it("sends a caller that arrives while a turn is being released to the next turn", async () => {
    const seen: string[] = [];
    const first = endOfTurn().then(async () => {
      seen.push("first");
      await endOfTurn();
      seen.push("first again");
    });
    const second = endOfTurn().then(() => seen.push("second"));
    await Promise.all([first, second]);
    expect(seen).toEqual(["first", "second", "first again"]);
  });
});

describe("defineApp and the end of the turn", () => {
  it("reads every request of a turn before it renders any of them", async () => {
    const secret = "end-of-turn-secret";
    const seen: string[] = [];
    const app = defineApp({
      secrets: secret,
      render: ({ request }) => {
        seen.push(`render ${request.customerEmails[0]}`);
        return html`<p>ok</p>`;
      },
    });
    const post = (email: string) => {
      const body = JSON.stringify({ customer: { email } });
      return app.handle({
        method: "POST",
        url: "/",
        headers: { "x-helpscout-signature": opensslSignature(body, secret) },
        body: new TextEncoder().encode(body),
      });
    };
    // Without the wait, both renders would run as promise reactions, before any immediate.
    setImmediate(() => seen.push("immediate queued first"));
    const answers = await Promise.all([post("a@example.com"), post("b@example.com")]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(seen).toEqual([
      "immediate queued first",
      "render a@example.com",
      "render b@example.com",
    ]);
  });
});
