/**
 * How many generated inputs each property runs. Kept in one place so the figures in the report
 * and the README match what the tests do; each test prints its count when it finishes.
 */
export const RUNS = {
  verifierNeverThrows: 2000,
  handlerNeverCrashes: 1000,
  signedBodyAccepted: 1000,
  signedObjectRoundTrip: 1000,
  rawSocketNeverCrashes: 200,
  htmlContentEscaped: 1000,
  htmlParsedStructure: 1000,
  componentsEscaped: 500,
  requestModelTotal: 1000,
  requestAddressesModel: 1000,
  unsafeRawOnly: 200,
} as const;

/** Prints a property's run count, so a test run records the figure. */
export function reportRuns(name: string, runs: number): void {
  process.stdout.write(`property "${name}": ${runs} runs passed\n`);
}
