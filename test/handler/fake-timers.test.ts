import { afterEach, describe, expect, it, vi } from "vitest";
import { defineApp } from "../../src/handler/define-app.js";
import type { IncomingRequest } from "../../src/handler/types.js";
import { html } from "../../src/html/html.js";
import { opensslSignature } from "../helpers/openssl.js";

const secret = "fake-timers-secret";

function signedRequest(email: string): IncomingRequest {
  const body = JSON.stringify({ customer: { email } });
  return {
    method: "POST",
    url: "/",
    headers: { "x-helpscout-signature": opensslSignature(body, secret) },
    body: new TextEncoder().encode(body),
  };
}

const expectedBody = (email: string) => JSON.stringify({ html: `<p>${email}</p>` });

afterEach(() => {
  vi.useRealTimers();
});

// A user's test that fakes timers (vitest's defaults fake setImmediate) must still get answers
// from `handle` without advancing the fake clock: nothing in a quick render waits on a timer.
describe("defineApp under fake timers", () => {
  it("answers when the test fakes the timers after loading the library", async () => {
    const app = defineApp({
      secrets: secret,
      render: ({ request }) => html`<p>${request.customerEmails[0]}</p>`,
    });
    vi.useFakeTimers();
    const answer = await app.handle(signedRequest("after@example.com"));
    expect(answer.status).toBe(200);
    expect(Buffer.from(answer.body).toString()).toBe(expectedBody("after@example.com"));
  });

  // As with a setup file that fakes timers for every test, or Jest's `enableGlobally`: the
  // library is loaded while the global setImmediate is already the fake one.
  it("answers when the timers were faked before the library was loaded", async () => {
    vi.useFakeTimers();
    vi.resetModules();
    const fresh = await import("../../src/handler/define-app.js");
    const freshHtml = await import("../../src/html/html.js");
    const app = fresh.defineApp({
      secrets: secret,
      render: ({ request }) => freshHtml.html`<p>${request.customerEmails[0]}</p>`,
    });
    const answers = await Promise.all(
      ["one@example.com", "two@example.com"].map((email) => app.handle(signedRequest(email))),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers.map((answer) => Buffer.from(answer.body).toString())).toEqual([
      expectedBody("one@example.com"),
      expectedBody("two@example.com"),
    ]);
  }, 3000);

  it("answers the customer card from a SQLite store when the timers were faked first", async () => {
    vi.useFakeTimers();
    vi.resetModules();
    const { defineApp: freshDefineApp } = await import("../../src/handler/define-app.js");
    const { createCustomerCardRender } = await import("../../src/card/customer-card-app.js");
    const { openSqliteStore } = await import("../../src/customers/sqlite-store.js");
    const { loadDemoData } = await import("../../src/customers/demo-data.js");
    const store = openSqliteStore(":memory:");
    try {
      await loadDemoData(store);
      const app = freshDefineApp({ secrets: secret, render: createCustomerCardRender(store) });
      const answer = await app.handle(signedRequest("jan@example.com"));
      expect(answer.status).toBe(200);
      expect(Buffer.from(answer.body).toString()).toContain("Jan Baker");
    } finally {
      await store.close();
    }
  }, 3000);
});
