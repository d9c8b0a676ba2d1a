export * from "./customer-card.js";
export * from "./customer-card-app.js";
export * from "./format.js";
