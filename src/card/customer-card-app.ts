import type { CustomerRecord, CustomerStore } from "../customers/types.js";
import type { RenderContext, RenderFunction } from "../handler/types.js";
import { html, type SafeHtml } from "../html/html.js";
import { DynamicAppError } from "../protocol/errors.js";
import { renderCustomerCard, renderDraftNotice, renderNoMatchCard } from "./customer-card.js";

/**
 * Finds a customer by e-mail: the store itself, or the store behind a cache. A cache that answers
 * from memory tells `readFrom` when the database gave that answer.
 */
export type CustomerLookup = (
  emails: readonly string[],
  signal: AbortSignal,
  readFrom?: (time: number) => void,
) => Promise<CustomerRecord | undefined>;

/**
 * The ready-made render function: looks the customer up by every address in the request and
 * answers their card, a "no record" card, and a draft notice for drafts. A database that fails
 * becomes a `store_unavailable` error card, never a hang.
 *
 * @example
 * ```ts
 * const app = defineApp({ secrets, render: createCustomerCardRender(store) });
 * ```
 */
export function createCustomerCardRender(source: CustomerStore | CustomerLookup): RenderFunction {
  const lookup: CustomerLookup =
    typeof source === "function" ? source : (emails, signal) => source.findByEmails(emails, signal);
  // A cached look-up hands back the same record object on every hit: its card is rendered once.
  const cards = new WeakMap<CustomerRecord, SafeHtml>();
  const cardOf = (customer: CustomerRecord) => {
    let card = cards.get(customer);
    if (!card) {
      card = renderCustomerCard(customer);
      cards.set(customer, card);
    }
    return card;
  };
  return async ({ request, signal, details, log, readFrom }: RenderContext) => {
    const draft = request.isDraft ? renderDraftNotice() : "";
    let customer: CustomerRecord | undefined;
    if (request.customerEmails.length > 0) {
      try {
        customer = await lookup(request.customerEmails, signal, readFrom);
      } catch (cause) {
        log.error({ err: cause }, "The customer look-up failed.");
        throw new DynamicAppError("store_unavailable", "The customer database cannot be reached.", {
          cause,
        });
      }
    }
    details.customerFound = customer !== undefined;
    return html`${draft}${customer ? cardOf(customer) : renderNoMatchCard(request)}`;
  };
}
