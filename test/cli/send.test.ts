import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/command.js";
import { runSend } from "../../src/cli/send.js";
import { goodApp, listen, type RunningServer, SECRET } from "../emulator/test-servers.js";
import { listenTls, makeSelfSignedCertificate, type SelfSigned } from "../emulator/tls.js";

async function send(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await runSend(args, {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      out += text;
    },
  });
  return { code, out };
}

describe("helpscout-app send", () => {
  let certificate: SelfSigned;
  let plain: RunningServer;
  let secure: RunningServer;
  let secureRedirect: RunningServer;
  let plainRedirect: RunningServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hsda-send-"));
    certificate = makeSelfSignedCertificate();
    plain = await listen(goodApp());
    secure = await listenTls(certificate, goodApp());
    secureRedirect = await listenTls(certificate, (request, response) => {
      request.resume();
      response.writeHead(308, { location: secure.url }).end();
    });
    plainRedirect = await listen((request, response) => {
      request.resume();
      response.writeHead(302, { location: plain.url }).end();
    });
  });
  afterAll(async () => {
    await Promise.all([
      plain.close(),
      secure.close(),
      secureRedirect.close(),
      plainRedirect.close(),
    ]);
    certificate.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a plain-HTTP URL without --debug and sends to it with --debug", async () => {
    const refused = await send([plain.url, "--secret", SECRET]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Help Scout calls only HTTPS URLs/);

    const sent = await send([plain.url, "--secret", SECRET, "--debug"]);
    expect(sent.code).toBe(0);
    expect(sent.out).toMatch(/status {5}200 OK/);
    expect(sent.out).toContain("Jan Baker");
  });

  it("trusts a self-signed certificate only when given with --ca", async () => {
    const untrusted = await send([secure.url, "--secret", SECRET]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.out).toMatch(/self.signed/i);

    const trusted = await send([secure.url, "--secret", SECRET, "--ca", certificate.certFile]);
    expect(trusted.code).toBe(0);
    expect(trusted.out).toContain("HTML as Help Scout shows it:");
  });

  it("does not follow a redirect without --debug, and follows it with --debug", async () => {
    const ca = ["--ca", certificate.certFile];
    const refused = await send([secureRedirect.url, "--secret", SECRET, ...ca]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(
      /answered 308, a redirect to .*Help Scout does not follow redirects/,
    );

    const followed = await send([secureRedirect.url, "--secret", SECRET, "--debug", ...ca]);
    expect(followed.code).toBe(0);
    expect(followed.out).toContain(
      `redirect   308 ${secureRedirect.url} -> ${secure.url} (followed)`,
    );

    const plainFollowed = await send([plainRedirect.url, "--secret", SECRET, "--debug"]);
    expect(plainFollowed.code).toBe(0);
    expect(plainFollowed.out).toMatch(/Followed a 302 redirect/);
  });

  it("builds the body from flags and sends a file's exact bytes with --body", async () => {
    const fromFlags = await send([
      plain.url,
      "--secret",
      SECRET,
      "--debug",
      "--json",
      "--email",
      "Kim@Example.com",
      "--email",
      "kim+work@example.org",
      "--name",
      "Kim Sung-min",
      "--draft",
    ]);
    expect(fromFlags.code).toBe(0);
    const report = JSON.parse(fromFlags.out) as { requestBody: string; html: string };
    const body = JSON.parse(report.requestBody) as Record<string, Record<string, unknown> | false>;
    expect(body.ticket).toBe(false);
    expect(body.customer).toMatchObject({
      fname: "Kim",
      lname: "Sung-min",
      email: "Kim@Example.com",
      emails: ["Kim@Example.com", "kim+work@example.org"],
    });
    expect(report.html).toContain("kim+work@example.org");

    const file = join(dir, "body.json");
    writeFileSync(file, '{"customer":{"fname":"Fil\\u00e9"}}');
    const fromFile = await send([plain.url, "--secret", SECRET, "--debug", "--body", file]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.out).toContain("Filé");
  });

  it("shows how the app refuses a wrong or missing signature, and exits 1", async () => {
    const wrong = await send([plain.url, "--secret", SECRET, "--debug", "--signature", "wrong"]);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/status {5}401/);
    expect(wrong.out).toContain("invalid_signature");

    const missing = await send([
      plain.url,
      "--secret",
      SECRET,
      "--debug",
      "--signature",
      "missing",
    ]);
    expect(missing.out).toContain("signature  (none sent)");
    expect(missing.out).toContain("missing_signature");
  });

  it("rejects contradictory or incomplete command lines as usage errors", async () => {
    await expect(
      send([plain.url, "--secret", SECRET, "--body", "x", "--preset", "draft"]),
    ).rejects.toThrow(UsageError);
    await expect(send([plain.url, "--secret", SECRET, "--preset", "nope"])).rejects.toThrow(
      /no preset "nope"/,
    );
    await expect(send([plain.url, "--secret", SECRET, "--timeout", "soon"])).rejects.toThrow(
      /--timeout must be/,
    );
    await expect(send(["--secret", SECRET])).rejects.toThrow(/exactly one URL/);
  });
});
