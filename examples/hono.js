import { serve } from "@hono/node-server";
import { toFetchHandler } from "helpscout-dynamic-app/fetch";
import { Hono } from "hono";
import { app } from "./app.js";

const helpscout = toFetchHandler(app);
const server = new Hono();
// Hand over the untouched Request: do not read c.req.json() first.
server.post("/helpscout", (c) => helpscout(c.req.raw));

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: server.fetch, port, hostname: process.env.HOST ?? "127.0.0.1" }, (info) => {
  console.log(`Listening on port ${info.port}`);
});
