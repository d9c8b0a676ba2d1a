import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifySignature } from "../../src/protocol/signature.js";
import { hmacSignature } from "../helpers/openssl.js";
import { RUNS, reportRuns } from "./run-counts.js";

const secretArb = fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" });

/** Headers of every shape: text, near-misses of base64, arrays, non-strings. */
const junkHeader = fc.oneof(
  fc.string({ maxLength: 200, unit: "binary" }),
  fc.base64String({ minLength: 28, maxLength: 28 }),
  fc.base64String({ maxLength: 64 }),
  fc.array(fc.string({ maxLength: 40 }), { maxLength: 3 }),
  fc.constantFrom(undefined, null, 0, 1.5, true, {}, [], Number.NaN),
);

describe("verifySignature on random input", () => {
  it(`never throws, and says yes only to the exact HMAC (${RUNS.verifierNeverThrows} runs)`, () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        junkHeader,
        fc.array(secretArb, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.constantFrom("junk", "right", "right-in-array", "right-padded", "right-changed"),
        (body, junk, secrets, pick, shape) => {
          // Half the headers are built from the right signature, so both answers get exercised.
          const right = hmacSignature(body, secrets[pick % secrets.length] ?? "");
          const changed = `${right.slice(0, pick % 27)}${right.charAt(pick % 27) === "A" ? "B" : "A"}${right.slice((pick % 27) + 1)}`;
          const header =
            shape === "right"
              ? right
              : shape === "right-in-array"
                ? [right]
                : shape === "right-padded"
                  ? ` ${right} `
                  : shape === "right-changed"
                    ? changed
                    : junk;
          const accepted = verifySignature(body, header, secrets);
          const single = Array.isArray(header) && header.length === 1 ? header[0] : header;
          const expected =
            typeof single === "string" &&
            secrets.some((secret) => hmacSignature(body, secret) === single.trim());
          expect(accepted).toBe(expected);
        },
      ),
      { numRuns: RUNS.verifierNeverThrows },
    );
    reportRuns("verifier never throws", RUNS.verifierNeverThrows);
  });

  it(`accepts any bytes signed with any one of the configured secrets (${RUNS.signedBodyAccepted} runs)`, () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.array(secretArb, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (body, secrets, pick) => {
          const secret = secrets[pick % secrets.length] ?? "";
          expect(verifySignature(body, hmacSignature(body, secret), secrets)).toBe(true);
          // One changed byte and it no longer verifies.
          if (body.length > 0) {
            const changed = Uint8Array.from(body);
            const at = pick % changed.length;
            changed[at] = ((changed[at] ?? 0) + 1) % 256;
            expect(verifySignature(changed, hmacSignature(body, secret), secrets)).toBe(false);
          }
        },
      ),
      { numRuns: RUNS.signedBodyAccepted },
    );
    reportRuns("verifier accepts signed bytes", RUNS.signedBodyAccepted);
  });
});
