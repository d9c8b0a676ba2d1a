export * from "./answer-cache.js";
export * from "./app-module.js";
export * from "./define-app.js";
export * from "./error-response.js";
export * from "./logger.js";
export * from "./read-body.js";
export type * from "./types.js";
