import type { Locale, MessageKey } from '../../src/i18n/index.js';
import type { ViewContext } from '../layout/types.js';
import { topicName } from '../challenges/parts.js';
import { Message } from '../components/Message.js';

export type IdeaStatusView =
  | 'draft'
  | 'submitted'
  | 'under_consideration'
  | 'shortlisted'
  | 'accepted'
  | 'in_progress'
  | 'implemented'
  | 'not_taken_forward'
  | 'withdrawn';
export type TopicView = { id: number; slug: string; nameEn: string; nameFr: string };
export type IdeaCardView = {
  id: string;
  authorId: string | null;
  title: string;
  summary: string;
  /** The language its author wrote it in (absent: the page's). */
  language?: Locale | undefined;
  status: IdeaStatusView;
  supportCount: number;
  commentCount: number;
  publishedAt: Date | null;
  editedAt: Date | null;
  authorName: string | null;
  organisationName: string | null;
  topics: TopicView[];
};
export type SimilarIdeaView = { id: string; title: string; summary: string };

export const statusKey = (s: IdeaStatusView): MessageKey => `ideas.status.${s}`;

/** Why an author withdraws an idea, in the order the form offers them. */
export const WITHDRAW_REASON_VIEWS = ['duplicate', 'no_longer_relevant', 'done_elsewhere', 'other'] as const;
export type WithdrawReasonView = (typeof WITHDRAW_REASON_VIEWS)[number];
export const withdrawReasonKey = (r: WithdrawReasonView): MessageKey => `ideas.withdraw.reason.${r}`;

/** The status in words (colour only repeats it). */
export function StatusBadge({ ctx, status }: { ctx: ViewContext; status: IdeaStatusView }) {
  return <span class={`badge badge-idea-${status.replace(/_/g, '-')}`}>{ctx.t(statusKey(status))}</span>;
}

/** "GreenLink Community Trust — submitted by Marie Dubois", or the person alone; the person's name links to their page. */
export function Byline({ ctx, authorId, authorName, organisationName }: { ctx: ViewContext; authorId: string | null; authorName: string | null; organisationName: string | null }) {
  const person = authorId && authorName ? <a href={`/people/${authorId}`}>{authorName}</a> : (authorName ?? ctx.t('ideas.byline.formerUser'));
  return (
    <span class="byline">
      {organisationName ? (
        <Message t={ctx.t} k="ideas.byline.onBehalf" params={{ organisation: organisationName }} slot="person">
          {person}
        </Message>
      ) : (
        <Message t={ctx.t} k="ideas.byline.person" slot="person">
          {person}
        </Message>
      )}
    </span>
  );
}

export function TopicList({ ctx, topics }: { ctx: ViewContext; topics: TopicView[] }) {
  if (topics.length === 0) return null;
  return (
    <ul class="topic-list" aria-label={ctx.t('ideas.topics')}>
      {topics.map((t) => (
        <li class="topic">{topicName(t, ctx.locale)}</li>
      ))}
    </ul>
  );
}

/**
 * Published ideas with a similar title (stable id: the fragment the title field's htmx request
 * replaces). Polite live region so screen readers hear new suggestions.
 */
export function SimilarIdeas({ ctx, items }: { ctx: ViewContext; items: SimilarIdeaView[] }) {
  const { t } = ctx;
  return (
    <div id="similar-ideas" class="similar-ideas" aria-live="polite">
      {items.length > 0 && (
        <>
          <h2 class="h3">{t('ideas.similar.title')}</h2>
          <p class="hint">{t('ideas.similar.lead')}</p>
          <ul>
            {items.map((i) => (
              <li>
                <strong>{i.title}</strong> — {i.summary}{' '}
                <a href={`/ideas/${i.id}`}>{t('ideas.similar.support')}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
