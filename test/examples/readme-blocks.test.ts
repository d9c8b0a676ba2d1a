import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../package/packed-install.js";

/** The README's code blocks whose first line names an example file: `// examples/...`. */
async function exampleBlocks(): Promise<{ file: string; code: string }[]> {
  const readme = await readFile(join(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```js\n\/\/ (examples\/\S+)\n([\s\S]*?)```/g)];
  return blocks.map((match) => ({ file: match[1] ?? "", code: match[2] ?? "" }));
}

describe("the README's examples", () => {
  it("show each example file exactly as the tests run it", async () => {
    for (const { file, code } of await exampleBlocks()) {
      const path = join(ROOT, file);
      expect(existsSync(path), `${file} is shown in the README but missing`).toBe(true);
      expect(code, `the README's copy of ${file} differs from the file`).toBe(
        await readFile(path, "utf8"),
      );
    }
  });
});
