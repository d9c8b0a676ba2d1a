/**
 * Named request bodies that cover what Help Scout sends in practice: a normal conversation, a
 * draft, a conversation without a customer, a customer with several addresses, non-ASCII names,
 * markup typed into a name, and a body written the way PHP's `json_encode` writes it. Their
 * addresses are those of the demo customers, so against the demo server they show real cards.
 */

/** The name of a preset request body. */
export type PresetName =
  | "conversation"
  | "draft"
  | "no-customer"
  | "several-addresses"
  | "non-ascii"
  | "markup-name"
  | "php-escaped";

/** A preset: what it shows, and the exact body bytes as a string. */
export interface Preset {
  name: PresetName;
  summary: string;
  body: string;
}

const user = {
  id: 42,
  fname: "Ana",
  lname: "Li",
  role: "admin",
  convRedirect: 0,
};
const mailbox = { id: 7, email: "help@example.com" };
const ticket = { id: 123456, number: 4512, subject: "Where is my order?" };

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

// The markup below is what a customer could type into the name fields of a contact form; an app
// that echoes it unescaped hands the customer a script in the agent's sidebar.
const MARKUP_FIRST_NAME = '<img src="x" onerror="alert(1)">Mallory';
const MARKUP_LAST_NAME = "<script>alert(2)</script>";

const PRESET_LIST: readonly Preset[] = [
  {
    name: "conversation",
    summary: "an open conversation with a known customer",
    body: json({
      ticket,
      customer: {
        id: 789,
        fname: "Jan",
        lname: "Baker",
        email: "jan@example.com",
        emails: ["jan@example.com"],
      },
      user,
      mailbox,
    }),
  },
  {
    name: "draft",
    summary: 'a new conversation being written: "ticket" is false',
    body: json({
      ticket: false,
      customer: { fname: "Jan", lname: "Baker", email: "jan@example.com" },
      user,
      mailbox,
    }),
  },
  {
    name: "no-customer",
    summary: "a conversation without a customer: the object is left out",
    body: json({ ticket, user, mailbox }),
  },
  {
    name: "several-addresses",
    summary: "a customer with several addresses, one with a sub-address, no primary email",
    body: json({
      ticket,
      customer: {
        id: 790,
        fname: "Lee",
        lname: "Chen",
        emails: ["lee+billing@example.net", "nobody@example.com", "LEE@Example.NET"],
      },
      user,
      mailbox,
    }),
  },
  {
    name: "non-ascii",
    summary: "names and a subject outside ASCII, sent as raw UTF-8",
    body: json({
      ticket: { ...ticket, subject: "Rückerstattung für Bestellung №77 🙏" },
      customer: {
        id: 791,
        fname: "健二",
        lname: "山田",
        email: "kenji@example.jp",
        emails: ["kenji@example.jp"],
      },
      user,
      mailbox,
    }),
  },
  {
    name: "markup-name",
    summary: "HTML typed into the customer's name fields; it must come back escaped",
    body: json({
      ticket: { ...ticket, subject: "<b>bold</b> & </textarea> subject" },
      customer: {
        id: 792,
        fname: MARKUP_FIRST_NAME,
        lname: MARKUP_LAST_NAME,
        email: "mallory@example.com",
      },
      user,
      mailbox,
    }),
  },
  {
    name: "php-escaped",
    summary: "a body as PHP writes it, with \\/ and \\u00f1 escapes: only raw bytes verify",
    body:
      '{"ticket":{"id":"88001","number":"4512","subject":"Refund for order 77\\/B"},' +
      '"customer":{"id":"5501","fname":"Mar\\u00eda","lname":"Nu\\u00f1ez",' +
      '"email":"maria.nunez@example.org","emails":["maria.nunez@example.org"]},' +
      '"user":{"fname":"Ana","lname":"Li","id":"17","role":"admin","convRedirect":0},' +
      '"mailbox":{"id":"3","email":"help@example.com"}}',
  },
];

/**
 * Every preset, in the order they are listed in help texts and the debug panel.
 *
 * @example
 * ```ts
 * PRESETS.map((preset) => preset.name); // ["conversation", "draft", ...]
 * ```
 */
export const PRESETS: readonly Preset[] = PRESET_LIST;

/**
 * The literal markup the `markup-name` preset puts in the name fields.
 *
 * @example
 * ```ts
 * MARKUP_PROBES.some((markup) => html.includes(markup)); // true when echoed unescaped
 * ```
 */
export const MARKUP_PROBES: readonly string[] = [MARKUP_FIRST_NAME, MARKUP_LAST_NAME];

/**
 * Finds a preset by name, or throws an error that lists the names there are.
 *
 * @example
 * ```ts
 * const body = getPreset("draft").body; // '{\n  "ticket": false, ...'
 * ```
 */
export function getPreset(name: string): Preset {
  const preset = PRESETS.find((candidate) => candidate.name === name);
  if (!preset) {
    const names = PRESETS.map((candidate) => candidate.name).join(", ");
    throw new RangeError(`There is no preset "${name}"; choose one of: ${names}.`);
  }
  return preset;
}
