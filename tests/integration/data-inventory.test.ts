import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { count, eq, isNotNull, and } from 'drizzle-orm';
import {
  events,
  ideaVotes,
  invitations,
  jobs,
  judgeInvitations,
  notifications,
  outboxMessages,
  rateLimits,
  securityEvents,
  sessions,
  subjects,
  submissionKeys,
  userTokens,
} from '../../src/db/schema/index.js';
import { cleanUp } from '../../src/features/housekeeping/clean-up.js';
import { DATA_INVENTORY, HOUSEKEEPING_PARTS, periodDays, privacyInventory, type After, type HousekeepingPart, type Keep } from '../../src/lib/data-inventory.js';
import { Client, createTestEnvOn, type TestEnv } from '../support/app.js';
import { createChallenge, createIdea, createInvitation, createOrganisation, createUser, DAY, unique } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

/**
 * The data inventory against what the platform does (issue 14, point 6): every period the daily
 * clean-up is said to enforce is enforced — a row just past it goes, one just short of it stays —
 * and /privacy shows every line of the inventory, in both languages, with this site's periods.
 * tests/unit/data-inventory.test.ts checks the inventory against the schema; the clean-up's
 * finer cases (absolute session lifetime, pending jobs, unread notifications, batches) are in
 * tests/integration/housekeeping.test.ts.
 */

const { env, db } = useTestEnv();
const ago = (days: number) => new Date(Date.now() - days * DAY);
const RETENTION = 30;

/** Whether the row a fixture made is still there (or, for origins, still holds its hashes). */
type Probe = () => Promise<boolean>;
/** One row for a part of the clean-up, whose period started `days` ago (counted from `after`). */
type Fixture = { after: After; seed: (days: number) => Promise<Probe> };

const exists = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n > 0;

