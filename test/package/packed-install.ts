import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The package packed and installed, as a user gets it. */
export interface PackedInstall {
  /** The tarball `npm pack` made. */
  tarball: string;
  /** A project with the tarball, Express, Fastify, Hono and TypeScript installed. */
  project: string;
  /** A project with the tarball alone, its optional database driver removed. */
  bare: string;
}

/** The frameworks installed next to the package, at the versions the repository tests with. */
const PROJECT_PACKAGES = [
  "express",
  "fastify",
  "hono",
  "@hono/node-server",
  "typescript",
  "@types/node",
  "@types/express",
];

/** Runs a command and resolves to its output; rejects with the output when it fails. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env: { ...cleanEnv(), ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(" ")} failed:\n${stdout}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/**
 * The environment without the npm_* variables that `npm test` sets, which would make the
 * nested npm act on the repository's configuration. The cache folder is kept, so installs stay
 * offline where the cache allows.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith("npm_") || name.toLowerCase() === "npm_config_cache") {
      env[name] = value;
    }
  }
  return { ...env, npm_config_audit: "false", npm_config_fund: "false" };
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A hash of everything that goes into the tarball, so an unchanged package is packed once. */
async function sourceKey(): Promise<string> {
  const hash = createHash("sha256");
  const files = [
    ...["package.json", "tsconfig.json", "tsconfig.build.json"].map((file) => join(ROOT, file)),
    ...(await filesUnder(join(ROOT, "src"))),
  ];
  for (const file of files) {
    hash.update(relative(ROOT, file)).update(await readFile(file));
  }
  return hash.digest("hex").slice(0, 16);
}

async function installedVersion(name: string): Promise<string> {
  const manifest = JSON.parse(
    await readFile(join(ROOT, "node_modules", name, "package.json"), "utf8"),
  ) as { version: string };
  return manifest.version;
}

/** Makes a project folder and installs `specs` into it from the local npm cache. */
export async function installProject(folder: string, specs: string[]): Promise<void> {
  await mkdir(folder, { recursive: true });
  const manifest = { name: "packed-install-check", private: true, type: "module" };
  await writeFile(join(folder, "package.json"), JSON.stringify(manifest));
  // Install scripts stay off: the native database driver would be compiled, and nothing here
  // loads it.
  await run("npm", ["install", "--prefer-offline", "--ignore-scripts", ...specs], folder);
}

/** Builds dist into a staging folder (not the repository's dist) and packs it. */
async function pack(folder: string): Promise<string> {
  const stage = join(folder, "stage");
  await mkdir(stage, { recursive: true });
  for (const file of ["package.json", "README.md", "LICENSE"]) {
    if (existsSync(join(ROOT, file))) await cp(join(ROOT, file), join(stage, file));
  }
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const config = join(ROOT, "tsconfig.build.json");
  await run(process.execPath, [tsc, "-p", config, "--outDir", join(stage, "dist")], ROOT);
  const output = await run(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", folder],
    stage,
  );
  const [packed] = JSON.parse(output) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no file:\n${output}`);
  return join(folder, packed.filename);
}

async function build(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const tarball = await pack(folder);
  const versions = await Promise.all(
    PROJECT_PACKAGES.map(async (name) => `${name}@${await installedVersion(name)}`),
  );
  await installProject(join(folder, "project"), [tarball, ...versions]);
  await installProject(join(folder, "bare"), [tarball]);
  await rm(join(folder, "bare", "node_modules", "better-sqlite3"), {
    recursive: true,
    force: true,
  });
  await writeFile(join(folder, "ready.json"), JSON.stringify({ tarball }));
}

/**
 * Removes the packs of earlier versions of the sources once they are a quarter of an hour old:
 * long enough for a test run that still uses one to finish, short enough not to pile up.
 */
async function removeOldPacks(current: string): Promise<void> {
  for (const entry of await readdir(tmpdir())) {
    const path = join(tmpdir(), entry);
    if (!entry.startsWith("helpscout-dynamic-app-pack-") || path.startsWith(current)) continue;
    const age = Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > 900_000) await rm(path, { recursive: true, force: true });
  }
}

/**
 * Packs the package with `npm pack` and installs the tarball into fresh projects, once per
 * version of the sources: test files running at the same time share one build, ordered by a
 * lock folder.
 */
export async function packedInstall(): Promise<PackedInstall> {
  const folder = join(tmpdir(), `helpscout-dynamic-app-pack-${await sourceKey()}`);
  const ready = join(folder, "ready.json");
  const lock = `${folder}.lock`;
  for (;;) {
    if (existsSync(ready)) {
      const { tarball } = JSON.parse(await readFile(ready, "utf8")) as { tarball: string };
      return { tarball, project: join(folder, "project"), bare: join(folder, "bare") };
    }
    try {
      await mkdir(lock);
    } catch {
      // Another test file is building; a lock older than ten minutes was left by a dead run.
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 600_000) await rm(lock, { recursive: true, force: true });
      await sleep(500);
      continue;
    }
    try {
      if (!existsSync(ready)) {
        await removeOldPacks(folder);
        await build(folder);
      }
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}
