import type { EmulatorReport } from "./emulate-request.js";
import type { CheckReport } from "./run-check.js";

function milliseconds(value: number): string {
  return `${Math.round(value)} ms`;
}

/**
 * Formats a check as a table a person reads in a terminal: one line per scenario with its
 * result, time and what the app did, then a summary line.
 *
 * @example
 * ```ts
 * process.stdout.write(formatCheckReport(await runCheck({ url, secret })));
 * ```
 */
export function formatCheckReport(report: CheckReport): string {
  if (report.error !== undefined) return `check could not start: ${report.error}\n`;
  const nameWidth = Math.max(8, ...report.scenarios.map((s) => s.name.length));
  const lines = [
    `Checking ${report.url}${report.debug ? " (debug mode)" : ""}`,
    "",
    `${"scenario".padEnd(nameWidth)}  result  ${"time".padStart(8)}  detail`,
  ];
  for (const scenario of report.scenarios) {
    lines.push(
      [
        scenario.name.padEnd(nameWidth),
        (scenario.passed ? "pass" : "FAIL").padEnd(6),
        milliseconds(scenario.durationMs).padStart(8),
        scenario.detail,
      ].join("  "),
    );
  }
  const passed = report.scenarios.filter((s) => s.passed).length;
  const failed = report.scenarios.filter((s) => !s.passed).map((s) => s.name);
  lines.push("");
  lines.push(
    failed.length === 0
      ? `All ${passed} scenarios passed.`
      : `${passed} of ${report.scenarios.length} scenarios passed; failed: ${failed.join(", ")}.`,
  );
  return `${lines.join("\n")}\n`;
}

/** Options of `formatEmulatorReport`. */
export interface FormatOptions {
  /** Print the HTML exactly as the app sent it, rather than as Help Scout would show it. */
  raw?: boolean;
}

/**
 * Formats one emulated request for the terminal: status, time, signature, redirects followed,
 * violations, warnings, then the HTML (as Help Scout would show it unless `raw` is set).
 *
 * @example
 * ```ts
 * process.stdout.write(formatEmulatorReport(await emulateRequest({ url, secret, body })));
 * ```
 */
export function formatEmulatorReport(report: EmulatorReport, options: FormatOptions = {}): string {
  const lines = [`POST ${report.url}${report.debug ? " (debug mode)" : ""}`];
  lines.push(`signature  ${report.signature ?? "(none sent)"}`);
  if (report.error) {
    lines.push(`error      ${report.error.message}`);
    lines.push(`time       ${milliseconds(report.durationMs)}`);
    return `${lines.join("\n")}\n`;
  }
  lines.push(`status     ${report.status ?? ""} ${report.statusText ?? ""}`.trimEnd());
  lines.push(`time       ${milliseconds(report.durationMs)}`);
  for (const redirect of report.redirects) {
    lines.push(`redirect   ${redirect.status} ${redirect.from} -> ${redirect.to} (followed)`);
  }
  if (report.violations.length > 0) {
    lines.push("", "Violations:");
    for (const violation of report.violations) lines.push(`  x ${violation}`);
  }
  if (report.warnings.length > 0) {
    lines.push("", "Warnings:");
    for (const warning of report.warnings) lines.push(`  ! ${warning}`);
  }
  const html = options.raw ? report.html : report.shownHtml;
  if (html !== undefined) {
    lines.push("", options.raw ? "HTML as sent:" : "HTML as Help Scout shows it:", html);
  } else if (report.responseBody !== "") {
    lines.push("", "Body:", report.responseBody);
  }
  return `${lines.join("\n")}\n`;
}
