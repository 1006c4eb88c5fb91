import type { Child } from 'hono/jsx';
import { formatDate, type MessageKey } from '../../src/i18n/index.js';
import { Page } from '../layout/Page.js';
import { ReportLink } from '../components/ReportLink.js';
import type { ViewContext } from '../layout/types.js';
import { Localised } from '../components/Localised.js';
import { Paragraphs } from '../components/Paragraphs.js';
import { Pagination } from '../components/Pagination.js';
import { Time } from '../components/Time.js';
import { StatusBadge, type IdeaStatusView } from '../ideas/parts.js';

/** `hidden`: the moderators hid the bio, under this rule, or while reports are looked at ('held'). */
export type PersonView = { id: string; displayName: string; bio: string; createdAt: Date; hidden?: { number: number; label: MessageKey } | 'held' | 'awaiting' | null };
/**
 * Challenge titles come in English with the council's French title where the list has it
 * (shown by the reader's language; without one, a French page marks the English title as such).
 */
type ChallengeTitles = { challengeTitle: string; challengeTitleFr?: string | null | undefined };
export type WrittenIdeaView = { id: string; title: string; status: IdeaStatusView; challengeId: string; publishedAt: Date | null } & ChallengeTitles;
export type CommentView = { id: string; ideaId: string; ideaTitle: string; excerpt: string; createdAt: Date };
export type FollowedIdeaView = { ideaId: string; title: string; status: IdeaStatusView; challengeId: string; challengeTitle: string; challengeTitleFr: string | null };
export type FollowedChallengeView = { challengeId: string; title: string; titleFr: string | null; archived: boolean };
export type SupportedIdeaView = { ideaId: string; title: string; challengeId: string; supportedAt: Date; setAside: boolean } & ChallengeTitles;
/** A support of the person's that the council's staff set aside, and why (their own page only). */
export type SetAsideView = { ideaId: string; title: string; challengeId: string; challengeTitle: string; at: Date; reason: string };

export type SectionView =
  | { name: 'ideas'; items: WrittenIdeaView[] }
  | { name: 'comments'; items: CommentView[] }
  | { name: 'following-ideas'; items: FollowedIdeaView[] }
  | { name: 'following-challenges'; items: FollowedChallengeView[] }
  | { name: 'supports'; items: SupportedIdeaView[] };

/** One entry of a list: what it is (usually a link), then what it belongs to and when. */
const Entry = ({ title, meta }: { title: Child; meta?: Child }) => (
  <li>
    {title}
    {meta && <span class="person-item-meta">{meta}</span>}
  </li>
);

/**
 * An idea in a list: its title, its status where the list shows it, the challenge it answers
 * (a council's title, in the reader's language) and, where the list has one, when.
 */
function IdeaEntry(p: { ctx: ViewContext; id: string; title: string; status?: IdeaStatusView; challengeId: string; when?: Child } & ChallengeTitles) {
  return (
    <Entry
      title={
        <a href={`/ideas/${p.id}`} class="person-item-title">
          {p.title}
        </a>
      }
      meta={
        <>
          {p.status && (
            <>
              <StatusBadge ctx={p.ctx} status={p.status} />{' '}
            </>
          )}
          <Localised as="a" href={`/challenges/${p.challengeId}`} locale={p.ctx.locale} en={p.challengeTitle} fr={p.challengeTitleFr} />
          {p.when && (
            <>
              {' · '}
              {p.when}
            </>
          )}
        </>
      }
    />
  );
}

