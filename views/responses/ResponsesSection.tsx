import { formatDate } from '../../src/i18n/index.js';
import { Markdown } from '../components/Markdown.js';
import { Time } from '../components/Time.js';
import type { ViewContext } from '../layout/types.js';
import { StatusBadge, statusKey, type IdeaStatusView } from '../ideas/parts.js';
import { personWithRole, ResponseForm, type ResponseFormView } from './parts.js';

export type OfficialResponseView = {
  id: number;
  authorName: string;
  roleTitle: string;
  organisationName: string;
  bodyHtml: string;
  statusFrom: IdeaStatusView | null;
  statusTo: IdeaStatusView | null;
  reason: string;
  createdAt: Date;
};

type Props = {
  ctx: ViewContext;
  idea: { id: string; status: IdeaStatusView; publishedAt: Date | null; responseDueAt: Date | null; withdrawnAt: Date | null };
  /** Oldest first (the timeline's order); shown newest first. */
  responses: OfficialResponseView[];
  now: Date;
  /** The answer form, for staff of the challenge's council only. */
  form: ResponseFormView | null;
  /** The viewer is on the staff of the challenge's council: a link to their awaiting list. */
  staff: boolean;
  /** Just answered through htmx: say so where the focus lands. */
  posted?: boolean;
};

/**
 * The idea page's official responses, the status timeline and the response commitment: one
 * section with a stable id, the same component for the page and the htmx answer.
 */
export function ResponsesSection({ ctx, idea, responses, now, form, staff, posted }: Props) {
  const { t } = ctx;
  const changes = responses.filter((r) => r.statusTo !== null);
  const newestFirst = [...responses].reverse();
  return (
    <section id="responses" class="responses" aria-labelledby="responses-title">
      <h2 id="responses-title">{t('responses.title')}</h2>
      {posted && (
        <p class="flash flash-success" role="status" tabindex={-1} autofocus>
          {t('responses.flash.posted')}
        </p>
      )}
      {idea.responseDueAt &&
        (idea.responseDueAt < now ? (
          <p class="response-due response-overdue">
            <strong>{t('responses.due.overdue', { date: formatDate(idea.responseDueAt, ctx.locale) })}</strong>
          </p>
        ) : (
          <p class="response-due">{t('responses.due.committed', { date: formatDate(idea.responseDueAt, ctx.locale) })}</p>
        ))}
      {newestFirst.length === 0 ? (
        <p class="responses-none">{t('responses.none')}</p>
      ) : (
        newestFirst.map((r) => (
          <article class="official-response" aria-labelledby={`response-${r.id}-title`}>
            <h3 id={`response-${r.id}-title`}>{t('responses.item.title', { council: r.organisationName })}</h3>
            <p class="response-byline">
              <span class="response-author">{personWithRole(r.authorName, r.roleTitle)}</span> — {r.organisationName} · <Time at={r.createdAt} locale={ctx.locale} />
            </p>
            <Markdown html={r.bodyHtml} />
            {r.statusTo && r.statusFrom && (
              <p class="response-status-change">
                {t('responses.item.statusChange', { from: t(statusKey(r.statusFrom)), to: t(statusKey(r.statusTo)) })}
                {r.reason && (
                  <>
                    {' '}
                    <span class="response-reason">{t('responses.item.reason', { reason: r.reason })}</span>
                  </>
                )}
              </p>
            )}
          </article>
        ))
      )}
      <h3 id="status-history-title">{t('responses.timeline.title')}</h3>
      <ol class="status-timeline" aria-labelledby="status-history-title">
        {idea.publishedAt && (
          <li>
            <Time at={idea.publishedAt} locale={ctx.locale} /> — <StatusBadge ctx={ctx} status="submitted" /> {t('responses.timeline.published')}
          </li>
        )}
        {changes.map((r) => (
          <li>
            <Time at={r.createdAt} locale={ctx.locale} /> — <StatusBadge ctx={ctx} status={r.statusTo!} />{' '}
            {t('responses.timeline.by', { who: personWithRole(r.authorName, r.roleTitle), council: r.organisationName })}
            {r.reason && <p class="response-reason">{r.reason}</p>}
          </li>
        ))}
        {idea.status === 'withdrawn' && idea.withdrawnAt && (
          <li>
            <Time at={idea.withdrawnAt} locale={ctx.locale} /> — <StatusBadge ctx={ctx} status="withdrawn" /> {t('responses.timeline.withdrawn')}
          </li>
        )}
      </ol>
      {staff && (
        <p>
          <a href="/account/responses">{t('responses.staffLink')}</a>
        </p>
      )}
      {form && <ResponseForm ctx={ctx} form={form} />}
    </section>
  );
}
