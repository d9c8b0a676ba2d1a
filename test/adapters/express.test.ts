import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import express4 from "express4";
import { describe, expect, it } from "vitest";
import { toExpressMiddleware } from "../../src/adapters/express.js";
import { describeAdapterContract, type RunningServer, UTF8_BODY } from "./adapter-contract.js";
import { send, sendSigned } from "./http-client.js";
import { opensslSign } from "./signing.js";
import { createTestApp, SECRET } from "./test-app.js";

type ExpressFactory = typeof express;

async function listen(server: Server, path: string): Promise<RunningServer> {
  if (!server.listening) await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Starts an Express server built by `build`, and checks the answers, then closes it. */
async function withServer(
  factory: ExpressFactory,
  build: (server: ReturnType<ExpressFactory>) => void,
  check: (url: (path: string) => string) => Promise<void>,
) {
  const server = factory();
  build(server);
  const running = await listen(server.listen(0, "127.0.0.1"), "");
  try {
    await check((path) => running.url + path);
  } finally {
    await running.close();
  }
}

const signed = (url: string) => sendSigned(url, UTF8_BODY, opensslSign(UTF8_BODY, SECRET));

for (const [label, factory] of [
  ["Express 5", express],
  ["Express 4", express4],
] as const) {
  describeAdapterContract(label, async () => {
    const server = factory();
    // all() rather than post(), so a GET reaches the app and is answered 405 like elsewhere.
    server.all("/helpscout", toExpressMiddleware(createTestApp()));
    // A JSON parser for the rest of the server, after the Help Scout route, as documented.
    server.use(express.json());
    return listen(server.listen(0, "127.0.0.1"), "/helpscout");
  });

  describe(`${label} with body parsers`, () => {
    it("answers 500 body_already_parsed when express.json() runs first, not 401", async () => {
      await withServer(
        factory,
        (server) => {
          server.use(express.json());
          server.use("/helpscout", toExpressMiddleware(createTestApp()));
        },
        async (url) => {
          const answer = await signed(url("/helpscout"));
          expect(answer.status).toBe(500);
          expect(answer.json.code).toBe("body_already_parsed");
          expect(answer.json.error).toContain("before express.json()");
        },
      );
    });

    it("still answers a GET behind express.json() with 405, without hanging", async () => {
      await withServer(
        factory,
        (server) => {
          server.use(express.json());
          server.use("/helpscout", toExpressMiddleware(createTestApp()));
        },
        async (url) => {
          const answer = await send(url("/helpscout"), { method: "GET" });
          expect(answer.status).toBe(405);
        },
      );
    });

    it("answers 500 when express.text() consumed the body, since decoding may change bytes", async () => {
      await withServer(
        factory,
        (server) => {
          server.use(express.text({ type: "*/*" }));
          server.post("/helpscout", toExpressMiddleware(createTestApp()));
        },
        async (url) => {
          const answer = await signed(url("/helpscout"));
          expect(answer.status).toBe(500);
          expect(answer.json.code).toBe("body_already_parsed");
        },
      );
    });

    it("reads the stream when express.json() ran first but skipped a non-JSON type", async () => {
      await withServer(
        factory,
        (server) => {
          server.use(express.json());
          server.post("/helpscout", toExpressMiddleware(createTestApp()));
        },
        async (url) => {
          const answer = await send(url("/helpscout"), {
            body: UTF8_BODY,
            headers: {
              "content-type": "text/plain",
              "x-helpscout-signature": opensslSign(UTF8_BODY, SECRET),
            },
          });
          expect(answer.status).toBe(200);
        },
      );
    });

    it("accepts the exact bytes that express.raw() kept", async () => {
      await withServer(
        factory,
        (server) => {
          server.use(express.raw({ type: "*/*" }));
          server.post("/helpscout", toExpressMiddleware(createTestApp()));
        },
        async (url) => {
          const answer = await signed(url("/helpscout"));
          expect(answer.status).toBe(200);
          expect(answer.json.html).toContain("Ørsted");
        },
      );
    });

    it("works when mounted with use() on a sub-path, and leaves other routes alone", async () => {
      await withServer(
        factory,
        (server) => {
          server.use("/hooks/helpscout", toExpressMiddleware(createTestApp()));
          server.use(express.json());
          server.post("/echo", (request, response) => {
            response.json(request.body);
          });
        },
        async (url) => {
          const answer = await signed(url("/hooks/helpscout?source=test"));
          expect(answer.status).toBe(200);
          const echo = await send(url("/echo"), {
            body: '{"a":1}',
            headers: { "content-type": "application/json" },
          });
          expect(echo.json).toEqual({ a: 1 });
        },
      );
    });
  });
}
