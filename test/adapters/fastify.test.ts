import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamicAppPlugin } from "../../src/adapters/fastify.js";
import { describeAdapterContract, UTF8_BODY } from "./adapter-contract.js";
import { send, sendSigned } from "./http-client.js";
import { opensslSign } from "./signing.js";
import { createTestApp, SECRET } from "./test-app.js";

async function start(build: (server: FastifyInstance) => Promise<void>) {
  const server = Fastify();
  await build(server);
  const address = await server.listen({ port: 0, host: "127.0.0.1" });
  return { server, address };
}

describeAdapterContract("Fastify 5", async () => {
  const { server, address } = await start(async (fastify) => {
    await fastify.register(dynamicAppPlugin, { app: createTestApp(), path: "/helpscout" });
  });
  return { url: `${address}/helpscout`, close: () => server.close() };
});

describe("Fastify plugin in a larger server", () => {
  let server: FastifyInstance;
  let address: string;
  beforeAll(async () => {
    ({ server, address } = await start(async (fastify) => {
      fastify.post("/echo", async (request) => request.body);
      await fastify.register(dynamicAppPlugin, { app: createTestApp(), prefix: "/hooks" });
    }));
  });
  afterAll(() => server.close());

  it("serves the app's path under the plugin's prefix", async () => {
    const answer = await sendSigned(`${address}/hooks`, UTF8_BODY, opensslSign(UTF8_BODY, SECRET));
    expect(answer.status).toBe(200);
    expect(answer.json.html).toContain("Ørsted");
  });

  it("accepts a signed body sent without a content type", async () => {
    const answer = await send(`${address}/hooks`, {
      body: UTF8_BODY,
      headers: { "x-helpscout-signature": opensslSign(UTF8_BODY, SECRET) },
    });
    expect(answer.status).toBe(200);
  });

  it("leaves the JSON parser of the server's other routes in place", async () => {
    const echo = await send(`${address}/echo`, {
      body: '{"a":[1,2]}',
      headers: { "content-type": "application/json" },
    });
    expect(echo.status).toBe(200);
    expect(echo.json).toEqual({ a: [1, 2] });
  });
});
