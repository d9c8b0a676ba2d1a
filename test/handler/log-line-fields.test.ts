import { describe, expect, it } from "vitest";
import { defineApp } from "../../src/handler/define-app.js";
import { html } from "../../src/html/html.js";
import { createLogger } from "../../src/logging/create-logger.js";
import { hmacSignature } from "../helpers/openssl.js";

const SECRET = "log-line-fields-secret-Hq72";

/** The request's own line (not the "render function threw" one), as the server writes it. */
interface RequestLine {
  level: number;
  msg: string;
  /** The line's keys in written order, without pino's own (level, time, pid, msg). */
  keys: string[];
  fields: Record<string, unknown>;
}

/**
 * An app whose render function sets the details the body asks for, then answers or throws, logging
 * through the server's own logger into a list of written lines.
 */
function appWritingLines() {
  const written: string[] = [];
  const app = defineApp({
    secrets: SECRET,
    requestId: () => "real-id",
    logger: createLogger({ level: "info", destination: { write: (line) => written.push(line) } }),
    render: ({ request, details }) => {
      Object.assign(details, request.raw.details);
      if (request.raw.throw === true) throw new Error("after setting details");
      return html`<p>ok</p>`;
    },
  });
  const send = async (body: unknown, init: { method?: string; secret?: string } = {}) => {
    const bytes = Buffer.from(JSON.stringify(body));
    const response = await app.handle({
      method: init.method ?? "POST",
      url: "/",
      headers: { "x-helpscout-signature": hmacSignature(bytes, init.secret ?? SECRET) },
      body: bytes,
    });
    const lines = written.splice(0).map((text) => JSON.parse(text) as Record<string, unknown>);
    const own = lines.filter((line) =>
      ["answered", "refused", "failed"].includes(String(line.msg)),
    );
    expect(own).toHaveLength(1);
    const line = own[0] as Record<string, unknown>;
    const keys = Object.keys(line).filter((key) => !["level", "time", "pid", "msg"].includes(key));
    const fields = Object.fromEntries(keys.map((key) => [key, line[key]]));
    const request: RequestLine = { level: Number(line.level), msg: String(line.msg), keys, fields };
    return { status: response.status, line: request };
  };
  return { send };
}

describe("the request's log line as the server writes it", () => {
  it("an answered request: the app's details first, then id, method, status, duration; no code", async () => {
    const { send } = appWritingLines();
    const { status, line } = await send({ details: { customerFound: true, plan: "pro" } });
    expect(status).toBe(200);
    expect(line.level).toBe(30);
    expect(line.msg).toBe("answered");
    expect(line.keys).toEqual([
      "customerFound",
      "plan",
      "requestId",
      "method",
      "status",
      "durationMs",
    ]);
    expect(line.fields).toMatchObject({
      customerFound: true,
      plan: "pro",
      requestId: "real-id",
      method: "POST",
      status: 200,
    });
    expect(line.fields.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("an answered request: details named status, requestId, method or durationMs keep their place, not their value", async () => {
    const { send } = appWritingLines();
    const { line } = await send({
      details: { customerFound: true, status: 999, requestId: "x", method: "GET", durationMs: -1 },
    });
    expect(line.msg).toBe("answered");
    expect(line.keys).toEqual(["customerFound", "status", "requestId", "method", "durationMs"]);
    expect(line.fields).toMatchObject({ status: 200, requestId: "real-id", method: "POST" });
    expect(line.fields.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("a refused request: no details, the error code last", async () => {
    const { send } = appWritingLines();
    const forged = await send({ details: { status: 999 } }, { secret: "not-the-secret" });
    expect(forged.status).toBe(401);
    expect(forged.line.level).toBe(30);
    expect(forged.line.msg).toBe("refused");
    expect(forged.line.keys).toEqual(["requestId", "method", "status", "durationMs", "code"]);
    expect(forged.line.fields).toMatchObject({
      requestId: "real-id",
      method: "POST",
      status: 401,
      code: "invalid_signature",
    });
    const wrongMethod = await send({}, { method: "GET" });
    expect(wrongMethod.line.fields).toMatchObject({
      method: "GET",
      status: 405,
      code: "method_not_allowed",
    });
  });

  it("a failed request: the app's code, status and id cannot stand in for the real ones", async () => {
    const { send } = appWritingLines();
    const { status, line } = await send({
      throw: true,
      details: { customerFound: false, code: "fake", status: 999, requestId: "x" },
    });
    // A render failure is answered with the error card, which the sidebar shows: status 200.
    expect(status).toBe(200);
    expect(line.level).toBe(50);
    expect(line.msg).toBe("failed");
    expect(line.keys).toEqual([
      "customerFound",
      "code",
      "status",
      "requestId",
      "method",
      "durationMs",
    ]);
    expect(line.fields).toMatchObject({
      customerFound: false,
      code: "render_failed",
      status: 200,
      requestId: "real-id",
      method: "POST",
    });
  });
});
