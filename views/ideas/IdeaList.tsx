import type { Child } from 'hono/jsx';
import { contentLang } from '../../src/i18n/localise.js';
import { Select } from '../components/Select.js';
import { Time } from '../components/Time.js';
import type { ViewContext } from '../layout/types.js';
import { topicName } from '../challenges/parts.js';
import { Byline, StatusBadge, TopicList, type IdeaCardView, type TopicView } from './parts.js';

export type IdeaListState = {
  sort: 'random' | 'supported' | 'trending' | 'newest';
  status?: string | undefined;
  topic?: number | undefined;
  q?: string | undefined;
  seed: string;
  /** This page starts after a cursor (no-JS "Show more"). */
  after?: string | undefined;
  /** Support counts (and the sorts by support) are hidden from this viewer until voting closes. */
  countsHidden: boolean;
  /** The challenge's vote is over: the list defaults to the most supported first, and says so. */
  voteOver: boolean;
};

/** Each card's vote control (count, state, button), by idea id, rendered by the votes feature. */
export type CardVotes = ReadonlyMap<string, Child>;

type Props = {
  ctx: ViewContext;
  challengeId: string;
  items: IdeaCardView[];
  votes: CardVotes;
  /** Cursor of the next page, or null. */
  next: string | null;
  state: IdeaListState;
  topics: TopicView[];
  /** The call to action: a link to the new-idea form when submissions are open. */
  canSubmit: boolean;
  /** The list was just filtered in place (htmx): the result count takes the focus, so it is heard. */
  focusResults?: boolean;
};

/** The status filter's choices; without one ("current ideas"), the list leaves out ideas not taken forward and withdrawn ones. */
const STATUSES = ['submitted', 'under_consideration', 'shortlisted', 'accepted', 'in_progress', 'implemented', 'not_taken_forward', 'withdrawn'] as const;

/** The list's query string (without the cursor unless given). */
export function listQuery(state: IdeaListState, after?: string | null): string {
  const p = new URLSearchParams();
  p.set('sort', state.sort);
  if (state.status) p.set('status', state.status);
  if (state.topic !== undefined) p.set('topic', String(state.topic));
  if (state.q) p.set('q', state.q);
  if (state.sort === 'random') p.set('seed', state.seed);
  if (after) p.set('after', after);
  return p.toString();
}

export function IdeaCards({ ctx, items, votes, countsHidden }: { ctx: ViewContext; items: IdeaCardView[]; votes: CardVotes; countsHidden: boolean }) {
  const { t } = ctx;
  return (
    <>
      {items.map((i) => (
        <li class="card idea-card" id={`idea-${i.id}`}>
          <h3 lang={contentLang(i.language, ctx.locale)}>
            <a href={`/ideas/${i.id}`}>{i.title}</a>
          </h3>
          <p class="idea-meta">
            <StatusBadge ctx={ctx} status={i.status} /> <Byline ctx={ctx} authorId={i.authorId} authorName={i.authorName} organisationName={i.organisationName} />
            {i.publishedAt && (
              <>
                {' · '}
                <Time at={i.publishedAt} locale={ctx.locale} />
              </>
            )}
            {i.editedAt && <> · {t('ideas.edited')}</>}
          </p>
          <p lang={contentLang(i.language, ctx.locale)}>{i.summary}</p>
          <TopicList ctx={ctx} topics={i.topics} />
          <div class="idea-card-footer">
            {votes.get(i.id) ?? (!countsHidden && <p class="idea-support">{t('ideas.supportCount', { count: i.supportCount })}</p>)}
            <p class="idea-comments">
              <a href={`/ideas/${i.id}#comments`}>{t('ideas.commentCount', { count: i.commentCount })}</a>
            </p>
          </div>
        </li>
      ))}
    </>
  );
}

/**
 * "Show more": a plain link to the challenge page after the cursor (works without JS); htmx
 * fetches the fragment instead and swaps this item for the next cards and a new control.
 */
export function MoreControl({ ctx, challengeId, state, next }: { ctx: ViewContext; challengeId: string; state: IdeaListState; next: string | null }) {
  if (!next) return null;
  const q = listQuery(state, next);
  return (
    <li id="ideas-more" class="ideas-more">
      <a href={`/challenges/${challengeId}?${q}#ideas`} data-hx-get={`/challenges/${challengeId}/ideas?${q}`} data-hx-target="#ideas-more" data-hx-swap="outerHTML" class="button button-secondary">
        {ctx.t('ideas.list.more')}
      </a>
    </li>
  );
}

