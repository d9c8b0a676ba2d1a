import { type DynamicApp, defineApp } from "./define-app.js";
import type { AppOptions } from "./types.js";

/**
 * An app without its operational settings: at least a render function. A module that exports
 * one lets `helpscout-app serve --app FILE` supply the secrets (and logger) from its own flags
 * and environment, so no secret is written into the module.
 *
 * @example
 * ```ts
 * export default {
 *   render: ({ request }) => html`<h4>${request.customerName ?? "Unknown"}</h4>`,
 * } satisfies AppDefinition;
 * ```
 */
export type AppDefinition = Omit<AppOptions, "secrets"> & {
  /** Taken from the server's settings (HELPSCOUT_SECRET) when left out. */
  secrets?: AppOptions["secrets"];
};

/**
 * What an app module's default export may be: a finished app (`export default defineApp(...)`)
 * or a definition (`export default { render }`) that the loader completes.
 *
 * @example
 * ```ts
 * const exported: AppModuleExport = defineApp({ secrets, render });
 * const alsoFine: AppModuleExport = { render };
 * ```
 */
export type AppModuleExport = DynamicApp | AppDefinition;

/**
 * The settings a loader fills in where an app definition leaves them out.
 *
 * @example
 * ```ts
 * const defaults: AppModuleDefaults = { secrets: ["new", "old"], logger };
 * ```
 */
export type AppModuleDefaults = Partial<AppOptions>;

function isDynamicApp(value: object): value is DynamicApp {
  return typeof (value as DynamicApp).handle === "function";
}

function isDefinition(value: object): value is AppDefinition {
  return typeof (value as AppDefinition).render === "function";
}

/**
 * Turns an imported app module into a running app. The module's default export (or, failing
 * that, a named export `app`) is either a `DynamicApp`, used as it is, or an `AppDefinition`,
 * completed with `defaults`: the module's own settings win, the defaults fill the gaps. Throws
 * a `TypeError` that names the file when the module exports neither or no secret is known.
 *
 * @example
 * ```ts
 * const module = await import(pathToFileURL(file).href);
 * const app = resolveAppModule(module, { secrets, logger }, file);
 * ```
 */
export function resolveAppModule(
  moduleNamespace: Record<string, unknown>,
  defaults: AppModuleDefaults = {},
  name = "the app module",
): DynamicApp {
  const exported = moduleNamespace.default ?? moduleNamespace.app;
  if (typeof exported !== "object" || exported === null) {
    throw new TypeError(
      `${name} has no default export: export default defineApp({ secrets, render }) or ` +
        "export default { render }.",
    );
  }
  if (isDynamicApp(exported)) return exported;
  if (!isDefinition(exported)) {
    throw new TypeError(
      `The default export of ${name} has neither a handle function (an app from defineApp) ` +
        "nor a render function (an app definition).",
    );
  }
  const secrets = exported.secrets ?? defaults.secrets;
  if (secrets === undefined) {
    throw new TypeError(
      `${name} sets no secrets and none were given: set HELPSCOUT_SECRET or pass --secret.`,
    );
  }
  return defineApp({ ...withoutUndefined(defaults), ...withoutUndefined(exported), secrets });
}

/** Drops keys whose value is `undefined`, so they do not hide a default when spread. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
