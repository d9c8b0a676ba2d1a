import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RenderContext } from "../../src/handler/types.js";
import { html } from "../../src/html/html.js";
import { type RunningApp, startApp } from "../helpers/server.js";
import { postSigned } from "../helpers/signed-request.js";

const SECRET = "render-faults-secret";
const DEADLINE_MS = 300;
let running: RunningApp;
/** The reasons the render functions' signals were aborted with, by customer address. */
const abortReasons = new Map<string, unknown>();

/** A render function whose behaviour the customer's address picks. */
function render({ request, signal }: RenderContext) {
  const email = request.customerEmails[0] ?? "";
  signal.addEventListener("abort", () => abortReasons.set(email, signal.reason));
  if (email.startsWith("throws")) throw new Error("the CRM client blew up");
  if (email.startsWith("rejects-string")) return Promise.reject("a bare string, not an Error");
  if (email.startsWith("hangs")) return new Promise<never>(() => {});
  if (email.startsWith("late")) {
    // Fails only after the deadline: nobody waits for it any more, and it must not crash anything.
    return new Promise<never>((_, reject) => {
      setTimeout(() => reject(new Error("too late")), DEADLINE_MS * 2);
    });
  }
  return html`<p>Card for ${email}</p>`;
}

beforeAll(async () => {
  running = await startApp({ secrets: SECRET, render, deadlineMs: DEADLINE_MS });
});
afterAll(() => running.close());

function ask(email: string) {
  return postSigned(running.url, JSON.stringify({ customer: { email } }), { secret: SECRET });
}

describe("a render function that fails, over a real socket", () => {
  it.each([
    ["throws@example.com", "render_failed"],
    ["rejects-string@example.com", "render_failed"],
    ["hangs@example.com", "render_timeout"],
    ["late@example.com", "render_timeout"],
  ])("%s is answered 200 with the %s error card naming the request id", async (email, code) => {
    const answer = await ask(email);
    expect(answer.status).toBe(200);
    expect(answer.json?.code).toBe(code);
    const requestId = answer.headers.get("x-request-id") ?? "";
    expect(requestId).not.toBe("");
    expect(String(answer.json?.html)).toContain(requestId);
    // The card never carries the error's own text, which may hold internal details.
    expect(answer.bytes.toString()).not.toContain("blew up");
  });

  it("aborts the signal of a render that never settles, with the render_timeout error", async () => {
    await ask("hangs-signal@example.com");
    expect(abortReasons.get("hangs-signal@example.com")).toMatchObject({ code: "render_timeout" });
  });

  it("answers 120 concurrent requests of every kind, each with its own answer, then keeps serving", async () => {
    const kinds = ["good", "throws", "rejects-string", "hangs", "late"] as const;
    const expected: Record<(typeof kinds)[number], string | undefined> = {
      good: undefined,
      throws: "render_failed",
      "rejects-string": "render_failed",
      hangs: "render_timeout",
      late: "render_timeout",
    };
    const asked = Array.from({ length: 120 }, (_, index) => kinds[index % kinds.length] ?? "good");
    const answers = await Promise.all(
      asked.map((kind, index) => ask(`${kind}-${index}@example.com`)),
    );
    answers.forEach((answer, index) => {
      const kind = asked[index] ?? "good";
      expect(answer.status).toBe(200);
      expect(answer.json?.code).toBe(expected[kind]);
      if (kind === "good")
        expect(answer.json?.html).toBe(`<p>Card for good-${index}@example.com</p>`);
    });
    // The late rejections land after their answers went out; the server is still well.
    await new Promise((wake) => setTimeout(wake, DEADLINE_MS * 3));
    const after = await ask("good-after@example.com");
    expect(after.json?.html).toBe("<p>Card for good-after@example.com</p>");
  });

  it("logs a failed render at error level with the thrown error, for the operator", async () => {
    const answer = await ask("throws-logged@example.com");
    const requestId = answer.headers.get("x-request-id");
    const line = running.log.lines.find(
      (entry) =>
        entry.level === "error" && entry.fields.requestId === requestId && entry.fields.err,
    );
    expect(String((line?.fields.err as Error | undefined)?.message)).toBe("the CRM client blew up");
  });
});
