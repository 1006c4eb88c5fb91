/**
 * Issue 10, points 17 and 19: a person whose email address is not confirmed is told so on every
 * page (with a button that sends the link again) and, on each refused action, what to do; a new
 * account lands on "check your email" (the address, what to do if nothing arrives, the link sent
 * again), and the confirmation link lands on "confirmed" with the sign-in form filled in.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../src/db/schema/index.js';
import { Client, codeIn, createTestEnvOn, HX, ORIGIN, relaxedLimits, sessionClient } from '../support/app.js';
import { createChallenge, createCouncilChallenge, createIdea, createOrganisation, createUser, DAY } from '../support/factories.js';
import { unescapeHtml } from '../support/html.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person } = useTestEnv();

const h1 = (html: string) => unescapeHtml(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
const flashOf = (html: string) => unescapeHtml(/<div class="flash[^"]*" role="[a-z]+">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '');
const notice = (html: string) => /<div class="notice unconfirmed-notice">([\s\S]*?)<\/form>\s*<\/div>/.exec(html)?.[1] ?? null;
const verifyMails = async (to: string) => {
  await env.drainJobs();
  return (await env.mails()).filter((m) => m.to === to && m.text.includes(`${ORIGIN}/verify-email#`));
};
/** The confirmation link's code, sent as the page's form sends it. */
const confirm = (c: Client, text: string) => c.post('/verify-email', { token: codeIn(text, '/verify-email') });
const fresh = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.org`;
const signUp = (c: Client, email: string, over: Record<string, string> = {}) =>
  c.post('/sign-up', { displayName: 'Nia Newcomer', email, password: 'a long unguessable phrase', ...over });

describe('after sign-up: check your email', () => {
  it('lands on a page naming the address, saying what to do if nothing arrives, with the link sent again', async () => {
    const c = new Client(env.app);
    const email = fresh('newcomer');
    const res = await signUp(c, email);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/sign-up/check-email');
    expect(c.cookies.has('cw_session')).toBe(false); // not signed in by signing up

    const page = await c.get('/sign-up/check-email');
    expect(page.status).toBe(200);
    const html = unescapeHtml(await page.text());
    expect(h1(html)).toBe('Check your email');
    expect(html).toContain(`We have sent a message to ${email}. Open the link in it to confirm your address: the link works for 24 hours.`);
    expect(html).toContain('Nothing arrived?');
    expect(html).toContain('Look in your spam or junk folder too.');
    expect(html).toContain('If the address is wrong, create your account again with the right one.');
    expect(html).toContain('<form method="post" action="/verify-email/resend"');
    expect(html).toContain(`<input type="hidden" name="email" value="${email}"/>`);
    expect(await verifyMails(email)).toHaveLength(1);

    // "Send the link again": a second link, the same page with a message.
    const again = await c.post('/verify-email/resend', { email });
    expect(again.status).toBe(303);
    expect(again.headers.get('Location')).toBe('/sign-up/check-email');
    const after = await (await c.get('/sign-up/check-email')).text();
    expect(flashOf(after)).toBe(`If an account waiting for confirmation uses ${email}, we have sent it a new link.`);
    expect(await verifyMails(email)).toHaveLength(2);
  });

  it('answers an address that already has an account exactly the same (no enumeration)', async () => {
    const existing = await createUser(db());
    const c = new Client(env.app);
    const res = await signUp(c, existing.email);
    expect(res.headers.get('Location')).toBe('/sign-up/check-email');
    const html = unescapeHtml(await (await c.get('/sign-up/check-email')).text());
    expect(html).toContain(`We have sent a message to ${existing.email}.`);
    // Asking again for a confirmed or unknown address: the same answer, and no confirmation link.
    for (const email of [existing.email, fresh('nobody')]) {
      const r = await c.post('/verify-email/resend', { email });
      expect(r.status).toBe(303);
      expect(r.headers.get('Location')).toBe('/sign-up/check-email');
      expect(await verifyMails(email)).toHaveLength(0);
    }
  });

  it('in French', async () => {
    const c = new Client(env.app);
    c.cookies.set('cw_locale', 'fr');
    const email = fresh('nouvelle');
    await signUp(c, email);
    const html = unescapeHtml(await (await c.get('/sign-up/check-email')).text());
    expect(h1(html)).toBe('Consultez vos courriels');
    expect(html).toContain(`Nous avons envoyé un message à ${email}. Ouvrez le lien qu’il contient pour confirmer votre adresse\u202f: le lien est valable 24 heures.`);
    expect(html).toContain('Rien reçu\u202f?');
    expect(html).toContain('Renvoyer le lien');
  });

  it('without the sign-up’s memory (another browser) asks for the address; a bad one is refused with the form again', async () => {
    const c = new Client(env.app);
    const html = await (await c.get('/sign-up/check-email')).text();
    expect(html).toContain('We have sent you a message.');
    expect(html).toMatch(/<input[^>]* name="email"[^>]* type="email"/);
    const bad = await c.post('/verify-email/resend', { email: 'not an address' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Enter an email address in the format name@example.org');
  });

  it('limits links sent again: per client address (429), quietly per address, per account when signed in (429)', async () => {
    const limited = createTestEnvOn(env, {
      env: { TRUST_PROXY: '1' }, // a client address of this test's own
      rateLimits: { ...relaxedLimits, passwordReset: { points: 3, duration: 60 }, accountMail: { points: 2, duration: 60 }, verificationResend: { points: 2, duration: 60 } },
    });
    const c = new Client(limited.app, { 'X-Forwarded-For': '203.0.113.77' });
    const email = fresh('limited');
    await signUp(c, email); // the first mail to the address
    // Per address, quietly: one more link, then the same answer and nothing sent.
    expect((await c.post('/verify-email/resend', { email })).status).toBe(303);
    expect((await c.post('/verify-email/resend', { email })).status).toBe(303);
    expect(await verifyMails(email)).toHaveLength(2);
    // Per client address: the third request, then 429.
    expect((await c.post('/verify-email/resend', { email: fresh('other') })).status).toBe(303);
    expect((await c.post('/verify-email/resend', { email: fresh('other') })).status).toBe(429);
    // Signed in: per account.
    const { user } = await person({ verified: false });
    const me = await sessionClient(limited, user.id);
    expect((await me.post('/verify-email/resend')).status).toBe(303);
    expect((await me.post('/verify-email/resend')).status).toBe(303);
    expect((await me.post('/verify-email/resend')).status).toBe(429);
    expect(await verifyMails(user.email)).toHaveLength(2);
  });
});

describe('the confirmation link', () => {
  it('confirms, does not sign in, and offers the sign-in form filled in, coming back to where the person was going', async () => {
    const c = new Client(env.app);
    const email = fresh('confirming');
    await signUp(c, email, { next: '/challenges' });
    const [mail] = await verifyMails(email);
    const res = await confirm(c, mail!.text);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(c.cookies.has('cw_session')).toBe(false);
    const html = unescapeHtml(await res.text());
    expect(h1(html)).toBe('Your email address is confirmed');
    expect(html).toContain('Sign in to start: share ideas, comment and support the ideas you like.');
    expect(html).toContain('<form method="post" action="/sign-in"');
    expect(html).toContain(`value="${email}"`);
    expect(html).toContain('<input type="hidden" name="next" value="/challenges"/>');
    const [row] = await db().select().from(users).where(eq(users.email, email));
    expect(row!.emailVerifiedAt).toBeInstanceOf(Date);

    const signedIn = await c.post('/sign-in', { email, password: 'a long unguessable phrase', next: '/challenges' });
    expect(signedIn.headers.get('Location')).toBe('/challenges');
    expect(c.cookies.has('cw_signup')).toBe(false); // the sign-up's memory goes with signing in
    expect(notice(await (await c.get('/challenges')).text())).toBeNull();
  });

  it('opening the link confirms nothing by itself (a mail scanner gets the page and its button only)', async () => {
    const c = new Client(env.app);
    const email = fresh('scanned');
    await signUp(c, email);
    const text = (await verifyMails(email))[0]!.text;
    const page = await new Client(env.app).get('/verify-email'); // what a scanner fetches: the part before '#'
    expect(page.status).toBe(200);
    const html = unescapeHtml(await page.text());
    expect(h1(html)).toBe('Confirm your email address');
    expect(html).toContain('<form method="post" action="/verify-email"');
    expect(html).toContain('data-link-code="submit"');
    expect(html).toContain('<script src="/static/js/link-code.js" defer');
    const [row] = await db().select().from(users).where(eq(users.email, email));
    expect(row!.emailVerifiedAt).toBeNull();
    expect(h1(unescapeHtml(await (await confirm(c, text)).text()))).toBe('Your email address is confirmed');
  });

  it('sent again still says confirmed, without naming the address; a wrong or empty code is refused', async () => {
    const c = new Client(env.app);
    const email = fresh('twice');
    await signUp(c, email);
    const text = (await verifyMails(email))[0]!.text;
    await confirm(new Client(env.app), text);
    const again = await confirm(c, text);
    expect(again.status).toBe(200);
    const html = unescapeHtml(await again.text());
    expect(h1(html)).toBe('Your email address is already confirmed');
    expect(html).not.toContain(email);
    const wrong = await c.post('/verify-email', { token: 'abcdefghijklmnopqrstuvwxyz' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('This link does not work');
    const empty = await c.post('/verify-email', { token: '  ' });
    expect(empty.status).toBe(422);
    expect(unescapeHtml(await empty.text())).toContain('Code from the email');
    // A code pasted with spaces around it works.
    const other = fresh('pasted');
    await signUp(new Client(env.app), other);
    const pasted = await c.post('/verify-email', { token: ` ${codeIn((await verifyMails(other))[0]!.text, '/verify-email')}\n` });
    expect(h1(unescapeHtml(await pasted.text()))).toBe('Your email address is confirmed');
  });

  it('in French', async () => {
    const c = new Client(env.app);
    c.cookies.set('cw_locale', 'fr');
    const email = fresh('confirmee');
    await signUp(c, email);
    const html = unescapeHtml(await (await confirm(c, (await verifyMails(email))[0]!.text)).text());
    expect(h1(html)).toBe('Votre adresse électronique est confirmée');
    expect(html).toContain('Connectez-vous pour commencer\u202f: proposez des idées');
  });

  it('signed in already (as that account): back to where the person was going, confirmed', async () => {
    const c = new Client(env.app);
    const email = fresh('signedin');
    await signUp(c, email, { next: '/organisations' });
    const text = (await verifyMails(email))[0]!.text;
    await c.signIn(email, 'a long unguessable phrase'); // unconfirmed accounts may sign in
    const res = await confirm(c, text);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/');
    const home = await (await c.get('/')).text();
    expect(flashOf(home)).toBe('Thank you: your email address is confirmed.');
    expect(notice(home)).toBeNull();
  });
});

describe('an unconfirmed address', () => {
  it('is told on every page, with a button that sends the link again and comes back', async () => {
    const { user, client } = await person({ verified: false });
    for (const path of ['/', '/challenges', '/account']) {
      const html = unescapeHtml(await (await client.get(path)).text());
      const n = notice(html);
      expect(n, path).not.toBeNull();
      expect(n).toContain(`Confirm your email address: we sent a link to ${user.email}.`);
      expect(n).toContain('action="/verify-email/resend"');
      expect(n).toContain(`name="next" value="${path}"`);
    }
    const confirmed = await person();
    expect(notice(await (await confirmed.client.get('/challenges')).text())).toBeNull();

    const res = await client.post('/verify-email/resend', { next: '/challenges' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/challenges');
    expect(flashOf(await (await client.get('/challenges')).text())).toBe(`We have sent a new confirmation link to ${user.email}.`);
    expect(await verifyMails(user.email)).toHaveLength(1);
    // Only paths of this site.
    expect((await client.post('/verify-email/resend', { next: '//evil.example/' })).headers.get('Location')).toBe('/');
  });

  it('a refused action names the reason and the address, and offers the link again (not "You cannot do this")', async () => {
    const { user, client } = await person({ verified: false });
    const ch = await createCouncilChallenge(db());
    const refused = await client.get(`/challenges/${ch.id}/ideas/new`);
    expect(refused.status).toBe(403);
    const html = unescapeHtml(await refused.text());
    expect(h1(html)).toBe('Confirm your email address first');
    expect(html).not.toContain('You cannot do this');
    expect(html).toContain(`To do this, your email address must be confirmed. We sent a link to ${user.email}: open it, then try again.`);
    expect(html).toContain('Nothing arrived?');
    expect(html).toContain(`<input type="hidden" name="next" value="/challenges/${ch.id}/ideas/new"/>`);
    expect(notice(html)).toBeNull(); // said once on the page, not twice

    // A refused form: back to the page it was sent from.
    const author = await createUser(db());
    const idea = await createIdea(db(), ch.id, author.id);
    const comment = await client.post(`/ideas/${idea.id}/comments`, { body: 'Hello' }, { Referer: `${ORIGIN}/ideas/${idea.id}` });
    expect(comment.status).toBe(403);
    const commentHtml = unescapeHtml(await comment.text());
    expect(h1(commentHtml)).toBe('Confirm your email address first');
    expect(commentHtml).toContain(`<input type="hidden" name="next" value="/ideas/${idea.id}"/>`);
    // …and a page of this site only.
    const elsewhere = await client.post(`/ideas/${idea.id}/comments`, { body: 'Hello' }, { Referer: 'https://evil.example/ideas' });
    expect(unescapeHtml(await elsewhere.text())).toContain('<input type="hidden" name="next" value="/"/>');

    // The same reason in the controls that are missing for it.
    const ideaPage = unescapeHtml(await (await client.get(`/ideas/${idea.id}`)).text());
    expect(ideaPage).toContain('Confirm your email address first: open the link we sent you, or have it sent again from the notice at the top of the page.');
  });

  it('a support refused without JavaScript says the same; with htmx the control says it', async () => {
    const { user, client } = await person({ verified: false });
    const org = await createOrganisation(db(), { kind: 'council' });
    const now = Date.now();
    const ch = await createChallenge(db(), org.id, { submissionsOpenAt: new Date(now - 9 * DAY), submissionsCloseAt: new Date(now - 2 * DAY), votingOpenAt: new Date(now - DAY), votingCloseAt: new Date(now + DAY) });
    const author = await createUser(db());
    const idea = await createIdea(db(), ch.id, author.id);
    const plain = await client.post(`/ideas/${idea.id}/support`, { returnTo: `/challenges/${ch.id}` });
    expect(plain.status).toBe(403);
    expect(unescapeHtml(await plain.text())).toContain(`We sent a link to ${user.email}: open it, then try again.`);
    const hx = await client.post(`/ideas/${idea.id}/support`, { returnTo: `/challenges/${ch.id}` }, HX);
    expect(hx.status).toBe(403);
    expect(unescapeHtml(await hx.text())).toContain('Confirm your email address first: open the link we sent you');
  });

  it('in French', async () => {
    const { user, client } = await person({ verified: false, locale: 'fr' });
    client.cookies.set('cw_locale', 'fr');
    const ch = await createCouncilChallenge(db());
    const html = unescapeHtml(await (await client.get(`/challenges/${ch.id}/ideas/new`)).text());
    expect(h1(html)).toBe('Confirmez d’abord votre adresse électronique');
    expect(html).toContain(`Nous avons envoyé un lien à ${user.email}\u202f: ouvrez-le, puis réessayez.`);
    expect(notice(unescapeHtml(await (await client.get('/challenges')).text()))).toContain(`Confirmez votre adresse électronique\u202f: nous avons envoyé un lien à ${user.email}.`);
  });

  it('other refusals keep their own words', async () => {
    const { client } = await person();
    const ch = await createCouncilChallenge(db());
    const author = await person();
    const idea = await createIdea(db(), ch.id, author.user.id);
    const res = await client.get(`/ideas/${idea.id}/edit`);
    expect(res.status).toBe(403);
    expect(h1(unescapeHtml(await res.text()))).toBe('You cannot do this');
  });

  it('signed-in, the check-your-email page names the person’s address and sends to it', async () => {
    const { user, client } = await person({ verified: false });
    const html = unescapeHtml(await (await client.get('/sign-up/check-email')).text());
    expect(html).toContain(`We have sent a message to ${user.email}.`);
    expect(notice(html)).toBeNull();
    const res = await client.post('/verify-email/resend', { next: '/sign-up/check-email' });
    expect(res.headers.get('Location')).toBe('/sign-up/check-email');
    const confirmed = await sessionClient(env, (await createUser(db())).id);
    expect((await confirmed.get('/sign-up/check-email')).headers.get('Location')).toBe('/');
  });
});
