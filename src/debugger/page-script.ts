/**
 * The debug panel's browser script, served as `/panel.js`: plain JavaScript, no build step. It
 * keeps the JSON editor and the field inputs in step, and sends the edited body to the panel's
 * own API, which signs and sends it; the secret never reaches the browser. The answer is shown
 * in a sandboxed frame without scripts, as Help Scout would show it after stripping.
 *
 * @example
 * ```ts
 * response.writeHead(200, { "content-type": "text/javascript" }).end(PANEL_SCRIPT);
 * ```
 */
export const PANEL_SCRIPT = String.raw`
const token = document.querySelector('meta[name="debug-token"]').content;
const $ = (id) => document.getElementById(id);
const body = $("body");
const fields = {
  email: $("field-email"),
  fname: $("field-fname"),
  lname: $("field-lname"),
  subject: $("field-subject"),
};
let presets = [];

async function api(path, payload) {
  const response = await fetch(path, {
    method: payload === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", "x-debug-token": token },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || "The debugger answered " + response.status);
  return data;
}

function parseBody() {
  try {
    const value = JSON.parse(body.value);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { error: "The body must be a JSON object, as Help Scout sends." };
    }
    return { value };
  } catch (error) {
    return { error: "Not valid JSON: " + error.message };
  }
}

function showValidation() {
  const { error } = parseBody();
  $("body-status").textContent = error || "Valid JSON object.";
  $("body-status").className = error ? "note error" : "note";
  body.classList.toggle("invalid", Boolean(error));
  return !error;
}

function fieldsFromBody() {
  const { value } = parseBody();
  if (!value) return;
  const customer = value.customer && typeof value.customer === "object" ? value.customer : {};
  const ticket = value.ticket && typeof value.ticket === "object" ? value.ticket : {};
  fields.email.value = typeof customer.email === "string" ? customer.email : "";
  fields.fname.value = typeof customer.fname === "string" ? customer.fname : "";
  fields.lname.value = typeof customer.lname === "string" ? customer.lname : "";
  fields.subject.value = typeof ticket.subject === "string" ? ticket.subject : "";
  $("field-draft").checked = value.ticket === false;
}

// Help Scout leaves out fields without a value, so an emptied input removes its field.
function setField(object, key, text) {
  if (text === "") delete object[key];
  else object[key] = text;
}

function bodyFromFields() {
  const { value } = parseBody();
  if (!value) {
    showValidation();
    $("body-status").textContent += " Fix the body before using the fields.";
    return;
  }
  const customer = value.customer && typeof value.customer === "object" ? value.customer : {};
  const emailChanged = customer.email !== fields.email.value;
  setField(customer, "email", fields.email.value);
  if (emailChanged) setField(customer, "emails", fields.email.value ? [fields.email.value] : "");
  setField(customer, "fname", fields.fname.value);
  setField(customer, "lname", fields.lname.value);
  if (Object.keys(customer).length > 0) value.customer = customer;
  else delete value.customer;
  if ($("field-draft").checked) {
    value.ticket = false;
  } else {
    const ticket = value.ticket && typeof value.ticket === "object" ? value.ticket : {};
    setField(ticket, "subject", fields.subject.value);
    value.ticket = ticket;
  }
  body.value = JSON.stringify(value, null, 2);
  showValidation();
}

function loadPreset(name) {
  const preset = presets.find((candidate) => candidate.name === name);
  if (!preset) return;
  body.value = preset.body;
  showValidation();
  fieldsFromBody();
}

function list(element, items) {
  element.replaceChildren(
    ...items.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }),
  );
}

// With a wrong or missing signature on purpose, a 401 or 403 is the right answer.
function refusedAsItShould(report, mode) {
  return mode !== "valid" && (report.status === 401 || report.status === 403);
}

function emptyCardNote(report, mode) {
  if (report.error) return "No card: " + report.error.message;
  if (refusedAsItShould(report, mode)) {
    return "No card: the app refused the " + mode + " signature with " + report.status + ", as it should.";
  }
  if (report.status !== 200) return "No card: Help Scout shows a card only for a 200 answer.";
  return report.violations.length > 0 ? "No card: " + report.violations[0] : "";
}

function showReport(report, mode) {
  const good = !report.error && report.ok;
  $("status").textContent = report.error
    ? "no answer (" + report.error.code + ")"
    : (report.status + " " + (report.statusText || "")).trim();
  $("status").className = good ? "status-ok" : "status-bad";
  $("time").textContent = Math.round(report.durationMs) + " ms";
  $("signature-sent").textContent = report.signature || "(none sent)";
  list($("violations"), report.error ? [report.error.message] : report.violations);
  list($("warnings"), report.warnings);
  $("raw-response").textContent = report.responseBody || "(empty)";
  const headers = Object.entries(report.responseHeaders || {});
  $("raw-headers").textContent = headers.map(([name, value]) => name + ": " + value).join("\n") || "-";
  const note = document.createElement("p");
  note.className = "muted";
  note.textContent = emptyCardNote(report, mode);
  const shown =
    report.status === 200 && report.shownHtml !== undefined ? report.shownHtml : note.outerHTML;
  // The frame's sandbox has no allow-scripts and no allow-same-origin: even markup that slipped
  // past the stripping cannot run or reach this page.
  $("preview").srcdoc =
    '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/sidebar.css"></head><body>' +
    shown +
    "</body></html>";
}

async function refresh() {
  const button = $("refresh");
  button.disabled = true;
  $("status").textContent = "sending...";
  try {
    const report = await api("/api/send", {
      url: $("target-url").value.trim(),
      body: body.value,
      debug: $("debug-mode").checked,
      signature: $("signature").value,
    });
    showReport(report, $("signature").value);
  } catch (error) {
    showReport({
      error: { code: "debugger", message: error.message },
      durationMs: 0,
      warnings: [],
      violations: [],
      responseBody: "",
    }, "valid");
  } finally {
    button.disabled = false;
  }
}

async function start() {
  const config = await api("/api/config");
  presets = config.presets;
  $("preset").replaceChildren(
    ...presets.map((preset) => {
      const option = document.createElement("option");
      option.value = preset.name;
      option.textContent = preset.name + " - " + preset.summary;
      return option;
    }),
  );
  $("target-url").value = config.url || "";
  $("debug-mode").checked = Boolean(config.debug);
  $("sidebar-head").textContent = config.appName || "Your app";
  loadPreset(presets[0].name);
  $("preset").addEventListener("change", (event) => loadPreset(event.target.value));
  body.addEventListener("input", () => {
    if (showValidation()) fieldsFromBody();
  });
  body.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) refresh();
  });
  for (const input of [...Object.values(fields), $("field-draft")]) {
    input.addEventListener("input", bodyFromFields);
  }
  $("refresh").addEventListener("click", refresh);
  document.body.dataset.ready = "true";
  if ($("target-url").value) await refresh();
}

start().catch((error) => {
  $("status").textContent = "The debugger could not start: " + error.message;
});
`;
