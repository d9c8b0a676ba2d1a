import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { html } from "../../src/html/html.js";
import { hmacSignature } from "../helpers/openssl.js";
import { type RunningApp, startApp } from "../helpers/server.js";
import { postSigned } from "../helpers/signed-request.js";

const SECRET = "concurrency-secret-0123";
let running: RunningApp;

beforeAll(async () => {
  running = await startApp({
    secrets: SECRET,
    deadlineMs: 2000,
    // Each answer is delayed a little, so many requests are in flight at once.
    render: async ({ request }) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      return html`<p>${String(request.raw.n)}</p>`;
    },
  });
});

afterAll(async () => {
  await running.close();
});

describe("many requests at once", () => {
  it("each answer belongs to its own request, and no forged one gets through", async () => {
    const total = 300;
    const answers = await Promise.all(
      Array.from({ length: total }, async (_, n) => {
        const body = JSON.stringify({ n });
        const forged = n % 7 === 0;
        const signature = forged
          ? hmacSignature(body, "wrong-secret")
          : hmacSignature(body, SECRET);
        const answer = await postSigned(running.url, body, { signature });
        return { n, forged, answer };
      }),
    );
    for (const { n, forged, answer } of answers) {
      if (forged) {
        expect(answer.status).toBe(401);
        expect(answer.json?.code).toBe("invalid_signature");
      } else {
        expect(answer.status).toBe(200);
        expect(answer.json?.html).toBe(`<p>${n}</p>`);
      }
    }
    const ids = new Set(answers.map(({ answer }) => answer.headers.get("x-request-id")));
    expect(ids.size).toBe(total);
    // One log line per request, none lost under load.
    const lines = running.log.lines.filter((line) => typeof line.fields.status === "number");
    expect(lines.length).toBe(total);
  });
});
