import { formatDate, type MessageKey } from '../../src/i18n/index.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { topicName, type TopicView } from './parts.js';

type Props = {
  ctx: ViewContext;
  challenge: { id: string; title: string };
  revisions: { id: number; editedAt: Date; editor: string | null; before: Record<string, unknown> }[];
  topics: (TopicView & { id: number })[];
};

const DATE_FIELDS = new Set(['submissionsOpenAt', 'submissionsCloseAt', 'votingOpenAt', 'votingCloseAt', 'judgingCloseAt', 'resultsAt']);

/** Each edit of the published challenge with the values it replaced (staff only). */
export function HistoryPage({ ctx, challenge, revisions, topics }: Props) {
  const { t, locale } = ctx;
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('challenges.history.empty');
    if (DATE_FIELDS.has(field) && typeof v === 'string') return formatDate(new Date(v), locale, 'dateTime');
    if (field === 'topics' && Array.isArray(v)) {
      const names = v.map((id) => topics.find((tp) => tp.id === id)).filter((x) => x !== undefined).map((tp) => topicName(tp, locale));
      return names.length ? names.join(', ') : t('challenges.history.empty');
    }
    if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
    return String(v);
  };
  const title = t('challenges.history.title', { title: challenge.title });
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/challenges/${challenge.id}`}>{t('challenges.history.back')}</a>
      </p>
      {revisions.length === 0 ? (
        <p>{t('challenges.history.none')}</p>
      ) : (
        <ol class="revisions">
          {revisions.map((r) => (
            <li class="card">
              <h2>{t('challenges.history.entry', { date: formatDate(r.editedAt, locale, 'dateTime'), editor: r.editor ?? t('challenges.history.someone') })}</h2>
              <dl class="meta">
                {Object.entries(r.before).map(([field, value]) => (
                  <>
                    <dt>{t(`challenges.field.${field}` as MessageKey)}</dt>
                    <dd class="previous">{show(field, value)}</dd>
                  </>
                ))}
              </dl>
            </li>
          ))}
        </ol>
      )}
    </Page>
  );
}
