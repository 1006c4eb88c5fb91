/**
 * Every page template, in English and then in French (switched with the header's language
 * button), for the people who can see it: the right status, a CSP header and no CSP violation in
 * the console, a <title>, exactly one h1, html[lang] matching the language, and zero axe
 * violations (WCAG 2.2 AA tags). At the end, the HTML of every page as the server sent it goes
 * through the W3C Nu checker: zero errors.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Locale } from '../../src/i18n/index.js';
import { clickAndLoad, cspErrors, expectNoAxeViolations, launchBrowser, openTab, pathOf, visit, startServerAndBrowser, type Tab } from './support/browser.js';
import { ADMIN, CITIZEN, COUNCIL_OWNER, DEMO_PASSWORD, fillSignUp, headerName, mainForm, newPerson, oneTimeLinkPattern, signIn, switchLanguage } from './support/flows.js';
import { waitForMailLink } from './support/mail.js';
import { nuErrors } from './support/nu.js';
import type { RunningServer } from '../support/server.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
const srv = () => server!;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser(launchBrowser));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const ORG = '/organisations/riverside-council';

/** Every page's HTML as sent, for the Nu checker at the end. */
const documents: Array<{ name: string; html: string }> = [];

/** A page to check; `path` may be found at run time (e.g. a link from a mail). */
type PageCheck = { name: string; path: () => string | Promise<string>; status?: number };
const at = (path: string, status = 200): PageCheck => ({ name: path, path: () => path, status });

async function checkPage(tab: Tab, check: PageCheck, locale: Locale) {
  const { page } = tab;
  const path = await check.path();
  tab.clearErrors();
  const res = await visit(page, path);
  const label = `${path} (${locale})`;
  expect(res.status(), `status of ${label}`).toBe(check.status ?? 200);
  expect(pathOf(page), `${label} was not redirected`).toBe(path);

  const csp = res.headers()['content-security-policy'];
  expect(csp, `CSP header on ${label}`).toBeTruthy();
  expect(csp).toContain("script-src 'self';");
  expect(csp).toContain("object-src 'none'");

  expect(await page.locator('head > title').count(), `<title> on ${label}`).toBe(1);
  expect((await page.title()).trim(), `<title> text on ${label}`).not.toBe('');
  expect(await page.locator('h1').count(), `h1 count on ${label}`).toBe(1);
  expect(await page.locator('html').getAttribute('lang'), `html[lang] on ${label}`).toBe(locale);

  await expectNoAxeViolations(page, label);
  expect(cspErrors(tab), `CSP violations on ${label}`).toEqual([]);
  documents.push({ name: label, html: await res.text() });
}

/**
 * One signed-in (or anonymous) tab per describe: every page in English, then the header's
 * language button, then every page in French.
 */
function sweep(who: string, options: { signIn?: { email: string; password: string; name: string }; before?: (tab: Tab) => Promise<void>; pages: () => PageCheck[]; extra?: (tab: () => Tab) => void }) {
  describe(who, () => {
    let tab: Tab;
    beforeAll(async () => {
      tab = await openTab(browser!, srv().url, { js: true });
      await options.before?.(tab);
      if (options.signIn) {
        await signIn(tab.page, options.signIn.email, options.signIn.password);
        expect(await headerName(tab.page).textContent()).toBe(options.signIn.name);
      }
    });
    afterAll(async () => {
      await tab?.close();
    });

    options.extra?.(() => tab);

    for (const locale of ['en', 'fr'] as const) {
      if (locale === 'fr') {
        test('switches to French with the header button', async () => {
          await visit(tab.page, '/');
          await switchLanguage(tab.page, 'fr');
          expect(pathOf(tab.page)).toBe('/');
        });
      }
      for (const check of options.pages()) {
        test(`${check.name} (${locale})`, async () => {
          await checkPage(tab, check, locale);
        });
      }
    }
  });
}

