import { describe, expect, it } from "vitest";
import { stripSidebarHtml } from "../../src/emulator/strip-sidebar-html.js";

function rules(markup: string): string[] {
  return stripSidebarHtml(markup).warnings.map((warning) => warning.rule);
}

describe("stripSidebarHtml", () => {
  it("keeps the style guide's markup of both generations untouched", () => {
    const current =
      '<div class="c-sb-section c-sb-section--toggle"><div class="c-sb-section__title js-sb-toggle">Orders<i class="caret sb-caret"></i></div>' +
      '<div class="c-sb-section__body"><ul class="c-sb-list c-sb-list--two-line"><li class="c-sb-list-item"><span class="c-sb-list-item__label">Plan<span class="c-sb-list-item__text">Pro</span></span></li><li class="c-sb-list-divider"></li></ul><span class="badge green">Paid</span></div></div>';
    const older =
      '<h4>Orders</h4><p class="muted">none</p><ul class="unstyled"><li class="red strike">x</li></ul><div class="divider"></div>' +
      '<div class="toggleGroup"><h4 class="toggleBtn">More</h4><div class="toggle"><a href="https://example.com" target="_blank" rel="noopener">open</a></div></div>';
    for (const markup of [current, older]) {
      const result = stripSidebarHtml(markup);
      expect(result.warnings).toEqual([]);
      expect(result.html).toBe(markup);
    }
  });

  it("removes scripts and style sheets with their content", () => {
    const result = stripSidebarHtml(
      "<p>a</p><script>alert(1)</script><style>p{color:red}</style><script>x()</script>",
    );
    expect(result.html).toBe("<p>a</p>");
    expect(result.warnings).toEqual([
      expect.objectContaining({ rule: "script", subject: "<script>", count: 2 }),
      expect.objectContaining({ rule: "style-element", subject: "<style>", count: 1 }),
    ]);
    expect(result.warnings[0]?.message).toMatch(
      /^Removed <script> \(2 times\): Help Scout strips scripts/,
    );
  });

  it("removes inline styles, event handlers and unknown attributes but keeps the element", () => {
    const result = stripSidebarHtml(
      '<p style="color:red" onclick="steal()" ONMOUSEOVER="x" data-id="7" class="muted">Hi</p>',
    );
    expect(result.html).toBe('<p class="muted">Hi</p>');
    expect(rules('<p style="color:red" onclick="steal()" data-id="7">Hi</p>')).toEqual([
      "inline-style",
      "event-handler",
      "attribute",
    ]);
  });

  it("removes javascript: addresses, even hidden behind control characters and case", () => {
    const result = stripSidebarHtml(
      '<a href=" JaVa\tScRiPt:alert(1)">x</a><a href="mailto:a@b.c">m</a>',
    );
    expect(result.html).toBe('<a>x</a><a href="mailto:a@b.c">m</a>');
    expect(result.warnings.map((w) => w.rule)).toEqual(["unsafe-url"]);
  });

  it("removes interactive elements; forms are unwrapped, controls dropped", () => {
    const result = stripSidebarHtml(
      '<form action="/x"><p>Refund?</p><button>Yes</button><input name="a"></form><iframe src="https://e.com"></iframe>',
    );
    expect(result.html).toBe("<p>Refund?</p>");
    expect(new Set(rules("<form><button>Yes</button></form>"))).toEqual(
      new Set(["interactive-element"]),
    );
  });

  it("unwraps unknown elements, keeping their text, and drops svg with its content", () => {
    const result = stripSidebarHtml(
      "<center><marquee>Sale</marquee></center><svg><text>t</text></svg>",
    );
    expect(result.html).toBe("Sale");
    expect(result.warnings.map((w) => w.subject)).toEqual(["<center>", "<marquee>", "<svg>"]);
  });

  it("parses like a browser: a broken tag cannot smuggle a handler past it", () => {
    const result = stripSidebarHtml("<img src=x onerror=alert(1)//><p>ok");
    expect(result.html).toBe('<img src="x"><p>ok</p>');
    expect(rules("<img src=x onerror=alert(1)//>")).toEqual(["event-handler"]);
  });
});
