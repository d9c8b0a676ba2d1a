import type { CustomerRecord } from "../../src/customers/types.js";

/**
 * A customer record with a name and addresses and every other field empty, for tests of what
 * carries records around (caches, batching) rather than what is in them.
 */
export function bareCustomer(id: number, name: string, emails: string[]): CustomerRecord {
  return {
    id,
    emails,
    name,
    company: null,
    plan: null,
    status: null,
    customerSince: null,
    lifetimeValue: null,
    currency: null,
    extra: {},
    recentOrders: [],
  };
}
