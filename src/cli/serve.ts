import cluster from "node:cluster";
import { parseArgs } from "node:util";
import { openDemoSqlite } from "../customers/demo-data.js";
import { createLogger } from "../logging/create-logger.js";
import { signBody } from "../protocol/signature.js";
import { resolveServeConfig, type ServeConfig } from "../server/config.js";
import { resolveScaleConfig, type ScaleConfig } from "../server/scale-config.js";
import { startCardServer } from "../server/start-card-server.js";
import { workerSemiSpaceMb } from "../server/worker-heap.js";
import { runPrimary } from "../server/workers.js";
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
  --app FILE        serve your own app module instead of the customer card
  --workers N|auto  worker processes sharing the port (default auto: one per core, or WORKERS);
                    a worker that dies is replaced
  --cache-ttl MS    reuse answers to repeated requests and customer look-ups for this long:
                    the most a card can be out of date (default 10000, or CACHE_TTL_MS;
                    0 turns both caches off)
  --cache-size N    answers and look-ups kept per worker, in each cache (default 10000)
  --no-cache        verify, render and look every request up in the database afresh
  --db-read URL     a PostgreSQL read replica for look-ups (or DATABASE_READ_URL)
  --pool-size N     PostgreSQL connections per worker (default 10, or PG_POOL_SIZE)

Also served: GET /healthz (200 when the database answers, else 503; with --app, 200 while the
server takes requests) and GET /metrics (Prometheus text, summed over all workers).`;

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
        workers: { type: "string" },
        "cache-ttl": { type: "string" },
        "cache-size": { type: "string" },
        "no-cache": { type: "boolean" },
        "db-read": { type: "string" },
        "pool-size": { type: "string" },
      },
    });
    // A wrong value throws a ConfigError, which the CLI reports as a usage mistake (exit 2).
    const config = resolveServeConfig(values, process.env);
    const scale = resolveScaleConfig(values, process.env);
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

    if (scale.workers > 1 && cluster.isPrimary) {
      return runCluster(config, scale, log, generated);
    }
    const running = await startCardServer(config, log, scale);
    // The handlers go in before the "listening" line: a supervisor that reads it and stops the
    // process at once must get a graceful stop, not the default action that kills it.
    const stopped = new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log.info({ signal }, "Stopping: finishing requests in flight.");
        running.close().then(resolve, resolve);
      };
      process.once("SIGTERM", () => stop("SIGTERM"));
      process.once("SIGINT", () => stop("SIGINT"));
    });
    log.info(
      {
        url: running.url,
        path: config.path,
        db: running.store?.kind ?? `app module ${config.appModule}`,
        secretCount: running.secretCount,
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
    await stopped;
    log.info({}, "Stopped.");
    // A cluster worker stays tied to the primary until it lets go of the channel.
    cluster.worker?.disconnect();
    return 0;
  },
};

/**
 * The primary of `serve --workers N`: creates the demo database once (so workers do not race to
 * create it), hands a generated demo secret to the workers, and keeps N workers running.
 */
async function runCluster(
  config: ServeConfig,
  scale: ScaleConfig,
  log: ReturnType<typeof createLogger>,
  generated: string | undefined,
): Promise<number> {
  if (config.demo) await (await openDemoSqlite(config.db)).store.close();
  const scheme = config.tlsCert ? "https" : "http";
  // An app module gets no cache from serve, whatever the cache flags say.
  const cached = scale.cache !== undefined && config.appModule === undefined;
  return runPrimary({
    workers: scale.workers,
    logger: log,
    // Workers without the cache are sized as the uncached card's (see workerSemiSpaceMb).
    semiSpaceMb: workerSemiSpaceMb(cached),
    ...(generated ? { env: { HELPSCOUT_SECRET: generated } } : {}),
    onListening: ({ address, port }) => {
      const host =
        address === "" || address === "0.0.0.0" || address === "::" ? "127.0.0.1" : address;
      const url = `${scheme}://${host.includes(":") ? `[${host}]` : host}:${port}`;
      log.info({ url, workers: scale.workers, cache: cached }, "Workers listening.");
      if (generated) {
        process.stdout.write(
          `\nDemo mode: generated the secret ${generated}\n` +
            "It lasts until this process stops; set HELPSCOUT_SECRET to keep one.\n" +
            `Try it:\n  ${demoCurl(url, config.path, generated)}\n\n`,
        );
      }
    },
  });
}
