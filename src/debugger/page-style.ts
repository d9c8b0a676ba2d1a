/**
 * The style sheet of the debug panel itself (not of the card): two columns, the request on the
 * left and what Help Scout would show on the right. Served as `/panel.css`.
 *
 * @example
 * ```ts
 * response.writeHead(200, { "content-type": "text/css" }).end(PANEL_STYLE);
 * ```
 */
export const PANEL_STYLE = `
* { box-sizing: border-box; }
body {
  margin: 0;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2d3d;
  background: #f1f3f5;
}
header {
  display: flex;
  align-items: baseline;
  gap: 12px;
  padding: 10px 20px;
  background: #1f2d3d;
  color: #fff;
}
header h1 { margin: 0; font-size: 16px; font-weight: 600; }
header span { color: #c1cbd4; font-size: 13px; }
main { display: grid; grid-template-columns: minmax(380px, 1fr) minmax(420px, 1fr); gap: 16px; padding: 16px 20px; }
section.panel { background: #fff; border: 1px solid #dfe4e8; border-radius: 6px; padding: 14px 16px; }
h2 { margin: 0 0 10px; font-size: 14px; text-transform: uppercase; letter-spacing: .04em; color: #5b6b79; }
label { display: block; font-size: 12px; color: #5b6b79; margin: 8px 0 2px; }
label.inline { display: inline-flex; align-items: center; gap: 6px; margin-right: 14px; font-size: 13px; color: #1f2d3d; }
input[type="text"], input[type="url"], input[type="email"], select, textarea {
  width: 100%;
  padding: 6px 8px;
  border: 1px solid #c1cbd4;
  border-radius: 4px;
  font: inherit;
  background: #fff;
}
textarea { font: 12px/1.45 Menlo, Consolas, monospace; min-height: 300px; resize: vertical; }
textarea.invalid { border-color: #e52f28; outline-color: #e52f28; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 12px; }
.row { display: flex; gap: 8px; align-items: end; }
.row > * { flex: 1; }
.note { font-size: 12px; color: #5b6b79; margin: 4px 0 0; }
.note.error { color: #c0221b; }
button {
  margin-top: 12px;
  padding: 8px 18px;
  border: 0;
  border-radius: 4px;
  background: #1292ee;
  color: #fff;
  font: inherit;
  font-weight: 600;
  cursor: pointer;
}
button:disabled { background: #93a1b0; cursor: wait; }
.summary { display: flex; flex-wrap: wrap; gap: 6px 18px; margin-bottom: 12px; font-size: 13px; }
.summary b { font-weight: 600; }
.status-ok { color: #2f8a52; }
.status-bad { color: #c0221b; }
.signature { font-family: Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.sidebar {
  width: 320px;
  border: 1px solid #dfe4e8;
  border-radius: 6px;
  overflow: hidden;
  background: #fff;
  box-shadow: 0 1px 3px rgba(0, 0, 0, .06);
}
.sidebar-head {
  padding: 8px 16px;
  background: #f9fafa;
  border-bottom: 1px solid #e3e8eb;
  font: 600 12px/1.5 "Helvetica Neue", Helvetica, Arial, sans-serif;
  color: #5b6b79;
  text-transform: uppercase;
  letter-spacing: .04em;
}
iframe#preview { display: block; width: 100%; height: 520px; border: 0; }
.findings { margin: 12px 0 0; padding-left: 18px; font-size: 13px; }
.findings li { margin: 3px 0; }
.findings.violations li { color: #c0221b; }
.findings.warnings li { color: #8a5a00; }
pre.raw {
  margin: 6px 0 0;
  max-height: 260px;
  overflow: auto;
  padding: 8px;
  background: #f6f8fa;
  border: 1px solid #e3e8eb;
  border-radius: 4px;
  font: 12px/1.4 Menlo, Consolas, monospace;
  white-space: pre-wrap;
  word-break: break-all;
}
h3 { margin: 16px 0 4px; font-size: 13px; color: #5b6b79; }
.spaced { margin-top: 8px; }
`;
