import type { HostileTarget } from "../../helpers/hostile-target.js";
import { type HostileCase, one, PARSER, request } from "./common.js";

/** Methods other than POST, and paths other than the app's. */
export function methodAndPathCases(): HostileCase[] {
  const method = (name: string): HostileCase => ({
    name: `${name} on the app's path`,
    group: "method and path",
    steps: (t) =>
      one(request(t, { method: name, ...(name === "GET" || name === "HEAD" ? { body: "" } : {}) })),
    status: 405,
    code: name === "HEAD" ? null : "method_not_allowed",
  });
  const path = (name: string, to: (t: HostileTarget) => string): HostileCase => ({
    name: `POST ${name}`,
    group: "method and path",
    steps: (t) => one(request(t, { path: to(t) })),
    status: 404,
    code: "not_found",
  });
  return [
    ...["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"].map(method),
    {
      name: "an unknown method",
      group: "method and path",
      steps: (t) => one(request(t, { method: "BREW" })),
      status: 400,
      code: PARSER,
    },
    path("another path", () => "/admin"),
    path("a dot-dot path", () => "/../"),
    path("an encoded slash", () => "/%2F"),
    path("an absolute URL as the target", (t) => `http://127.0.0.1${t.path}x`),
    path("the asterisk target", () => "*"),
    path("a path of 6 KiB", () => `/${"a".repeat(6 * 1024)}`),
    {
      name: "GET another path",
      group: "method and path",
      steps: (t) => one(request(t, { method: "GET", path: "/metrics-nope", body: "" })),
      status: 404,
      code: "not_found",
    },
  ];
}
