import { describe, expect, it } from "vitest";
import { inspectResponse } from "../../src/emulator/inspect-response.js";
import type { HttpExchange } from "../../src/emulator/send-request.js";

function answer(status: number, body: string, headers: HttpExchange["headers"] = {}): HttpExchange {
  return {
    url: "https://app.example.com/",
    status,
    statusText: status === 200 ? "OK" : "",
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: Buffer.from(body),
    durationMs: 1,
    redirects: [],
  };
}

describe("inspectResponse", () => {
  it("accepts 200 with a JSON object holding a string html", () => {
    const verdict = inspectResponse(answer(200, '{"html":"<h4>Jan</h4>"}'));
    expect(verdict).toEqual({
      violations: [],
      warnings: [],
      stripped: [],
      html: "<h4>Jan</h4>",
      shownHtml: "<h4>Jan</h4>",
    });
  });

  it.each([
    [answer(500, "oops"), /answered 500; Help Scout shows a card only for 200/],
    [
      answer(302, "", { location: "https://b.example/" }),
      /redirect to https:\/\/b\.example\/; Help Scout does not follow redirects/,
    ],
    [answer(200, "<h4>Jan</h4>"), /not valid JSON/],
    [answer(200, ""), /body is empty/],
    [answer(200, '["<h4>"]'), /not an object/],
    [answer(200, '{"card":"<h4>"}'), /no "html" member/],
    [answer(200, '{"html":null}'), /"html" member is null, not a string/],
    [answer(200, '{"html":42}'), /"html" member is a number, not a string/],
  ])("reports one plain sentence per violation (%#)", (exchange, message) => {
    const verdict = inspectResponse(exchange);
    expect(verdict.violations).toHaveLength(1);
    expect(verdict.violations[0]).toMatch(message);
  });

  it("warns about a wrong content type and what the sidebar strips", () => {
    const verdict = inspectResponse(
      answer(200, JSON.stringify({ html: '<p onclick="x()">Hi</p><script>1</script>' }), {
        "content-type": "text/html",
      }),
    );
    expect(verdict.violations).toEqual([]);
    expect(verdict.shownHtml).toBe("<p>Hi</p>");
    expect(verdict.warnings).toHaveLength(3);
    expect(verdict.warnings[0]).toMatch(/Content-Type is "text\/html"/);
  });
});
