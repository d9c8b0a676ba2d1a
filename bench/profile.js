// Reads a V8 .cpuprofile (from `node --cpu-prof`) and lists the functions with the most self
// time, the way a flame graph's widest leaves would show them.
import { readFileSync } from "node:fs";

/**
 * @param {string} file a .cpuprofile
 * @param {number} top how many lines
 * @returns {string[]} lines of "  12.3%  functionName  file:line"
 */
export function summarizeProfile(file, top) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byFunction = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url
      ? `${url.replace(/^.*\/(node_modules|build)\//, "$1/")}:${lineNumber + 1}`
      : "";
    const key = `${functionName || "(anonymous)"}  ${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + node.hitCount);
    total += node.hitCount;
  }
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, hits]) => `${((100 * hits) / total).toFixed(1).padStart(6)}%  ${key}`);
}

// `node bench/profile.js file.cpuprofile [count]` prints the summary of one profile.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const [file, count] = process.argv.slice(2);
  if (file) process.stdout.write(`${summarizeProfile(file, Number(count ?? 30)).join("\n")}\n`);
}
