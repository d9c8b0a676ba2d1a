import { describe, expect, it } from "vitest";
import { WORKER_SEMI_SPACE_MB, workerExecArgv } from "../../src/server/worker-heap.js";

describe("workerExecArgv", () => {
  it("adds the young-generation limit to the primary's own options", () => {
    expect(WORKER_SEMI_SPACE_MB).toBe(4);
    expect(workerExecArgv(["--enable-source-maps"], undefined)).toEqual([
      "--enable-source-maps",
      "--max-semi-space-size=4",
    ]);
    expect(workerExecArgv([], "--trace-warnings")).toEqual(["--max-semi-space-size=4"]);
  });

  it("leaves an operator's own choice alone, on the command line or in NODE_OPTIONS", () => {
    expect(workerExecArgv(["--max-semi-space-size=16"])).toEqual(["--max-semi-space-size=16"]);
    expect(workerExecArgv(["--max_semi_space_size=8"])).toEqual(["--max_semi_space_size=8"]);
    expect(workerExecArgv([], "--inspect  --max-semi-space-size=32")).toEqual([]);
    expect(workerExecArgv([], "--max-semi-space-size-extra")).toEqual(["--max-semi-space-size=4"]);
  });

  it("reads a choice quoted in NODE_OPTIONS as Node does, so the operator's value still wins", () => {
    // Node takes `"--max-semi-space-size=1"` in NODE_OPTIONS as the flag itself, and a flag on
    // the command line beats NODE_OPTIONS, so adding ours would silently replace theirs.
    expect(workerExecArgv([], '"--max-semi-space-size=1"')).toEqual([]);
    expect(workerExecArgv([], '--trace-warnings "--max_semi_space_size=64"')).toEqual([]);
    expect(workerExecArgv([], '--max-semi-space-size="2"')).toEqual([]);
    expect(workerExecArgv([], '--title "a b"')).toEqual(["--max-semi-space-size=4"]);
  });
});
