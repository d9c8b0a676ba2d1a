import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Logger, silentLogger } from "../handler/logger.js";
import { resolveServeConfig } from "../server/config.js";
import { startCardServer } from "../server/start-card-server.js";
import { startDebugServer } from "./debug-server.js";

/** The settings of `helpscout-app dev`. */
export interface DevOptions {
  /** The demo server's port on 127.0.0.1; 0 picks a free one. @default 3000 */
  appPort?: number;
  /** The debug panel's port on 127.0.0.1; 0 picks a free one. @default 3001 */
  panelPort?: number;
  /** The secret; a random one is made when absent, and lasts as long as the process. */
  secret?: string;
  /** The SQLite file; created with the demo customers when missing. @default "data/customers.db" */
  db?: string;
  /** The demo server's request log. @default silent */
  logger?: Logger;
}

/** The demo server and the debug panel, running together. */
export interface DevSession {
  /** The app's URL, as Help Scout would call it (plain HTTP: the panel starts in debug mode). */
  appUrl: string;
  /** The debug panel's page. */
  panelUrl: string;
  /** The secret both share. */
  secret: string;
  /** True when the secret was made for this session. */
  generatedSecret: boolean;
  close(): Promise<void>;
}

/**
 * Starts the ready-made customer-card server on its demo database and the debug panel pointed
 * at it, both on 127.0.0.1 only: the fastest way for a newcomer to see a card.
 *
 * @example
 * ```ts
 * const dev = await startDev();
 * console.log(`Open ${dev.panelUrl}`);
 * ```
 */
export async function startDev(options: DevOptions = {}): Promise<DevSession> {
  const generatedSecret = options.secret === undefined;
  // Thirty random characters: within Help Scout's limit of 40, like a pasted production secret.
  const secret = options.secret ?? randomBytes(24).toString("base64url").slice(0, 30);
  const config = resolveServeConfig(
    {
      port: String(options.appPort ?? 3000),
      host: "127.0.0.1",
      secret: [secret],
      ...(options.db === undefined ? {} : { db: options.db }),
    },
    {},
  );
  // The demo data is wanted whichever file holds it.
  config.demo = true;
  mkdirSync(dirname(config.db), { recursive: true });
  const app = await startCardServer(config, options.logger ?? silentLogger);
  const appUrl = `${app.url.replace(/\/$/, "")}${config.path}`;
  try {
    const panel = await startDebugServer({
      secret,
      url: appUrl,
      debug: true,
      port: options.panelPort ?? 3001,
      appName: "Customer card (demo)",
    });
    return {
      appUrl,
      panelUrl: panel.url,
      secret,
      generatedSecret,
      close: async () => {
        await panel.close();
        await app.close();
      },
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}
