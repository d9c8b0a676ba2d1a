import type { FastifyPluginAsync } from "fastify";
import type { DynamicApp } from "../handler/define-app.js";
import { routedUrl } from "./framework-request.js";

/**
 * The options of the Fastify plugin.
 *
 * @example
 * ```ts
 * await server.register(dynamicAppPlugin, { app, path: "/helpscout" });
 * await server.register(dynamicAppPlugin, { app, prefix: "/hooks" }); // answers on /hooks
 * ```
 */
export interface DynamicAppPluginOptions {
  /** The app made by `defineApp`. */
  app: DynamicApp;
  /**
   * The route, under the plugin's `prefix` if one is given.
   * @default the app's `path` setting ("/")
   */
  path?: string;
}

// Every method is routed to the core, so a GET is answered 405 with `Allow: POST` like the
// other adapters do, rather than Fastify's 404.
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * A Fastify 5 plugin that serves a Dynamic App on one route. Inside the plugin's own
 * encapsulated context every content-type parser is replaced by one that leaves the body
 * unread, so the core handler reads the raw bytes itself, with the app's size and time limits;
 * the rest of the Fastify server keeps its JSON parser.
 *
 * @example
 * ```ts
 * import Fastify from "fastify";
 * import { dynamicAppPlugin } from "helpscout-dynamic-app/fastify";
 *
 * const server = Fastify();
 * await server.register(dynamicAppPlugin, { app, path: "/helpscout" });
 * ```
 */
export const dynamicAppPlugin: FastifyPluginAsync<DynamicAppPluginOptions> = async (
  fastify,
  options,
) => {
  const { app } = options;
  fastify.removeAllContentTypeParsers();
  // Calling done without reading leaves the stream for the core, which enforces the app's
  // bodyLimit and bodyTimeoutMs and answers in its own error format.
  fastify.addContentTypeParser("*", (_request, _payload, done) => done(null));
  fastify.route({
    method: METHODS,
    url: options.path ?? app.settings.path,
    handler: async (request, reply) => {
      const answer = await app.handle({
        method: request.method,
        url: routedUrl(app, request.url),
        headers: request.headers,
        body: request.raw,
      });
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    },
  });
};
