import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import { expect } from 'vitest';
import { startFreshServer, type RunningServer } from '../../support/server.js';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * The server (a fresh one: see startFreshServer) and the browser for one test file, started side
 * by side; if either fails to start, the other is stopped again before the error is thrown.
 */
export async function startServerAndBrowser<B extends { close(): Promise<void> }>(launch: () => Promise<B>): Promise<{ server: RunningServer; browser: B }> {
  const [server, browser] = await Promise.allSettled([startFreshServer(), launch()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') return { server: server.value, browser: browser.value };
  if (server.status === 'fulfilled') await server.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A browser tab in its own context (own cookies), recording console errors. */
export type Tab = {
  context: BrowserContext;
  page: Page;
  js: boolean;
  /** Console errors and uncaught page errors since the last `clearErrors()`. */
  errors: string[];
  clearErrors(): void;
  close(): Promise<void>;
};

export async function openTab(browser: Browser, baseURL: string, options: { js?: boolean } = {}): Promise<Tab> {
  const js = options.js ?? true;
  // newContext (not browser.newPage) so @axe-core/playwright can open its own pages in it.
  const context = await browser.newContext({ baseURL, javaScriptEnabled: js, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return {
    context,
    page,
    js,
    errors,
    clearErrors: () => void errors.splice(0),
    close: () => context.close(),
  };
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the page as it is now; fails listing each violation with its targets. */
export async function expectNoAxeViolations(page: Page, label = new URL(page.url()).pathname): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const lines = results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n    ')}`,
  );
  expect(lines, `axe violations on ${label}:\n  ${lines.join('\n  ')}`).toEqual([]);
}

/**
 * Checks accessibility when the tab runs JavaScript (axe needs it); a no-JavaScript tab is
 * checked for behaviour only.
 */
export async function checkA11y(tab: Tab, label?: string): Promise<void> {
  if (tab.js) await expectNoAxeViolations(tab.page, label);
}

/**
 * Clicks something that submits a form or follows a link, waits for the next document to load,
 * and returns that document's response (the last one after any redirects).
 */
export async function clickAndLoad(page: Page, target: Locator): Promise<Response> {
  const responses: Response[] = [];
  const onResponse = (r: Response) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) responses.push(r);
  };
  page.on('response', onResponse);
  try {
    await Promise.all([page.waitForEvent('load'), target.click()]);
  } finally {
    page.off('response', onResponse);
  }
  const last = responses.at(-1);
  if (!last) throw new Error(`clicking ${target} loaded no document`);
  return last;
}

/** Goes to a path and returns the main document's response (after redirects). */
export async function visit(page: Page, path: string): Promise<Response> {
  const res = await page.goto(path);
  if (!res) throw new Error(`no response for ${path}`);
  return res;
}

export const pathOf = (page: Page) => {
  const u = new URL(page.url());
  return u.pathname + u.search;
};

export const cspErrors = (tab: Tab) => tab.errors.filter((e) => e.includes('Content Security Policy'));
