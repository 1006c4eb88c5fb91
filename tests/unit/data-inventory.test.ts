import { describe, expect, expectTypeOf, it } from 'vitest';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { features } from '../../src/registry.js';
import * as schema from '../../src/db/schema/index.js';
import { SESSION_ABSOLUTE_DAYS, SESSION_IDLE_DAYS } from '../../src/auth/sessions.js';
import { RESET_HOURS, VERIFY_HOURS } from '../../src/features/accounts/mail.js';
import type { CleanUpReport } from '../../src/features/housekeeping/clean-up.js';
import { INVITATION_DAYS } from '../../src/features/organisations/index.js';
import { MAIL_SPOOL_DAYS } from '../../src/jobs/mail.js';
import {
  DATA_INVENTORY,
  HOUSEKEEPING_PARTS,
  howLong,
  NOTICE,
  OTHER_STORES,
  privacyInventory,
  type HousekeepingPart,
  type Keep,
  type NoticeKey,
} from '../../src/lib/data-inventory.js';
import { englishProblems, englishTermProblems, frenchProblems, frenchTermProblems } from '../support/typography.js';

/**
 * The data inventory (issue 14, point 6) against the schema: every table listed once, every
 * column it names real, every column that points at a person accounted for, every period
 * enforced by something that exists, and the notice's words well typeset in both languages.
 * tests/integration/data-inventory.test.ts runs the periods and reads /privacy.
 */

const tables = (Object.values(schema) as unknown[]).filter((x): x is PgTable => is(x, PgTable));
const byName = new Map(tables.map((t) => [getTableConfig(t).name, getTableConfig(t)]));
const allData = [...DATA_INVENTORY, ...OTHER_STORES].flatMap((e) => e.personalData);

