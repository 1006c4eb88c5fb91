/**
 * Issue 10, rate limits. Point 3: sign-in counts failures, not successes; per-address limits fit
 * a shared address (a library's Wi-Fi); a named account is slowed down, never locked out for
 * its owner. Point 11: every write and every expensive read has a limit (429 with the wait, in
 * the person's language, nothing stored). Point 26: rate-limit keys hold no address in clear.
 * Most tests run on the rules the features declare (`rateLimits: {}`), not relaxed ones.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { challenges, comments, follows, ideaResponses, ideas, invitations, organisations, rateLimits, users } from '../../src/db/schema/index.js';
import { createLogger } from '../../src/lib/logger.js';
import { settableClock } from '../../src/lib/clock.js';
import { RateLimitedError } from '../../src/lib/errors.js';
import { createRateLimiters, rateLimit } from '../../src/lib/rate-limit.js';
import { rateLimits as registered } from '../../src/registry.js';
import { Client, createTestEnvOn, HX, relaxedLimits, sessionClient, type EnvOptions, type TestEnv } from '../support/app.js';
import { addMember, createChallenge, createComment, createIdea, createIdeaFollow, createInvitation, createOrganisation, createUser, PASSWORD, unique } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env } = useTestEnv();

/** An app on this file's database behind one proxy (TRUST_PROXY), with the declared rules unless told otherwise. */
async function using<T>(options: EnvOptions, run: (e: TestEnv) => Promise<T>): Promise<T> {
  const e = createTestEnvOn(env, { rateLimits: {}, ...options, env: { TRUST_PROXY: 'true', ...options.env } });
  try {
    return await run(e);
  } finally {
    await e.close();
  }
}

/** A browser at `address` (the one the proxy appends to X-Forwarded-For). */
const browserAt = (e: TestEnv, address: string, headers: Record<string, string> = {}) => new Client(e.app, { 'X-Forwarded-For': address, ...headers });
const signInFrom = (e: TestEnv, address: string, email: string, password: string, headers: Record<string, string> = {}) =>
  browserAt(e, address, headers).post('/sign-in', { email, password });
const retryAfter = (res: Response) => Number(res.headers.get('Retry-After'));
const key = () => randomBytes(18).toString('base64url');