/** The items of one section as a list, or its empty state. */
function Items({ ctx, section, empty }: { ctx: ViewContext; section: SectionView; empty: string }) {
  if (section.items.length === 0) return <p class="empty">{empty}</p>;
  const { t, locale } = ctx;
  let rows: Child[];
  switch (section.name) {
    case 'ideas':
      rows = section.items.map((i) => <IdeaEntry ctx={ctx} {...i} when={i.publishedAt && <Time at={i.publishedAt} locale={locale} />} />);
      break;
    case 'comments':
      rows = section.items.map((i) => (
        <Entry
          title={<p class="person-excerpt">{i.excerpt}</p>}
          meta={
            <>
              <a href={`/ideas/${i.ideaId}#comment-${i.id}`}>{i.ideaTitle}</a>
              {' · '}
              <Time at={i.createdAt} locale={locale} />
            </>
          }
        />
      ));
      break;
    case 'following-ideas':
      rows = section.items.map((i) => <IdeaEntry ctx={ctx} {...i} id={i.ideaId} />);
      break;
    case 'following-challenges':
      rows = section.items.map((i) => (
        <Entry
          title={<Localised as="a" href={`/challenges/${i.challengeId}`} class="person-item-title" locale={locale} en={i.title} fr={i.titleFr} />}
          meta={i.archived && <span class="badge">{t('people.follows.archived')}</span>}
        />
      ));
      break;
    case 'supports':
      rows = section.items.map((i) => (
        <IdeaEntry
          ctx={ctx}
          {...i}
          id={i.ideaId}
          when={t('people.supports.on', { date: formatDate(i.supportedAt, locale) }) + (i.setAside ? ` (${t('votes.setAside.mark')})` : '')}
        />
      ));
      break;
  }
  return <ul class="person-list">{rows}</ul>;
}

const More = ({ href, label }: { href: string | null; label: string }) =>
  href ? (
    <p class="person-more">
      <a href={href}>{label}</a>
    </p>
  ) : null;

/** Titles, empty states and "more" labels of each section, for this reader. */
export function sectionTexts(ctx: ViewContext, name: SectionView['name'], person: { displayName: string }, own: boolean) {
  const { t } = ctx;
  const n = { name: person.displayName };
  switch (name) {
    case 'ideas':
      return { title: t('people.ideas.all', n), empty: own ? t('people.ideas.emptyOwn') : t('people.ideas.empty', n), more: t('people.ideas.more', n) };
    case 'comments':
      return { title: t('people.comments.all', n), empty: own ? t('people.comments.emptyOwn') : t('people.comments.empty', n), more: t('people.comments.more', n) };
    case 'following-ideas':
      return { title: t('people.follows.ideas'), empty: t('people.follows.emptyIdeas'), more: t('people.follows.ideasMore') };
    case 'following-challenges':
      return { title: t('people.follows.challenges'), empty: t('people.follows.emptyChallenges'), more: t('people.follows.challengesMore') };
    case 'supports':
      return { title: t('people.supports.title'), empty: t('people.supports.empty'), more: t('people.supports.more') };
  }
}

/** Bio: plain text, blank lines separate paragraphs (single line breaks are kept by CSS). */
const Bio = ({ text }: { text: string }) =>
  text.trim() ? (
    <div class="person-bio">
      <Paragraphs text={text} />
    </div>
  ) : null;

function Header({ ctx, person, own }: { ctx: ViewContext; person: PersonView; own: boolean }) {
  return (
    <>
      <h1>{person.displayName}</h1>
      <p class="person-since">{ctx.t('people.memberSince', { date: formatDate(person.createdAt, ctx.locale) })}</p>
      {person.hidden ? (
        <div class="person-bio person-bio-hidden">
          <p>
            {person.hidden === 'held'
              ? ctx.t('people.hidden.held')
              : person.hidden === 'awaiting'
                ? ctx.t('people.hidden.awaiting')
                : ctx.t('people.hidden.rule', { number: person.hidden.number, rule: ctx.t(person.hidden.label) })}
          </p>
          {own && typeof person.hidden === 'object' && (
            <p>
              <a href={`/appeal/person/${person.id}`}>{ctx.t('people.hidden.appeal')}</a>
            </p>
          )}
        </div>
      ) : (
        <Bio text={person.bio} />
      )}
      {own ? <p class="notice">{ctx.t('people.ownNote')}</p> : <ReportLink kind="person" id={person.id} label={ctx.t('people.report')} />}
    </>
  );
}

/** The first items of a section and the link to its own paginated view (null when there is no more). */
export type Listing = { section: SectionView; moreHref: string | null };

/** What the page shows: the public lists, and the private ones only for the person themselves. */
export type PersonLists = {
  ideas: Listing;
  comments: Listing;
  /** Null for everyone but the person: never loaded, never rendered. */
  private: { followedIdeas: Listing; followedChallenges: Listing; supports: Listing; setAside: SetAsideView[] } | null;
};