const fixtures: Record<HousekeepingPart, Fixture> = {
  sessions: {
    after: 'end',
    seed: async (days) => {
      const user = await createUser(db());
      const idHash = `inv-${unique()}`;
      await db().insert(sessions).values({ idHash, userId: user.id, expiresAt: ago(days), createdAt: ago(days + 1), csrfToken: 'x' });
      return () => exists(db().select({ n: count() }).from(sessions).where(eq(sessions.idHash, idHash)));
    },
  },
  tokens: {
    after: 'expiry',
    seed: async (days) => {
      const user = await createUser(db());
      const tokenHash = `inv-${unique()}`;
      await db().insert(userTokens).values({ tokenHash, userId: user.id, purpose: 'reset_password', expiresAt: ago(days) });
      return () => exists(db().select({ n: count() }).from(userTokens).where(eq(userTokens.tokenHash, tokenHash)));
    },
  },
  invitations: {
    after: 'expiry',
    seed: async (days) => {
      const org = await createOrganisation(db(), { kind: 'council' });
      const inv = await createInvitation(db(), org.id, { expiresAt: ago(days) });
      return () => exists(db().select({ n: count() }).from(invitations).where(eq(invitations.id, inv.id)));
    },
  },
  judgeInvitations: {
    after: 'expiry',
    seed: async (days) => {
      const org = await createOrganisation(db(), { kind: 'council' });
      const ch = await createChallenge(db(), org.id);
      const [row] = await db()
        .insert(judgeInvitations)
        .values({ challengeId: ch.id, email: `judge-${unique()}@example.org`, expiresAt: ago(days) })
        .returning({ id: judgeInvitations.id });
      return () => exists(db().select({ n: count() }).from(judgeInvitations).where(eq(judgeInvitations.id, row!.id)));
    },
  },
  submissionKeys: {
    after: 'creation',
    seed: async (days) => {
      const key = `inv-${unique()}`;
      await db().insert(submissionKeys).values({ key, resultId: 'r', createdAt: ago(days) });
      return () => exists(db().select({ n: count() }).from(submissionKeys).where(eq(submissionKeys.key, key)));
    },
  },
  rateLimits: {
    after: 'expiry',
    seed: async (days) => {
      const key = `inv-${unique()}`;
      await db().insert(rateLimits).values({ key, points: 1, expire: ago(days) });
      return () => exists(db().select({ n: count() }).from(rateLimits).where(eq(rateLimits.key, key)));
    },
  },
  jobs: {
    after: 'finish',
    seed: async (days) => {
      const dedupeKey = `inv-${unique()}`;
      await db().insert(jobs).values({ kind: 'test.done', payload: {}, dedupeKey, doneAt: ago(days) });
      return () => exists(db().select({ n: count() }).from(jobs).where(eq(jobs.dedupeKey, dedupeKey)));
    },
  },
  notifications: {
    after: 'read',
    seed: async (days) => {
      const user = await createUser(db());
      const [subject] = await db().insert(subjects).values({ id: randomUUID(), kind: 'test' }).returning();
      const [event] = await db().insert(events).values({ name: 'comment.post', actorId: null, entityType: 'test', entityId: 'x', payload: {} }).returning();
      const [row] = await db()
        .insert(notifications)
        .values({ userId: user.id, eventId: event!.id, subjectId: subject!.id, reason: 'follower', message: 'm', readAt: ago(days) })
        .returning({ id: notifications.id });
      return () => exists(db().select({ n: count() }).from(notifications).where(eq(notifications.id, row!.id)));
    },
  },
  outbox: {
    after: 'creation',
    seed: async (days) => {
      const to = `inv-${unique()}@example.org`;
      await db().insert(outboxMessages).values({ to, subject: 's', text: 't', createdAt: ago(days) });
      return () => exists(db().select({ n: count() }).from(outboxMessages).where(eq(outboxMessages.to, to)));
    },
  },
  voteOrigins: {
    after: 'voting-end',
    seed: async (days) => {
      const org = await createOrganisation(db(), { kind: 'council' });
      const close = ago(days);
      const ch = await createChallenge(db(), org.id, {
        submissionsOpenAt: new Date(close.getTime() - 60 * DAY),
        submissionsCloseAt: new Date(close.getTime() - 30 * DAY),
        votingOpenAt: new Date(close.getTime() - 20 * DAY),
        votingCloseAt: close,
      });
      const idea = await createIdea(db(), ch.id, null, { status: 'submitted', publishedAt: new Date(close.getTime() - 40 * DAY) });
      const user = await createUser(db());
      await db().insert(ideaVotes).values({ ideaId: idea.id, userId: user.id, challengeId: ch.id, network: 'n'.repeat(22), agent: 'a'.repeat(22) });
      return () =>
        exists(db().select({ n: count() }).from(ideaVotes).where(and(eq(ideaVotes.ideaId, idea.id), isNotNull(ideaVotes.network), isNotNull(ideaVotes.agent))));
    },
  },
  securityEvents: {
    after: 'creation',
    seed: async (days) => {
      const [row] = await db().insert(securityEvents).values({ kind: 'sign_in', outcome: 'success', at: ago(days) }).returning({ id: securityEvents.id });
      return () => exists(db().select({ n: count() }).from(securityEvents).where(eq(securityEvents.id, row!.id)));
    },
  },
};

type DaysKeep = Extract<Keep, { kind: 'days' }>;
/** Every promise of the inventory that the daily clean-up keeps: table, columns and period. */
const promises = DATA_INVENTORY.flatMap((e) =>
  e.personalData.flatMap((d) =>
    d.keep.kind === 'days' && (HOUSEKEEPING_PARTS as readonly string[]).includes(d.keep.enforcedBy)
      ? [{ table: e.table, columns: d.columns.join(', '), keep: d.keep as DaysKeep & { enforcedBy: HousekeepingPart } }]
      : [],
  ),
);

