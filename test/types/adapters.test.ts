import type { RequestListener } from "node:http";
import type { RequestHandler } from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { describe, expectTypeOf, it } from "vitest";
import { type ExpressMiddleware, toExpressMiddleware } from "../../src/adapters/express.js";
import { type DynamicAppPluginOptions, dynamicAppPlugin } from "../../src/adapters/fastify.js";
import { type FetchHandler, toFetchHandler } from "../../src/adapters/fetch.js";
import { type NodeListener, toNodeListener } from "../../src/adapters/node.js";
import { type DynamicApp, defineApp } from "../../src/index.js";

const app = defineApp({ secrets: "s", render: () => "x" });

describe("the adapters' types", () => {
  it("makes a node:http request listener", () => {
    expectTypeOf(toNodeListener).returns.toEqualTypeOf<NodeListener>();
    expectTypeOf<NodeListener>().toExtend<RequestListener>();
  });

  it("makes Express middleware without needing Express's types", () => {
    expectTypeOf(toExpressMiddleware).returns.toEqualTypeOf<ExpressMiddleware>();
    expectTypeOf<ExpressMiddleware>().toExtend<RequestHandler>();
  });

  it("makes a Fetch handler that fits Hono and Next.js route handlers", () => {
    expectTypeOf(toFetchHandler(app)).toEqualTypeOf<FetchHandler>();
    expectTypeOf<FetchHandler>().parameter(0).toEqualTypeOf<Request>();
    expectTypeOf<FetchHandler>().returns.resolves.toEqualTypeOf<Response>();
    const handler = toFetchHandler(app);
    new Hono().post("/helpscout", (c) => handler(c.req.raw));
  });

  it("types the Fastify plugin's options", async () => {
    expectTypeOf<DynamicAppPluginOptions["app"]>().toEqualTypeOf<DynamicApp>();
    const server = Fastify();
    await server.register(dynamicAppPlugin, { app, path: "/helpscout" });
    // Checked by the compiler only: registering without an app would fail at run time.
    const compileOnly = () =>
      // @ts-expect-error: the plugin needs the app
      server.register(dynamicAppPlugin, { path: "/elsewhere" });
    expectTypeOf(compileOnly).toBeFunction();
    await server.close();
  });
});
