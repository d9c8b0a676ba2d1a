import { describe, expect, it } from "vitest";
import {
  WORKER_SEMI_SPACE_MB,
  workerExecArgv,
  workerSemiSpaceMb,
} from "../../src/server/worker-heap.js";

describe("workerExecArgv", () => {
  it("adds the young-generation limit to the primary's own options", () => {
    expect(WORKER_SEMI_SPACE_MB).toBe(4);
    expect(workerExecArgv(["--enable-source-maps"], undefined, 4)).toEqual([
      "--enable-source-maps",
      "--max-semi-space-size=4",
    ]);
    expect(workerExecArgv([], "--trace-warnings", 4)).toEqual(["--max-semi-space-size=4"]);
  });

  it("leaves an operator's own choice alone, on the command line or in NODE_OPTIONS", () => {
    expect(workerExecArgv(["--max-semi-space-size=16"], undefined, 4)).toEqual([
      "--max-semi-space-size=16",
    ]);
    expect(workerExecArgv(["--max_semi_space_size=8"], undefined, 4)).toEqual([
      "--max_semi_space_size=8",
    ]);
    expect(workerExecArgv([], "--inspect  --max-semi-space-size=32", 4)).toEqual([]);
    expect(workerExecArgv([], "--max-semi-space-size-extra", 4)).toEqual([
      "--max-semi-space-size=4",
    ]);
  });

  it("reads a choice quoted in NODE_OPTIONS as Node does, so the operator's value still wins", () => {
    // Node takes `"--max-semi-space-size=1"` in NODE_OPTIONS as the flag itself, and a flag on
    // the command line beats NODE_OPTIONS, so adding ours would silently replace theirs.
    expect(workerExecArgv([], '"--max-semi-space-size=1"', 4)).toEqual([]);
    expect(workerExecArgv([], '--trace-warnings "--max_semi_space_size=64"', 4)).toEqual([]);
    expect(workerExecArgv([], '--max-semi-space-size="2"', 4)).toEqual([]);
    expect(workerExecArgv([], '--title "a b"', 4)).toEqual(["--max-semi-space-size=4"]);
  });

  it("adds none when asked for V8's default, which workers with the cache on keep", () => {
    expect(workerSemiSpaceMb(true)).toBeNull();
    expect(workerSemiSpaceMb(false)).toBe(4);
    expect(workerExecArgv(["--enable-source-maps"], "--trace-warnings", null)).toEqual([
      "--enable-source-maps",
    ]);
    expect(workerExecArgv([], undefined, 8)).toEqual(["--max-semi-space-size=8"]);
  });
});