describe('the retention the inventory promises', () => {
  it('covers every part of the clean-up, once', () => {
    expect(promises.map((p) => p.keep.enforcedBy).sort()).toEqual([...HOUSEKEEPING_PARTS].sort());
  });

  it.each(promises)('$table ($columns): gone after its period, kept before its end', async ({ keep }) => {
    const fixture = fixtures[keep.enforcedBy];
    expect(keep.after).toBe(fixture.after); // the fixture makes what the inventory counts from
    const days = periodDays(keep.days, { retentionDays: RETENTION, eraseDays: 0 });
    const old = await fixture.seed(days + 2);
    const young = await fixture.seed(days - 2);
    const report = await cleanUp(db(), new Date(), RETENTION);
    expect(report[keep.enforcedBy]).toBeGreaterThanOrEqual(1);
    expect(await old()).toBe(false);
    expect(await young()).toBe(true);
  });

  it('is what the clean-up reports: no part of it the inventory does not list', async () => {
    const report = await cleanUp(db(), new Date(), RETENTION);
    expect(Object.keys(report).sort()).toEqual([...HOUSEKEEPING_PARTS].sort());
  });
});

/** The text of <main> as it reads: tags as spaces (inline ones dropped), the entities hono writes decoded. */
function mainText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main
    .replace(/<\/?(?:a|strong|em|code|span|time)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/[ \t\r\n]+/g, ' ');
}

async function privacy(app: TestEnv['app'], lang: 'en' | 'fr'): Promise<string> {
  const res = await new Client(app, { 'Accept-Language': lang }).get('/privacy');
  expect(res.status).toBe(200);
  return res.text();
}

describe('the privacy notice', () => {
  it('shows every line of the inventory, in both languages, with this site’s periods', async () => {
    const site = createTestEnvOn(env, { env: { RETENTION_DAYS: '45', MODERATION_ERASE_DAYS: '90' } });
    try {
      for (const [app, settings] of [
        [env.app, { retentionDays: env.config.retentionDays, eraseDays: env.config.eraseDays }],
        [site.app, { retentionDays: 45, eraseDays: 90 }],
      ] as const) {
        const rows = privacyInventory(settings);
        for (const lang of ['en', 'fr'] as const) {
          const html = await privacy(app, lang);
          const text = mainText(html);
          const missing = rows[lang].flatMap((r) => [r.title, r.text, ...r.howLong].filter((s) => !text.includes(s)).map((s) => `${lang} ${r.id}: ${s}`));
          expect(missing).toEqual([]);
          // A table named by its heading, with column and row headers.
          expect(html).toContain('aria-labelledby="inventory"');
          expect(html.match(/<th scope="row"/g)).toHaveLength(rows[lang].length);
          expect(html.match(/<th scope="col">/g)).toHaveLength(3);
        }
      }
      expect(mainText(await privacy(site.app, 'en'))).toContain('Deleted 45 days after it ends.');
      expect(mainText(await privacy(site.app, 'fr'))).toContain('effacement du texte 90 jours après cette décision');
    } finally {
      await site.close();
    }
  });

  it('says nothing the inventory contradicts', async () => {
    const en = mainText(await privacy(env.app, 'en'));
    const fr = mainText(await privacy(env.app, 'fr'));
    // The security log keeps a keyed hash of the address (365 days): logs are not address-free.
    expect(en).not.toMatch(/logs do not record IP addresses/i);
    expect(fr).not.toMatch(/n’enregistrent pas les adresses IP/i);
    expect(en).toContain('The security log keeps a hash of the address made the same way with each sign-in, sign-out and refused request, for 365 days');
    expect(fr).toContain('Le journal de sécurité conserve un condensé de l’adresse calculé de la même façon');
    // Sessions hold the browser family, and deleting an account is not a button yet.
    expect(en).toContain('Sessions are not tied to an address: they record only the browser and system family');
    expect(en).toContain('the site has no button for a copy of your data or for deleting your account yet');
    expect(fr).toContain('le site n’offre pas encore de bouton pour obtenir une copie de vos données ni pour supprimer votre compte');
    expect(en).not.toContain('until you ask for your account to be deleted');
  });
});
