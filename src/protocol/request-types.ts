/** Ids have been seen both as JSON numbers and as quoted strings. */
export type Id = number | string;

/** The role of the agent, as a string today; older requests sent 1, 2 or 3. */
export type UserRole = "owner" | "admin" | "user";

/**
 * The conversation. It follows the conversation object of Help Scout's Mailbox API, so fields
 * beyond the documented three may arrive; they are kept as they came.
 */
export interface DynamicAppTicket {
  id?: Id;
  number?: Id;
  subject?: string;
  [field: string]: unknown;
}

/** The customer of the conversation, as far as Help Scout knows them. */
export interface DynamicAppCustomer {
  id?: Id;
  fname?: string;
  lname?: string;
  email?: string;
  emails?: string[];
  [field: string]: unknown;
}

/** The agent who opened the conversation. */
export interface DynamicAppUser {
  id?: Id;
  fname?: string;
  lname?: string;
  /** `"owner" | "admin" | "user"`, or a legacy number (1 owner, 2 admin, 3 user). */
  role?: string | number;
  /** Undocumented; passed through as received. */
  convRedirect?: unknown;
  [field: string]: unknown;
}

/** The mailbox the conversation is in. */
export interface DynamicAppMailbox {
  id?: Id;
  email?: string;
  [field: string]: unknown;
}

/**
 * A Help Scout Dynamic App request, parsed from the raw bytes. Help Scout leaves out fields
 * without a value, whole objects included, so every object may be `null` here.
 */
export interface DynamicAppRequest {
  /** The conversation, or `null` for a draft (`"ticket": false`) or when it is absent. */
  ticket: DynamicAppTicket | null;
  /** True when Help Scout sent `"ticket": false`: the agent is writing a new conversation. */
  isDraft: boolean;
  customer: DynamicAppCustomer | null;
  user: DynamicAppUser | null;
  mailbox: DynamicAppMailbox | null;
  /**
   * Every address of the customer (`email` first, then `emails`), trimmed, lower-cased and
   * without duplicates. Empty when Help Scout sent none.
   */
  customerEmails: string[];
  /** `fname` and `lname` joined, or `undefined` when neither is present. */
  customerName: string | undefined;
  /** The agent's role as a string, with legacy numbers translated. */
  userRole: UserRole | string | undefined;
  /** The whole parsed body, unknown fields included. */
  raw: Record<string, unknown>;
}