describe('signing in (point 3)', () => {
  it('successes never count: eleven residents sign in from one library address, with a few typos among them', async () => {
    await using({}, async (e) => {
      const residents = await Promise.all(Array.from({ length: 11 }, () => createUser(e.deps.db)));
      const library = `203.0.113.${10 + (Date.now() % 200)}`;
      for (const [i, r] of residents.entries()) {
        if (i % 4 === 0) expect((await signInFrom(e, library, r.email, 'a typo in it')).status).toBe(422);
        expect((await signInFrom(e, library, r.email, PASSWORD)).status, `resident ${i + 1}`).toBe(303);
      }
    });
  });

  it('wrong passwords for a named account from many addresses slow it down for seconds, never lock its owner out', async () => {
    await using({}, async (e) => {
      const councillor = await createUser(e.deps.db);
      expect((await signInFrom(e, '192.0.2.10', councillor.email, PASSWORD)).status).toBe(303); // from the council office, last week

      // The attack: 40 wrong passwords, each from an address of its own, waiting out every wait.
      const waits: number[] = [];
      let failures = 0;
      for (let i = 0; failures < 40 && i < 200; i++) {
        const res = await signInFrom(e, `198.51.100.${i}`, councillor.email, `guess number ${i}`);
        if (res.status === 429) {
          waits.push(retryAfter(res));
          e.clock.advance(retryAfter(res) * 1000);
        } else {
          expect(res.status).toBe(422);
          failures++;
        }
      }
      expect(failures).toBe(40);
      expect(waits.length).toBeGreaterThan(0); // the account was slowed down…
      expect(Math.max(...waits)).toBeLessThanOrEqual(30); // …by 30 seconds at most

      // Right after the last wrong guess, the owner signs in at once from where they did before…
      expect((await signInFrom(e, '192.0.2.10', councillor.email, PASSWORD)).status).toBe(303);
      // …and from a new address (a phone) after one short wait at most.
      for (let i = 0; i < 10; i++) await signInFrom(e, `198.51.100.${200 + i}`, councillor.email, `more guesses ${i}`);
      const phone = await signInFrom(e, '203.0.113.77', councillor.email, PASSWORD);
      if (phone.status === 429) {
        expect(retryAfter(phone)).toBeLessThanOrEqual(30);
        e.clock.advance(retryAfter(phone) * 1000);
        expect((await signInFrom(e, '203.0.113.77', councillor.email, PASSWORD)).status).toBe(303);
      } else expect(phone.status).toBe(303);
    });
  });

  it('one address guessing one account: slowed down in seconds, then refused for 15 minutes — 429, Retry-After, in English and French', async () => {
    await using({}, async (e) => {
      const target = await createUser(e.deps.db);
      const attacker = `198.18.0.${1 + (Date.now() % 250)}`;
      for (let i = 0; i < 5; i++) expect((await signInFrom(e, attacker, target.email, `guess ${i}`)).status).toBe(422);

      const slowed = await signInFrom(e, attacker, target.email, 'guess 5');
      expect(slowed.status).toBe(429);
      expect(slowed.headers.get('Retry-After')).toBe('1');
      const en = await slowed.text();
      expect(en).toContain('Too many attempts');
      expect(en).toContain('Please wait 1 second and try again.');
      const fr = await signInFrom(e, attacker, target.email, 'guess 5', { 'Accept-Language': 'fr' });
      expect(fr.status).toBe(429);
      expect(await fr.text()).toContain('Veuillez patienter 1 seconde et réessayer.');

      // Waiting out each wait, the pair's ten failures are soon spent: then a quarter of an hour.
      let failures = 5;
      let refused: Response | undefined;
      for (let i = 0; i < 40 && !refused; i++) {
        const res = await signInFrom(e, attacker, target.email, `guess ${10 + i}`);
        if (res.status === 422) failures++;
        else if (retryAfter(res) <= 30) e.clock.advance(retryAfter(res) * 1000);
        else refused = res;
      }
      expect(failures).toBe(10);
      expect(refused?.status).toBe(429);
      expect(retryAfter(refused!)).toBeGreaterThan(14 * 60);
      expect(retryAfter(refused!)).toBeLessThanOrEqual(15 * 60);
      expect(await refused!.text()).toContain('Please wait 15 minutes and try again.');
      const frRefused = await signInFrom(e, attacker, target.email, 'x', { 'Accept-Language': 'fr' });
      expect(await frRefused.text()).toContain('Veuillez patienter 15 minutes et réessayer.');
      // The right password from there is refused too (nothing is checked while refused)…
      expect((await signInFrom(e, attacker, target.email, PASSWORD)).status).toBe(429);
      // …while the owner, elsewhere, waits seconds at most.
      e.clock.advance(30_000);
      expect((await signInFrom(e, '192.0.2.99', target.email, PASSWORD)).status).toBe(303);
    });
  });

  it('guesses sent all at once do not slip under the slowdown: five go through, the rest wait', async () => {
    await using({}, async (e) => {
      const target = await createUser(e.deps.db);
      const all = await Promise.all(Array.from({ length: 12 }, (_, i) => signInFrom(e, `198.18.2.${i}`, target.email, `parallel guess ${i}`)));
      const statuses = all.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(5).fill(422), ...Array(7).fill(429)]);
    });
  });

  it('keeps every count in the shared database: another instance (same SECRET_KEY) sees the same slowdown', async () => {
    const secret = { SECRET_KEY: randomBytes(32).toString('base64url') };
    await using({ env: secret }, async (a) => {
      const second = createTestEnvOn(env, { rateLimits: {}, env: { TRUST_PROXY: 'true', ...secret } });
      try {
        const target = await createUser(a.deps.db);
        for (let i = 0; i < 5; i++) expect((await signInFrom(a, `198.18.1.${i}`, target.email, `guess ${i}`)).status).toBe(422);
        expect((await signInFrom(second, '198.18.1.99', target.email, 'guess 6')).status).toBe(429);
      } finally {
        await second.close();
      }
    });
  });
});

