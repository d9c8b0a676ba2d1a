import { describe, expectTypeOf, it } from "vitest";
import {
  type AppDefinition,
  type AppModuleExport,
  type AppOptions,
  type DynamicApp,
  type DynamicAppCustomer,
  type DynamicAppRequest,
  type DynamicAppTicket,
  defineApp,
  ERROR_CODES,
  type ErrorCode,
  type HtmlValue,
  html,
  type IncomingRequest,
  type Logger,
  type OutgoingResponse,
  type RenderContext,
  resolveAppModule,
  type SafeHtml,
  section,
  signBody,
  verifySignature,
} from "../../src/index.js";

describe("the root export's types", () => {
  it("types defineApp's options and result", () => {
    expectTypeOf(defineApp).parameter(0).toEqualTypeOf<AppOptions>();
    expectTypeOf(defineApp).returns.toEqualTypeOf<DynamicApp>();
    expectTypeOf<DynamicApp["handle"]>().parameter(0).toEqualTypeOf<IncomingRequest>();
    expectTypeOf<DynamicApp["handle"]>().returns.resolves.toEqualTypeOf<OutgoingResponse>();
    expectTypeOf<AppOptions["secrets"]>().toEqualTypeOf<string | readonly string[]>();
    expectTypeOf<AppOptions["logger"]>().toEqualTypeOf<Logger | undefined>();
  });

  it("gives render the parsed request, the request id, a signal and a logger", () => {
    expectTypeOf<RenderContext["request"]>().toEqualTypeOf<DynamicAppRequest>();
    expectTypeOf<RenderContext["requestId"]>().toBeString();
    expectTypeOf<RenderContext["signal"]>().toEqualTypeOf<AbortSignal>();
    expectTypeOf<RenderContext["log"]>().toEqualTypeOf<Logger>();
    defineApp({
      secrets: "s",
      render: async ({ request, signal }) => {
        expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
        return html`${request.customerName}`;
      },
    });
  });

  it("models missing objects as null and optional fields as possibly undefined", () => {
    expectTypeOf<DynamicAppRequest["ticket"]>().toEqualTypeOf<DynamicAppTicket | null>();
    expectTypeOf<DynamicAppRequest["customer"]>().toEqualTypeOf<DynamicAppCustomer | null>();
    expectTypeOf<DynamicAppRequest["isDraft"]>().toBeBoolean();
    expectTypeOf<DynamicAppRequest["customerEmails"]>().toEqualTypeOf<string[]>();
    expectTypeOf<DynamicAppRequest["customerName"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<DynamicAppTicket["id"]>().toEqualTypeOf<number | string | undefined>();
  });

  it("accepts only HTML values from render", () => {
    expectTypeOf(html`<b>x</b>`).toEqualTypeOf<SafeHtml>();
    expectTypeOf(section("Title", "body")).toEqualTypeOf<SafeHtml>();
    expectTypeOf<string>().toExtend<HtmlValue>();
    expectTypeOf<{ html: string }>().not.toExtend<HtmlValue>();
    // Checked by the compiler only: at run time these calls would throw.
    const compileOnly = () => {
      // @ts-expect-error: render must return HTML, not a response object
      defineApp({ secrets: "s", render: () => ({ html: "<b>x</b>" }) });
      // @ts-expect-error: the secrets are required
      defineApp({ render: () => "x" });
    };
    expectTypeOf(compileOnly).toBeFunction();
  });

  it("lists the error codes with their literal statuses", () => {
    expectTypeOf<"body_already_parsed">().toExtend<ErrorCode>();
    expectTypeOf<"invalid_signature">().toExtend<ErrorCode>();
    expectTypeOf<"no_such_code">().not.toExtend<ErrorCode>();
    expectTypeOf(ERROR_CODES.invalid_signature).toEqualTypeOf<401>();
    expectTypeOf(ERROR_CODES.body_already_parsed).toEqualTypeOf<500>();
  });

  it("types the protocol helpers", () => {
    expectTypeOf(signBody).returns.toBeString();
    expectTypeOf(verifySignature).returns.toBeBoolean();
    expectTypeOf(verifySignature).parameter(0).toEqualTypeOf<Uint8Array | string>();
  });

  it("types what an app module may export for serve --app", () => {
    expectTypeOf<DynamicApp>().toExtend<AppModuleExport>();
    expectTypeOf<{ render: () => string }>().toExtend<AppDefinition>();
    expectTypeOf<AppDefinition["secrets"]>().toEqualTypeOf<
      string | readonly string[] | undefined
    >();
    expectTypeOf(resolveAppModule).returns.toEqualTypeOf<DynamicApp>();
  });
});
