import { afterEach, describe, expect, it, vi } from "vitest";
import { gatherLines } from "../../src/logging/gathered-lines.js";

const OPTIONS = { flushAtBytes: 100, maxWriteBytes: 150, flushAfterMs: 50 };

function lineOf(bytes: number, fill = "x"): string {
  return `${fill.repeat(bytes - 1)}\n`;
}

describe("gathered lines", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes nothing until the threshold, then everything gathered, joined in order", () => {
    const writes: string[] = [];
    const lines = gatherLines((text) => writes.push(text), OPTIONS);
    lines.write(lineOf(40, "a"));
    lines.write(lineOf(40, "b"));
    expect(writes).toEqual([]);
    lines.write(lineOf(40, "c"));
    expect(writes).toEqual([lineOf(40, "a") + lineOf(40, "b") + lineOf(40, "c")]);
  });

  it("never puts more than the most bytes of a write together, and a longer line goes alone", () => {
    const writes: string[] = [];
    const lines = gatherLines((text) => writes.push(text), OPTIONS);
    lines.write(lineOf(90, "a"));
    lines.write(lineOf(70, "b")); // 160 together would pass 150: "a" goes first
    lines.write(lineOf(400, "c")); // longer than a write on its own
    lines.flush();
    expect(writes).toEqual([lineOf(90, "a"), lineOf(70, "b"), lineOf(400, "c")]);
    for (const text of writes.slice(0, 2)) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(150);
  });

  it("counts bytes, not characters", () => {
    const writes: string[] = [];
    const lines = gatherLines((text) => writes.push(text), OPTIONS);
    // 30 two-byte characters and a newline: 61 bytes, 31 characters. Two make 122 bytes.
    const wide = `${"é".repeat(30)}\n`;
    lines.write(wide);
    expect(writes).toEqual([]);
    lines.write(wide);
    expect(writes).toEqual([wide + wide]);
  });

  it("writes what waits once the time has passed, and only once", () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const lines = gatherLines((text) => writes.push(text), OPTIONS);
    lines.write(lineOf(10));
    vi.advanceTimersByTime(49);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual([lineOf(10)]);
    vi.advanceTimersByTime(500);
    expect(writes).toHaveLength(1);
  });

  it("writes nothing when flushed empty", () => {
    const writes: string[] = [];
    gatherLines((text) => writes.push(text), OPTIONS).flush();
    expect(writes).toEqual([]);
  });
});
