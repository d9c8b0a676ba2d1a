import { acceptedStatuses, caseBody, loadCases } from "../../helpers/cases.js";
import { buildRawRequest } from "../../helpers/raw-http.js";
import { type HostileCase, one } from "./common.js";

/** Every shared signed case, sent as its exact bytes. */
export function sharedCases(): HostileCase[] {
  return loadCases().map((item) => {
    const statuses = acceptedStatuses(item);
    return {
      name: `${item.name} (${item.file})`,
      group: "shared case",
      steps: (target) => {
        const headers: Array<[string, string]> = Object.entries(item.headers ?? {});
        if (item.signature !== "") headers.push(["X-HELPSCOUT-SIGNATURE", item.signature]);
        return one(
          buildRawRequest({
            method: item.method,
            path: target.path,
            body: caseBody(item),
            headers,
          }),
        );
      },
      status: statuses.length > 0 ? statuses : [item.expect.signature_valid ? 200 : 401],
      code: item.expect.signature_valid ? null : "invalid_signature",
    };
  });
}

/** The secrets of the shared cases, which the target must accept as well. */
export function sharedCaseSecrets(): string[] {
  return [...new Set(loadCases().map((item) => item.secret))];
}
