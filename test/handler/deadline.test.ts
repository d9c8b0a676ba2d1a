import { describe, expect, it } from "vitest";
import { withDeadline } from "../../src/handler/deadline.js";
import { isDynamicAppError } from "../../src/protocol/errors.js";

describe("withDeadline", () => {
  it("passes a result and an error through when the work settles in time", async () => {
    expect(await withDeadline(1000, () => 42)).toBe(42);
    expect(await withDeadline(1000, async () => "later")).toBe("later");
    await expect(withDeadline(1000, () => Promise.reject(new Error("no")))).rejects.toThrow("no");
  });

  it("turns a synchronous throw into a rejection", async () => {
    await expect(
      withDeadline(1000, () => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
  });

  it("rejects with render_timeout and aborts the signal when the work never settles", async () => {
    let seen: AbortSignal | undefined;
    const error = await withDeadline(50, (signal) => {
      seen = signal;
      return new Promise<never>(() => {});
    }).catch((thrown: unknown) => thrown);
    expect(isDynamicAppError(error) && error.code).toBe("render_timeout");
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
  });

  it("leaves the signal alone when the work finishes in time", async () => {
    let seen: AbortSignal | undefined;
    await withDeadline(50, (signal) => {
      seen = signal;
      return "done";
    });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(seen?.aborted).toBe(false);
  });

  it("a late rejection after the deadline is not left unhandled", async () => {
    const error = await withDeadline(
      20,
      () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error("late")), 60)),
    ).catch((thrown: unknown) => thrown);
    expect(isDynamicAppError(error) && error.code).toBe("render_timeout");
    // Vitest fails the run on an unhandled rejection; give the late one time to happen.
    await new Promise((resolve) => setTimeout(resolve, 100));
  });
});
