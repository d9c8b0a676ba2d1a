import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { html, unsafeRaw } from "../../src/html/html.js";
import {
  badge,
  link,
  list,
  listItem,
  muted,
  row,
  section,
  toggleSection,
} from "../../src/html/sidebar.js";
import { attributesOf, elementsOf, parseFragment, textOf } from "../helpers/parse-html.js";
import { RUNS, reportRuns } from "./run-counts.js";

/** Strings rich in what breaks HTML: markup characters, quotes, entities, Unicode. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 60, unit: "grapheme" }),
  fc.string({ maxLength: 60, unit: "binary" }),
  fc
    .array(
      fc.constantFrom(
        "<",
        ">",
        "&",
        '"',
        "'",
        "=",
        "/",
        "script",
        "img",
        "onerror",
        "&amp;",
        "&#39;",
        "<!--",
        "-->",
        " ",
        "`",
        "javascript:",
        "\u00a0",
        "李",
        "🦊",
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join("")),
);

/** Undoes the five escapes `escapeHtml` makes. */
function unescapeFive(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[name] ?? "",
  );
}

// The HTML parser drops or replaces NUL and turns CR into LF: that is parsing, not escaping, so
// the structure property leaves those two characters out.
const parsedText = hostileText.map((value) => value.replace(/[\0\r]/g, ""));

describe("the html tag on random values", () => {
  it(`leaves no markup character of a value unescaped, and loses nothing (${RUNS.htmlContentEscaped} runs)`, () => {
    fc.assert(
      fc.property(hostileText, hostileText, (a, b) => {
        const out = html`<p title="${a}">[${a}|${b}]</p>`.toString();
        const [, attribute = "", content = ""] = /^<p title="(.*)">\[(.*)\]<\/p>$/s.exec(out) ?? [];
        const [first = "", second = ""] = content.split("|").length === 2 ? content.split("|") : [];
        for (const segment of [attribute, first, second]) {
          expect(segment).not.toMatch(/[<>"']/);
          // Every & starts one of the five escapes.
          expect(segment.replace(/&(amp|lt|gt|quot|#39);/g, "")).not.toContain("&");
        }
        expect(unescapeFive(attribute)).toBe(a);
        if (!a.includes("|") && !b.includes("|")) {
          expect(unescapeFive(first)).toBe(a);
          expect(unescapeFive(second)).toBe(b);
        }
      }),
      { numRuns: RUNS.htmlContentEscaped },
    );
    reportRuns("html tag escapes every value", RUNS.htmlContentEscaped);
  });

  it(`parses, as a browser would, to the template's elements with the values as text (${RUNS.htmlParsedStructure} runs)`, () => {
    fc.assert(
      fc.property(parsedText, fc.array(parsedText, { maxLength: 4 }), (value, items) => {
        const out = html`<div class="x" data-v="${value}"><b>${value}</b><ul>${items.map((item) => html`<li>${item}</li>`)}</ul></div>`;
        const tree = parseFragment(out.toString());
        const names = elementsOf(tree).map((element) => element.tagName);
        expect(names).toEqual(["div", "b", "ul", ...items.map(() => "li")]);
        expect(attributesOf(tree)).toEqual(["div.class=x", `div.data-v=${value}`]);
        const [, bold] = elementsOf(tree);
        expect(textOf(bold)).toBe(value);
      }),
      { numRuns: RUNS.htmlParsedStructure },
    );
    reportRuns("html tag output parses to its template", RUNS.htmlParsedStructure);
  });

  it(`every sidebar component keeps random text as text (${RUNS.componentsEscaped} runs)`, () => {
    const card = (a: string, b: string, c: string) =>
      html`${section(a, list([row(a, b), row(b, badge(c, "red")), listItem(muted(c))]))}${toggleSection(b, "")}${link(a, c)}`;
    const shape = (markup: string) =>
      elementsOf(parseFragment(markup)).map((element) => element.tagName);
    // The elements benign text gives; random text must give the same ones.
    const plain = shape(card("a", "b", "c").toString());
    const linked = shape(card("https://x.io", "b", "c").toString());
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, (a, b, c) => {
        const tree = parseFragment(card(a, b, c).toString());
        const names = elementsOf(tree).map((element) => element.tagName);
        // A random `a` is almost never a safe URL, so link() gives a span; when it is, an anchor.
        expect(names).toEqual(/^\s*(https?:|mailto:|tel:)/i.test(a) ? linked : plain);
        expect(attributesOf(tree).filter((attribute) => /\.on/i.test(attribute))).toEqual([]);
      }),
      { numRuns: RUNS.componentsEscaped },
    );
    reportRuns("components escape random text", RUNS.componentsEscaped);
  });

  it("unsafeRaw is the only way in for markup", () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        expect(html`${unsafeRaw(value)}`.toString()).toBe(value);
        expect(html`${value}`.toString()).toBe(
          value.replace(
            /[&<>"']/g,
            (char) =>
              ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ??
              char,
          ),
        );
      }),
      { numRuns: RUNS.unsafeRawOnly },
    );
  });
});
