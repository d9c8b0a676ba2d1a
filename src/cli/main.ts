#!/usr/bin/env node
import { type Command, UsageError } from "./command.js";
import { explainError } from "./explain-error.js";

// Each command lives in its own module, loaded only when it runs (or when --help lists them all),
// so `helpscout-app secret` does not load a database driver or a web framework.
const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  serve: () => import("./serve.js"),
  import: () => import("./import.js"),
  secret: () => import("./secret.js"),
  sign: () => import("./sign.js"),
  send: () => import("./send.js"),
  check: () => import("./check.js"),
  debug: () => import("./debug.js"),
  dev: () => import("./dev.js"),
  init: () => import("./init.js"),
};

async function printHelp(): Promise<void> {
  const lines = ["Usage: helpscout-app <command> [options]", "", "Commands:"];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(8)} ${command.summary}`);
  }
  lines.push("", "Run `helpscout-app <command> --help` for a command's options.");
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    await printHelp();
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`Unknown command "${name}". Run \`helpscout-app --help\` for the list.\n`);
    return 2;
  }
  const { command } = await load();
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${command.usage.trim()}\n`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    // An unknown or malformed option is a usage mistake too, whoever noticed it.
    const parseArgsMistake =
      error instanceof TypeError &&
      String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS");
    // A setting with a wrong value, found while resolving the command's settings.
    const settingMistake =
      error instanceof Error && (error.name === "ConfigError" || error.name === "SettingError");
    if (error instanceof UsageError || parseArgsMistake || settingMistake) {
      process.stderr.write(`${(error as Error).message}\n\n${command.usage.trim()}\n`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${explainError(error)}\n`);
    // Exit now: a cluster worker's channel to its primary, or a half-started server, would
    // otherwise keep the process alive after the failure, and the command would hang.
    process.exit(1);
  },
);
