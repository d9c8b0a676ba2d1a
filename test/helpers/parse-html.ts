import type { DefaultTreeAdapterMap } from "parse5";
import { parseFragment as parse5Fragment } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
/** An element of a parsed fragment, as parse5 builds it. */
export type Element = DefaultTreeAdapterMap["element"];
type Parent = DefaultTreeAdapterMap["parentNode"];

/**
 * Parses an HTML fragment the way a browser does (parse5 follows the HTML standard), so a test can
 * check which elements and attributes a string really produces, not what it looks like.
 *
 * @example
 * ```ts
 * elementsOf(parseFragment("<p>&lt;b&gt;</p>")).map((el) => el.tagName); // ["p"]
 * ```
 */
export function parseFragment(markup: string): Parent {
  return parse5Fragment(markup);
}

function childrenOf(node: Node): Node[] {
  return "childNodes" in node ? node.childNodes : [];
}

/** Every element under a node, depth first, in document order. */
export function elementsOf(node: Node): Element[] {
  const found: Element[] = [];
  for (const child of childrenOf(node)) {
    if ("tagName" in child) found.push(child);
    found.push(...elementsOf(child));
  }
  return found;
}

/** The decoded text of a node and everything under it. */
export function textOf(node: Node | undefined): string {
  if (!node) return "";
  if (node.nodeName === "#text" && "value" in node) return node.value;
  return childrenOf(node).map(textOf).join("");
}

/** Every attribute of every element, as `tag.name=value` strings. */
export function attributesOf(node: Node): string[] {
  return elementsOf(node).flatMap((element) =>
    element.attrs.map((attr) => `${element.tagName}.${attr.name}=${attr.value}`),
  );
}
