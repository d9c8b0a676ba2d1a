import { describe, expect, it } from "vitest";
import { html, isSafeHtml, renderHtml, unsafeRaw } from "../../src/html/html.js";
import { elementsOf, parseFragment, textOf } from "../helpers/parse-html.js";

const ATTACKS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  "</p><p>",
  "&lt;already escaped&gt;",
  "<!-- comment -->",
  "<![CDATA[x]]>",
];

describe("the html tag", () => {
  it("escapes every interpolated string, in content and in attributes", () => {
    for (const attack of ATTACKS) {
      const out = html`<p title="${attack}" data-x='${attack}'>${attack}</p>`.toString();
      const [paragraph, ...rest] = elementsOf(parseFragment(out));
      // One element, no injected ones, its text and attributes exactly the input.
      expect(rest).toEqual([]);
      expect(paragraph?.tagName).toBe("p");
      expect(textOf(paragraph)).toBe(attack);
      expect(paragraph?.attrs).toEqual([
        { name: "title", value: attack },
        { name: "data-x", value: attack },
      ]);
    }
  });

  it("renders numbers and bigints as text", () => {
    expect(html`<b>${42}</b><i>${-1.5}</i><u>${10n ** 20n}</u>`.toString()).toBe(
      "<b>42</b><i>-1.5</i><u>100000000000000000000</u>",
    );
  });

  it("renders null, undefined, true and false as nothing, so cond && html`` works", () => {
    const show = false;
    expect(
      html`<p>${null}${undefined}${true}${false}${show && html`<b>x</b>`}</p>`.toString(),
    ).toBe("<p></p>");
  });

  it("renders arrays item by item, escaping each, nested arrays too", () => {
    const items = ["<a>", html`<b>ok</b>`, ["<c>", [html`<i>deep</i>`, "&"]], 3, null];
    expect(html`<ul>${items}</ul>`.toString()).toBe(
      "<ul>&lt;a&gt;<b>ok</b>&lt;c&gt;<i>deep</i>&amp;3</ul>",
    );
  });

  it("nests SafeHtml without escaping it twice", () => {
    const inner = html`<b>${"<x>"}</b>`;
    const outer = html`<div>${inner}</div>`;
    const outermost = html`<section>${outer}${outer}</section>`;
    expect(outermost.toString()).toBe(
      "<section><div><b>&lt;x&gt;</b></div><div><b>&lt;x&gt;</b></div></section>",
    );
  });

  it("inserts unsafeRaw markup as it is, and only that", () => {
    expect(html`<div>${unsafeRaw("<hr>")}${"<hr>"}</div>`.toString()).toBe(
      "<div><hr>&lt;hr&gt;</div>",
    );
  });

  it("does not trust objects that only look like SafeHtml", () => {
    const forged = JSON.parse('{"value":"<script>x</script>"}') as never;
    const out = html`<p>${forged}</p>`.toString();
    expect(out).toBe("<p>[object Object]</p>");
    expect(isSafeHtml(forged)).toBe(false);
    const withToString = { toString: () => "<script>x</script>" } as never;
    expect(html`<p>${withToString}</p>`.toString()).toBe("<p>&lt;script&gt;x&lt;/script&gt;</p>");
  });

  it("does not trust a serialized or cloned copy of a real piece", () => {
    const piece = html`<script>${"x"}</script>`;
    expect(JSON.stringify(piece)).toBe('{"value":"<script>x</script>"}');
    const revived = JSON.parse(JSON.stringify({ piece })).piece as never;
    const cloned = structuredClone(piece) as never;
    for (const copy of [revived, cloned]) {
      expect(isSafeHtml(copy)).toBe(false);
      expect(html`<p>${copy}</p>`.toString()).toBe("<p>[object Object]</p>");
    }
    expect(html`<p>${piece}</p>`.toString()).toBe("<p><script>x</script></p>");
  });

  it("trusts a piece from another copy of the library, which shares the global marker", () => {
    // Two installed copies (an app's and the server's) must nest each other's pieces. Earlier
    // versions kept the marker on the piece itself, this one on its prototype: both count.
    const marker = Symbol.for("helpscout-dynamic-app.safe-html");
    const ownMarker = { [marker]: true, value: "<i>own</i>" } as never;
    const inheritedMarker = Object.assign(Object.create({ [marker]: true }), {
      value: "<b>inherited</b>",
    }) as never;
    expect(html`${ownMarker}${inheritedMarker}`.toString()).toBe("<i>own</i><b>inherited</b>");
    const notTrue = { [marker]: "true", value: "<i>x</i>" } as never;
    expect(isSafeHtml(notTrue)).toBe(false);
  });

  it("keeps each piece's own markup when many are built and nested", () => {
    const pieces = ["<a>", "<b>", "<c>"].map((tag) => html`${unsafeRaw(tag)}${tag}`);
    expect(pieces.map(String)).toEqual(["<a>&lt;a&gt;", "<b>&lt;b&gt;", "<c>&lt;c&gt;"]);
    expect(html`${pieces}`.toString()).toBe("<a>&lt;a&gt;<b>&lt;b&gt;<c>&lt;c&gt;");
    expect(renderHtml([pieces[2], [pieces[0]]])).toBe("<c>&lt;c&gt;<a>&lt;a&gt;");
  });

  it("returns SafeHtml whose value and toString agree", () => {
    const out = html`<p>${"a"}</p>`;
    expect(isSafeHtml(out)).toBe(true);
    expect(out.value).toBe("<p>a</p>");
    expect(`${out}`).toBe("<p>a</p>");
  });

  it("keeps the literal parts, including a template with no values", () => {
    expect(html`<p class="x">plain</p>`.toString()).toBe('<p class="x">plain</p>');
    expect(html``.toString()).toBe("");
    expect(html`${"only"}`.toString()).toBe("only");
  });
});

describe("renderHtml", () => {
  it("escapes strings, keeps SafeHtml and flattens arrays", () => {
    expect(renderHtml("<b>")).toBe("&lt;b&gt;");
    expect(renderHtml(html`<b>`)).toBe("<b>");
    expect(renderHtml(["<", html`<i>`, [">"]])).toBe("&lt;<i>&gt;");
    expect(renderHtml(undefined)).toBe("");
    expect(renderHtml(0)).toBe("0");
  });
});
