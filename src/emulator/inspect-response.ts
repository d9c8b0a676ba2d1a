import type { HttpExchange } from "./send-request.js";
import { type StripWarning, stripSidebarHtml } from "./strip-sidebar-html.js";

/** What Help Scout would make of an answer. */
export interface ResponseVerdict {
  /** Each way the answer breaks the protocol, in one sentence that says what to fix. */
  violations: string[];
  /** What Help Scout would strip from the HTML, and other things worth fixing. */
  warnings: string[];
  /** Details of what was stripped, by rule. */
  stripped: StripWarning[];
  /** The `html` member as the app sent it, when there is one. */
  html?: string;
  /** The HTML as Help Scout would show it, after stripping. */
  shownHtml?: string;
}

function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function statusViolation(exchange: HttpExchange): string | undefined {
  const { status } = exchange;
  if (status === 200) return undefined;
  if (status >= 300 && status < 400) {
    const to = exchange.headers.location ?? "nowhere";
    return `The app answered ${status}, a redirect to ${to}; Help Scout does not follow redirects, so register the final URL.`;
  }
  return (
    `The app answered ${status} ${exchange.statusText}`.trim() +
    `; Help Scout shows a card only for 200.`
  );
}

function parseBody(body: Buffer): { value?: unknown; problem?: string } {
  const text = body.toString("utf8");
  if (text.trim() === "")
    return { problem: 'The answer\'s body is empty; answer {"html": "..."}.' };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      problem: `The answer is not valid JSON (${reason}); build it with a JSON serializer, e.g. JSON.stringify({ html }).`,
    };
  }
}

/**
 * Judges an answer by what Help Scout requires: status 200, a JSON body, an object with a string
 * `html`. Each violation is one sentence that says what to fix; what Help Scout would strip from
 * the HTML comes back as warnings, with the HTML as it would be shown.
 *
 * @example
 * ```ts
 * const verdict = inspectResponse(await sendRequest(options));
 * if (verdict.violations.length > 0) console.log(verdict.violations.join("\n"));
 * ```
 */
export function inspectResponse(exchange: HttpExchange): ResponseVerdict {
  const verdict: ResponseVerdict = { violations: [], warnings: [], stripped: [] };
  const statusProblem = statusViolation(exchange);
  if (statusProblem) verdict.violations.push(statusProblem);

  const type = mediaType(exchange.headers["content-type"]);
  if (exchange.status === 200 && type !== "application/json") {
    verdict.warnings.push(
      `The Content-Type is ${type === "" ? "missing" : `"${type}"`}; answer application/json.`,
    );
  }

  const { value, problem } = parseBody(exchange.body);
  if (problem) {
    if (exchange.status === 200) verdict.violations.push(problem);
    return verdict;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    if (exchange.status === 200) {
      verdict.violations.push(
        'The answer is JSON but not an object; answer an object such as {"html": "..."}.',
      );
    }
    return verdict;
  }
  const html = (value as Record<string, unknown>).html;
  if (typeof html !== "string") {
    if (exchange.status === 200) {
      verdict.violations.push(
        html === undefined
          ? 'The answer has no "html" member; put the sidebar HTML in {"html": "..."}.'
          : `The "html" member is ${html === null ? "null" : `a ${typeof html}`}, not a string; send the HTML as a string.`,
      );
    }
    return verdict;
  }
  const shown = stripSidebarHtml(html);
  verdict.html = html;
  verdict.shownHtml = shown.html;
  verdict.stripped = shown.warnings;
  verdict.warnings.push(...shown.warnings.map((warning) => warning.message));
  if (exchange.status === 200 && html.trim() === "") {
    verdict.warnings.push('The "html" member is empty; the sidebar shows nothing for this app.');
  }
  return verdict;
}
