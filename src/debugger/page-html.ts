import { html } from "../html/html.js";

/**
 * The debug panel's page. It holds no script of its own (the script is `/panel.js`, allowed by
 * the content security policy), and carries the per-process token the script must send with
 * every API call, so that no other site can make the panel sign requests.
 *
 * @example
 * ```ts
 * response.end(renderDebugPage({ token }));
 * ```
 */
export function renderDebugPage(options: { token: string }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="debug-token" content="${options.token}">
<title>Help Scout Dynamic App debugger</title>
<link rel="stylesheet" href="/panel.css">
<script type="module" src="/panel.js"></script>
</head>
<body>
<header><h1>Dynamic App debugger</h1><span>plays Help Scout on this machine; the secret stays in the terminal</span></header>
<main>
<section class="panel" aria-labelledby="request-title">
  <h2 id="request-title">Request</h2>
  <label for="target-url">App URL</label>
  <input id="target-url" type="url" placeholder="https://your-app.example.com/helpscout" spellcheck="false">
  <div class="spaced">
    <label class="inline"><input id="debug-mode" type="checkbox"> Debug mode (allow http://, follow redirects)</label>
  </div>
  <div class="row">
    <div><label for="preset">Preset</label><select id="preset"></select></div>
    <div><label for="signature">Signature</label>
      <select id="signature">
        <option value="valid">valid (the app's secret)</option>
        <option value="wrong">wrong (another secret)</option>
        <option value="missing">missing (no header)</option>
      </select>
    </div>
  </div>
  <div class="grid">
    <div><label for="field-email">Customer email</label><input id="field-email" type="email" spellcheck="false"></div>
    <div><label for="field-subject">Subject</label><input id="field-subject" type="text"></div>
    <div><label for="field-fname">First name</label><input id="field-fname" type="text"></div>
    <div><label for="field-lname">Last name</label><input id="field-lname" type="text"></div>
  </div>
  <div class="spaced"><label class="inline"><input id="field-draft" type="checkbox"> Draft (<code>"ticket": false</code>)</label></div>
  <label for="body">Body (sent byte for byte, signed by the debugger)</label>
  <textarea id="body" spellcheck="false" aria-describedby="body-status"></textarea>
  <p id="body-status" class="note" role="status"></p>
  <button id="refresh" type="button">Refresh</button>
  <p class="note">Ctrl+Enter in the body also sends it.</p>
</section>
<section class="panel" aria-labelledby="result-title">
  <h2 id="result-title">What Help Scout shows</h2>
  <div class="summary" id="summary">
    <span>Status: <b id="status">not sent yet</b></span>
    <span>Time: <b id="time">-</b></span>
    <span>Signature sent: <span id="signature-sent" class="signature">-</span></span>
  </div>
  <div class="sidebar">
    <div class="sidebar-head" id="sidebar-head">Your app</div>
    <iframe id="preview" title="The card as the sidebar shows it" sandbox="" referrerpolicy="no-referrer"></iframe>
  </div>
  <ul id="violations" class="findings violations" aria-label="Violations"></ul>
  <ul id="warnings" class="findings warnings" aria-label="Warnings"></ul>
  <h3>Raw response</h3>
  <pre id="raw-response" class="raw">-</pre>
  <h3>Response headers</h3>
  <pre id="raw-headers" class="raw">-</pre>
</section>
</main>
</body>
</html>
`.toString();
}
