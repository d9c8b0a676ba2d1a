import { describe, expect, it } from "vitest";
import { withDeadline } from "../../src/handler/deadline.js";
import { isDynamicAppError } from "../../src/protocol/errors.js";

// withDeadline settles one promise from either the work or its timer (no Promise.race); these
// pin the cases that shape has to get right on its own.
describe("withDeadline without a race", () => {
  it("follows a thenable that is not a native promise", async () => {
    const thenable = {
      // biome-ignore lint/suspicious/noThenProperty: the point is a foreign thenable
      then(onValue: (value: string) => void) {
        setTimeout(() => onValue("from a thenable"), 5);
      },
    };
    expect(await withDeadline(1000, () => thenable as unknown as PromiseLike<string>)).toBe(
      "from a thenable",
    );
  });

  it("passes falsy results through as they are", async () => {
    expect(await withDeadline(1000, () => 0)).toBe(0);
    expect(await withDeadline(1000, () => null)).toBe(null);
    expect(await withDeadline(1000, () => undefined)).toBe(undefined);
  });

  it("keeps the deadline's error when the work resolves after it", async () => {
    let seen: AbortSignal | undefined;
    const error = await withDeadline(
      20,
      (signal) =>
        new Promise<string>((resolve) => {
          seen = signal;
          setTimeout(() => resolve("late"), 60);
        }),
    ).catch((thrown: unknown) => thrown);
    expect(isDynamicAppError(error) && error.code).toBe("render_timeout");
    expect(seen?.reason).toBe(error);
    await new Promise((resolve) => setTimeout(resolve, 80));
  });

  it("does not abort the signal of work that threw in time", async () => {
    let seen: AbortSignal | undefined;
    await expect(
      withDeadline(30, (signal) => {
        seen = signal;
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(seen?.aborted).toBe(false);
  });
});
