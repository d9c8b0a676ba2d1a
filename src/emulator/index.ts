/**
 * The Help Scout side of the protocol, for tests and CI: build and sign requests as Help Scout
 * does, send them with its rules, judge the answers, and run the conformance check.
 *
 * @example
 * ```ts
 * import { runCheck, formatCheckReport } from "helpscout-dynamic-app/emulator";
 * const report = await runCheck({ url: "https://app.example.com/", secret });
 * process.stdout.write(formatCheckReport(report));
 * process.exitCode = report.passed ? 0 : 1;
 * ```
 */
export { buildPayload, type PayloadFields } from "./build-payload.js";
export type { CheckContext, ScenarioOutcome } from "./check-probe.js";
export { SCENARIOS, type Scenario } from "./check-scenarios.js";
export {
  type EmulateOptions,
  type EmulatorReport,
  emulateRequest,
  type SignatureMode,
} from "./emulate-request.js";
export { formatCheckReport, formatEmulatorReport } from "./format-report.js";
export { inspectResponse, type ResponseVerdict } from "./inspect-response.js";
export { getPreset, PRESETS, type Preset, type PresetName } from "./presets.js";
export {
  type CheckOptions,
  type CheckReport,
  runCheck,
  type ScenarioResult,
} from "./run-check.js";
export {
  DEFAULT_TIMEOUT_MS,
  type HttpExchange,
  SendError,
  type SendOptions,
  sendRequest,
} from "./send-request.js";
export { type StrippedHtml, type StripWarning, stripSidebarHtml } from "./strip-sidebar-html.js";
