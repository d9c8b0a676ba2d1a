export * from "./escape.js";
export * from "./html.js";
export * from "./sidebar.js";
