import { describe, expect, it } from "vitest";
import { type AppDefinition, defineApp, html, resolveAppModule } from "../../src/index.js";
import { opensslSign } from "../adapters/signing.js";

const BODY = '{"customer":{"fname":"Ada"}}';

async function call(app: ReturnType<typeof resolveAppModule>, secret: string) {
  const answer = await app.handle({
    method: "POST",
    url: "/",
    headers: { "x-helpscout-signature": opensslSign(BODY, secret) },
    body: Buffer.from(BODY),
  });
  return { status: answer.status, body: answer.body.toString("utf8") };
}

describe("resolveAppModule", () => {
  it("uses a finished app as it is, ignoring the loader's secrets", async () => {
    const finished = defineApp({ secrets: "own", render: () => "finished" });
    const app = resolveAppModule({ default: finished }, { secrets: "loader" });
    expect(app).toBe(finished);
  });

  it("completes a definition with the loader's secrets", async () => {
    const definition: AppDefinition = {
      render: ({ request }) => html`<b>${request.customerName}</b>`,
    };
    const app = resolveAppModule({ default: definition }, { secrets: ["new", "old"] });
    expect(await call(app, "old")).toEqual({ status: 200, body: '{"html":"<b>Ada</b>"}' });
    expect((await call(app, "other")).status).toBe(401);
  });

  it("lets the module's own settings win over the loader's", async () => {
    const app = resolveAppModule(
      { default: { secrets: "module", deadlineMs: 1234, render: () => "x" } },
      { secrets: "loader", deadlineMs: 5000, bodyLimit: 999 },
    );
    expect(app.settings.deadlineMs).toBe(1234);
    expect(app.settings.bodyLimit).toBe(999);
    expect((await call(app, "module")).status).toBe(200);
    expect((await call(app, "loader")).status).toBe(401);
  });

  it("accepts a named export `app` when there is no default", () => {
    const app = resolveAppModule({ app: { render: () => "x" } }, { secrets: "s" });
    expect(typeof app.handle).toBe("function");
  });

  it("names the file and the fix when the module exports nothing usable", () => {
    expect(() => resolveAppModule({}, { secrets: "s" }, "card.js")).toThrow(
      /card\.js has no default export/,
    );
    expect(() => resolveAppModule({ default: { html: "x" } }, { secrets: "s" }, "card.js")).toThrow(
      /neither a handle function .* nor a render function/,
    );
  });

  it("says where a secret comes from when none is known", () => {
    expect(() => resolveAppModule({ default: { render: () => "x" } }, {}, "card.js")).toThrow(
      /HELPSCOUT_SECRET/,
    );
  });
});