describe('the data inventory', () => {
  it('lists every table of the schema exactly once, and only tables that exist', () => {
    expect(tables.length).toBeGreaterThan(40);
    const listed = DATA_INVENTORY.map((e) => e.table);
    expect(listed.filter((t, i) => listed.indexOf(t) !== i)).toEqual([]); // no table twice
    expect([...byName.keys()].filter((t) => !listed.includes(t))).toEqual([]); // a new table: add its entry to src/lib/data-inventory.ts
    expect(listed.filter((t) => !byName.has(t))).toEqual([]);
  });

  it('names only columns the table has, and every entry says what the table is for', () => {
    const wrong = DATA_INVENTORY.flatMap((e) => {
      const columns = byName.get(e.table)!.columns.map((c) => c.name);
      return e.personalData.flatMap((d) => [...(d.columns.length === 0 ? ['(no column)'] : []), ...d.columns.filter((c) => !columns.includes(c))].map((c) => `${e.table}.${c}`));
    });
    expect(wrong).toEqual([]);
    expect(DATA_INVENTORY.filter((e) => e.purpose.trim() === '' || e.personalData.some((d) => d.why.trim() === '')).map((e) => e.table)).toEqual([]);
  });

  it('accounts for every column that points at a person: a reference to users, a user id, an email address, an address hash, a device', () => {
    const missing: string[] = [];
    for (const [name, config] of byName) {
      const personal = new Set(config.columns.filter((c) => c.name === 'user_id' || /email|address|network|agent|device/.test(c.name)).map((c) => c.name));
      for (const fk of config.foreignKeys) {
        const ref = fk.reference();
        if (getTableConfig(ref.foreignTable).name === 'users') for (const c of ref.columns) personal.add(c.name);
      }
      const listed = new Set(DATA_INVENTORY.find((e) => e.table === name)?.personalData.flatMap((d) => d.columns));
      for (const c of personal) if (!listed.has(c)) missing.push(`${name}.${c}`);
    }
    expect(missing).toEqual([]);
  });

  it('has each period enforced by a part of the daily clean-up or a registered job', () => {
    // The clean-up's report and the inventory's list of its parts are the same (checked by tsc).
    expectTypeOf<HousekeepingPart>().toEqualTypeOf<keyof CleanUpReport>();
    const jobKinds = features.flatMap((f) => Object.keys(f.jobs ?? {}));
    expect(jobKinds).toContain('housekeeping.clean'); // its report's parts, and the mail spool
    const enforcers = allData.flatMap((d) => (d.keep.kind === 'days' ? [d.keep.enforcedBy] : []));
    const unknown = enforcers.filter((e) => !(HOUSEKEEPING_PARTS as readonly string[]).includes(e) && e !== 'mailSpool' && !jobKinds.includes(e));
    expect(unknown).toEqual([]);
    // Every part of the clean-up is something the inventory promises.
    expect(HOUSEKEEPING_PARTS.filter((p) => !enforcers.includes(p))).toEqual([]);
    expect(enforcers).toContain('moderation.erase');
  });

  it('gives the periods the code uses', () => {
    const spool = allData.find((d) => d.keep.kind === 'days' && d.keep.enforcedBy === 'mailSpool')!.keep as Extract<Keep, { kind: 'days' }>;
    expect(spool.days).toBe(MAIL_SPOOL_DAYS);
    expect(NOTICE.sessions.text.en).toContain(`${SESSION_IDLE_DAYS} days without use, and at the latest ${SESSION_ABSOLUTE_DAYS} days after signing in`);
    expect(NOTICE.sessions.text.fr).toContain(`${SESSION_IDLE_DAYS} jours sans utilisation, et au plus tard ${SESSION_ABSOLUTE_DAYS} jours après la connexion`);
    expect(NOTICE.links.text.en).toContain(`after ${RESET_HOURS} to ${VERIFY_HOURS} hours, an invitation after ${INVITATION_DAYS} days`);
    expect(NOTICE.links.text.fr).toContain(`après ${RESET_HOURS} à ${VERIFY_HOURS} heures, une invitation après ${INVITATION_DAYS} jours`);
  });

  it('uses every line of the notice, and the notice keeps French and English typography and one term for an email address', () => {
    const used = new Set<NoticeKey>(allData.map((d) => d.notice));
    expect((Object.keys(NOTICE) as NoticeKey[]).filter((k) => !used.has(k))).toEqual([]);
    const texts = [
      ...Object.values(NOTICE).flatMap((n) => [n.title, n.text]),
      ...[{ retentionDays: 30, eraseDays: 180 }, { retentionDays: 1, eraseDays: 0 }].flatMap((s) => allData.map((d) => howLong(d.keep, s))),
    ];
    const problems = texts.flatMap((t) => [...frenchProblems(t.fr), ...frenchTermProblems(t.fr), ...englishProblems(t.en), ...englishTermProblems(t.en)]);
    expect(problems).toEqual([]);
  });

  it('makes the notice’s table from it, with this site’s periods', () => {
    const { en, fr } = privacyInventory({ retentionDays: 45, eraseDays: 90 });
    expect(en.map((r) => r.id)).toEqual(fr.map((r) => r.id));
    expect(en.map((r) => r.id)).toEqual(Object.keys(NOTICE)); // every line has data behind it
    const row = (id: NoticeKey) => en.find((r) => r.id === id)!;
    expect(row('sessions').howLong).toEqual(['Deleted 45 days after it ends.']);
    expect(row('securityLog').howLong).toEqual(['Deleted 365 days after it is made.']);
    expect(row('contributions').howLong).toEqual([
      'As long as your account exists.',
      'Kept without your name once your account is deleted, so that discussions still make sense.',
      'If a moderator hides it: its words are erased 90 days after that decision (the record of the decision stays).',
    ]);
    expect(fr.find((r) => r.id === 'notifications')!.howLong).toEqual(['Suppression 45 jours après sa lecture.']);
    // Erasure turned off (MODERATION_ERASE_DAYS=0): the notice does not promise it.
    const off = privacyInventory({ retentionDays: 30, eraseDays: 0 }).en.find((r) => r.id === 'moderation')!.howLong.join(' ');
    expect(off).toContain('this site does not erase hidden content automatically');
    expect(off).not.toContain('0 days');
  });
});
