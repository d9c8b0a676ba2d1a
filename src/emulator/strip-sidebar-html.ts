import { type DefaultTreeAdapterTypes, parseFragment, serialize } from "parse5";

type ParentNode = DefaultTreeAdapterTypes.ParentNode;
type ChildNode = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;

/** The kinds of markup Help Scout strips from a sidebar card. */
export type StripRule =
  | "script"
  | "style-element"
  | "inline-style"
  | "event-handler"
  | "interactive-element"
  | "unknown-element"
  | "unsafe-url"
  | "attribute";

/** One kind of thing that was stripped, how often, and what to do instead. */
export interface StripWarning {
  rule: StripRule;
  /** What was stripped, e.g. `<script>` or `onclick`. */
  subject: string;
  count: number;
  /** One plain sentence that says what was stripped and what to do instead. */
  message: string;
}

/** The HTML as Help Scout would show it, and what was taken out. */
export interface StrippedHtml {
  html: string;
  warnings: StripWarning[];
}

// Help Scout publishes its style guide, not its sanitizer's list, so these lists approximate it:
// plain text markup, lists, tables, images and links stay; everything else is taken out.
const ALLOWED_ELEMENTS = new Set(
  (
    "a abbr b blockquote br code dd div dl dt em h1 h2 h3 h4 h5 h6 hr i img li ol p pre s " +
    "small span strike strong sub sup table tbody td tfoot th thead tr u ul"
  ).split(" "),
);
const INTERACTIVE = new Set(
  (
    "button input select textarea option optgroup datalist output form label details summary " +
    "dialog iframe frame frameset object embed applet audio video canvas"
  ).split(" "),
);
// Interactive containers whose text is still worth showing once the control itself is gone.
const UNWRAPPED_INTERACTIVE = new Set(["form", "label", "details", "summary"]);
const REMOVED_WITH_CONTENT = new Set(
  "script style link meta base title template noscript svg math head".split(" "),
);
const ALLOWED_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  "*": new Set(["class", "title"]),
  a: new Set(["href", "target", "rel"]),
  img: new Set(["src", "alt", "width", "height"]),
  td: new Set(["colspan", "rowspan"]),
  th: new Set(["colspan", "rowspan"]),
};
const URL_ATTRIBUTES = new Set(["href", "src"]);
const SAFE_URL = /^(https?:|mailto:|tel:|#|\/(?!\/)|[^:]*$)/i;

const ADVICE: Record<StripRule, string> = {
  script: "Help Scout strips scripts; the sidebar runs none of the app's code.",
  "style-element": "Help Scout strips style sheets; use the style guide's classes instead.",
  "inline-style": "Help Scout strips inline styles; use the style guide's classes instead.",
  "event-handler": "Help Scout strips event handlers; links are the only interactive element.",
  "interactive-element":
    "Help Scout strips interactive elements; links are the only interactive element.",
  "unknown-element": "Help Scout strips elements its style guide does not list; its text stays.",
  "unsafe-url": "Help Scout keeps only http(s), mailto and tel links; the address was removed.",
  attribute: "Help Scout strips attributes its style guide does not use.",
};

class Findings {
  readonly byKey = new Map<string, StripWarning>();

  add(rule: StripRule, subject: string): void {
    const key = `${rule} ${subject}`;
    const found = this.byKey.get(key);
    if (found) {
      found.count += 1;
      return;
    }
    this.byKey.set(key, { rule, subject, count: 1, message: "" });
  }

  list(): StripWarning[] {
    return [...this.byKey.values()].map((warning) => {
      const times = warning.count > 1 ? ` (${warning.count} times)` : "";
      return { ...warning, message: `Removed ${warning.subject}${times}: ${ADVICE[warning.rule]}` };
    });
  }
}

function isElement(node: ChildNode): node is Element {
  return "tagName" in node;
}

function elementRule(tag: string): StripRule | undefined {
  if (ALLOWED_ELEMENTS.has(tag)) return undefined;
  if (tag === "script") return "script";
  if (tag === "style" || tag === "link") return "style-element";
  if (INTERACTIVE.has(tag)) return "interactive-element";
  return "unknown-element";
}

function keepsContent(tag: string, rule: StripRule): boolean {
  if (rule === "unknown-element") return !REMOVED_WITH_CONTENT.has(tag);
  return rule === "interactive-element" && UNWRAPPED_INTERACTIVE.has(tag);
}

/** Drops characters up to the space, which browsers ignore inside a URL's scheme. */
function withoutControls(value: string): string {
  let out = "";
  for (const char of value) if (char.charCodeAt(0) > 0x20) out += char;
  return out;
}

function attributeRule(tag: string, name: string, value: string): [StripRule, string] | undefined {
  if (name === "style") return ["inline-style", "a style attribute"];
  if (name.startsWith("on")) return ["event-handler", name];
  if (!ALLOWED_ATTRIBUTES["*"]?.has(name) && !ALLOWED_ATTRIBUTES[tag]?.has(name)) {
    return ["attribute", `the ${name} attribute`];
  }
  const compact = withoutControls(value);
  if (URL_ATTRIBUTES.has(name) && !SAFE_URL.test(compact)) {
    return ["unsafe-url", `a ${compact.split(":")[0]?.toLowerCase() ?? ""}: address`];
  }
  return undefined;
}

function cleanAttributes(element: Element, findings: Findings): void {
  element.attrs = element.attrs.filter(({ name, value }) => {
    const rule = attributeRule(element.tagName, name, value);
    if (rule) findings.add(...rule);
    return rule === undefined;
  });
}

function cleanChildren(parent: ParentNode, findings: Findings): void {
  const kept: ChildNode[] = [];
  for (const node of parent.childNodes) {
    if (node.nodeName === "#comment") continue;
    if (!isElement(node)) {
      kept.push(node);
      continue;
    }
    const rule = elementRule(node.tagName);
    if (rule === undefined) {
      cleanChildren(node, findings);
      cleanAttributes(node, findings);
      kept.push(node);
      continue;
    }
    findings.add(rule, `<${node.tagName}>`);
    // What goes with its element is not reported on its own: one warning per removal.
    if (keepsContent(node.tagName, rule)) {
      cleanChildren(node, findings);
      for (const child of node.childNodes) {
        child.parentNode = parent;
        kept.push(child);
      }
    }
  }
  parent.childNodes = kept;
}

/**
 * Parses sidebar HTML with a real HTML parser and takes out what Help Scout strips: scripts,
 * style sheets, inline styles, event handlers, unsafe link addresses, interactive elements
 * other than links, and elements the style guide does not list (their text stays). Returns the
 * cleaned HTML and one warning per kind of thing removed.
 *
 * @example
 * ```ts
 * const { html, warnings } = stripSidebarHtml('<p style="color:red" onclick="x()">Hi</p>');
 * html; // "<p>Hi</p>"
 * warnings.map((w) => w.rule); // ["inline-style", "event-handler"]
 * ```
 */
export function stripSidebarHtml(markup: string): StrippedHtml {
  const fragment = parseFragment(markup);
  const findings = new Findings();
  cleanChildren(fragment, findings);
  return { html: serialize(fragment), warnings: findings.list() };
}
