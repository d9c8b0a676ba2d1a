import { parseArgs } from "node:util";
import { startDev } from "../debugger/start-dev.js";
import { type Command, UsageError } from "./command.js";
import { parsePort, untilStopped } from "./debug.js";

const usage = `
Usage: helpscout-app dev [--port 3000] [--debug-port 3001] [--secret S] [--db FILE]

Starts the ready-made customer-card server on its demo database and the debug panel pointed at
it, both on 127.0.0.1 only, and prints both URLs. Open the panel's URL to see a card: the
fastest way to see what this project does.

Options:
  --port N         the demo server's port (default 3000; 0 picks a free one)
  --debug-port N   the debug panel's port (default 3001; 0 picks a free one)
  --secret S       the secret both share (default: HELPSCOUT_SECRET's first, or a random one)
  --db FILE        the SQLite file, created with demo customers when missing
                   (default data/customers.db)`;

/** `helpscout-app dev`: the demo server and the debug panel together. */
export const command: Command = {
  summary: "start the demo server and the debug panel together",
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        port: { type: "string" },
        "debug-port": { type: "string" },
        secret: { type: "string" },
        db: { type: "string" },
      },
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new UsageError("dev takes no positional arguments.");
    const secret = values.secret ?? process.env.HELPSCOUT_SECRET?.split(",")[0]?.trim();
    const dev = await startDev({
      appPort: parsePort(values.port, 3000),
      panelPort: parsePort(values["debug-port"], 3001),
      ...(secret ? { secret } : {}),
      ...(values.db === undefined ? {} : { db: values.db }),
    });
    process.stdout.write(
      [
        `Demo app:     ${dev.appUrl}`,
        `Debug panel:  ${dev.panelUrl}   <- open this one`,
        dev.generatedSecret
          ? `Secret:       ${dev.secret} (made for this session; set HELPSCOUT_SECRET to keep one)`
          : "Secret:       the one you gave",
        "Ctrl+C stops both.",
        "",
      ].join("\n"),
    );
    await untilStopped();
    await dev.close();
    return 0;
  },
};
