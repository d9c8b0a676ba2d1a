import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** What a correct app does with one signed request case. */
export interface CaseExpectation {
  signature_valid: boolean;
  status?: number;
  status_in?: number[];
  html_includes?: string[];
  html_excludes?: string[];
}

/** One request Help Scout (or an attacker) could send; see the README next to the cases. */
export interface SignedCase {
  name: string;
  note: string;
  method: string;
  secret: string;
  body?: string;
  body_base64?: string;
  /** The `X-HELPSCOUT-SIGNATURE` value; empty means the header is absent. */
  signature: string;
  headers: Record<string, string>;
  expect: CaseExpectation;
  /** The file the case came from. */
  file: string;
}

/**
 * The folder of the signed request cases shared by every part of the project: a copy kept under
 * test/fixtures, or the folder named by `HELPSCOUT_CASES_DIR` when CI points the tests at the
 * team's master copy, so a case added there runs without being copied first.
 */
export const SHARED_CASES_DIR =
  process.env.HELPSCOUT_CASES_DIR ||
  join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "shared-cases");

/**
 * Loads every `*.json` case of a folder (the shared cases by default), sorted by file name.
 *
 * @example
 * ```ts
 * for (const item of loadCases()) it(item.name, async () => { ... });
 * ```
 */
export function loadCases(folder: string = SHARED_CASES_DIR): SignedCase[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      ...(JSON.parse(readFileSync(join(folder, file), "utf8")) as Omit<SignedCase, "file">),
      file,
    }));
}

/** The exact bytes of a case's body (`body` as UTF-8, or `body_base64` decoded). */
export function caseBody(item: SignedCase): Buffer {
  if (item.body_base64 !== undefined) return Buffer.from(item.body_base64, "base64");
  return Buffer.from(item.body ?? "", "utf8");
}

/** The statuses a case accepts: `status`, or any of `status_in`, or none when it names neither. */
export function acceptedStatuses(item: SignedCase): number[] {
  if (item.expect.status !== undefined) return [item.expect.status];
  return item.expect.status_in ?? [];
}
