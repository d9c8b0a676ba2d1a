import { afterAll, describe, expect, it } from "vitest";
import type { RenderContext } from "../../src/handler/types.js";
import { html } from "../../src/html/html.js";
import { badge, list, row, section } from "../../src/html/sidebar.js";
import { verifySignature } from "../../src/protocol/signature.js";
import { acceptedStatuses, caseBody, loadCases, type SignedCase } from "../helpers/cases.js";
import { buildRawRequest, rawExchange } from "../helpers/raw-http.js";
import { type RunningApp, startApp } from "../helpers/server.js";

/** A small card that shows every customer-typed value, so escaping is tested where it matters. */
function render({ request }: RenderContext) {
  if (request.isDraft) return section("Draft", html`<p>${request.customerEmails.join(", ")}</p>`);
  return section(
    html`${request.customerName ?? "Unknown customer"} ${badge(request.userRole ?? "no role")}`,
    list([
      row("Subject", request.ticket?.subject),
      row("Emails", request.customerEmails.join(", ")),
      row("Mailbox", request.mailbox?.email),
    ]),
  );
}

const servers = new Map<string, RunningApp>();

/** One server per secret the cases use, started on first need. */
async function serverFor(secret: string): Promise<RunningApp> {
  let running = servers.get(secret);
  if (!running) {
    running = await startApp({ secrets: secret, render });
    servers.set(secret, running);
  }
  return running;
}

afterAll(async () => {
  await Promise.all([...servers.values()].map((running) => running.close()));
});

function expectedStatuses(item: SignedCase): number[] {
  const named = acceptedStatuses(item);
  if (named.length > 0) return named;
  return [item.expect.signature_valid ? 200 : 401];
}

describe("every shared case through defineApp and a real socket", () => {
  for (const item of loadCases()) {
    it(`${item.name}: ${item.note}`, async () => {
      const body = caseBody(item);
      expect(verifySignature(body, item.signature, item.secret)).toBe(item.expect.signature_valid);

      const running = await serverFor(item.secret);
      const headers: Array<[string, string]> = Object.entries(item.headers ?? {});
      if (item.signature !== "") headers.push(["X-HELPSCOUT-SIGNATURE", item.signature]);
      // Raw bytes on the wire: the non-ASCII junk header goes out exactly as the case has it.
      const answer = await rawExchange(running.port, [
        buildRawRequest({ method: item.method, body, headers }),
      ]);
      expect(expectedStatuses(item)).toContain(answer.status);

      const json = JSON.parse(answer.body.toString("utf8")) as Record<string, unknown>;
      if (answer.status === 200) {
        expect(typeof json.html).toBe("string");
        expect(json.code).toBeUndefined();
      } else {
        expect(typeof json.code).toBe("string");
      }
      const shown = String(json.html ?? "");
      for (const needle of item.expect.html_includes ?? []) expect(shown).toContain(needle);
      for (const needle of item.expect.html_excludes ?? []) expect(shown).not.toContain(needle);
    });
  }

  it("the xss case's values are shown, escaped", async () => {
    const [item] = loadCases().filter((entry) => entry.name === "xss-name");
    if (!item) throw new Error("xss-name is missing");
    const running = await serverFor(item.secret);
    const answer = await rawExchange(running.port, [
      buildRawRequest({
        body: caseBody(item),
        headers: [["x-helpscout-signature", item.signature]],
      }),
    ]);
    const shown = String(JSON.parse(answer.body.toString()).html);
    expect(shown).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(shown).toContain("&lt;b&gt;hi&lt;/b&gt;");
    expect(shown).toContain("&quot;Q&quot; &amp; &#39;R&#39;");
  });
});
