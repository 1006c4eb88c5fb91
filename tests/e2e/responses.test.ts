/**
 * Official responses and response commitments against the real server (fresh database with the
 * demo seeded), with JavaScript on and off: council staff (Priya Shah, owner of Riverside
 * Council) answer a demo idea with a status change, the public reads the answer and the status
 * timeline, and staff set the challenge settings through the edit form. axe checks each page
 * state in English and French when JavaScript is on.
 *
 * Sign-in is rate limited (10 per e-mail and address per 15 minutes): this file signs Priya in
 * four times.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, clickAndLoad, cspErrors, launchBrowser, openTab, pathOf, visit, startServerAndBrowser, type Tab } from './support/browser.js';
import { COUNCIL_OWNER, DEMO_PASSWORD, headerName, mainForm, signIn, switchLanguage, t } from './support/flows.js';
import type { RunningServer } from '../support/server.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
const tab = async (js: boolean) => openTab(browser!, server!.url, { js });

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser(launchBrowser));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const COUNCIL = 'Riverside Council';
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

async function signInAsStaff(page: Page) {
  const res = await signIn(page, COUNCIL_OWNER.email, DEMO_PASSWORD);
  expect(res.status()).toBe(200);
  expect(await headerName(page).textContent()).toBe(COUNCIL_OWNER.displayName);
}

/** axe in English, then in French (switching back afterwards); nothing without JavaScript. */
async function a11yBothLanguages(me: Tab, label: string) {
  if (!me.js) return;
  await checkA11y(me, `${label} (en)`);
  await switchLanguage(me.page, 'fr');
  await checkA11y(me, `${label} (fr)`);
  await switchLanguage(me.page, 'en');
}

/** Opens a challenge found by the directory's search. */
async function openChallenge(page: Page, title: string): Promise<string> {
  await visit(page, `/challenges?q=${encodeURIComponent(title)}`);
  await clickAndLoad(page, page.locator('main .challenge-card h2 a', { hasText: title }));
  expect(pathOf(page)).toMatch(new RegExp(`^/challenges/${UUID}$`));
  return pathOf(page);
}

/** The response record's numbers on a challenge page: [awaiting, overdue]. */
async function recordNumbers(page: Page): Promise<[number, number]> {
  const dds = await page.locator('#response-record dl dd').allTextContents();
  return [Number(dds[0]), Number(dds[1])];
}

/** Submits the answer form: an htmx swap of #responses with JavaScript, a page load without. */
async function submitAnswer(me: Tab, ideaPath: string, expectStatus: number) {
  const { page } = me;
  const button = page.locator('#responses form button[type=submit], main form[action$="/responses"] button[type=submit]').first();
  if (me.js) {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`${ideaPath}/responses`) && r.request().method() === 'POST'),
      button.click(),
    ]);
    expect(res.status()).toBe(expectStatus);
    await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'));
    expect(pathOf(page), 'the URL does not change with htmx').toBe(ideaPath);
  } else {
    const res = await clickAndLoad(page, button);
    expect(res.status()).toBe(expectStatus);
  }
}

