import { Hono } from 'hono';
import { byId, cachedPage } from '../http/page-cache.js';
import { pageScope } from '../lib/page-versions.js';
import type { AppContext, AppEnv } from '../http/context.js';
import { render, setFlash, viewContext } from '../http/render.js';
import { BadRequestError, NotFoundError } from '../lib/errors.js';
import { pageLinks } from '../lib/pagination.js';
import { PersonPage, PersonSectionPage, type FollowedChallengeView, type Listing, type PersonLists, type SectionView } from '../../views/people/PersonPage.js';
import { listCommentsBy } from '../features/comments/index.js';
import { listFollowedChallenges, listFollowedIdeas, type FollowedChallenge } from '../features/follows/index.js';
import { listIdeasBy } from '../features/ideas/index.js';
import { canViewPersonSection, getPerson, isPersonSection, type PersonSection } from '../features/people/index.js';
import { hiddenAs } from '../features/moderation/index.js';
import { listSetAsideSupports, listSupportedIdeas } from '../features/votes/index.js';

/** A person's page: what they wrote, and (for themselves only) what they follow and support. */
export const personPage = new Hono<AppEnv>();

/** Items per list on the page itself; each list links to its own paginated view. */
export const OVERVIEW_LIMIT = 10;
/** Items per page of a section's own view. */
export const SECTION_LIMIT = 20;

const sectionHref = (personId: string, section: PersonSection) => `/people/${personId}?section=${section}`;

const followedChallengeView = (i: FollowedChallenge): FollowedChallengeView => ({
  challengeId: i.challengeId,
  title: i.title,
  titleFr: i.titleFr,
  archived: i.status === 'archived',
});

/** One page of one section (one query, or a few for comments: constant whatever the length). */
async function loadSection(c: AppContext, personId: string, section: PersonSection, opts: { after?: string | undefined; limit: number }): Promise<{ view: SectionView; next: string | null }> {
  const { db } = c.get('deps');
  switch (section) {
    case 'ideas': {
      const p = await listIdeasBy(db, personId, opts);
      return { view: { name: section, items: p.items }, next: p.next };
    }
    case 'comments': {
      const p = await listCommentsBy(db, personId, opts);
      return { view: { name: section, items: p.items }, next: p.next };
    }
    case 'following-ideas': {
      const p = await listFollowedIdeas(db, personId, opts);
      return { view: { name: section, items: p.items }, next: p.next };
    }
    case 'following-challenges': {
      const p = await listFollowedChallenges(db, personId, opts);
      return { view: { name: section, items: p.items.map(followedChallengeView) }, next: p.next };
    }
    case 'supports': {
      const p = await listSupportedIdeas(db, personId, opts);
      return { view: { name: section, items: p.items }, next: p.next };
    }
  }
}

/**
 * A person's page. Public: name, bio, member since, their published ideas and comments.
 * Private to the person themselves (never loaded for anyone else, admins included): what they
 * follow and what they support. `?section=…&after=…` shows one list, paginated; a private
 * section asked by someone else is a 404 (sign-in first for an anonymous visitor).
 */
personPage.get('/people/:id', cachedPage({ scopes: (c) => byId(c, pageScope.person) }), async (c) => {
  const { db } = c.get('deps');
  const found = await getPerson(db, c.req.param('id'));
  if (!found) throw new NotFoundError('person');
  // A bio the moderators hid is not shown: the page says why instead.
  const person = { ...found, bio: found.hiddenRule !== null ? '' : found.bio, hidden: hiddenAs(found.hiddenRule) };
  const actor = c.get('user');
  const own = actor?.id === person.id;
  const ctx = viewContext(c);

  const sectionParam = c.req.query('section');
  if (sectionParam !== undefined) {
    if (!isPersonSection(sectionParam)) throw new BadRequestError();
    const decision = canViewPersonSection(actor, person.id, sectionParam);
    if (!decision.ok) {
      if (actor) throw new NotFoundError('section');
      setFlash(c, { kind: 'info', key: 'auth.signInRequired' });
      return c.redirect(`/sign-in?next=${encodeURIComponent(sectionHref(person.id, sectionParam))}`, 303);
    }
    const after = c.req.query('after') || undefined;
    const { view, next } = await loadSection(c, person.id, sectionParam, { after, limit: SECTION_LIMIT });
    return render(
      c,
      <PersonSectionPage
        ctx={ctx}
        person={person}
        own={own}
        section={view}
        {...pageLinks(sectionHref(person.id, sectionParam), after, next)}
      />,
    );
  }

  // The first items of each list, each a link to the rest when there is more. The private lists
  // go through the same policy as their section views, so the page and the sections share one rule.
  const listing = async (section: PersonSection): Promise<Listing> => {
    const { view, next } = await loadSection(c, person.id, section, { limit: OVERVIEW_LIMIT });
    return { section: view, moreHref: next ? sectionHref(person.id, section) : null };
  };
  const lists: PersonLists = {
    ideas: await listing('ideas'),
    comments: await listing('comments'),
    private: canViewPersonSection(actor, person.id, 'supports').ok
      ? {
          followedIdeas: await listing('following-ideas'),
          followedChallenges: await listing('following-challenges'),
          supports: await listing('supports'),
          setAside: await listSetAsideSupports(db, person.id),
        }
      : null,
  };
  return render(c, <PersonPage ctx={ctx} person={person} own={own} lists={lists} />);
});
