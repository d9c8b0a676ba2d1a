// Express 4 is installed under the alias "express4" next to Express 5; its API is typed close
// enough by Express 5's types for what the tests use.
declare module "express4" {
  import express from "express";
  export default express;
}
