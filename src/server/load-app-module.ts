import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type AppModuleDefaults, resolveAppModule } from "../handler/app-module.js";
import type { DynamicApp } from "../handler/define-app.js";

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

/** A module that cannot be loaded; the message says what to do about it. */
export class AppModuleError extends Error {
  override readonly name = "AppModuleError";
}

async function importTypeScript(url: string, file: string): Promise<Record<string, unknown>> {
  let api: { tsImport(specifier: string, parent: string): Promise<Record<string, unknown>> };
  try {
    // tsx is an optional peer: only a user who serves a TypeScript module needs it.
    api = (await import("tsx/esm/api")) as typeof api;
  } catch (cause) {
    throw new AppModuleError(
      `${file} is TypeScript: install tsx beside this package (npm install --save-dev tsx) to ` +
        "load it directly, or compile it to JavaScript first.",
      { cause },
    );
  }
  return api.tsImport(url, import.meta.url);
}

/**
 * Loads a user's app module for `serve --app FILE`: JavaScript directly, TypeScript through tsx
 * when it is installed. Its default export is a `defineApp(...)` result or a definition such as
 * `{ render }`, completed with the server's settings (secrets, path, limits, logger).
 *
 * @example
 * ```ts
 * const app = await loadAppModule("./my-card.ts", { secrets, logger });
 * ```
 */
export async function loadAppModule(
  file: string,
  defaults: AppModuleDefaults,
): Promise<DynamicApp> {
  const url = pathToFileURL(resolve(file)).href;
  let namespace: Record<string, unknown>;
  try {
    namespace = TYPESCRIPT.test(file) ? await importTypeScript(url, file) : await import(url);
  } catch (error) {
    if (error instanceof AppModuleError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppModuleError(`Could not load the app module ${file}: ${reason}`, { cause: error });
  }
  try {
    return resolveAppModule(namespace, defaults, file);
  } catch (error) {
    throw new AppModuleError(error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}
