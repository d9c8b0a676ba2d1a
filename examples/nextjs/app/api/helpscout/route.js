// Next.js App Router: this file answers POST /api/helpscout.
import { toFetchHandler } from "helpscout-dynamic-app/fetch";
import { app } from "../../../../app.js";

// The library signs with node:crypto, so the route runs on the Node.js runtime.
export const runtime = "nodejs";
export const POST = toFetchHandler(app);
