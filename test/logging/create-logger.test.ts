import { describe, expect, it } from "vitest";
import { censorLogFields, createLogger } from "../../src/logging/create-logger.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "info",
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}

describe("the server's logger", () => {
  it("writes one JSON line with pino's level, time and message", () => {
    const { logger, lines } = capture();
    logger.info({ requestId: "r-1", status: 200, customerFound: true }, "answered");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      pid: process.pid,
      requestId: "r-1",
      status: 200,
      customerFound: true,
      msg: "answered",
    });
    expect(typeof lines[0]?.time).toBe("number");
  });

  it("replaces secrets, bodies and the signature header, at the top level and one down", () => {
    const { logger, lines } = capture();
    const fields = {
      secret: "s3cr3t-top",
      secrets: ["s3cr3t-a", "s3cr3t-b"],
      body: '{"customer":{"email":"jan@example.com"}}',
      config: { secret: "s3cr3t-nested", port: 3000 },
      request: { body: "raw bytes", method: "POST" },
      headers: { "x-helpscout-signature": "c2lnbmF0dXJl", "content-type": "application/json" },
    };
    logger.warn(fields, "careless line");
    const text = JSON.stringify(lines[0]);
    for (const leaked of ["s3cr3t", "jan@example.com", "raw bytes", "c2lnbmF0dXJl"]) {
      expect(text).not.toContain(leaked);
    }
    expect(lines[0]).toMatchObject({
      secret: "[redacted]",
      secrets: "[redacted]",
      body: "[redacted]",
      config: { secret: "[redacted]", port: 3000 },
      request: { body: "[redacted]", method: "POST" },
      headers: { "x-helpscout-signature": "[redacted]", "content-type": "application/json" },
    });
    // The caller's object is left as it was.
    expect(fields.config.secret).toBe("s3cr3t-nested");
    expect(fields.secret).toBe("s3cr3t-top");
  });

  it("hands back a line with nothing to replace as the very same object", () => {
    const fields = { requestId: "r-2", status: 401, code: "invalid_signature", nested: { a: 1 } };
    expect(censorLogFields(fields)).toBe(fields);
  });

  it("keeps errors serialized by pino, message and stack", () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error("database gone") }, "failed");
    expect(lines[0]).toMatchObject({ err: { message: "database gone", type: "Error" } });
  });
});
