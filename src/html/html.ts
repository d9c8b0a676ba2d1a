import { escapeHtml } from "./escape.js";

const SAFE = Symbol.for("helpscout-dynamic-app.safe-html");

/** HTML that is known to be safe: built by the `html` tag or marked with `unsafeRaw`. */
export interface SafeHtml {
  readonly [SAFE]: true;
  readonly value: string;
  toString(): string;
}

/** Anything the `html` tag accepts as an interpolated value. */
export type HtmlValue =
  | SafeHtml
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | readonly HtmlValue[];

/**
 * The one shape every piece of safe HTML has. A card is built from dozens of pieces; an object
 * literal with a computed symbol key and its own `toString` closure cost several times as much
 * per piece as an instance of this class, whose marker and `toString` live on the prototype.
 */
class SafeMarkup {
  declare readonly [SAFE]: true;
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}
Object.defineProperty(SafeMarkup.prototype, SAFE, { value: true });

function safe(value: string): SafeHtml {
  return new SafeMarkup(value);
}

/** True when the value is HTML that the `html` tag will insert without escaping. */
export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === "object" && value !== null && (value as SafeHtml)[SAFE] === true;
}

/**
 * Marks a string as HTML to insert as it is. Only for markup you wrote yourself: never pass it
 * anything that came from a request or a database.
 *
 * @example
 * ```ts
 * html`<div>${unsafeRaw("<hr>")}</div>`;
 * ```
 */
export function unsafeRaw(markup: string): SafeHtml {
  return safe(markup);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return "";
  if (isSafeHtml(value)) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every interpolated value, unless it is `SafeHtml` (the result of
 * another `html` template, a sidebar component, or `unsafeRaw`). Arrays are rendered item by
 * item; `null`, `undefined` and booleans render as nothing, so `${cond && html`...`}` works.
 *
 * @example
 * ```ts
 * const name = "<script>alert(1)</script>";
 * html`<h4>${name}</h4>`.toString(); // "<h4>&lt;script&gt;alert(1)&lt;/script&gt;</h4>"
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + (strings[i + 1] ?? "");
  }
  return safe(out);
}

/** Renders any accepted value to an HTML string, escaping what is not `SafeHtml`. */
export function renderHtml(value: HtmlValue): string {
  return render(value);
}
