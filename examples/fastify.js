import Fastify from "fastify";
import { dynamicAppPlugin } from "helpscout-dynamic-app/fastify";
import { app } from "./app.js";

const server = Fastify();
// The plugin keeps the raw body for its own route; other routes still parse JSON.
await server.register(dynamicAppPlugin, { app, path: "/helpscout" });

const port = Number(process.env.PORT ?? 3000);
await server.listen({ port, host: process.env.HOST ?? "127.0.0.1" });
console.log(`Listening on port ${server.server.address().port}`);
