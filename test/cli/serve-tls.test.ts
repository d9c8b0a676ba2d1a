import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeSelfSignedCertificate } from "../emulator/tls.js";
import { runCli, startCli } from "../helpers/cli.js";

describe("serve --tls-cert --tls-key", () => {
  it("serves HTTPS directly: send, holding Help Scout's HTTPS-only rule, gets a card", async () => {
    const certificate = makeSelfSignedCertificate();
    const keyFile = join(certificate.dir, "serve-key.pem");
    writeFileSync(keyFile, certificate.key);
    const secret = "tls-test-secret";
    const { child, match } = await startCli(
      [
        "serve",
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--workers",
        "1",
        "--tls-cert",
        certificate.certFile,
        "--tls-key",
        keyFile,
      ],
      /"url":"(https:[^"]+)"/,
      { env: { HELPSCOUT_SECRET: secret } },
    );
    try {
      const url = match[1] ?? "";
      // No --debug: the emulator insists on HTTPS, and trusts the test's certificate via --ca.
      const sent = await runCli([
        "send",
        url,
        "--secret",
        secret,
        "--ca",
        certificate.certFile,
        "--email",
        "jan@example.com",
      ]);
      expect(sent.code).toBe(0);
      expect(sent.stdout).toContain("200");
      expect(sent.stdout).toContain("Jan Baker");
      // Without the certificate trusted, the self-signed server is refused.
      const untrusted = await runCli([
        "send",
        url,
        "--secret",
        secret,
        "--email",
        "jan@example.com",
      ]);
      expect(untrusted.code).toBe(1);
    } finally {
      child.kill("SIGTERM");
      certificate.remove();
    }
  });
});
