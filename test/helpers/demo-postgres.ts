import { loadDemoData } from "../../src/customers/demo-data.js";
import { openPostgresStore } from "../../src/customers/postgres-store.js";
import { startTestPostgres, type TestPostgres } from "./postgres.js";

/** A throwaway PostgreSQL server whose database holds the demo customers. */
export async function startDemoPostgres(): Promise<TestPostgres> {
  const pg = await startTestPostgres();
  const store = await openPostgresStore(pg.url);
  try {
    await loadDemoData(store);
  } finally {
    await store.close();
  }
  return pg;
}
