import { describe, expect, it } from "vitest";
import { html, type SafeHtml } from "../../src/html/html.js";
import {
  badge,
  divider,
  link,
  list,
  listItem,
  muted,
  row,
  section,
  title,
  toggleSection,
} from "../../src/html/sidebar.js";
import { attributesOf, elementsOf, parseFragment, textOf } from "../helpers/parse-html.js";

const EVIL = `<img src=x onerror="alert('1')">&"`;

/** The tag names a piece of markup really produces when a browser parses it. */
function tags(markup: SafeHtml): string[] {
  return elementsOf(parseFragment(markup.toString())).map((element) => element.tagName);
}

describe("component markup follows the current sidebar style guide", () => {
  it("title", () => {
    expect(title("Orders").toString()).toBe('<h4 class="c-sb-section__title">Orders</h4>');
  });

  it("section with and without a heading", () => {
    expect(section("Plan", "Pro").toString()).toBe(
      '<div class="c-sb-section c-sb-section--card"><h4 class="c-sb-section__title">Plan</h4><div class="c-sb-section__body">Pro</div></div>',
    );
    expect(section(undefined, "Pro").toString()).toBe(
      '<div class="c-sb-section c-sb-section--card"><div class="c-sb-section__body">Pro</div></div>',
    );
  });

  it("toggleSection, closed and open", () => {
    expect(toggleSection("More", "body").toString()).toBe(
      '<div class="c-sb-section c-sb-section--toggle"><div class="c-sb-section__title js-sb-toggle">More<i class="caret sb-caret"></i></div><div class="c-sb-section__body">body</div></div>',
    );
    expect(toggleSection("More", "body", true).toString()).toContain(
      'class="c-sb-section c-sb-section--toggle is-open"',
    );
  });

  it("list in its three variants, with items, rows and dividers", () => {
    const items = [listItem("one"), divider(), row("Plan", "Pro")];
    expect(list(items).toString()).toBe(
      '<ul class="c-sb-list"><li class="c-sb-list-item">one</li><li class="c-sb-list-divider"></li><li class="c-sb-list-item"><span class="c-sb-list-item__label">Plan<span class="c-sb-list-item__text">Pro</span></span></li></ul>',
    );
    expect(list([], "two-line").toString()).toBe('<ul class="c-sb-list c-sb-list--two-line"></ul>');
    expect(list([], "compact").toString()).toBe('<ul class="c-sb-list c-sb-list--compact"></ul>');
  });

  it("row with an icon", () => {
    expect(row("Since", "2020", "calendar").toString()).toBe(
      '<li class="c-sb-list-item"><i class="icon-calendar icon-sb c-sb-list-item__icon"></i><span class="c-sb-list-item__label">Since<span class="c-sb-list-item__text">2020</span></span></li>',
    );
  });

  it("badge in each colour, blue by default", () => {
    expect(badge("Pro").toString()).toBe('<span class="badge blue">Pro</span>');
    for (const color of ["red", "green", "blue", "pending"] as const) {
      expect(badge("x", color).toString()).toBe(`<span class="badge ${color}">x</span>`);
    }
  });

  it("muted", () => {
    expect(muted("No orders").toString()).toBe('<p class="muted">No orders</p>');
  });

  it("components nest inside each other and inside the html tag", () => {
    const card = section(
      html`${"Jan"} ${badge("VIP", "green")}`,
      list([row("Company", "ACME"), row("Status", badge("active"))]),
    );
    expect(tags(card)).toEqual([
      "div",
      "h4",
      "span",
      "div",
      "ul",
      "li",
      "span",
      "span",
      "li",
      "span",
      "span",
      "span",
    ]);
    expect(textOf(parseFragment(card.toString()))).toBe("Jan VIPCompanyACMEStatusactive");
  });
});

describe("every text argument of every component is escaped", () => {
  const builders: Array<[string, (value: string) => SafeHtml]> = [
    ["title", (value) => title(value)],
    ["section heading", (value) => section(value, "")],
    ["section body", (value) => section("h", value)],
    ["toggleSection heading", (value) => toggleSection(value, "")],
    ["toggleSection body", (value) => toggleSection("h", value)],
    ["list items", (value) => list([value, value])],
    ["listItem", (value) => listItem(value)],
    ["row label", (value) => row(value, "v")],
    ["row value", (value) => row("l", value)],
    ["row icon", (value) => row("l", "v", value)],
    ["badge text", (value) => badge(value)],
    ["badge colour given at run time", (value) => badge("x", value as "red")],
    ["list variant given at run time", (value) => list([], value as "compact")],
    ["link text", (value) => link("https://example.com", value)],
    ["link href", (value) => link(`https://example.com/${value}`)],
    ["muted", (value) => muted(value)],
  ];

  for (const [name, build] of builders) {
    it(name, () => {
      const parsed = parseFragment(build(EVIL).toString());
      const names = elementsOf(parsed).map((element) => element.tagName);
      expect(names).not.toContain("img");
      const attributes = attributesOf(parsed);
      expect(attributes.filter((attribute) => /\.on\w+=/.test(attribute))).toEqual([]);
      // The value survives whole: as text, or inside one attribute.
      const whole = textOf(parsed).includes(EVIL) || attributes.some((a) => a.includes(EVIL));
      expect(whole).toBe(true);
    });
  }
});

describe("link", () => {
  it("links http, https, mailto and tel addresses in a new tab", () => {
    for (const href of [
      "https://shop.example.com/orders/1?x=1&y=2",
      "http://example.com",
      "mailto:jan@example.com",
      "tel:+48123",
      "HTTPS://EXAMPLE.COM",
    ]) {
      const [anchor] = elementsOf(parseFragment(link(href, "open").toString()));
      expect(anchor?.tagName).toBe("a");
      expect(anchor?.attrs).toEqual([
        { name: "href", value: href },
        { name: "target", value: "_blank" },
        { name: "rel", value: "noopener noreferrer" },
      ]);
    }
  });

  it("escapes the ampersands of a query string in href", () => {
    expect(link("https://x.io/?a=1&b=2").toString()).toBe(
      '<a href="https://x.io/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">https://x.io/?a=1&amp;b=2</a>',
    );
  });

  it("shows the text of a link whose address is trimmed of surrounding spaces", () => {
    expect(link("  https://x.io  ", "x").toString()).toContain('href="https://x.io"');
  });

  const refused = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "\tjavascript:alert(1)",
    "\u0000javascript:alert(1)",
    "java\nscript:alert(1)",
    "java\tscript:alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "//evil.example.com",
    "/relative/path",
    "",
    "\u00a0javascript:alert(1)",
  ];
  for (const href of refused) {
    it(`refuses ${JSON.stringify(href)}: no anchor, the text shown`, () => {
      const out = link(href, "click").toString();
      const parsed = parseFragment(out);
      expect(elementsOf(parsed).map((element) => element.tagName)).toEqual(["span"]);
      expect(attributesOf(parsed)).toEqual([]);
      expect(textOf(parsed)).toBe("click");
    });
  }

  it("shows a refused address as escaped text when no text is given", () => {
    const href = "javascript:alert('<x>')";
    const parsed = parseFragment(link(href).toString());
    expect(elementsOf(parsed).map((element) => element.tagName)).toEqual(["span"]);
    expect(textOf(parsed)).toBe(href);
  });
});