describe('other per-address limits fit a shared address (point 3)', () => {
  it('a class signing up together from one address, and fifteen reset links asked for from it, are not refused', async () => {
    await using({}, async (e) => {
      const school = `203.0.113.${(Date.now() % 200) + 20}`;
      for (let i = 0; i < 25; i++) {
        const res = await browserAt(e, school).post('/sign-up', { displayName: `Pupil ${i}`, email: `pupil-${i}-${unique()}@example.org`, password: 'a long unguessable phrase' });
        expect(res.status, `sign-up ${i + 1}`).toBe(303);
      }
      for (let i = 0; i < 15; i++) expect((await browserAt(e, school).post('/forgot-password', { email: `someone-${i}-${unique()}@example.org` })).status, `reset ${i + 1}`).toBe(303);
    });
  });

  it('mails to one address are capped whatever the client address: five reset links an hour, the answer unchanged', async () => {
    await using({}, async (e) => {
      const victim = await createUser(e.deps.db);
      for (let i = 0; i < 8; i++) {
        const res = await browserAt(e, `198.51.100.${100 + i}`).post('/forgot-password', { email: victim.email });
        expect(res.status).toBe(303);
        expect(res.headers.get('Location')).toBe('/sign-in');
      }
      await e.drainJobs();
      expect((await e.mails()).filter((m) => m.to === victim.email).length).toBe(5);
    });
  });
});

describe('a count', () => {
  const limit = rateLimit('test.count', { points: 5, duration: 60 });
  const limiters = () => {
    const clock = settableClock();
    return { clock, limits: createRateLimiters(env.deps.db, [limit], { secret: () => 'test-secret', clock }) };
  };

  it('lets exactly its points through when they arrive at once, then says how long until its window ends', async () => {
    const { clock, limits } = limiters();
    const who = key();
    const answers = await Promise.all(Array.from({ length: 12 }, () => limits.tryConsume(limit, who)));
    expect(answers.filter(Boolean)).toHaveLength(5);
    clock.advance(20_000);
    const refused = await limits.consume(limit, who).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(40);
    clock.advance(40_000); // the window has ended: a new one begins
    expect(await limits.tryConsume(limit, who)).toBe(true);
    expect(await limits.seen(limit, who)).toBe(true);
    expect(await limits.seen(limit, key())).toBe(false);
  });

  it('gives an attempt back (refund) and counts one without a check (add)', async () => {
    const { limits } = limiters();
    const who = key();
    for (let n = 0; n < 5; n++) await limits.consume(limit, who);
    await limits.refund(limit, who);
    expect(await limits.tryConsume(limit, who)).toBe(true);
    expect(await limits.tryConsume(limit, who)).toBe(false);
    const other = key();
    for (let n = 0; n < 5; n++) await limits.add(limit, other);
    expect(await limits.tryConsume(limit, other)).toBe(false);
  });
});

