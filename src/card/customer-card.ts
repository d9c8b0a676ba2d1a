import type { CustomerRecord, OrderRecord } from "../customers/types.js";
import { html, type SafeHtml } from "../html/html.js";
import {
  type BadgeColor,
  badge,
  divider,
  link,
  list,
  muted,
  row,
  section,
} from "../html/sidebar.js";
import type { DynamicAppRequest } from "../protocol/request-types.js";
import { formatDate, formatMoney, humanize } from "./format.js";

const STATUS_COLORS: Record<string, BadgeColor> = {
  active: "green",
  paid: "green",
  trial: "blue",
  trialing: "blue",
  past_due: "red",
  unpaid: "red",
  cancelled: "red",
  canceled: "red",
  refunded: "red",
};

function statusColor(status: string): BadgeColor {
  return STATUS_COLORS[status.trim().toLowerCase()] ?? "pending";
}

function orderLine(order: OrderRecord): SafeHtml {
  const label = order.url ? link(order.url, `#${order.number}`) : `#${order.number}`;
  const total = order.total === null ? "" : formatMoney(order.total, order.currency);
  return html`<li class="c-sb-list-item"><span class="c-sb-list-item__label">${label}${
    order.placedAt ? html` <span class="muted">${formatDate(order.placedAt)}</span>` : ""
  }<span class="c-sb-list-item__text">${total} ${order.status ? badge(humanize(order.status), statusColor(order.status)) : ""}</span></span></li>`;
}

/**
 * The card of a known customer: name and company, plan and status badges, customer since,
 * lifetime value, the last orders and every imported extra field. Every value is escaped.
 *
 * @example
 * ```ts
 * renderCustomerCard(await store.findByEmails(request.customerEmails));
 * ```
 */
export function renderCustomerCard(customer: CustomerRecord): SafeHtml {
  const badges = [
    customer.plan ? badge(customer.plan, "blue") : "",
    customer.status ? badge(humanize(customer.status), statusColor(customer.status)) : "",
  ];
  const facts = [
    customer.customerSince ? row("Customer since", formatDate(customer.customerSince)) : "",
    customer.lifetimeValue === null
      ? ""
      : row("Lifetime value", formatMoney(customer.lifetimeValue, customer.currency)),
    row("E-mail", customer.emails.join(", ")),
    ...Object.entries(customer.extra).map(([label, value]) => row(label, value)),
  ];
  const orders =
    customer.recentOrders.length === 0
      ? ""
      : html`${divider()}<li class="c-sb-list-item"><strong>Recent orders</strong></li>${customer.recentOrders.map(orderLine)}`;
  return section(
    customer.name ?? customer.emails[0] ?? "Customer",
    html`${customer.company ? muted(customer.company) : ""}<p>${badges}</p>${list([...facts, orders], "two-line")}`,
  );
}

/** The card shown when no record matches: it says which addresses were tried. */
export function renderNoMatchCard(request: DynamicAppRequest): SafeHtml {
  if (request.customerEmails.length === 0) {
    return section(
      "No customer record",
      muted(
        "Help Scout sent no e-mail address for this conversation, so there is nothing to look up.",
      ),
    );
  }
  return section(
    "No customer record",
    html`${muted(request.customerName ? html`No record matched ${request.customerName}.` : "No record matched.")}${list(
      request.customerEmails.map((email) => row("Tried", email)),
    )}`,
  );
}

/** The note shown above the card of a draft conversation (`"ticket": false`). */
export function renderDraftNotice(): SafeHtml {
  return html`<div class="c-sb-section"><div class="c-sb-section__body"><p><span class="badge pending">Draft</span> This is a draft conversation: it has no ticket yet.</p></div></div>`;
}
