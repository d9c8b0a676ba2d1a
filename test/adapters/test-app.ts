import { defineApp, html, section } from "../../src/index.js";

/** The secret every adapter test's app is configured with. */
export const SECRET = "adapter-tests-secret-0123456789";

/** A small limit, so an oversized body is small enough to send whole. */
export const BODY_LIMIT = 4096;

/** The app every adapter serves: shows the customer's name, addresses and the subject. */
export function createTestApp() {
  return defineApp({
    secrets: SECRET,
    bodyLimit: BODY_LIMIT,
    render: ({ request }) =>
      section(
        "Customer",
        html`<p class="name">${request.customerName ?? "Unknown"}</p><p class="emails">${request.customerEmails.join(" ")}</p><p class="subject">${request.ticket?.subject ?? ""}</p>`,
      ),
  });
}