test('the axe check itself fails on an inaccessible page', async () => {
  const tab = await openTab(browser!, srv().url, { js: true });
  try {
    await tab.page.setContent('<!doctype html><html><head><title>Bad</title></head><body><main><img src="data:,"><a href="/"></a></main></body></html>');
    await expect(expectNoAxeViolations(tab.page, 'bad page')).rejects.toThrow(/image-alt[\s\S]*link-name|link-name[\s\S]*image-alt/);
  } finally {
    await tab.close();
  }
});

test('the console listener sees a CSP violation', async () => {
  const tab = await openTab(browser!, srv().url, { js: true });
  try {
    await visit(tab.page, '/');
    expect(cspErrors(tab)).toEqual([]);
    // An inline script must be refused (script-src 'self'), and the refusal must reach us.
    await tab.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'document.title = "injected"';
      document.body.append(s);
    });
    await expect.poll(() => cspErrors(tab).length).toBeGreaterThan(0);
    expect(await tab.page.title()).not.toBe('injected');
  } finally {
    await tab.close();
  }
});

/** A demo challenge's page path, found through the directory's search (its id is random). */
let demoChallengePath: string | undefined;
async function demoChallenge(): Promise<string> {
  if (!demoChallengePath) {
    const html = await (await fetch(`${srv().url}/challenges?q=${encodeURIComponent('Greener high streets')}`)).text();
    const m = /href="(\/challenges\/[0-9a-f-]{36})"/.exec(html);
    if (!m?.[1]) throw new Error('the demo challenge "Greener high streets" is not in the directory');
    demoChallengePath = m[1];
  }
  return demoChallengePath;
}
const challengePage = (suffix = ''): PageCheck => ({ name: `/challenges/:id${suffix}`, path: async () => (await demoChallenge()) + suffix });

/**
 * A demo idea's page path, found on the demo challenge's page: "Planters that catch the rain",
 * Sam Taylor's idea (so Sam may edit it while the challenge is open for ideas).
 */
let demoIdeaPath: string | undefined;
async function demoIdea(): Promise<string> {
  if (!demoIdeaPath) {
    const html = await (await fetch(`${srv().url}${await demoChallenge()}?sort=newest`)).text();
    const m = /href="(\/ideas\/[0-9a-f-]{36})">Planters that catch the rain</.exec(html);
    if (!m?.[1]) throw new Error('the demo idea "Planters that catch the rain" is not on its challenge page');
    demoIdeaPath = m[1];
  }
  return demoIdeaPath;
}
const ideaPage = (suffix = ''): PageCheck => ({ name: `/ideas/:id${suffix}`, path: async () => (await demoIdea()) + suffix });

/** The demo's idea the council did not take forward ("Live street works map"), found with its challenge's status filter. */
let notTakenForwardPath: string | undefined;
const notTakenForwardPage: PageCheck = {
  name: '/ideas/:id (not taken forward)',
  path: async () => {
    if (!notTakenForwardPath) {
      const directory = await (await fetch(`${srv().url}/challenges?q=${encodeURIComponent('Which open data')}`)).text();
      const challenge = /href="(\/challenges\/[0-9a-f-]{36})"/.exec(directory)?.[1];
      if (!challenge) throw new Error('the demo challenge "Which open data should we publish first?" is not in the directory');
      const list = await (await fetch(`${srv().url}${challenge}?status=not_taken_forward`)).text();
      notTakenForwardPath = /href="(\/ideas\/[0-9a-f-]{36})">Live street works map</.exec(list)?.[1];
      if (!notTakenForwardPath) throw new Error('the demo idea "Live street works map" is not listed as not taken forward');
    }
    return notTakenForwardPath;
  },
};

/** The first comment on the demo idea and its author (for the comment and person pages). */
async function onDemoIdea(pattern: RegExp, what: string): Promise<string> {
  const html = await (await fetch(`${srv().url}${await demoIdea()}`)).text();
  const m = pattern.exec(html);
  if (!m?.[1]) throw new Error(`no ${what} on the demo idea's page`);
  return m[1];
}
const commentPage = (suffix: string): PageCheck => ({ name: `/comments/:id${suffix}`, path: async () => `/comments/${await onDemoIdea(/id="comment-([0-9a-f-]{36})"/, 'comment')}${suffix}` });
const personPage: PageCheck = { name: '/people/:id', path: async () => `/people/${await onDemoIdea(/href="\/people\/([0-9a-f-]{36})"/, 'person link')}` };

