import { bodyCases } from "./cases/body.js";
import type { HostileCase } from "./cases/common.js";
import { contentLengthCases } from "./cases/content-length.js";
import { methodAndPathCases } from "./cases/method-and-path.js";
import { sharedCases } from "./cases/shared.js";
import { signatureCases } from "./cases/signature.js";
import { slowCases } from "./cases/slow-sender.js";

export { CURRENT, type HostileCase, PARSER, PREVIOUS, SECRETS } from "./cases/common.js";
export { sharedCaseSecrets } from "./cases/shared.js";

/** The whole hostile input matrix, in a stable order. */
export function hostileCases(): HostileCase[] {
  return [
    ...sharedCases(),
    ...signatureCases(),
    ...bodyCases(),
    ...methodAndPathCases(),
    ...slowCases(),
    ...contentLengthCases(),
  ];
}