/** The next cards and a new Show-more control: what the fragment route returns to htmx. */
export function IdeaListPage(p: { ctx: ViewContext; challengeId: string; items: IdeaCardView[]; votes: CardVotes; next: string | null; state: IdeaListState }) {
  return (
    <>
      <IdeaCards ctx={p.ctx} items={p.items} votes={p.votes} countsHidden={p.state.countsHidden} />
      <MoreControl ctx={p.ctx} challengeId={p.challengeId} state={p.state} next={p.next} />
    </>
  );
}

export function IdeaList({ ctx, challengeId, items, votes, next, state, topics, canSubmit, focusResults = false }: Props) {
  const { t } = ctx;
  const base = `/challenges/${challengeId}`;
  const filtered = Boolean(state.status || state.topic !== undefined || state.q);
  const sortLabel = { random: t('ideas.sort.random'), supported: t('ideas.sort.supported'), trending: t('ideas.sort.trending'), newest: t('ideas.sort.newest') };
  const sorts = state.countsHidden ? (['random', 'newest'] as const) : (['random', 'supported', 'trending', 'newest'] as const);
  return (
    <section id="ideas" aria-labelledby="ideas-title" class="ideas-section">
      <h2 id="ideas-title">{t('ideas.title')}</h2>
      {canSubmit && (
        <p>
          <a class="button" href={`${base}/ideas/new`}>
            {t('ideas.new.link')}
          </a>
        </p>
      )}
      <form method="get" action={`${base}#ideas`} class="filter-form ideas-filter" data-hx-get={`${base}/ideas`} data-hx-target="#ideas" data-hx-swap="outerHTML">
        <div class="field-inline">
          <label for="ideas-q">{t('ideas.filter.search')}</label> <input type="search" id="ideas-q" name="q" value={state.q ?? ''} maxlength={200} />
        </div>
        <Select class="field-inline" id="ideas-sort" name="sort" label={t('ideas.filter.sort')} options={sorts.map((s) => ({ value: s, label: sortLabel[s] }))} selected={state.sort} />
        <Select
          class="field-inline"
          id="ideas-status"
          name="status"
          label={t('ideas.filter.status')}
          any={t('ideas.filter.status.inPlay')}
          options={STATUSES.map((s) => ({ value: s, label: t(`ideas.status.${s}`) }))}
          selected={state.status}
        />
        <Select
          class="field-inline"
          id="ideas-topic"
          name="topic"
          label={t('ideas.filter.topic')}
          any={t('ideas.filter.any')}
          options={topics.map((tp) => ({ value: String(tp.id), label: topicName(tp, ctx.locale) }))}
          selected={state.topic === undefined ? undefined : String(state.topic)}
        />
        {state.sort === 'random' && <input type="hidden" name="seed" value={state.seed} />}
        <button type="submit" class="button button-secondary">
          {t('ideas.filter.submit')}
        </button>
      </form>
      {state.sort === 'random' && <p class="hint">{t('ideas.sort.random.hint')}</p>}
      {state.sort === 'supported' && state.voteOver && <p class="hint">{t('ideas.sort.supported.voteOver')}</p>}
      {state.sort === 'trending' && <p class="hint">{t('ideas.sort.trending.hint')}</p>}
      {state.countsHidden && <p class="hint">{t('ideas.countsHidden')}</p>}
      {/* How many the filters found: a live region, focused after an in-place filter (the button it came from is gone). */}
      <p id="ideas-count" class={items.length === 0 ? 'results-count empty' : 'results-count'} role="status" tabindex={-1} autofocus={focusResults}>
        {items.length === 0
          ? filtered
            ? t('ideas.list.emptyFiltered')
            : state.after
              ? t('ideas.list.end')
              : canSubmit
                ? t('ideas.list.emptyOpen')
                : t('ideas.list.empty')
          : next
            ? t('ideas.list.countMore', { count: items.length })
            : t('ideas.list.count', { count: items.length })}
      </p>
      {items.length === 0 ? null : (
        <ul class="idea-list" id="idea-cards">
          <IdeaListPage ctx={ctx} challengeId={challengeId} items={items} votes={votes} next={next} state={state} />
        </ul>
      )}
      {state.after && (
        <p>
          <a href={`${base}?${listQuery(state)}#ideas`}>{t('ideas.list.first')}</a>
        </p>
      )}
    </section>
  );
}