describe.each([{ js: true }, { js: false }])('with JavaScript $js', ({ js }) => {
  test('council staff answer a demo idea with a status change; the public sees the official response and the timeline', async () => {
    const staff = await tab(js);
    const visitor = await tab(js);
    const { page } = staff;
    // With JavaScript: the overdue "Tea and tech afternoons"; without: "Bus buddies" (no due date).
    const ideaTitle = js ? 'Tea and tech afternoons' : 'Bus buddies';
    const body = js ? 'Thank you. We will **pilot** afternoons in two libraries this spring.' : 'Thank you: our transport team will look at volunteer travel companions.';
    const reason = js ? 'Fits the library programme and costs little.' : 'Needs a check with the bus operator.';
    const newStatus = js ? 'shortlisted' : 'under_consideration';
    try {
      await signInAsStaff(page);

      // The staff list of ideas awaiting a response.
      expect((await visit(page, '/account/responses')).status()).toBe(200);
      expect(await text(page, 'h1')).toBe(t.en('responses.awaiting.title'));
      if (js) {
        const row = page.locator('main table tbody tr', { hasText: 'Tea and tech afternoons' });
        expect(await row.count()).toBe(1);
        expect(await row.textContent()).toContain('Overdue since');
      }
      await a11yBothLanguages(staff, '/account/responses');

      // The challenge page's public record.
      const challengePath = await openChallenge(page, 'Loneliness among older residents');
      const record = page.locator('#response-record');
      expect(await record.locator('h2').textContent()).toBe(t.en('responses.record.title'));
      expect(await record.locator('p').first().textContent()).toBe(
        t.en('responses.record.rule', { days: t.en('responses.record.days', { count: 5 }), supports: t.en('responses.record.supports', { count: 3 }) }),
      );
      const [, overdueBefore] = await recordNumbers(page);
      if (js) expect(await record.locator('.overdue-ideas a', { hasText: ideaTitle }).count()).toBe(1);
      await a11yBothLanguages(staff, `${challengePath} (response record)`);

      // The idea page, with the answer form for staff.
      const link = js ? record.locator('.overdue-ideas a', { hasText: ideaTitle }) : page.locator('#idea-cards a', { hasText: ideaTitle }).first();
      await clickAndLoad(page, link);
      const ideaPath = pathOf(page);
      expect(ideaPath).toMatch(new RegExp(`^/ideas/${UUID}$`));
      if (js) expect(await text(page, '#responses .response-due')).toContain('Response overdue since');
      expect(await page.locator('#responses form').count()).toBe(1);
      await a11yBothLanguages(staff, `${ideaPath} (answer form)`);

      if (js) {
        // The answer form's own page (where a refused answer lands without JavaScript), checked
        // with JavaScript on by a native submit that htmx does not see.
        for (const locale of ['fr', 'en'] as const) {
          if (locale === 'fr') await switchLanguage(page, 'fr');
          await page.locator('#responseBody').fill('');
          await Promise.all([page.waitForEvent('load'), page.evaluate(() => (document.querySelector('#responses form') as HTMLFormElement).submit())]);
          expect(pathOf(page)).toBe(`${ideaPath}/responses`);
          expect(await page.locator('.error-summary a[href="#responseBody"]').count()).toBe(1);
          await checkA11y(staff, `${ideaPath}/responses (refused, ${locale})`);
          await visit(page, ideaPath);
          if (locale === 'fr') await switchLanguage(page, 'en');
        }
      }

      // A status without a reason is refused, with the text kept and the error linked.
      await page.locator('#responseBody').fill(body);
      await page.locator('#responseStatus').selectOption(newStatus);
      await submitAnswer(staff, ideaPath, 422);
      const summary = page.locator('.error-summary');
      expect(await summary.isVisible()).toBe(true);
      expect(await summary.locator('a[href="#responseReason"]').textContent()).toBe(
        t.en('form.errorSummary.item', { field: t.en('responses.form.reason'), message: t.en('responses.validation.reasonRequired') }),
      );
      expect(await page.locator('#responseBody').inputValue()).toBe(body);
      if (js) {
        await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false)).toBe(true);
        await checkA11y(staff, `${ideaPath} (answer refused)`);
      } else {
        expect(pathOf(page)).toBe(`${ideaPath}/responses`);
      }
      await page.locator('#responseReason').fill(reason);
      await submitAnswer(staff, ideaPath, 200);
      if (js) {
        const done = page.locator('#responses .flash-success');
        await expect.poll(() => done.textContent()).toBe(t.en('responses.flash.posted'));
        await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('flash-success') ?? false)).toBe(true);
      } else {
        expect(pathOf(page)).toBe(ideaPath);
        expect(new URL(page.url()).hash).toBe('#responses');
        expect(await text(page, 'main .flash')).toBe(t.en('responses.flash.posted'));
      }

      // The answer, under Priya's name, role and council; the status changed, in the timeline too.
      const answer = page.locator('#responses .official-response').last();
      expect(await answer.locator('h3').textContent()).toBe(t.en('responses.item.title', { council: COUNCIL }));
      expect(await answer.locator('.response-byline').textContent()).toContain('Priya Shah, Digital engagement officer');
      expect(await answer.locator('.markdown').textContent()).toContain(js ? 'We will pilot afternoons' : 'our transport team');
      const statusName = t.en(`ideas.status.${newStatus}`);
      expect(await text(page, '#responses .official-response .response-status-change')).toContain(`to “${statusName}”`);
      const timeline = page.locator('#responses ol.status-timeline > li');
      expect(await timeline.last().textContent()).toContain(statusName);
      expect(await timeline.last().textContent()).toContain(reason);
      expect(await page.locator('main .idea-meta > .badge').textContent()).toBe(statusName);
      expect(await page.locator('#responses .response-due').count()).toBe(0);
      // The form is back, fresh, without the current status among the choices.
      expect(await page.locator('#responseBody').inputValue()).toBe('');
      expect(await page.locator(`#responseStatus option[value="${newStatus}"]`).count()).toBe(0);
      await a11yBothLanguages(staff, `${ideaPath} (answered)`);

      // The record on the challenge page: no longer overdue.
      await visit(page, challengePath);
      expect((await recordNumbers(page))[1]).toBe(js ? overdueBefore - 1 : overdueBefore);

      // The public sees the official response and the timeline, and no form.
      expect((await visit(visitor.page, ideaPath)).status()).toBe(200);
      const publicAnswer = visitor.page.locator('#responses .official-response', { hasText: reason });
      expect(await publicAnswer.count()).toBe(1);
      expect(await publicAnswer.locator('.response-byline').textContent()).toContain(`Priya Shah, Digital engagement officer — ${COUNCIL}`);
      expect(await visitor.page.locator('#responses ol.status-timeline > li').last().textContent()).toContain(statusName);
      expect(await visitor.page.locator('#responses form').count()).toBe(0);
      expect(await visitor.page.locator('main .idea-meta > .badge').textContent()).toBe(statusName);
      await a11yBothLanguages(visitor, `${ideaPath} (public, with a response)`);
      expect(cspErrors(staff), 'CSP violations').toEqual([]);
      expect(cspErrors(visitor), 'CSP violations').toEqual([]);
    } finally {
      await staff.close();
      await visitor.close();
    }
  });

  test('staff set the challenge settings through the edit form; the challenge page shows the commitment', async () => {
    const staff = await tab(js);
    const { page } = staff;
    const title = js ? 'Greener high streets' : 'Which open data should we publish first?';
    try {
      await signInAsStaff(page);
      const path = await openChallenge(page, title);
      await clickAndLoad(page, page.locator(`main a[href="${path}/edit"]`));
      expect(pathOf(page)).toBe(`${path}/edit`);
      await a11yBothLanguages(staff, `${path}/edit`);

      // Days without supports: refused, with the error linked to the empty field.
      await page.locator('#responseDays').fill('10');
      await page.locator('#responseThreshold').fill('');
      const save = mainForm(page, `${path}/edit`).locator('button[type=submit]');
      expect((await clickAndLoad(page, save)).status()).toBe(422);
      expect(await page.locator('.error-summary a[href="#responseThreshold"]').textContent()).toBe(
        t.en('form.errorSummary.item', { field: t.en('challenges.field.responseThreshold'), message: t.en('challenges.validation.responseBoth') }),
      );
      expect(await page.locator('#responseDays').inputValue()).toBe('10');
      await checkA11y(staff, `${path}/edit (refused)`);

      await page.locator('#responseThreshold').fill('2');
      await page.locator('#selfSupport').check();
      await page.locator('#commentPolicy').fill('Stay on topic, and be kind to each other.');
      expect((await clickAndLoad(page, save)).status()).toBe(200);
      expect(pathOf(page)).toBe(path);
      expect(await text(page, 'main .flash')).toBe(t.en('challenges.updated'));
      expect(await text(page, '#response-record p')).toBe(
        t.en('responses.record.rule', { days: t.en('responses.record.days', { count: 10 }), supports: t.en('responses.record.supports', { count: 2 }) }),
      );
      await a11yBothLanguages(staff, `${path} (with a response commitment)`);

      // The form shows the settings back.
      await visit(page, `${path}/edit`);
      expect(await page.locator('#selfSupport').isChecked()).toBe(true);
      expect(await page.locator('#hideCounts').isChecked()).toBe(false);
      expect(await page.locator('#responseDays').inputValue()).toBe('10');
      expect(await page.locator('#responseThreshold').inputValue()).toBe('2');
      expect(await page.locator('#commentPolicy').inputValue()).toBe('Stay on topic, and be kind to each other.');
      expect(cspErrors(staff), 'CSP violations').toEqual([]);
    } finally {
      await staff.close();
    }
  });
});
