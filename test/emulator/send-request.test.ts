import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulateRequest } from "../../src/emulator/emulate-request.js";
import { getPreset } from "../../src/emulator/presets.js";
import { SendError, sendRequest } from "../../src/emulator/send-request.js";
import { goodApp, listen, type RunningServer, SECRET } from "./test-servers.js";
import { listenTls, makeSelfSignedCertificate, type SelfSigned } from "./tls.js";

function opensslSignature(body: string, secret: string): string {
  const digest = execFileSync("openssl", ["dgst", "-sha1", "-hmac", secret, "-binary"], {
    input: Buffer.from(body, "utf8"),
  });
  return digest.toString("base64");
}

describe("sendRequest and emulateRequest", () => {
  let good: RunningServer;
  let redirecting: RunningServer;
  let recorder: RunningServer;
  const received: { headers: Record<string, unknown>; body: Buffer }[] = [];

  beforeAll(async () => {
    good = await listen(goodApp());
    redirecting = await listen((request, response) => {
      request.resume();
      response.writeHead(307, { location: good.url }).end();
    });
    recorder = await listen((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(200, { "content-type": "text/plain" }).end('{"html":"<p>hi</p>"}');
      });
    });
  });
  afterAll(async () => {
    await Promise.all([good.close(), redirecting.close(), recorder.close()]);
  });

  it("signs the exact bytes it sends, as openssl computes the HMAC", async () => {
    const body = getPreset("php-escaped").body;
    const report = await emulateRequest({ url: recorder.url, secret: SECRET, body, debug: true });
    const last = received.at(-1);
    expect(last?.body.toString("utf8")).toBe(body);
    expect(last?.headers["x-helpscout-signature"]).toBe(opensslSignature(body, SECRET));
    expect(report.signature).toBe(opensslSignature(body, SECRET));
    expect(last?.headers["content-type"]).toBe("application/json");
    expect(report.warnings).toContain('The Content-Type is "text/plain"; answer application/json.');
  });

  it("refuses a plain-HTTP URL outside debug mode, before sending anything", async () => {
    const before = received.length;
    await expect(sendRequest({ url: recorder.url, body: Buffer.from("{}") })).rejects.toMatchObject(
      { code: "insecure_url" },
    );
    expect(received.length).toBe(before);
  });

  it("does not follow a redirect unless debug mode follows it and says so", async () => {
    const body = getPreset("conversation").body;
    const plain = await sendRequest({
      url: redirecting.url,
      body: Buffer.from(body),
      debug: true,
      followRedirects: false,
    });
    expect(plain.status).toBe(307);
    const followed = await emulateRequest({
      url: redirecting.url,
      secret: SECRET,
      body,
      debug: true,
    });
    expect(followed.status).toBe(200);
    expect(followed.ok).toBe(true);
    expect(followed.redirects).toEqual([{ status: 307, from: redirecting.url, to: good.url }]);
    expect(followed.warnings.join(" ")).toMatch(/Followed a 307 redirect/);
    expect(followed.shownHtml).toContain("Jan Baker");
  });

  it("gives up after the time limit on an app that never answers", async () => {
    const silent = await listen((request) => request.resume());
    try {
      const error = await sendRequest({ url: silent.url, debug: true, timeoutMs: 200 }).catch(
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(SendError);
      expect((error as SendError).code).toBe("timeout");
    } finally {
      await silent.close();
    }
  });

  it("reports an answer cut off in the middle, and a large body answered before it was read", async () => {
    const cutting = await listen((request, response) => {
      request.resume();
      response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      response.write('{"html":"<p>');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const early = await listen((_request, response) => {
      // Answers before reading a byte of the body; Node discards the rest as it arrives.
      response.writeHead(413, { "content-type": "application/json" });
      response.end('{"error":"too large"}');
    });
    try {
      const cut = await sendRequest({ url: cutting.url, debug: true, timeoutMs: 5000 }).catch(
        (thrown: unknown) => thrown,
      );
      expect((cut as SendError).code).toBe("no_answer");
      expect((cut as SendError).message).toMatch(/cut off/);
      const answer = await sendRequest({
        url: early.url,
        debug: true,
        body: Buffer.alloc(8 * 1024 * 1024, 120),
        timeoutMs: 5000,
      });
      expect(answer.status).toBe(413);
      expect(answer.body.toString()).toBe('{"error":"too large"}');
    } finally {
      await Promise.all([cutting.close(), early.close()]);
    }
  });

  describe("over HTTPS with a self-signed certificate", () => {
    let certificate: SelfSigned;
    let secure: RunningServer;
    beforeAll(async () => {
      certificate = makeSelfSignedCertificate();
      secure = await listenTls(certificate, goodApp());
    });
    afterAll(async () => {
      await secure.close();
      certificate.remove();
    });

    it("fails when the certificate is not trusted", async () => {
      const report = await emulateRequest({ url: secure.url, secret: SECRET, body: "{}" });
      expect(report.error?.code).toBe("connection_failed");
      expect(report.error?.message).toMatch(/self.signed/i);
    });

    it("works when the certificate is trusted through the ca option", async () => {
      const report = await emulateRequest({
        url: secure.url,
        secret: SECRET,
        body: getPreset("non-ascii").body,
        ca: certificate.cert,
      });
      expect(report.error).toBeUndefined();
      expect(report.ok).toBe(true);
      expect(report.shownHtml).toContain("健二 山田");
    });
  });
});
