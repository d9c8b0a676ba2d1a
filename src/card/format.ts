const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Formats an amount in its currency ("$12,840.50"). A currency code Intl does not know is shown
 * after the plain number rather than failing the card.
 */
export function formatMoney(amount: number, currency: string | null): string {
  const code = (currency ?? "").trim().toUpperCase();
  if (code === "") return amount.toLocaleString("en-US", { maximumFractionDigits: 2 });
  let format = moneyFormats.get(code);
  if (!format) {
    try {
      format = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    } catch {
      return `${amount.toLocaleString("en-US", { maximumFractionDigits: 2 })} ${code}`;
    }
    moneyFormats.set(code, format);
  }
  return format.format(amount);
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** Formats an ISO date as "24 May 2011"; anything that is not a date is shown as it is. */
export function formatDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : dateFormat.format(time);
}

/** Turns a stored status such as "past_due" into words: "past due". */
export function humanize(value: string): string {
  return value.replace(/[_-]+/g, " ").trim();
}
