import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { toNodeListener } from "../../src/adapters/node.js";
import { defineApp } from "../../src/index.js";
import { describeAdapterContract } from "./adapter-contract.js";
import { send } from "./http-client.js";
import { createTestApp, SECRET } from "./test-app.js";

describeAdapterContract("node:http", async () => {
  const server = createServer(toNodeListener(createTestApp()));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
});

describe("node:http listener paths", () => {
  it("answers 404 off the app's path, since plain Node has no router", async () => {
    const app = defineApp({ secrets: SECRET, path: "/helpscout", render: () => "ok" });
    const server = createServer(toNodeListener(app)).listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const answer = await send(`http://127.0.0.1:${port}/elsewhere`, { body: "{}" });
    server.close();
    expect(answer.status).toBe(404);
    expect(answer.json.code).toBe("not_found");
  });
});
