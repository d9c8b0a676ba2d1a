import { type HtmlValue, html, type SafeHtml } from "./html.js";

/**
 * Components for the current generation of Help Scout's sidebar style guide (`c-sb-*` classes).
 * Every text argument is escaped; pass `SafeHtml` (from `html` or another component) to nest
 * markup.
 */

/** The colours Help Scout's style guide gives badges. */
export type BadgeColor = "red" | "green" | "blue" | "pending";

/** A coloured badge, e.g. for a plan or a status. */
export function badge(text: HtmlValue, color: BadgeColor = "blue"): SafeHtml {
  return html`<span class="badge ${color}">${text}</span>`;
}

const SAFE_SCHEMES = /^(https?:|mailto:|tel:)/i;

/**
 * A link that opens in a new tab. Only `http:`, `https:`, `mailto:` and `tel:` addresses are
 * linked; anything else (`javascript:` and the like) is shown as plain text.
 */
export function link(href: string, text: HtmlValue = href): SafeHtml {
  const trimmed = href.trim();
  if (!SAFE_SCHEMES.test(trimmed)) return html`<span>${text}</span>`;
  return html`<a href="${trimmed}" target="_blank" rel="noopener noreferrer">${text}</a>`;
}

/** The title line of a section. */
export function title(text: HtmlValue): SafeHtml {
  return html`<h4 class="c-sb-section__title">${text}</h4>`;
}

/** A section of the sidebar with a title and a body. */
export function section(heading: HtmlValue, body: HtmlValue): SafeHtml {
  return html`<div class="c-sb-section c-sb-section--card">${heading === undefined ? "" : title(heading)}<div class="c-sb-section__body">${body}</div></div>`;
}

/**
 * A section the agent can open and close by clicking its title. Help Scout's own script toggles
 * it; `open` decides how it starts.
 */
export function toggleSection(heading: HtmlValue, body: HtmlValue, open = false): SafeHtml {
  return html`<div class="c-sb-section c-sb-section--toggle${open ? " is-open" : ""}"><div class="c-sb-section__title js-sb-toggle">${heading}<i class="caret sb-caret"></i></div><div class="c-sb-section__body">${body}</div></div>`;
}

/** The layout variants of a list. */
export type ListVariant = "default" | "two-line" | "compact";

/** A list of items (see `listItem`, `row` and `divider`). */
export function list(items: readonly HtmlValue[], variant: ListVariant = "default"): SafeHtml {
  const modifier = variant === "default" ? "" : ` c-sb-list--${variant}`;
  return html`<ul class="c-sb-list${modifier}">${items}</ul>`;
}

/** A list item holding free content. */
export function listItem(content: HtmlValue): SafeHtml {
  return html`<li class="c-sb-list-item">${content}</li>`;
}

/** A label/value row: a small label over its value. */
export function row(label: HtmlValue, value: HtmlValue, icon?: string): SafeHtml {
  const iconMarkup = icon ? html`<i class="icon-${icon} icon-sb c-sb-list-item__icon"></i>` : "";
  return html`<li class="c-sb-list-item">${iconMarkup}<span class="c-sb-list-item__label">${label}<span class="c-sb-list-item__text">${value}</span></span></li>`;
}

/** A thin separator between list items. */
export function divider(): SafeHtml {
  return html`<li class="c-sb-list-divider"></li>`;
}

/** A muted line of text. */
export function muted(text: HtmlValue): SafeHtml {
  return html`<p class="muted">${text}</p>`;
}
