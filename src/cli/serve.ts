import { parseArgs } from "node:util";
import { createLogger } from "../logging/create-logger.js";
import { signBody } from "../protocol/signature.js";
import { ConfigError, resolveServeConfig, type ServeConfig } from "../server/config.js";
import { startCardServer } from "../server/start-card-server.js";
import { type Command, UsageError } from "./command.js";
import { generateSecret } from "./secret.js";

const USAGE = `
Usage: helpscout-app serve [options]

Serves a Help Scout Dynamic App that answers each signed request with the customer's card.

Options:
  --port N          port to listen on (default 3000, or PORT)
  --host H          address to bind (default 0.0.0.0, or HOST)
  --path P          the app's path (default /)
  --db FILE|URL     SQLite file, or postgres:// URL (default data/customers.db, or DATABASE_URL);
                    the default file is created with demo customers when missing
  --secret S        the secret set in Help Scout; repeat it to accept several while rotating
                    (also HELPSCOUT_SECRET, several separated by commas)
  --tls-cert FILE   PEM certificate: serve HTTPS directly (with --tls-key)
  --tls-key FILE    PEM private key
  --body-limit N    largest request body in bytes (default 262144)
  --deadline MS     time the card may take before an error card is answered (default 5000)
  --app FILE        serve your own app module instead of the customer card`;

function demoCurl(url: string, path: string, secret: string): string {
  const body =
    '{"ticket":{"id":1,"number":1001,"subject":"Hello"},"customer":{"email":"jan@example.com"}}';
  return `curl -s ${url}${path} -H 'X-HELPSCOUT-SIGNATURE: ${signBody(body, secret)}' -d '${body}'`;
}

export const command: Command = {
  summary: "serve the customer card (or your own app) to Help Scout",
  usage: USAGE,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        path: { type: "string" },
        db: { type: "string" },
        secret: { type: "string", multiple: true },
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        "body-limit": { type: "string" },
        deadline: { type: "string" },
        app: { type: "string" },
      },
    });
    let config: ServeConfig;
    try {
      config = resolveServeConfig(values, process.env);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    const log = createLogger();
    let generated: string | undefined;
    if (config.secrets.length === 0) {
      if (!config.demo) {
        throw new UsageError(
          "No secret: pass --secret or set HELPSCOUT_SECRET to the secret configured in Help Scout.",
        );
      }
      generated = generateSecret();
      config.secrets = [generated];
    }

    const running = await startCardServer(config, log);
    log.info(
      {
        url: running.url,
        path: config.path,
        db: running.store.kind,
        secretCount: config.secrets.length,
      },
      "Dynamic App server listening.",
    );
    if (generated) {
      // Printed once, to the terminal and not to the log, so it can be pasted into Help Scout.
      process.stdout.write(
        `\nDemo mode: generated the secret ${generated}\n` +
          "It lasts until this process stops; set HELPSCOUT_SECRET to keep one.\n" +
          `Try it:\n  ${demoCurl(running.url, config.path, generated)}\n\n`,
      );
    }
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log.info({ signal }, "Stopping: finishing requests in flight.");
        running.close().then(resolve, resolve);
      };
      process.once("SIGTERM", () => stop("SIGTERM"));
      process.once("SIGINT", () => stop("SIGINT"));
    });
    log.info({}, "Stopped.");
    return 0;
  },
};
