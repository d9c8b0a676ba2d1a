import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Command, UsageError } from "./command.js";
import { projectFiles } from "./init-templates.js";

/**
 * Makes an npm package name out of a directory name.
 *
 * @example
 * ```ts
 * packageNameFor("apps/My Sidebar!"); // "my-sidebar"
 * ```
 */
export function packageNameFor(directory: string): string {
  const name = basename(resolve(directory))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|[-]+$/g, "");
  return name === "" ? "helpscout-app" : name.slice(0, 214);
}

/** The range of this library a new project depends on: the version that wrote it, or newer. */
async function libraryRange(): Promise<string> {
  // From src/cli or dist/cli, the package's own manifest is two folders up.
  const manifest = JSON.parse(
    await readFile(new URL("../../package.json", import.meta.url), "utf8"),
  ) as { version: string };
  return `^${manifest.version}`;
}

/**
 * Writes a minimal app project into `directory`: package.json, app.js, server.js, a test and a
 * README. Refuses to overwrite any existing file. Returns the paths written.
 *
 * @example
 * ```ts
 * await initProject("my-sidebar-app"); // then: cd my-sidebar-app && npm install && npm test
 * ```
 */
export async function initProject(directory: string): Promise<string[]> {
  const files = projectFiles({
    name: packageNameFor(directory),
    libraryRange: await libraryRange(),
  });
  const clashes = Object.keys(files).filter((file) => existsSync(join(directory, file)));
  if (clashes.length > 0) {
    throw new UsageError(
      `${directory} already holds ${clashes.join(", ")}; choose a new or empty directory.`,
    );
  }
  await mkdir(directory, { recursive: true });
  const written: string[] = [];
  for (const [file, content] of Object.entries(files)) {
    const path = join(directory, file);
    await writeFile(path, content, { flag: "wx" });
    written.push(path);
  }
  return written;
}

/**
 * The `init` command of the CLI.
 *
 * @example
 * ```sh
 * helpscout-app init my-sidebar-app
 * ```
 */
export const command: Command = {
  summary: "write a minimal app project (app, server, test) into a directory",
  usage: `
Usage: helpscout-app init DIR

Writes a new Dynamic App project into DIR (created when missing; existing files are never
overwritten): package.json, app.js (the render function), server.js, app.test.js and a README.
Then: cd DIR && npm install && npm test`,
  async run(args) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
    const [directory, ...rest] = positionals;
    if (directory === undefined || rest.length > 0) throw new UsageError("Give one directory.");
    const written = await initProject(directory);
    process.stdout.write(
      `Wrote ${written.length} files into ${directory}.\n\nNext:\n  cd ${directory}\n  npm install\n  npm test\n  HELPSCOUT_SECRET=... npm start\n`,
    );
    return 0;
  },
};
