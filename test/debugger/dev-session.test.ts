import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DebugServer, startDebugServer } from "../../src/debugger/debug-server.js";
import { type DevSession, startDev } from "../../src/debugger/start-dev.js";
import { runCheck } from "../../src/emulator/run-check.js";
import { listen, type RunningServer, SECRET } from "../emulator/test-servers.js";
import { launchChromium } from "./browser.js";

const SCREENSHOTS = "test-output";

// One card in each generation of the sidebar style guide, as an app could answer it.
const BOTH_GENERATIONS =
  '<div class="c-sb-section c-sb-section--card"><h4 class="c-sb-section__title">Current generation</h4>' +
  '<div class="c-sb-section__body"><ul class="c-sb-list c-sb-list--two-line">' +
  '<li class="c-sb-list-item"><i class="icon-cart icon-sb c-sb-list-item__icon"></i><span class="c-sb-list-item__label">Plan<span class="c-sb-list-item__text">Unlimited <span class="badge blue">Pro</span></span></span></li>' +
  '<li class="c-sb-list-divider"></li>' +
  '<li class="c-sb-list-item"><span class="c-sb-list-item__label">Status<span class="c-sb-list-item__text"><span class="badge green">active</span> <span class="badge red">overdue</span> <span class="badge pending">pending</span></span></span></li>' +
  "</ul></div></div>" +
  '<div class="c-sb-section c-sb-section--toggle"><div class="c-sb-section__title js-sb-toggle">Orders<i class="caret sb-caret"></i></div>' +
  '<div class="c-sb-section__body"><ul class="c-sb-list c-sb-list--compact"><li class="c-sb-list-item"><a href="https://shop.example/orders/1042">#1042</a> $120.00</li></ul></div></div>' +
  '<h4>Older generation</h4><p class="muted">Customer since 2011</p><ul class="unstyled"><li class="green">Paid</li><li class="red strike">Refunded</li><li class="orange">Disputed</li></ul>' +
  '<div class="divider"></div><div class="toggleGroup"><h4 class="toggleBtn">Notes</h4><div class="toggle"><p>Prefers e-mail. <span class="badge">VIP</span></p></div></div>';

describe("helpscout-app dev and the sidebar's look", () => {
  let folder: string;
  let dev: DevSession;
  let styled: RunningServer;
  let stylePanel: DebugServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    folder = mkdtempSync(join(tmpdir(), "hsda-dev-"));
    dev = await startDev({ appPort: 0, panelPort: 0, db: join(folder, "data", "customers.db") });
    styled = await listen((request, response) => {
      request.resume();
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ html: BOTH_GENERATIONS }));
    });
    stylePanel = await startDebugServer({ secret: SECRET, url: styled.url, debug: true, port: 0 });
    browser = await launchChromium();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([dev?.close(), styled?.close(), stylePanel?.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  it("serves the demo app and the panel on loopback, sharing a secret the check accepts", async () => {
    expect(new URL(dev.appUrl).hostname).toBe("127.0.0.1");
    expect(new URL(dev.panelUrl).hostname).toBe("127.0.0.1");
    expect(dev.generatedSecret).toBe(true);
    expect(dev.secret.length).toBeLessThanOrEqual(40);
    const report = await runCheck({ url: dev.appUrl, secret: dev.secret, debug: true });
    expect(report.scenarios.filter((s) => !s.passed)).toEqual([]);
  });

  it("shows a demo customer's card as soon as the panel opens", async () => {
    await page.goto(dev.panelUrl);
    await expect.poll(() => page.textContent("#status")).toBe("200 OK");
    const card = page.frameLocator("#preview").locator("body");
    await expect.poll(() => card.textContent()).toContain("Jan Baker");
    expect(await card.textContent()).toContain("Jan's Famous Cupcakes");
    expect(await page.textContent("#sidebar-head")).toBe("Customer card (demo)");
    expect(await page.textContent("#violations")).toBe("");
    await page.screenshot({ path: `${SCREENSHOTS}/dev-demo-card.png`, fullPage: true });
  });

  it("styles both generations of the style guide's markup", async () => {
    await page.goto(stylePanel.url);
    const card = page.frameLocator("#preview").locator("body");
    await expect.poll(() => card.textContent()).toContain("Older generation");
    expect(await page.textContent("#warnings")).toBe("");
    const colour = (selector: string, property: "color" | "backgroundColor") =>
      card
        .locator(selector)
        .first()
        .evaluate((element, name) => getComputedStyle(element)[name], property);
    expect(await colour(".badge.green", "backgroundColor")).toBe("rgb(75, 194, 125)");
    expect(await colour(".badge.red", "backgroundColor")).toBe("rgb(229, 47, 40)");
    expect(await colour("p.muted", "color")).toBe("rgb(147, 161, 176)");
    expect(await colour("li.red", "color")).toBe("rgb(229, 47, 40)");
    const listStyle = await card
      .locator("ul.unstyled")
      .evaluate((element) => getComputedStyle(element).listStyleType);
    expect(listStyle).toBe("none");
    await page
      .locator(".sidebar")
      .screenshot({ path: `${SCREENSHOTS}/sidebar-both-generations.png` });
  });
});