/** The person's supports the council set aside, each with its reason (said here, to them only: never broadcast). */
function SetAsideList({ ctx, items }: { ctx: ViewContext; items: SetAsideView[] }) {
  if (items.length === 0) return null;
  const { t, locale } = ctx;
  return (
    <div class="set-aside" id="set-aside">
      <h3>{t('votes.setAside.title')}</h3>
      <p>{t('votes.setAside.intro')}</p>
      <ul>
        {items.map((i) => (
          <li>
            {t('votes.setAside.item', { title: i.title, challenge: i.challengeTitle, date: formatDate(i.at, locale) })} <q>{i.reason}</q>{' '}
            <a href={`/ideas/${i.ideaId}`}>{t('votes.integrity.idea')}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Listed({ ctx, listing, person, own }: { ctx: ViewContext; listing: Listing; person: PersonView; own: boolean }) {
  const texts = sectionTexts(ctx, listing.section.name, person, own);
  return (
    <>
      <Items ctx={ctx} section={listing.section} empty={texts.empty} />
      <More href={listing.moreHref} label={texts.more} />
    </>
  );
}

/** One part of a person's page; a private one says only the person sees it. */
function Section({ ctx, id, title, private: own, children }: { ctx: ViewContext; id: string; title: string; private?: boolean; children: Child }) {
  return (
    <section aria-labelledby={id} class={own ? 'person-section person-private' : 'person-section'}>
      <h2 id={id}>{title}</h2>
      {own && <p class="hint">{ctx.t('people.private')}</p>}
      {children}
    </section>
  );
}

/** A person's page: who they are and what they wrote; to themselves also what they follow and support. */
export function PersonPage({ ctx, person, own, lists }: { ctx: ViewContext; person: PersonView; own: boolean; lists: PersonLists }) {
  const { t } = ctx;
  const p = lists.private;
  return (
    <Page ctx={ctx} title={person.displayName}>
      <Header ctx={ctx} person={person} own={own} />
      <Section ctx={ctx} id="person-ideas" title={t('people.ideas.title')}>
        <Listed ctx={ctx} listing={lists.ideas} person={person} own={own} />
      </Section>
      <Section ctx={ctx} id="person-comments" title={t('people.comments.title')}>
        <Listed ctx={ctx} listing={lists.comments} person={person} own={own} />
      </Section>
      {p && (
        <Section ctx={ctx} id="person-follows" title={t('people.follows.title')} private>
          {p.followedIdeas.section.items.length === 0 && p.followedChallenges.section.items.length === 0 ? (
            <p class="empty">{t('people.follows.empty')}</p>
          ) : (
            <>
              <h3>{t('people.follows.ideas')}</h3>
              <Listed ctx={ctx} listing={p.followedIdeas} person={person} own={own} />
              <h3>{t('people.follows.challenges')}</h3>
              <Listed ctx={ctx} listing={p.followedChallenges} person={person} own={own} />
            </>
          )}
        </Section>
      )}
      {p && (
        <Section ctx={ctx} id="person-supports" title={t('people.supports.title')} private>
          <SetAsideList ctx={ctx} items={p.setAside} />
          <Listed ctx={ctx} listing={p.supports} person={person} own={own} />
        </Section>
      )}
    </Page>
  );
}

/** One section of a person's page, paginated (plain links: they work without JavaScript). */
export function PersonSectionPage({
  ctx,
  person,
  own,
  section,
  nextHref,
  firstHref,
}: {
  ctx: ViewContext;
  person: PersonView;
  own: boolean;
  section: SectionView;
  nextHref: string | null;
  firstHref: string | null;
}) {
  const texts = sectionTexts(ctx, section.name, person, own);
  return (
    <Page ctx={ctx} title={texts.title}>
      <p class="breadcrumb">
        <a href={`/people/${person.id}`}>{ctx.t('people.back', { name: person.displayName })}</a>
      </p>
      <h1>{texts.title}</h1>
      {section.name !== 'ideas' && section.name !== 'comments' && <p class="hint">{ctx.t('people.private')}</p>}
      <Items ctx={ctx} section={section} empty={texts.empty} />
      <Pagination t={ctx.t} nextHref={nextHref} firstHref={firstHref} />
    </Page>
  );
}
