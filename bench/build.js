// Transpiles the TypeScript sources to plain JavaScript for the benchmark's server processes.
// Types are not checked here (`npm test` does that); this takes a second or two instead of a
// full `tsc` build, and the servers run exactly the code in src/.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

/**
 * Writes `<into>/src/**.js` from `<root>/src/**.ts` (and the tests' PostgreSQL helper to
 * `<into>/test/helpers/postgres.js`) and returns the folder of the output.
 * @param {string} root the project folder
 * @param {string} into where to write; must be inside the project so packages resolve
 */
export function transpileSources(root, into) {
  rmSync(into, { recursive: true, force: true });
  const walk = (folder) =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)],
    );
  // The throwaway PostgreSQL cluster is the tests' own helper, so both start it the same way.
  const files = [
    ...walk(join(root, "src")).filter((name) => name.endsWith(".ts")),
    join(root, "test", "helpers", "postgres.ts"),
  ];
  for (const file of files) {
    const output = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const target = join(into, relative(root, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  writeFileSync(join(into, "package.json"), '{"type":"module"}\n');
  return into;
}