/** The invitation link the council owner sends to the demo citizen (for the /invitations/:id page). */
let invitationLink: string | undefined;
const invitationPage: PageCheck = {
  name: '/invitations/:id',
  path: () => {
    if (!invitationLink) throw new Error('no invitation link: sending an invitation from the members page failed (see the council owner tests)');
    return new URL(invitationLink).pathname;
  },
};

/** A member's removal confirmation (found on the members page by the council owner's first test). */
let removeMemberPath: string | undefined;
const removeMemberPage: PageCheck = {
  name: '/organisations/:slug/members/:id/remove',
  path: () => {
    if (!removeMemberPath) throw new Error('no Remove link was found on the members page');
    return removeMemberPath;
  },
};

sweep('council owner', {
  signIn: { email: COUNCIL_OWNER.email, password: DEMO_PASSWORD, name: COUNCIL_OWNER.displayName },
  pages: () => [
    at(`${ORG}/members`),
    at(`${ORG}/edit`),
    at(`${ORG}/challenges/new`),
    challengePage(),
    challengePage('/edit'),
    challengePage('/history'),
    // The confirmations (issue 10 point 21): asked before anything changes.
    challengePage('/close'),
    challengePage('/archive'),
    removeMemberPage,
    at('/account/responses'),
  ],
  extra: (tab) => {
    test('finds a member to remove on the members page', async () => {
      const { page } = tab();
      await visit(page, `${ORG}/members`);
      const hrefs = await page.locator('main a[href$="/remove"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      removeMemberPath = hrefs.find((h) => /\/members\/[0-9a-f-]{36}\/remove$/.test(h));
      expect(removeMemberPath, 'a Remove link on the members page').toBeTruthy();
    });

    test('sends an invitation from the members page', async () => {
      const { page } = tab();
      const res = await visit(page, `${ORG}/members`);
      expect(res.status(), `${ORG}/members`).toBe(200);
      const form = page.locator('main form', { has: page.locator('input[type=email]') }).first();
      expect(await form.count(), 'an invitation form (with an email field) on the members page').toBe(1);
      await form.locator('input[type=email]').fill(CITIZEN.email);
      const title = form.locator('input[name=title]');
      if ((await title.count()) > 0) await title.fill('Resident adviser');
      const sent = await clickAndLoad(page, form.locator('button[type=submit]').last());
      expect(sent.status()).toBe(200);
      ({ link: invitationLink } = await waitForMailLink(srv().dataDir, CITIZEN.email, /https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/));
      expect(new URL(invitationLink).origin).toBe(srv().url);
    });
  },
});

sweep('anonymous visitor', {
  pages: () => [
    at('/'),
    at('/sign-in'),
    at('/sign-up'),
    at('/sign-up/check-email'),
    // The pages of the one-time links, as a scanner or a browser without JavaScript gets them (the confirmed page: journeys.test.ts).
    at('/verify-email'),
    at('/reset-password'),
    at('/forgot-password'),
    at('/privacy'),
    at('/accessibility'),
    at('/guidelines'),
    at('/no-such-page', 404),
    at('/organisations'),
    at(ORG),
    at('/challenges'),
    at('/challenges?phase=archived&q=nothing'),
    challengePage(),
    ideaPage(),
    notTakenForwardPage,
    commentPage('/thread'),
    personPage,
    invitationPage,
  ],
});

/** Signed in with an address not confirmed yet: the notice on every page, and a refusal that says what to do. */
const unconfirmed = newPerson('Sweep unconfirmed');
sweep('unconfirmed person', {
  before: async (tab) => {
    await visit(tab.page, '/sign-up');
    await fillSignUp(tab.page, unconfirmed);
  },
  signIn: { email: unconfirmed.email, password: unconfirmed.password, name: unconfirmed.displayName },
  pages: () => [at('/'), at('/sign-up/check-email'), { ...challengePage('/ideas/new'), name: '/challenges/:id/ideas/new (refused: unconfirmed)', status: 403 }],
});

sweep('signed-in citizen', {
  signIn: { email: CITIZEN.email, password: DEMO_PASSWORD, name: CITIZEN.displayName },
  extra: (tab) => {
    test('saves a draft (so "Share an idea" offers it)', async () => {
      const { page } = tab();
      await visit(page, `${await demoChallenge()}/ideas/new`);
      await page.locator('#title').fill('Sweep draft: water fountains');
      await page.locator('#summary').fill('Drinking fountains along the high street.');
      await page.locator('#description').fill('Drinking fountains along the high street.');
      await clickAndLoad(page, page.locator('main form button[name=intent][value=draft]'));
      expect(pathOf(page)).toMatch(/^\/ideas\/[0-9a-f-]{36}$/);
    });
  },
  pages: () => [
    at('/account'),
    at('/account/password'),
    at('/account/ideas'),
    { ...challengePage('/ideas/new'), name: '/challenges/:id/ideas/new (a draft to continue)' },
    challengePage('/ideas/new?another=1'),
    { ...ideaPage(), name: '/ideas/:id (as its author)' },
    ideaPage('/edit'),
    ideaPage('/withdraw'),
    commentPage('/reply'),
    at('/following'),
    at('/notifications'),
    { ...invitationPage, name: '/invitations/:id (as the invitee)' },
  ],
});

/** The first message in the admin's outbox (a password-reset mail is requested before signing in). */
let firstMailPath: string | undefined;
sweep('platform admin', {
  before: async (tab) => {
    const { page } = tab;
    await visit(page, '/forgot-password');
    await page.locator('#email').fill(CITIZEN.email);
    await clickAndLoad(page, mainForm(page, '/forgot-password').locator('button[type=submit]'));
    await waitForMailLink(srv().dataDir, CITIZEN.email, oneTimeLinkPattern('/reset-password'));
  },
  signIn: { email: ADMIN.email, password: DEMO_PASSWORD, name: ADMIN.displayName },
  pages: () => [
    at('/admin'),
    at('/admin/mail'),
    {
      name: '/admin/mail/:id',
      path: async () => {
        if (!firstMailPath) throw new Error('no mail found on /admin/mail');
        return firstMailPath;
      },
    },
    at('/admin/organisations'),
    at('/admin/organisations/new'),
    at('/admin/jobs'),
  ],
  extra: (tab) => {
    test('finds a message in the outbox', async () => {
      const { page } = tab();
      const messages = async () => {
        await visit(page, '/admin/mail');
        return page.locator('main table tbody a').count();
      };
      await expect.poll(messages, { timeout: 20_000, interval: 300 }).toBeGreaterThan(0);
      firstMailPath = (await page.locator('main table tbody a').first().getAttribute('href')) ?? undefined;
      expect(firstMailPath).toMatch(/^\/admin\/mail\/[0-9a-f-]{36}$/);
    });
  },
});

test('W3C Nu checker: no error on any page above (and it does find one on a bad page)', async () => {
  expect(documents.length, 'pages collected').toBeGreaterThan(40);
  const bad = '<!doctype html><html lang="en"><head><title>Bad</title></head><body><p hx-get="/x">x</p><div><p></div></body></html>';
  const errors = await nuErrors([...documents, { name: 'bad page', html: bad }]);
  expect(errors.get('bad page')?.length, 'errors on the deliberately invalid page').toBeGreaterThan(0);
  errors.delete('bad page');
  const found = [...errors].filter(([, messages]) => messages.length > 0).map(([name, messages]) => `${name}:\n${messages.map((m) => `  line ${m.lastLine}: ${m.message} ${m.extract ?? ''}`).join('\n')}`);
  expect(found.join('\n\n')).toBe('');
}, 120_000);
