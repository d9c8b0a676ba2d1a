import { execFileSync } from "node:child_process";

/**
 * Builds dist/ once before the tests, so the tests that run the CLI run it exactly as a user's
 * `npx helpscout-app` would: the compiled JavaScript.
 */
export default function build(): void {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    stdio: "inherit",
  });
}
