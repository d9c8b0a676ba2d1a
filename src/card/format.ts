/**
 * Card formatting. Intl is the reference for every figure, but it costs about a microsecond a
 * call, and a card formats up to a dozen of them on every uncached request; the fast paths below
 * build their output from pieces Intl itself produced at start-up, and fall back to Intl for
 * anything they cannot reproduce exactly (negative amounts, odd years, unknown currencies).
 */

/** How one currency is written: Intl's own formatter and, when it is plain, a prefix to reuse. */
interface MoneyFormat {
  format: Intl.NumberFormat;
  /** The symbol before the digits ("$", "€", "CA$"), or undefined when no fast path is safe. */
  prefix: string | undefined;
}

const moneyFormats = new Map<string, MoneyFormat>();

// The same formatter `toLocaleString("en-US", { maximumFractionDigits: 2 })` makes per call.
const plainNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** Beyond this, cents no longer fit exactly in a double; Intl handles such amounts. */
const MAX_FAST_AMOUNT = 1e13;

function groupThousands(whole: number): string {
  const digits = String(whole);
  if (digits.length <= 3) return digits;
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let at = out.length; at < digits.length; at += 3) out += `,${digits.slice(at, at + 3)}`;
  return out;
}

/**
 * The prefix a currency's format puts before "1,234,567.89", if its whole pattern is exactly
 * that: symbol first, comma groups, two fraction digits. Checked against Intl's own output.
 */
function plainPrefix(format: Intl.NumberFormat): string | undefined {
  const options = format.resolvedOptions();
  if (options.minimumFractionDigits !== 2 || options.maximumFractionDigits !== 2) return undefined;
  const sample = format.format(1234567.89);
  const end = sample.indexOf("1,234,567.89");
  if (end <= 0 || end + 12 !== sample.length) return undefined;
  const prefix = sample.slice(0, end);
  if (/\d/.test(prefix)) return undefined;
  return format.format(0) === `${prefix}0.00` && format.format(1000.5) === `${prefix}1,000.50`
    ? prefix
    : undefined;
}

function moneyFormat(code: string): MoneyFormat | undefined {
  let known = moneyFormats.get(code);
  if (!known) {
    let format: Intl.NumberFormat;
    try {
      format = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    } catch {
      return undefined;
    }
    known = { format, prefix: plainPrefix(format) };
    moneyFormats.set(code, known);
  }
  return known;
}

/**
 * Formats an amount in its currency ("$12,840.50"). A currency code Intl does not know is shown
 * after the plain number rather than failing the card.
 *
 * @example
 * ```ts
 * formatMoney(12840.5, "usd"); // "$12,840.50"
 * ```
 */
export function formatMoney(amount: number, currency: string | null): string {
  const code = (currency ?? "").trim().toUpperCase();
  if (code === "") return plainNumber.format(amount);
  const known = moneyFormat(code);
  if (!known) return `${plainNumber.format(amount)} ${code}`;
  if (known.prefix !== undefined && amount >= 0 && amount < MAX_FAST_AMOUNT) {
    // Only amounts that are whole cents: their shortest decimal form has at most two fraction
    // digits, so no rounding is involved and the digits are exactly the ones Intl would print.
    const cents = Math.round(amount * 100);
    if (cents / 100 === amount && !Object.is(amount, -0)) {
      const fraction = cents % 100;
      return `${known.prefix}${groupThousands((cents - fraction) / 100)}.${fraction < 10 ? "0" : ""}${fraction}`;
    }
  }
  return known.format.format(amount);
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/**
 * The month names Intl writes ("Sept" in current ICU, not "Sep"), taken from Intl itself, or
 * undefined if its pattern is not "day month year" and every date must go through Intl.
 */
const MONTHS: readonly string[] | undefined = (() => {
  const names: string[] = [];
  for (let month = 0; month < 12; month++) {
    const parts = dateFormat.formatToParts(Date.UTC(2011, month, 24));
    const name = parts.find((part) => part.type === "month")?.value;
    if (name === undefined || dateFormat.format(Date.UTC(2011, month, 24)) !== `24 ${name} 2011`) {
      return undefined;
    }
    names.push(name);
  }
  return names;
})();

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The card's dates are mostly bare "YYYY-MM-DD", which Date.parse reads as midnight UTC; such a
 * date that exists in the calendar is written straight from its digits. Anything else (times,
 * offsets, 30 February, which Date.parse rolls over into March) is left to Date.parse and Intl.
 */
function plainDate(iso: string, months: readonly string[]): string | undefined {
  if (iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return undefined;
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 7);
  const day = digits(iso, 8, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const last = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > last) return undefined;
  return `${day} ${months[month - 1]} ${year}`;
}

/** The number written by the ASCII digits from `start` to `end`, or -1 if any is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let at = start; at < end; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Formats an ISO date as "24 May 2011"; anything that is not a date is shown as it is.
 *
 * @example
 * ```ts
 * formatDate("2011-05-24T10:00:00Z"); // "24 May 2011"
 * formatDate("soon"); // "soon"
 * ```
 */
export function formatDate(iso: string): string {
  if (MONTHS !== undefined && iso.length === 10) {
    const plain = plainDate(iso, MONTHS);
    if (plain !== undefined) return plain;
  }
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  if (MONTHS !== undefined) {
    const date = new Date(time);
    const year = date.getUTCFullYear();
    // Intl writes years before 1 as era years and these without padding; keep it for them.
    if (year >= 1 && year <= 9999) {
      return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${year}`;
    }
  }
  return dateFormat.format(time);
}

/**
 * Turns a stored status such as "past_due" into words: "past due".
 *
 * @example
 * ```ts
 * humanize("past_due"); // "past due"
 * ```
 */
export function humanize(value: string): string {
  return value.replace(/[_-]+/g, " ").trim();
}
