/**
 * A style sheet that imitates Help Scout's conversation sidebar closely enough to judge a card:
 * its font, spacing and colours, for both generations of the style guide's markup (the current
 * `c-sb-*` classes, and the older `h4` / `.muted` / `ul.unstyled` / `.toggleGroup` markup).
 * It is served as `/sidebar.css` and linked from inside the preview frame.
 *
 * Collapsible sections are shown open: Help Scout toggles them with its own script, and the
 * preview runs none.
 *
 * @example
 * ```ts
 * response.writeHead(200, { "content-type": "text/css" }).end(SIDEBAR_STYLE);
 * ```
 */
export const SIDEBAR_STYLE = `
html { background: #fff; }
body {
  margin: 0;
  padding: 0 16px 16px;
  font: 13px/1.5 "Helvetica Neue", Helvetica, Arial, sans-serif;
  color: #314351;
  -webkit-font-smoothing: antialiased;
  overflow-wrap: anywhere;
}
a { color: #1292ee; text-decoration: none; }
a:hover { text-decoration: underline; }
p { margin: 0 0 8px; }
body > p:first-child { margin-top: 12px; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; }
td, th { padding: 2px 4px 2px 0; text-align: left; vertical-align: top; }
th { color: #93a1b0; font-weight: 500; font-size: 12px; }
code, pre { font: 12px/1.4 Menlo, Consolas, monospace; background: #f1f3f5; border-radius: 3px; }
pre { padding: 6px; white-space: pre-wrap; }

/* The current generation: c-sb-* */
.c-sb-section { border-bottom: 1px solid #e3e8eb; padding: 14px 0 10px; }
.c-sb-section:last-child { border-bottom: 0; }
.c-sb-section__title {
  margin: 0 0 8px;
  font-size: 13px;
  font-weight: 600;
  color: #1f2d3d;
  display: flex;
  align-items: center;
  justify-content: space-between;
}
.c-sb-section--toggle > .c-sb-section__title { cursor: pointer; }
.c-sb-section__body { color: #314351; }
.caret, .sb-caret {
  display: inline-block;
  width: 0;
  height: 0;
  margin-left: 6px;
  border-left: 4px solid transparent;
  border-right: 4px solid transparent;
  border-top: 5px solid #93a1b0;
}
.c-sb-list { list-style: none; margin: 0; padding: 0; }
.c-sb-list-item { position: relative; padding: 3px 0; min-height: 18px; }
.c-sb-list-item__icon { position: absolute; left: 0; top: 7px; }
.c-sb-list-item__label { display: block; color: #93a1b0; font-size: 12px; }
.c-sb-list-item__text { display: block; color: #314351; font-size: 13px; }
.c-sb-list--two-line .c-sb-list-item { padding: 6px 0; }
.c-sb-list--compact .c-sb-list-item { padding: 1px 0; }
.c-sb-list--compact .c-sb-list-item__label,
.c-sb-list--compact .c-sb-list-item__text { display: inline; }
.c-sb-list .c-sb-list-item:has(> .c-sb-list-item__icon) { padding-left: 22px; }
.c-sb-list-divider { list-style: none; border-top: 1px solid #e3e8eb; margin: 6px 0; height: 0; }
.icon-sb, [class^="icon-"], [class*=" icon-"] {
  display: inline-block;
  width: 14px;
  height: 14px;
  border-radius: 3px;
  background: #c1cbd4;
  vertical-align: -2px;
}

/* Badges, in both generations */
.badge {
  display: inline-block;
  padding: 0 6px;
  border-radius: 3px;
  font-size: 11px;
  font-weight: 600;
  line-height: 18px;
  color: #fff;
  background: #93a1b0;
  vertical-align: 1px;
}
.badge + .badge { margin-left: 4px; }
.badge.red { background: #e52f28; color: #fff; }
.badge.green { background: #4bc27d; color: #fff; }
.badge.blue { background: #1292ee; color: #fff; }
.badge.pending, .badge.orange { background: #f5a623; color: #fff; }
.badge.purple { background: #8a5cd1; color: #fff; }

/* The older generation */
h4 { margin: 14px 0 6px; font-size: 13px; font-weight: 600; color: #1f2d3d; }
h4:first-child { margin-top: 12px; }
.muted { color: #93a1b0; }
.blue { color: #1292ee; }
.green { color: #3c9f61; }
.red { color: #e52f28; }
.orange { color: #e08e0b; }
.purple { color: #8a5cd1; }
.strike { text-decoration: line-through; }
ul.unstyled { list-style: none; margin: 0 0 8px; padding: 0; }
ul.unstyled li { padding: 2px 0; }
.divider { border-top: 1px solid #e3e8eb; margin: 10px 0; height: 0; }
.toggleGroup { border-bottom: 1px solid #e3e8eb; padding-bottom: 6px; }
.toggleBtn { cursor: pointer; }
.toggleBtn::after {
  content: "";
  display: inline-block;
  margin-left: 6px;
  border-left: 4px solid transparent;
  border-right: 4px solid transparent;
  border-top: 5px solid #93a1b0;
  vertical-align: 2px;
}
.toggle { padding-left: 0; }
`;
