import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_TARGETS, type HostileTarget } from "../helpers/hostile-target.js";
import { hmacSignature } from "../helpers/openssl.js";
import { rawExchange } from "../helpers/raw-http.js";
import {
  CURRENT,
  type HostileCase,
  hostileCases,
  PARSER,
  PREVIOUS,
  SECRETS,
  sharedCaseSecrets,
} from "./hostile-cases.js";

const cases = hostileCases();

it("the matrix has at least 60 cases, every shared case among them", () => {
  expect(cases.length).toBeGreaterThanOrEqual(60);
  const groups = new Map<string, number>();
  for (const item of cases) groups.set(item.group, (groups.get(item.group) ?? 0) + 1);
  process.stdout.write(
    `hostile matrix: ${cases.length} cases (${[...groups].map(([group, count]) => `${group} ${count}`).join(", ")}), run against ${Object.keys(HOSTILE_TARGETS).length} targets\n`,
  );
  expect(cases.filter((item) => item.group === "shared case").length).toBeGreaterThanOrEqual(7);
});

function parseJson(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    return JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function runCase(target: HostileTarget, item: HostileCase) {
  const answer = await rawExchange(target.port, item.steps(target), {
    timeoutMs: target.bodyTimeoutMs + 10_000,
  });
  const statuses = Array.isArray(item.status) ? item.status : [item.status];
  expect(statuses, `answered ${answer.status}: ${answer.body.toString().slice(0, 200)}`).toContain(
    answer.status,
  );
  const json = parseJson(answer.body);
  if (item.code === PARSER) {
    // Refused before the app: whatever the body, it is never a rendered card.
    expect(json?.html).toBeUndefined();
  } else if (item.code !== null) {
    expect(json?.code).toBe(item.code);
    expect(typeof json?.error).toBe("string");
    expect(answer.headers["x-request-id"]).toBeTruthy();
  } else if (answer.status === 200) {
    expect(typeof json?.html).toBe("string");
    expect(json?.code).toBeUndefined();
  } else {
    expect(json?.code).toBeUndefined();
  }
  // A HEAD answer announces the length of a body it does not send.
  if (answer.headers["content-length"] !== undefined && answer.status !== 405) {
    expect(Number(answer.headers["content-length"])).toBe(answer.body.length);
  }
  // Never a server error: the app refused or answered, it did not fall over.
  expect(answer.status).toBeLessThan(500);
}

for (const [targetName, start] of Object.entries(HOSTILE_TARGETS)) {
  describe(`the hostile input matrix against ${targetName}`, () => {
    let target: HostileTarget;

    beforeAll(async () => {
      // The shared cases are signed with their own secrets: configure those too, as rotation
      // allows.
      target = await start([...SECRETS, ...sharedCaseSecrets()]);
    });

    afterAll(async () => {
      await target?.close();
    });

    for (const item of cases) {
      it(`${item.group}: ${item.name}`, { timeout: 30_000 }, () => runCase(target, item));
    }

    it("still answers a signed request after the whole matrix", async () => {
      const body = '{"customer":{"email":"after@example.com"}}';
      const response = await fetch(`${target.url}${target.path}`, {
        method: "POST",
        headers: { "x-helpscout-signature": hmacSignature(body, CURRENT) },
        body,
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { html: string }).html).toContain("after@example.com");
    });

    it("logged no secret", () => {
      expect(target.logText()).not.toContain(CURRENT);
      expect(target.logText()).not.toContain(PREVIOUS);
    });
  });
}
