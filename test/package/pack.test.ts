import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type PackedInstall, packedInstall, ROOT, run } from "./packed-install.js";

// Packing and installing from the npm cache takes a while on a small machine.
const SLOW = 600_000;

type ExportTarget = string | { types: string; default: string };

let packed: PackedInstall;
let manifest: { exports: Record<string, ExportTarget>; bin: Record<string, string> };

beforeAll(async () => {
  packed = await packedInstall();
  manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
}, SLOW);

describe("the packed tarball", () => {
  it("holds every file that exports and bin point to, and no sources or tests", async () => {
    const listing = (await run("tar", ["-tzf", packed.tarball], ROOT)).split("\n");
    const targets = Object.values(manifest.exports).flatMap((target) =>
      typeof target === "string" ? [target] : [target.types, target.default],
    );
    for (const target of [...targets, ...Object.values(manifest.bin)]) {
      expect(listing).toContain(`package/${target.replace(/^\.\//, "")}`);
    }
    expect(listing.some((file) => file.startsWith("package/src/"))).toBe(false);
    expect(listing.some((file) => file.startsWith("package/test/"))).toBe(false);
  });

  it("gives every subpath export its own types", () => {
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (subpath === "./package.json") continue;
      expect(typeof target).toBe("object");
      expect((target as { types: string }).types).toMatch(/\.d\.ts$/);
    }
  });
});

/** The packages the compiled code imports: static imports and `import("...")`, no comments. */
async function importedPackages(distFolder: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const files = (await readdir(distFolder, { recursive: true })).filter((file) =>
    file.endsWith(".js"),
  );
  for (const file of files) {
    for (const line of (await readFile(join(distFolder, file), "utf8")).split("\n")) {
      if (/^\s*(\*|\/\/|\/\*)/.test(line)) continue;
      const specifiers = [
        ...line.matchAll(/^\s*(?:import|export)\b.*?\bfrom\s*"([^"]+)"/g),
        ...line.matchAll(/^\s*import\s*"([^"]+)"/g),
        ...line.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
      ].map((match) => match[1] ?? "");
      for (const specifier of specifiers) {
        if (specifier.startsWith(".") || specifier.startsWith("node:")) continue;
        const parts = specifier.split("/");
        const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? "");
        found.set(name, file);
      }
    }
  }
  return found;
}

describe("the package's declared dependencies", () => {
  it("declare every package the compiled code imports", async () => {
    const installed = JSON.parse(
      await readFile(
        join(packed.bare, "node_modules", "helpscout-dynamic-app", "package.json"),
        "utf8",
      ),
    ) as { name: string; dependencies?: object; peerDependencies?: object };
    const declared = new Set([
      // The init command's templates import the package itself, in the projects it writes.
      installed.name,
      ...Object.keys(installed.dependencies ?? {}),
      ...Object.keys(installed.peerDependencies ?? {}),
    ]);
    const dist = join(packed.bare, "node_modules", "helpscout-dynamic-app", "dist");
    const undeclared = [...(await importedPackages(dist))]
      .filter(([name]) => !declared.has(name))
      .map(([name, file]) => `${name} (imported by dist/${file})`);
    expect(undeclared).toEqual([]);
  });
});

describe("importing the installed package without frameworks or drivers", () => {
  it("has none of the optional packages installed in the bare project", () => {
    for (const name of ["express", "fastify", "hono", "pg", "better-sqlite3"]) {
      expect(existsSync(join(packed.bare, "node_modules", name))).toBe(false);
    }
  });

  it("loads the root and every adapter, and they work", async () => {
    const script = `
      import { createHmac } from "node:crypto";
      import { defineApp, html, signBody } from "helpscout-dynamic-app";
      import { toNodeListener } from "helpscout-dynamic-app/node";
      import { toExpressMiddleware } from "helpscout-dynamic-app/express";
      import { dynamicAppPlugin } from "helpscout-dynamic-app/fastify";
      import { toFetchHandler } from "helpscout-dynamic-app/fetch";
      const app = defineApp({ secrets: "s", render: ({ request }) => html\`<b>\${request.customerName}</b>\` });
      const body = '{"customer":{"fname":"Ada"}}';
      const signature = createHmac("sha1", "s").update(body).digest("base64");
      const response = await toFetchHandler(app)(new Request("http://localhost/", {
        method: "POST", body, headers: { "x-helpscout-signature": signature } }));
      console.log(JSON.stringify({
        kinds: [typeof toNodeListener, typeof toExpressMiddleware, typeof dynamicAppPlugin],
        status: response.status, body: await response.text(), same: signBody(body, "s") === signature,
      }));`;
    const output = await run(process.execPath, ["--input-type=module", "-e", script], packed.bare);
    expect(JSON.parse(output)).toEqual({
      kinds: ["function", "function", "function"],
      status: 200,
      body: '{"html":"<b>Ada</b>"}',
      same: true,
    });
  });

  it("runs the CLI from the installed bin", async () => {
    const bare = join(packed.bare, "node_modules", ".bin", "helpscout-app");
    expect(await run(bare, ["init", "--help"], packed.bare)).toContain("Usage: helpscout-app init");
    const full = join(packed.project, "node_modules", ".bin", "helpscout-app");
    const help = await run(full, ["--help"], packed.project);
    expect(help).toContain("init");
    expect(help).toContain("sign");
  });
});

describe("type-checking a TypeScript consumer against the installed declarations", () => {
  it(
    "compiles a strict NodeNext project that uses every entry point",
    async () => {
      await writeFile(join(packed.project, "consumer.ts"), CONSUMER);
      const tsc = join(packed.project, "node_modules", "typescript", "bin", "tsc");
      await run(
        process.execPath,
        [
          tsc,
          "--noEmit",
          "--strict",
          "--exactOptionalPropertyTypes",
          "--module",
          "nodenext",
          "--moduleResolution",
          "nodenext",
          "--target",
          "es2022",
          "--lib",
          "es2023,dom",
          "--types",
          "node",
          "consumer.ts",
        ],
        packed.project,
      );
    },
    SLOW,
  );
});

const CONSUMER = `
import { createServer } from "node:http";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { type AppDefinition, type DynamicAppRequest, type ErrorCode, defineApp, html, section } from "helpscout-dynamic-app";
import { toExpressMiddleware } from "helpscout-dynamic-app/express";
import { dynamicAppPlugin } from "helpscout-dynamic-app/fastify";
import { toFetchHandler } from "helpscout-dynamic-app/fetch";
import { toNodeListener } from "helpscout-dynamic-app/node";

const definition: AppDefinition = {
  render: ({ request }: { request: DynamicAppRequest }) => section("Customer", html\`\${request.customerName}\`),
};
const app = defineApp({ ...definition, secrets: ["a", "b"] });
const code: ErrorCode = "body_already_parsed";
createServer(toNodeListener(app));
express().post("/helpscout", toExpressMiddleware(app));
await Fastify().register(dynamicAppPlugin, { app, path: "/helpscout" });
const handler = toFetchHandler(app);
new Hono().post("/helpscout", (c) => handler(c.req.raw));
export { code };
`;
