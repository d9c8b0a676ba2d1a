import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendSigned } from "../adapters/http-client.js";
import { opensslSign } from "../adapters/signing.js";
import { packedInstall, ROOT, run } from "../package/packed-install.js";

// Packing and installing from the npm cache takes a while on a small machine.
const SLOW = 600_000;
const SECRET = "examples-secret-0123456789";
const OLD_SECRET = "examples-old-secret-9876543210";
const BODY =
  '{"ticket":{"id":7,"subject":"Invoice 4\\/2"},"customer":{"fname":"Zoë","lname":"<Ortiz>",' +
  '"email":"Zoe@Example.org","emails":["zoe+billing@example.org"]}}';

let folder: string;

beforeAll(async () => {
  const packed = await packedInstall();
  // Inside the project, so the examples resolve the installed package and frameworks.
  folder = await mkdtemp(join(packed.project, "examples-"));
  await cp(join(ROOT, "examples"), folder, { recursive: true });
}, SLOW);

const running: ChildProcess[] = [];
afterAll(async () => {
  for (const child of running) child.kill();
  await rm(folder, { recursive: true, force: true });
});

/** Starts an example with port 0 and resolves to the port it printed. */
async function startExample(file: string): Promise<number> {
  const child = spawn(process.execPath, [join(folder, file)], {
    cwd: folder,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      HELPSCOUT_SECRET: `${SECRET},${OLD_SECRET}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  for await (const chunk of child.stdout ?? []) {
    output += (chunk as Buffer).toString();
    const port = /Listening on port (\d+)/.exec(output)?.[1];
    if (port) return Number(port);
  }
  throw new Error(`${file} exited without listening:\n${output}`);
}

function expectCard(html: unknown) {
  expect(html).toContain("Zoë &lt;Ortiz&gt;");
  expect(html).toContain("zoe@example.org");
  expect(html).toContain("zoe+billing@example.org");
}

for (const [file, path] of [
  ["node.js", "/"],
  ["express.js", "/helpscout"],
  ["fastify.js", "/helpscout"],
  ["hono.js", "/helpscout"],
] as const) {
  describe(`examples/${file}, installed from the packed tarball`, () => {
    let url: string;
    beforeAll(async () => {
      url = `http://127.0.0.1:${await startExample(file)}${path}`;
    }, 60_000);

    it("answers a signed request with the customer card", async () => {
      const answer = await sendSigned(url, BODY, opensslSign(BODY, SECRET));
      expect(answer.status).toBe(200);
      expectCard(answer.json.html);
    });

    it("accepts the second secret while one is rotated", async () => {
      const answer = await sendSigned(url, BODY, opensslSign(BODY, OLD_SECRET));
      expect(answer.status).toBe(200);
    });

    it("refuses a wrong signature", async () => {
      const answer = await sendSigned(url, BODY, opensslSign(BODY, "not-the-secret"));
      expect(answer.status).toBe(401);
      expect(answer.json.code).toBe("invalid_signature");
    });
  });
}

describe("examples/nextjs route handler, installed from the packed tarball", () => {
  it("answers POST the way Next.js calls it: with a Request", async () => {
    const script = `
      import { POST, runtime } from "./nextjs/app/api/helpscout/route.js";
      const request = (signature) => new Request("http://localhost/api/helpscout", {
        method: "POST", body: process.env.BODY, headers: { "x-helpscout-signature": signature } });
      const good = await POST(request(process.env.GOOD));
      const bad = await POST(request(process.env.BAD));
      console.log(JSON.stringify({ runtime, good: good.status, bad: bad.status, body: await good.json() }));`;
    const output = await run(process.execPath, ["--input-type=module", "-e", script], folder, {
      HELPSCOUT_SECRET: SECRET,
      BODY,
      GOOD: opensslSign(BODY, SECRET),
      BAD: opensslSign(BODY, OLD_SECRET),
    });
    const result = JSON.parse(output) as {
      runtime: string;
      good: number;
      bad: number;
      body: { html: string };
    };
    expect(result).toMatchObject({ runtime: "nodejs", good: 200, bad: 401 });
    expectCard(result.body.html);
  });
});
