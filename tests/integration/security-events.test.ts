/**
 * Issue 14, point 5: security events on record. Each kind the log lists is written by its action,
 * with who, a keyed hash of the address (never the address), when and the outcome — and no
 * password or token in any row or log line; the table is append-only (a trigger refuses UPDATE,
 * TRUNCATE and DELETE of anything younger than SECURITY_LOG_DAYS, which housekeeping removes).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { securityEvents, sessions } from '../../src/db/schema/index.js';
import { cleanUp } from '../../src/features/housekeeping/clean-up.js';
import { SECURITY_EVENT_KINDS, SECURITY_LOG_DAYS, type SecurityEventKind } from '../../src/lib/security-log.js';
import { Client, codeIn, createTestEnvOn, type TestEnv } from '../support/app.js';
import { createOrganisation, createUser, PASSWORD } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person, staffOf } = useTestEnv();

const ADDRESS = '203.0.113.77';

/** An app on the same database that trusts one proxy, so requests come from ADDRESS. */
function behindProxy(options: Parameters<typeof createTestEnvOn>[1] = {}): TestEnv {
  return createTestEnvOn(env, { ...options, env: { TRUST_PROXY: '1', ...options.env } });
}
const fromAddress = (e: TestEnv) => new Client(e.app, { 'X-Forwarded-For': ADDRESS, 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' });

/** The newest events of a kind (for a user, when given). */
async function latest(kind: SecurityEventKind, userId?: string) {
  return db()
    .select()
    .from(securityEvents)
    .where(userId ? and(eq(securityEvents.kind, kind), eq(securityEvents.userId, userId)) : eq(securityEvents.kind, kind))
    .orderBy(desc(securityEvents.id))
    .limit(5);
}


describe('each listed event is written by its action', () => {
  it('sign-in (success and each failure), sign-out, from a hashed address with the request id', async () => {
    const e = behindProxy();
    try {
      const user = await createUser(db());
      const c = fromAddress(e);
      expect((await c.post('/sign-in', { email: user.email, password: 'not the password' })).status).toBe(422);
      expect((await c.post('/sign-in', { email: `nobody-${Date.now()}@example.org`, password: PASSWORD })).status).toBe(422);
      const ok = await c.post('/sign-in', { email: user.email, password: PASSWORD });
      expect(ok.status).toBe(303);
      const [success, wrong] = await latest('sign_in', user.id);
      expect(success).toMatchObject({ outcome: 'success', addressHash: e.deps.securityLog.addressHash(ADDRESS) });
      expect(success!.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(success!.at.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(wrong).toMatchObject({ outcome: 'failure', detail: { reason: 'wrong_password' } });
      const [unknown] = (await latest('sign_in')).filter((r) => r.userId === null);
      expect(unknown).toMatchObject({ outcome: 'failure', detail: { reason: 'unknown_account' } });

      expect((await c.post('/sign-out')).status).toBe(303);
      const [out] = await latest('sign_out', user.id);
      expect(out).toMatchObject({ outcome: 'success' });
      const rows = JSON.stringify(await db().select().from(securityEvents));
      expect(rows).not.toContain(ADDRESS);
      expect(rows).not.toContain(PASSWORD);
      expect(rows).not.toContain(user.email);
    } finally {
      await e.close();
    }
  });

  it('password change (wrong current password, then success) ends the other sessions on record', async () => {
    const me = await person();
    await new Client(env.app).signIn(me.user.email, PASSWORD); // a second session, ended by the change
    expect((await me.client.post('/account/password', { currentPassword: 'wrong one', newPassword: 'a brand new long phrase' })).status).toBe(422);
    expect((await me.client.post('/account/password', { currentPassword: PASSWORD, newPassword: 'a brand new long phrase' })).status).toBe(303);
    const [changed, failed] = await latest('password.change', me.user.id);
    expect(changed).toMatchObject({ outcome: 'success' });
    expect(failed).toMatchObject({ outcome: 'failure', detail: { reason: 'wrong_password' } });
    const [ended] = await latest('sessions.end_all', me.user.id);
    expect(ended).toMatchObject({ outcome: 'success', detail: { ended: 2, why: 'password.change' } });
  });

  it('password reset by link (a dead link, then success)', async () => {
    const u = await createUser(db());
    const c = new Client(env.app);
    expect((await c.post('/reset-password', { token: 'x'.repeat(43), password: 'an entirely new phrase' })).status).toBe(400);
    const [dead] = await latest('password.reset');
    expect(dead).toMatchObject({ outcome: 'failure', userId: null, detail: { reason: 'invalid_link' } });
    await c.post('/forgot-password', { email: u.email });
    await env.drainJobs();
    const mail = (await env.mails()).find((m) => m.to === u.email && m.subject.includes('Reset'));
    const token = codeIn(mail!.text, '/reset-password');
    expect((await c.post('/reset-password', { token, password: 'an entirely new phrase' })).status).toBe(303);
    const [reset] = await latest('password.reset', u.id);
    expect(reset).toMatchObject({ outcome: 'success' });
    expect(JSON.stringify(await db().select().from(securityEvents))).not.toContain(token);
  });

  it('ending one session, and all others, from "Your sessions"', async () => {
    const user = await createUser(db());
    const here = new Client(env.app);
    await here.signIn(user.email, PASSWORD);
    await new Client(env.app).signIn(user.email, PASSWORD);
    await new Client(env.app).signIn(user.email, PASSWORD);
    const [other] = await db().select({ handle: sessions.handle }).from(sessions).where(eq(sessions.userId, user.id)).orderBy(desc(sessions.createdAt)).limit(1); // not this browser's (the first)
    await here.post(`/account/sessions/${other!.handle}/end`);
    expect((await latest('session.end', user.id))[0]).toMatchObject({ outcome: 'success', detail: { session: other!.handle } });
    await here.post('/account/sessions/end-others');
    expect((await latest('session.end_others', user.id))[0]).toMatchObject({ outcome: 'success', detail: { ended: 1 } });
  });

  it("an admin's action (ending an account's sessions) is on record twice: the action and its route", async () => {
    const admin = await person({ isAdmin: true });
    const target = await person();
    expect((await admin.client.post(`/admin/accounts/${target.user.id}/end-sessions`, { email: target.user.email })).status).toBe(303);
    expect((await latest('sessions.end_all', admin.user.id))[0]).toMatchObject({ outcome: 'success', detail: { account: target.user.id, ended: 1, why: 'admin' } });
    expect((await latest('admin.action', admin.user.id))[0]).toMatchObject({ outcome: 'success', detail: { method: 'POST', path: `/admin/accounts/${target.user.id}/end-sessions`, status: 303 } });
  });

  it('CSRF rejections and authorization refusals', async () => {
    const citizen = await person();
    const res = await citizen.client.post('/account/sessions/end-others', { _csrf: 'forged' });
    expect(res.status).toBe(403);
    expect((await latest('csrf.rejected', citizen.user.id))[0]).toMatchObject({ outcome: 'failure', detail: { method: 'POST', path: '/account/sessions/end-others' } });
    expect((await citizen.client.get('/admin/accounts')).status).toBe(403);
    expect((await latest('access.refused', citizen.user.id))[0]).toMatchObject({ outcome: 'failure', detail: { method: 'GET', path: '/admin/accounts' } });
    const staff = await staffOf(await createOrganisation(db()));
    expect((await staff.client.post(`/admin/accounts/${citizen.user.id}/end-sessions`)).status).toBe(403);
    expect((await latest('admin.action', staff.user.id))[0]).toMatchObject({ outcome: 'failure', detail: { status: 403 } });
  });

  it('rate-limit hits', async () => {
    const e = behindProxy({ rateLimits: {} }); // the rules the features declare
    try {
      const user = await createUser(db());
      const c = fromAddress(e);
      let status = 0;
      for (let i = 0; i < 30 && status !== 429; i++) status = (await c.post('/sign-in', { email: user.email, password: `wrong ${i}` })).status;
      expect(status).toBe(429);
      const [hit] = await latest('rate_limit.hit');
      expect(hit).toMatchObject({ outcome: 'failure', addressHash: e.deps.securityLog.addressHash(ADDRESS), detail: { method: 'POST', path: '/sign-in' } });
    } finally {
      await e.close();
    }
  });

  it('every kind the log lists is covered above, in the moderation tests (suspension) or the second-factor tests', () => {
    const covered: SecurityEventKind[] = [
      ...['sign_in', 'sign_out', 'password.change', 'password.reset', 'session.end', 'session.end_others', 'sessions.end_all', 'csrf.rejected', 'rate_limit.hit', 'access.refused', 'admin.action'] as const,
      'account.suspend', // tests/integration/moderation.test.ts
      ...['reauth', 'second_factor.add', 'second_factor.remove', 'recovery_codes.new', 'second_factor.reset'] as const, // tests/integration/second-factor.test.ts
    ];
    expect([...SECURITY_EVENT_KINDS].sort()).toEqual([...covered].sort());
  });
});

describe('no secret in the log', () => {
  it('log lines carry no password, session cookie, CSRF token or one-time code', async () => {
    const user = await createUser(db());
    const c = new Client(env.app);
    await c.signIn(user.email, PASSWORD);
    const csrf = await c.csrfToken();
    const cookies = [...c.cookies.values()].join('|');
    await c.post('/forgot-password', { email: user.email });
    await env.drainJobs();
    const code = codeIn((await env.mails()).find((m) => m.to === user.email)!.text, '/reset-password');
    expect((await c.post('/reset-password', { token: code, password: 'an entirely new phrase' })).status).toBe(303);
    const lines = env.logs().join('\n');
    expect(lines).toContain('"path":"/reset-password"');
    expect(lines).toContain('"msg":"security"');
    for (const secret of [code, PASSWORD, 'an entirely new phrase', cookies, csrf]) expect(lines).not.toContain(secret);
  });
});

describe('the log is append-only', () => {
  it('refuses UPDATE, TRUNCATE and DELETE of a young row, even on the owner connection', async () => {
    const [row] = await db().insert(securityEvents).values({ kind: 'sign_in', outcome: 'success' }).returning({ id: securityEvents.id });
    const refused = async (statement: PromiseLike<unknown>) => {
      const err = (await Promise.resolve(statement).then(() => null, (e: unknown) => e)) as { message: string; cause?: { message?: string } } | null;
      expect(err, 'refused').not.toBeNull();
      expect(err!.cause?.message ?? err!.message).toMatch(/security_events is append-only/);
    };
    await refused(db().update(securityEvents).set({ outcome: 'failure' }).where(eq(securityEvents.id, row!.id)));
    await refused(db().delete(securityEvents).where(eq(securityEvents.id, row!.id)));
    await refused(db().execute(sql`TRUNCATE security_events`));
    expect(await db().$count(securityEvents, eq(securityEvents.id, row!.id))).toBe(1);
  });

  it(`housekeeping deletes rows older than ${SECURITY_LOG_DAYS} days and keeps the rest`, async () => {
    const day = 86_400_000;
    const [old] = await db().insert(securityEvents).values({ kind: 'sign_in', outcome: 'success', at: new Date(Date.now() - (SECURITY_LOG_DAYS + 2) * day) }).returning({ id: securityEvents.id });
    const [kept] = await db().insert(securityEvents).values({ kind: 'sign_in', outcome: 'success', at: new Date(Date.now() - (SECURITY_LOG_DAYS - 2) * day) }).returning({ id: securityEvents.id });
    const report = await cleanUp(db(), new Date(), 30);
    expect(report.securityEvents).toBeGreaterThanOrEqual(1);
    expect(await db().$count(securityEvents, eq(securityEvents.id, old!.id))).toBe(0);
    expect(await db().$count(securityEvents, eq(securityEvents.id, kept!.id))).toBe(1);
  });
});
