import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { RequestListener } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningServer } from "./test-servers.js";

/** A self-signed certificate for 127.0.0.1 and localhost, made by openssl in a temp dir. */
export interface SelfSigned {
  dir: string;
  certFile: string;
  cert: Buffer;
  key: Buffer;
  remove(): void;
}

export function makeSelfSignedCertificate(): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), "hsda-tls-"));
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ],
    { stdio: "ignore" },
  );
  return {
    dir,
    certFile,
    cert: readFileSync(certFile),
    key: readFileSync(keyFile),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Starts an HTTPS server with the certificate on 127.0.0.1, port 0. */
export async function listenTls(
  certificate: SelfSigned,
  listener: RequestListener,
): Promise<RunningServer> {
  const server = createServer({ cert: certificate.cert, key: certificate.key }, listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/`,
    server: server as unknown as RunningServer["server"],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
