import { type ChildProcess, spawn } from "node:child_process";
import { CLI } from "../helpers/cli.js";

/** A `helpscout-app serve` process with everything it printed on stdout and stderr. */
export interface ServeProcess {
  child: ChildProcess;
  /** stdout and stderr, interleaved as they arrived. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if it exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends SIGTERM and resolves with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

/** Options of `spawnServe`. */
export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** A program (and its arguments) to run the CLI under, e.g. `["unshare", "-n"]`. */
  wrapper?: string[];
}

/**
 * Runs the built CLI's `serve` with the given arguments and an environment holding only PATH
 * and what is given, so no setting of the developer's shell leaks in.
 *
 * @example
 * ```ts
 * const serve = spawnServe(["--port", "0", "--host", "127.0.0.1", "--secret", "s"]);
 * const [, url] = await serve.waitFor(/"url":"([^"]+)"/);
 * await serve.stop();
 * ```
 */
export function spawnServe(args: string[], options: SpawnOptions = {}): ServeProcess {
  const [program, ...prefix] = options.wrapper ?? [process.execPath];
  const programArgs = options.wrapper ? [...prefix, process.execPath] : [];
  const child = spawn(program ?? process.execPath, [...programArgs, CLI, "serve", ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", ...options.env },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));

  return {
    child,
    output: () => output,
    async waitFor(pattern, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const match = output.match(pattern);
        if (match) return match;
        if (child.exitCode !== null) break;
        await new Promise((wake) => setTimeout(wake, 20));
      }
      throw new Error(`serve never printed ${pattern}. It printed:\n${output}`);
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const code = await exited;
      // Let the last output chunks arrive.
      await new Promise((wake) => setTimeout(wake, 50));
      return code;
    },
  };
}