describe('rate-limit keys (point 26)', () => {
  it('no row of rate_limits holds a client address or an e-mail address in clear', async () => {
    await using({}, async (e) => {
      const address = '203.0.113.231';
      const email = `clear-${unique()}@example.org`;
      await signInFrom(e, address, email, 'wrong password');
      await browserAt(e, address).post('/forgot-password', { email });
      await browserAt(e, address).post('/sign-up', { displayName: 'Clear', email, password: 'a long unguessable phrase' });
      const keys = (await e.deps.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
      expect(keys.filter((k) => k.startsWith('signIn:')).length).toBeGreaterThan(0);
      for (const k of keys) {
        expect(k).not.toContain('203.0.113');
        expect(k).not.toContain(email);
        expect(k).not.toContain('example.org');
      }
    });
  });

  it('the secret is SECRET_KEY, or one generated once into DATA_DIR/secret-key (owner-only), never in the database', async () => {
    const { serverSecret } = await import('../../src/lib/secret.js'); // (imported here: the file's other tests run where it does not exist)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-secret-'));
    try {
      const logger = createLogger('silent');
      const first = serverSecret({ secretKey: undefined, dataDir: dir, databaseUrl: undefined }, logger);
      expect(fs.readdirSync(dir)).toEqual([]); // nothing until it is needed
      const value = first();
      expect(value.length).toBeGreaterThanOrEqual(32);
      expect(fs.statSync(path.join(dir, 'secret-key')).mode & 0o777).toBe(0o600);
      expect(serverSecret({ secretKey: undefined, dataDir: dir, databaseUrl: undefined }, logger)()).toBe(value); // kept across restarts
      expect(serverSecret({ secretKey: 'x'.repeat(40), dataDir: dir, databaseUrl: undefined }, logger)()).toBe('x'.repeat(40));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---- Point 11: every write and expensive read has a limit ----

/** Every registered limit at one request per 10 minutes: the second request of a kind is refused. */
const oneEach = Object.fromEntries(registered.map((l) => [l.name, { points: 1, duration: 600 }]));

type Case = { what: string; prepare(e: TestEnv): Promise<{ send(i: number): Promise<Response>; stored(): Promise<unknown> }> };

const n = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n;

const cases: Case[] = [
  {
    what: 'submitting an idea',
    async prepare(e) {
      const council = await createOrganisation(e.deps.db, { kind: 'council' });
      const ch = await createChallenge(e.deps.db, council.id);
      const me = await createUser(e.deps.db);
      const client = await sessionClient(e, me.id);
      return {
        send: (i) => client.post(`/challenges/${ch.id}/ideas/new`, { title: `Rain gardens ${i}`, summary: 'Plant them.', description: '', submissionKey: key(), intent: 'publish' }),
        stored: () => n(e.deps.db.select({ n: count() }).from(ideas).where(eq(ideas.authorId, me.id))),
      };
    },
  },
  {
    what: 'editing an idea',
    async prepare(e) {
      const council = await createOrganisation(e.deps.db, { kind: 'council' });
      const ch = await createChallenge(e.deps.db, council.id);
      const me = await createUser(e.deps.db);
      const idea = await createIdea(e.deps.db, ch.id, me.id, { status: 'draft' });
      const client = await sessionClient(e, me.id);
      return {
        send: (i) => client.post(`/ideas/${idea.id}/edit`, { title: `Edited ${i}`, summary: 'Plant them.', description: '', intent: 'save' }),
        stored: async () => (await e.deps.db.select({ title: ideas.title }).from(ideas).where(eq(ideas.id, idea.id)))[0]!.title,
      };
    },
  },
  {
    what: 'withdrawing an idea',
    async prepare(e) {
      const council = await createOrganisation(e.deps.db, { kind: 'council' });
      const ch = await createChallenge(e.deps.db, council.id);
      const me = await createUser(e.deps.db);
      const ideasOfMine = [await createIdea(e.deps.db, ch.id, me.id), await createIdea(e.deps.db, ch.id, me.id)];
      const client = await sessionClient(e, me.id);
      return {
        send: (i) => client.post(`/ideas/${ideasOfMine[i]!.id}/withdraw`, { reason: 'duplicate' }),
        stored: () => n(e.deps.db.select({ n: count() }).from(ideas).where(and(eq(ideas.authorId, me.id), eq(ideas.status, 'withdrawn')))),
      };
    },
  },
  {
    what: 'previewing an idea (htmx)',
    async prepare(e) {
      const me = await createUser(e.deps.db);
      const client = await sessionClient(e, me.id);
      return { send: (i) => client.post('/ideas/preview', { title: `T ${i}`, summary: 'S', description: '**bold**' }, HX), stored: async () => null };
    },
  },
  {
    what: 'similar titles while typing (an expensive read)',
    async prepare(e) {
      const council = await createOrganisation(e.deps.db, { kind: 'council' });
      const ch = await createChallenge(e.deps.db, council.id);
      const me = await createUser(e.deps.db);
      const client = await sessionClient(e, me.id);
      return { send: (i) => client.get(`/challenges/${ch.id}/ideas/similar?title=rain+garden+${i}`, HX), stored: async () => null };
    },
  },
  {
    what: 'inviting someone to an organisation (a mail)',
    async prepare(e) {
      const org = await createOrganisation(e.deps.db, { kind: 'council' });
      const owner = await createUser(e.deps.db);
      await addMember(e.deps.db, org.id, owner.id, 'owner');
      const client = await sessionClient(e, owner.id);
      return {
        send: (i) => client.post(`/organisations/${org.slug}/invitations`, { email: `invitee-${i}-${unique()}@example.org`, role: 'member', title: 'Officer' }),
        stored: () => n(e.deps.db.select({ n: count() }).from(invitations).where(eq(invitations.organisationId, org.id))),
      };
    },
  },
  {
    what: 'revoking an invitation',
    async prepare(e) {
      const org = await createOrganisation(e.deps.db, { kind: 'council' });
      const owner = await createUser(e.deps.db);
      await addMember(e.deps.db, org.id, owner.id, 'owner');
      const pending = [await createInvitation(e.deps.db, org.id), await createInvitation(e.deps.db, org.id)];
      const client = await sessionClient(e, owner.id);
      return {
        send: (i) => client.post(`/organisations/${org.slug}/invitations/${pending[i]!.id}/revoke`),
        stored: () => n(e.deps.db.select({ n: count() }).from(invitations).where(and(eq(invitations.organisationId, org.id), isNotNull(invitations.revokedAt)))),
      };
    },
  },
  {
    what: 'following an idea (no JavaScript)',
    async prepare(e) {
      const council = await createOrganisation(e.deps.db, { kind: 'council' });
      const ch = await createChallenge(e.deps.db, council.id);
      const author = await createUser(e.deps.db);
      const two = [await createIdea(e.deps.db, ch.id, author.id), await createIdea(e.deps.db, ch.id, author.id)];
      const me = await createUser(e.deps.db);
      const client = await sessionClient(e, me.id);
      return {
        send: (i) => client.post(`/ideas/${two[i]!.id}/follow`, { returnTo: `/ideas/${two[i]!.id}` }),
        stored: () => n(e.deps.db.select({ n: count() }).from(follows).where(eq(follows.userId, me.id))),
      };
    },
  },
  {
    what: 'unfollowing from "What you follow"',
    async prepare(e) {
      const council = await createOrganisation(e.deps.db, { kind: 'council' });
      const ch = await createChallenge(e.deps.db, council.id);
      const author = await createUser(e.deps.db);
      const me = await createUser(e.deps.db);
      const two = [await createIdea(e.deps.db, ch.id, author.id), await createIdea(e.deps.db, ch.id, author.id)];
      for (const idea of two) await createIdeaFollow(e.deps.db, me.id, idea.id);
      const client = await sessionClient(e, me.id);
      return {
        send: (i) => client.post(`/following/${two[i]!.id}/unfollow`, { returnTo: '/following' }),
        stored: () => n(e.deps.db.select({ n: count() }).from(follows).where(eq(follows.userId, me.id))),
      };
    },
  },
  {
    what: 'deleting a comment',
    async prepare(e) {
      const council = await createOrganisation(e.deps.db, { kind: 'council' });
      const ch = await createChallenge(e.deps.db, council.id);
      const me = await createUser(e.deps.db);
      const idea = await createIdea(e.deps.db, ch.id, me.id);
      const two = [await createComment(e.deps.db, idea.id, me.id), await createComment(e.deps.db, idea.id, me.id)];
      const client = await sessionClient(e, me.id);
      return {
        send: (i) => client.post(`/comments/${two[i]!.id}/delete`),
        stored: () => n(e.deps.db.select({ n: count() }).from(comments).where(and(eq(comments.subjectId, idea.id), isNotNull(comments.deletedAt)))),
      };
    },
  },
  {
    what: 'an official response',
    async prepare(e) {
      const council = await createOrganisation(e.deps.db, { kind: 'council' });
      const ch = await createChallenge(e.deps.db, council.id);
      const staff = await createUser(e.deps.db);
      await addMember(e.deps.db, council.id, staff.id, 'member');
      const idea = await createIdea(e.deps.db, ch.id, (await createUser(e.deps.db)).id);
      const client = await sessionClient(e, staff.id);
      return {
        send: (i) => client.post(`/ideas/${idea.id}/responses`, { responseBody: `Thank you (${i}).`, submissionKey: key() }),
        stored: () => n(e.deps.db.select({ n: count() }).from(ideaResponses).where(eq(ideaResponses.ideaId, idea.id))),
      };
    },
  },
  {
    what: 'moving a challenge between phases',
    async prepare(e) {
      const council = await createOrganisation(e.deps.db, { kind: 'council' });
      const staff = await createUser(e.deps.db);
      await addMember(e.deps.db, council.id, staff.id, 'owner');
      const two = [await createChallenge(e.deps.db, council.id, { status: 'draft', publishedAt: null }), await createChallenge(e.deps.db, council.id, { status: 'draft', publishedAt: null })];
      const client = await sessionClient(e, staff.id);
      return {
        send: (i) => client.post(`/challenges/${two[i]!.id}/publish`),
        stored: () => n(e.deps.db.select({ n: count() }).from(challenges).where(and(eq(challenges.organisationId, council.id), eq(challenges.status, 'published')))),
      };
    },
  },
  {
    what: 'editing an organisation',
    async prepare(e) {
      const org = await createOrganisation(e.deps.db, { kind: 'council' });
      const owner = await createUser(e.deps.db);
      await addMember(e.deps.db, org.id, owner.id, 'owner');
      const client = await sessionClient(e, owner.id);
      return {
        send: (i) => client.post(`/organisations/${org.slug}/edit`, { name: `Renamed council ${i}`, description: '', website: '' }),
        stored: async () => (await e.deps.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, org.id)))[0]!.name,
      };
    },
  },
  {
    what: 'accepting an invitation',
    async prepare(e) {
      const orgs = [await createOrganisation(e.deps.db, { kind: 'partner' }), await createOrganisation(e.deps.db, { kind: 'partner' })];
      const me = await createUser(e.deps.db);
      const invites = [await createInvitation(e.deps.db, orgs[0]!.id, { email: me.email }), await createInvitation(e.deps.db, orgs[1]!.id, { email: me.email })];
      const client = await sessionClient(e, me.id);
      return {
        send: (i) => client.post(`/invitations/${invites[i]!.id}/accept`),
        stored: () => n(e.deps.db.select({ n: count() }).from(invitations).where(and(eq(invitations.email, me.email), isNotNull(invitations.acceptedAt)))),
      };
    },
  },
  {
    what: 'changing one’s profile',
    async prepare(e) {
      const me = await createUser(e.deps.db);
      const client = await sessionClient(e, me.id);
      return {
        send: (i) => client.post('/account', { displayName: `New name ${i}`, bio: '', locale: 'en' }),
        stored: async () => (await e.deps.db.select({ name: users.displayName }).from(users).where(eq(users.id, me.id)))[0]!.name,
      };
    },
  },
  {
    what: 'marking notifications read',
    async prepare(e) {
      const me = await createUser(e.deps.db);
      const client = await sessionClient(e, me.id);
      return { send: () => client.post('/notifications/read-all'), stored: async () => null };
    },
  },
];

describe('limits on every write and expensive read (point 11)', () => {
  it.each(cases)('$what: the second within the limit is a 429 saying how long to wait, and changes nothing', async ({ what, prepare }) => {
    await using({ rateLimits: { ...relaxedLimits, ...oneEach } }, async (e) => {
      const { send, stored } = await prepare(e);
      const first = await send(0);
      expect(first.status, what).not.toBe(429);
      expect(first.status, what).toBeLessThan(500);
      const before = await stored();
      const res = await send(1);
      expect(res.status, what).toBe(429);
      expect(res.headers.get('Retry-After'), what).toMatch(/^[1-9]\d*$/);
      expect(await stored(), what).toEqual(before);
    });
  });

  it('the refusal is said in the person’s language: the page, the follow control (htmx) and the preview (htmx)', async () => {
    await using({ rateLimits: { ...relaxedLimits, ...oneEach } }, async (e) => {
      const council = await createOrganisation(e.deps.db, { kind: 'council' });
      const ch = await createChallenge(e.deps.db, council.id);
      const author = await createUser(e.deps.db);
      const [a, b, c] = [await createIdea(e.deps.db, ch.id, author.id), await createIdea(e.deps.db, ch.id, author.id), await createIdea(e.deps.db, ch.id, author.id)];
      for (const locale of ['en', 'fr'] as const) {
        const me = await createUser(e.deps.db, { locale });
        const client = await sessionClient(e, me.id);
        expect((await client.post(`/ideas/${a.id}/follow`, { returnTo: `/ideas/${a.id}` })).status).toBe(303);
        const page = await client.post(`/ideas/${b.id}/follow`, { returnTo: `/ideas/${b.id}` });
        expect(page.status).toBe(429);
        expect(await page.text()).toContain(locale === 'en' ? 'Please wait 10 minutes and try again.' : 'Veuillez patienter 10 minutes et réessayer.');
        const control = await client.post(`/ideas/${c.id}/follow`, { returnTo: `/ideas/${c.id}` }, HX);
        expect(control.status).toBe(429);
        const html = await control.text();
        expect(html).toContain(`id="follow-idea-${c.id}"`); // the control, in place, not a whole page
        expect(html).not.toContain('<html');
        expect(html).toContain(locale === 'en' ? 'Please wait a few minutes and try again.' : 'Veuillez patienter quelques minutes et réessayer.');
        expect((await client.post('/ideas/preview', { title: 'T', summary: 'S', description: 'D' }, HX)).status).toBe(200);
        const preview = await client.post('/ideas/preview', { title: 'T', summary: 'S', description: 'D' }, HX);
        expect(preview.status).toBe(429);
        expect(await preview.text()).toMatch(locale === 'en' ? /^<p class="error-message">You have tried this too many times. Please wait 10 minutes/ : /^<p class="error-message">Vous avez essayé trop de fois. Veuillez patienter 10 minutes/);
        expect(await n(e.deps.db.select({ n: count() }).from(follows).where(eq(follows.userId, me.id)))).toBe(1);
      }
    });
  });

  it('a visitor’s expensive reads count per client address', async () => {
    await using({ rateLimits: { ...relaxedLimits, ...oneEach } }, async (e) => {
      const council = await createOrganisation(e.deps.db, { kind: 'council' });
      const ch = await createChallenge(e.deps.db, council.id);
      const similar = (address: string) => browserAt(e, address).get(`/challenges/${ch.id}/ideas/similar?title=rain+gardens`, HX);
      expect((await similar('203.0.113.160')).status).toBe(200);
      expect((await similar('203.0.113.160')).status).toBe(429);
      expect((await similar('203.0.113.161')).status).toBe(200);
    });
  });
});
