/** One order of a customer, as imported. */
export interface OrderRecord {
  number: string;
  total: number | null;
  currency: string | null;
  status: string | null;
  /** ISO 8601 date or date-time. */
  placedAt: string | null;
  url: string | null;
}

/** A customer as the card shows it. */
export interface CustomerRecord {
  id: number;
  /** Every address of the customer, normalized (lower case). */
  emails: string[];
  name: string | null;
  company: string | null;
  plan: string | null;
  status: string | null;
  /** ISO 8601 date. */
  customerSince: string | null;
  lifetimeValue: number | null;
  currency: string | null;
  /** Imported columns beyond the known ones, in the order of the CSV header. */
  extra: Record<string, string>;
  /** The most recent orders, newest first. */
  recentOrders: OrderRecord[];
}

/** A customer to write: what an import row or the demo data holds. */
export interface CustomerInput {
  emails: string[];
  name?: string | null;
  company?: string | null;
  plan?: string | null;
  status?: string | null;
  customerSince?: string | null;
  lifetimeValue?: number | null;
  currency?: string | null;
  extra?: Record<string, string>;
}

/** An order to write, attached to the customer who owns `email`. */
export interface OrderInput extends OrderRecord {
  email: string;
}

/** What writing one row did. */
export type WriteOutcome = "inserted" | "updated";

/**
 * Writes inside one transaction, used by `import` and the demo data. A failed row throws a
 * plain `Error` whose message says what is wrong with it; the transaction goes on.
 */
export interface CustomerWriter {
  upsertCustomer(customer: CustomerInput): Promise<WriteOutcome>;
  upsertOrder(order: OrderInput): Promise<WriteOutcome>;
}

/** Where the server looks customers up. SQLite and PostgreSQL both implement it. */
export interface CustomerStore {
  /** "sqlite" or "postgres": shown in logs and `/healthz`. */
  readonly kind: string;
  /**
   * The customer owning the first of `emails` (already normalized) that is known, with their
   * recent orders; `undefined` when none matches.
   */
  findByEmails(
    emails: readonly string[],
    signal?: AbortSignal,
  ): Promise<CustomerRecord | undefined>;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  /** Runs `work` in one transaction: all its writes land, or none. */
  transaction<T>(work: (writer: CustomerWriter) => Promise<T>): Promise<T>;
  /** How many customers are stored. */
  countCustomers(): Promise<number>;
  close(): Promise<void>;
}

/** How many recent orders the card shows. */
export const RECENT_ORDER_COUNT = 5;
