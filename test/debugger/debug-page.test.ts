import { mkdirSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DebugServer, startDebugServer } from "../../src/debugger/debug-server.js";
import { goodApp, listen, type RunningServer, SECRET } from "../emulator/test-servers.js";
import { launchChromium } from "./browser.js";

const SCREENSHOTS = "test-output";

describe("the debug panel in Chromium", () => {
  let app: RunningServer;
  let hostile: RunningServer;
  let panel: DebugServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await listen(goodApp());
    hostile = await listen((request, response) => {
      request.resume();
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          html: '<h4 class="c-sb-section__title">Hostile</h4><img src="x" onerror="parent.document.title=\'pwned\'"><script>top.document.title="pwned"</script><p style="color:red">styled</p>',
        }),
      );
    });
    panel = await startDebugServer({ secret: SECRET, url: app.url, debug: true, port: 0 });
    browser = await launchChromium();
    context = browser.context;
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([panel?.close(), app?.close(), hostile?.close()]);
  });

  const preview = () => page.frameLocator("#preview").locator("body");

  it("loads, sends the first preset at once and shows the card in the sidebar frame", async () => {
    await page.goto(panel.url);
    await expect.poll(() => page.textContent("#status")).toBe("200 OK");
    await expect.poll(() => preview().textContent()).toContain("Jan Baker");
    expect(await page.getAttribute("#preview", "sandbox")).toBe("");
    const signature = await page.textContent("#signature-sent");
    expect(signature).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(await page.textContent("#raw-response")).toContain('"html"');
    // The sidebar style sheet loaded inside the frame, under the page's security policy.
    const weight = await preview()
      .locator(".c-sb-section__title")
      .first()
      .evaluate((element) => getComputedStyle(element).fontWeight);
    expect(weight).toBe("600");
    await page.screenshot({ path: `${SCREENSHOTS}/debug-panel-loaded.png`, fullPage: true });
  });

  it("edits a field, Refresh sends it again, and the preview shows the new value", async () => {
    await page.fill("#field-fname", "Zoë");
    await page.fill("#field-email", "zoe@example.org");
    const body = JSON.parse(await page.inputValue("#body")) as {
      customer: { fname: string; email: string; emails: string[] };
    };
    expect(body.customer).toMatchObject({
      fname: "Zoë",
      email: "zoe@example.org",
      emails: ["zoe@example.org"],
    });
    await page.click("#refresh");
    await expect.poll(() => preview().textContent()).toContain("Zoë Baker");
    await expect.poll(() => preview().textContent()).toContain("zoe@example.org");
    await page.screenshot({ path: `${SCREENSHOTS}/debug-panel-edited.png`, fullPage: true });
  });

  it("flags invalid JSON in the editor", async () => {
    const before = await page.inputValue("#body");
    await page.fill("#body", '{"customer": ');
    await expect.poll(() => page.textContent("#body-status")).toMatch(/Not valid JSON/);
    expect(await page.getAttribute("#body", "class")).toContain("invalid");
    await page.fill("#body", before);
    await expect.poll(() => page.textContent("#body-status")).toBe("Valid JSON object.");
  });

  it("shows the app's refusal of a bad signature as an error", async () => {
    await page.selectOption("#signature", "wrong");
    await page.click("#refresh");
    await expect.poll(() => page.textContent("#status")).toBe("401 Unauthorized");
    expect(await page.getAttribute("#status", "class")).toBe("status-bad");
    expect(await page.textContent("#violations")).toMatch(/answered 401/);
    expect(await page.textContent("#raw-response")).toContain("invalid_signature");
    await expect
      .poll(() => preview().textContent())
      .toBe("No card: the app refused the wrong signature with 401, as it should.");
    await page.screenshot({ path: `${SCREENSHOTS}/debug-panel-bad-signature.png`, fullPage: true });
    await page.selectOption("#signature", "valid");
  });

  it("shows hostile markup stripped, in a frame where nothing runs", async () => {
    await page.fill("#target-url", hostile.url);
    await page.click("#refresh");
    await expect.poll(() => preview().textContent()).toContain("Hostile");
    const warnings = await page.textContent("#warnings");
    expect(warnings).toMatch(/Removed <script>/);
    expect(warnings).toMatch(/Removed onerror/);
    expect(warnings).toMatch(/Removed a style attribute/);
    expect(await preview().locator("script").count()).toBe(0);
    expect(await page.title()).toBe("Help Scout Dynamic App debugger");
    await page.screenshot({ path: `${SCREENSHOTS}/debug-panel-stripped.png`, fullPage: true });
  });

  it("switches presets, and a plain-HTTP URL fails outside debug mode", async () => {
    await page.fill("#target-url", app.url);
    await page.selectOption("#preset", "draft");
    expect(await page.isChecked("#field-draft")).toBe(true);
    await page.uncheck("#debug-mode");
    await page.click("#refresh");
    await expect.poll(() => page.textContent("#status")).toBe("no answer (insecure_url)");
    expect(await page.textContent("#violations")).toMatch(/only HTTPS URLs/);
    expect(await page.textContent("#signature-sent")).toBe("(none sent)");
    await expect
      .poll(() => preview().textContent())
      .toMatch(/^No card: Help Scout calls only HTTPS/);
  });
});
