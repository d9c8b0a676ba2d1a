/**
 * The files `helpscout-app init` writes: a minimal app project in plain JavaScript (ESM, checked
 * by TypeScript through JSDoc), so it runs and passes its test right after `npm install`,
 * without a build step.
 */

/**
 * What the templates are filled in with.
 *
 * @example
 * ```ts
 * const values: ProjectValues = { name: "my-sidebar-app", libraryRange: "^0.1.0" };
 * ```
 */
export interface ProjectValues {
  /** The npm name of the new project. */
  name: string;
  /** The version range of this library the project depends on. */
  libraryRange: string;
}

function packageJson(values: ProjectValues): string {
  const manifest = {
    name: values.name,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: ">=20" },
    scripts: {
      start: "node server.js",
      test: "node --test",
    },
    dependencies: { "helpscout-dynamic-app": values.libraryRange },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const APP = `// @ts-check
import { html, list, row, section } from "helpscout-dynamic-app";

/**
 * The sidebar app: what an agent sees next to a conversation. Help Scout's request arrives
 * verified and parsed; return HTML built with the html tag or the sidebar components, which
 * escape everything the customer typed.
 *
 * The secret is not here: server.js (or \`helpscout-app serve --app app.js\`) reads it from
 * HELPSCOUT_SECRET.
 *
 * @type {import("helpscout-dynamic-app").AppDefinition}
 */
const app = {
  render: ({ request }) => {
    if (request.isDraft) return html\`<p class="muted">A new conversation: no customer yet.</p>\`;
    const emails = request.customerEmails.map((email) => row("E-mail", email));
    return section(request.customerName ?? "Unknown customer", list(emails));
  },
};

export default app;
`;

const SERVER = `// @ts-check
import { createServer } from "node:http";
import { resolveAppModule } from "helpscout-dynamic-app";
import { toNodeListener } from "helpscout-dynamic-app/node";
import * as appModule from "./app.js";

// Several secrets, separated by commas, while one is being rotated.
const secrets = process.env.HELPSCOUT_SECRET?.split(",").filter(Boolean) ?? [];
if (secrets.length === 0) {
  console.error("Set HELPSCOUT_SECRET to the secret key configured in Help Scout.");
  process.exit(1);
}

const app = resolveAppModule(appModule, { secrets });
const port = Number(process.env.PORT ?? 3000);
const server = createServer(toNodeListener(app));
server.listen(port, process.env.HOST ?? "127.0.0.1", () => {
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  console.log(\`Listening on port \${address.port}\`);
});
`;

const TEST = `// @ts-check
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { resolveAppModule } from "helpscout-dynamic-app";
import * as appModule from "./app.js";

const secret = "test-secret";
const app = resolveAppModule(appModule, { secrets: secret });

/** Sends a body to the app the way Help Scout does: signed with HMAC-SHA1, base64. */
function call(body, signature = createHmac("sha1", secret).update(body).digest("base64")) {
  return app.handle({
    method: "POST",
    url: "/",
    headers: { "x-helpscout-signature": signature },
    body: new TextEncoder().encode(body),
  });
}

test("shows the customer's name and address, escaped", async () => {
  const body = JSON.stringify({
    customer: { fname: "Jan <b>", lname: "Novák", email: "Jan@Example.com" },
  });
  const answer = await call(body);
  assert.equal(answer.status, 200);
  const { html } = JSON.parse(answer.body.toString("utf8"));
  assert.match(html, /Jan &lt;b&gt; Novák/);
  assert.match(html, /jan@example\\.com/);
});

test("refuses a request with a wrong signature", async () => {
  const answer = await call("{}", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  assert.equal(answer.status, 401);
});
`;

const README = (name: string) => `# ${name}

A Help Scout Dynamic App built with helpscout-dynamic-app.

- \`app.js\`: what the sidebar shows; edit \`render\`.
- \`server.js\`: serves it with Node's http module.
- \`app.test.js\`: signs requests the way Help Scout does and checks the answers.

\`\`\`sh
npm install
npm test
HELPSCOUT_SECRET=your-secret npm start
\`\`\`

\`server.js\` listens on 127.0.0.1 unless HOST says otherwise (HOST=0.0.0.0 behind your HTTPS
proxy); PORT defaults to 3000. Help Scout calls only HTTPS URLs.

Or serve it with the toolkit's server, which has its own HTTPS, logging and health settings:
\`npx helpscout-app serve --app app.js\`.
`;

/**
 * The project's files, by path relative to its directory.
 *
 * @example
 * ```ts
 * projectFiles({ name: "my-app", libraryRange: "^0.1.0" })["app.js"]; // the render module
 * ```
 */
export function projectFiles(values: ProjectValues): Record<string, string> {
  return {
    "package.json": packageJson(values),
    "app.js": APP,
    "server.js": SERVER,
    "app.test.js": TEST,
    "README.md": README(values.name),
    ".gitignore": "node_modules/\n",
  };
}
