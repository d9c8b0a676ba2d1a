import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/command.js";
import { initProject, packageNameFor } from "../../src/cli/init.js";
import { sendSigned } from "../adapters/http-client.js";
import { opensslSign } from "../adapters/signing.js";
import { packedInstall, ROOT, run } from "../package/packed-install.js";

const SLOW = 600_000;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "helpscout-init-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("init, in process", () => {
  it("writes the project's files, named after the directory", async () => {
    const directory = join(scratch, "Sidebar App");
    const written = await initProject(directory);
    expect(written.map((path) => path.slice(directory.length + 1)).sort()).toEqual([
      ".gitignore",
      "README.md",
      "app.js",
      "app.test.js",
      "package.json",
      "server.js",
    ]);
    const manifest = JSON.parse(await readFile(join(directory, "package.json"), "utf8"));
    const own = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    expect(manifest).toMatchObject({
      name: "sidebar-app",
      type: "module",
      scripts: { test: "node --test" },
      dependencies: { "helpscout-dynamic-app": `^${own.version}` },
    });
  });

  it("refuses to overwrite an existing file, and changes nothing", async () => {
    const directory = join(scratch, "taken");
    await initProject(directory);
    await writeFile(join(directory, "app.js"), "// mine\n");
    await expect(initProject(directory)).rejects.toBeInstanceOf(UsageError);
    expect(await readFile(join(directory, "app.js"), "utf8")).toBe("// mine\n");
    expect((await readdir(directory)).length).toBe(6);
  });

  it("makes npm names out of any directory name", () => {
    expect(packageNameFor("/tmp/My Great App!")).toBe("my-great-app");
    expect(packageNameFor("./.hidden")).toBe("hidden");
    expect(packageNameFor("_")).toBe("helpscout-app");
  });
});

describe("a project written by the installed `helpscout-app init`", () => {
  let project: string;
  beforeAll(async () => {
    const packed = await packedInstall();
    project = join(scratch, "my-sidebar-app");
    const bin = join(packed.bare, "node_modules", ".bin", "helpscout-app");
    const output = await run(bin, ["init", project], scratch);
    expect(output).toContain("npm install");
    // The registry does not have this version: install the tarball just packed instead.
    const manifestPath = join(project, "package.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    manifest.dependencies["helpscout-dynamic-app"] = `file:${packed.tarball}`;
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
    await run("npm", ["install", "--prefer-offline", "--ignore-scripts"], project);
  }, SLOW);

  it("passes its own test right after npm install", async () => {
    const output = await run("npm", ["test"], project);
    expect(output).toMatch(/# pass 2\b/);
    expect(output).toMatch(/# fail 0\b/);
  });

  it("serves signed requests with its server.js", async () => {
    const secret = "init-project-secret";
    const child = spawn(process.execPath, ["server.js"], {
      cwd: project,
      env: { ...process.env, PORT: "0", HELPSCOUT_SECRET: secret },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      let output = "";
      let port: string | undefined;
      for await (const chunk of child.stdout ?? []) {
        output += (chunk as Buffer).toString();
        port = /Listening on port (\d+)/.exec(output)?.[1];
        if (port) break;
      }
      const body = '{"customer":{"fname":"Ana","email":"ana@example.com"}}';
      const url = `http://127.0.0.1:${port}/`;
      const answer = await sendSigned(url, body, opensslSign(body, secret));
      expect(answer.status).toBe(200);
      expect(answer.json.html).toContain("ana@example.com");
      expect((await sendSigned(url, body, opensslSign(body, "wrong"))).status).toBe(401);
    } finally {
      child.kill();
    }
  });

  it("refuses to start without a secret, saying which variable to set", async () => {
    await expect(
      run(process.execPath, ["server.js"], project, { HELPSCOUT_SECRET: "" }),
    ).rejects.toThrow(/HELPSCOUT_SECRET/);
  });
});
