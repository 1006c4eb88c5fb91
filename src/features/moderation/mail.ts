import { eq, or } from 'drizzle-orm';
import { moderationItems, organisations, users } from '../../db/schema/index.js';
import type { EventSubscriber } from '../../http/feature.js';
import { formatDate, translator } from '../../i18n/index.js';
import { isRule, ruleKey, ruleNumber } from './rules.js';

/** At most this many platform moderators are written to when an organisation names no safeguarding contact. */
const FALLBACK_MAX = 20;

/**
 * A report that someone may be at risk goes at once to the owning council's safeguarding contact
 * (its organisation's setting), in English and French; without one (or for content outside any
 * organisation), to the platform's moderators in their own language. The mail says what kind of
 * content and links to the item in the queue; the content itself stays on the platform.
 */
export const safeguardingMail: EventSubscriber = {
  job: 'moderation.safeguarding',
  on: ['report.file'],
  handle: (deps) => async (event) => {
    if (event.name !== 'report.file' || event.payload.reason !== 'atRisk') return;
    const { itemId, kind } = event.payload;
    const [item] = await deps.db
      .select({ email: organisations.safeguardingEmail, organisation: organisations.name })
      .from(moderationItems)
      .leftJoin(organisations, eq(organisations.id, moderationItems.organisationId))
      .where(eq(moderationItems.id, itemId))
      .limit(1);
    if (!item) return;
    const link = `${deps.config.publicUrl}/moderation/items/${itemId}`;
    const label = deps.reportables.kind(kind)?.label ?? 'moderation.item.label';
    const write = (locale: 'en' | 'fr') => {
      const t = translator(locale);
      const where = item.organisation ?? t('moderation.mail.atRisk.platform');
      return { subject: t('moderation.mail.atRisk.subject', { organisation: where }), text: t('moderation.mail.atRisk.body', { kind: t(label), organisation: where, link }) };
    };
    if (item.email) {
      const en = write('en');
      const fr = write('fr');
      await deps.mailer.send({ to: item.email, subject: `${en.subject} / ${fr.subject}`, text: `${en.text}\n\n---\n\n${fr.text}` });
      return;
    }
    const moderators = await deps.db
      .select({ email: users.email, locale: users.locale })
      .from(users)
      .where(or(eq(users.isModerator, true), eq(users.isAdmin, true)))
      .orderBy(users.createdAt)
      .limit(FALLBACK_MAX);
    for (const m of moderators) await deps.mailer.send({ to: m.email, ...write(m.locale) });
  },
};

/** A suspended person is told by e-mail, in their language: under which rule, and until when. */
export const suspensionMail: EventSubscriber = {
  job: 'moderation.suspension-mail',
  on: ['moderation.suspend'],
  handle: (deps) => async (event) => {
    if (event.name !== 'moderation.suspend' || !event.entityId) return;
    const [person] = await deps.db.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, event.entityId)).limit(1);
    if (!person || !isRule(event.payload.rule)) return;
    const t = translator(person.locale);
    const until = event.payload.until
      ? t('moderation.mail.suspended.until', { date: formatDate(new Date(event.payload.until), person.locale, 'date') })
      : t('moderation.mail.suspended.indefinitely');
    await deps.mailer.send({
      to: person.email,
      subject: t('moderation.mail.suspended.subject'),
      text: t('moderation.mail.suspended.body', { number: ruleNumber(event.payload.rule), rule: t(ruleKey(event.payload.rule)), until, link: `${deps.config.publicUrl}/guidelines#rules` }),
    });
  },
};
