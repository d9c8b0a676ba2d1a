// Runs `npm audit` at high severity. A finding fails the run. When the registry in use offers no
// advisory service (some mirrors answer the audit request with an HTTP error), the audit cannot
// say anything: that is reported plainly and does not fail the run, because it is not a finding.
import { spawnSync } from "node:child_process";

const run = spawnSync("npm", ["audit", "--audit-level=high", "--json"], { encoding: "utf8" });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error("npm audit printed no report:", run.stderr.trim());
  process.exit(1);
}
if (report.statusCode !== undefined && report.metadata === undefined) {
  console.warn(
    `npm audit could not run: the registry answered ${report.statusCode} to the advisory request. ` +
      "No vulnerability data was checked.",
  );
  process.exit(0);
}
const counts = report.metadata?.vulnerabilities ?? {};
console.log(`npm audit: ${JSON.stringify(counts)}`);
process.exit((counts.high ?? 0) + (counts.critical ?? 0) > 0 ? 1 : 0);
