import { Hono } from 'hono';
import { cachedPage } from '../http/page-cache.js';
import type { AppEnv } from '../http/context.js';
import { render, viewContext } from '../http/render.js';
import { HomePage } from '../../views/pages/HomePage.js';
import { GuidelinesPage } from '../../views/pages/InfoPages.js';
import { AccessibilityPage, PrivacyPage } from '../../views/pages/StatementPages.js';
import { listLiveChallenges, phaseView } from '../features/challenges/index.js';
import { listMyIdeas } from '../features/ideas/index.js';
import { listOrganisationsForHome } from '../features/organisations/index.js';
import { listAwaitingResponses } from '../features/responses/index.js';
import { privacyInventory } from '../lib/data-inventory.js';
import { SECURITY_LOG_DAYS } from '../lib/security-log.js';

/** The home page, and the footer's pages (privacy, accessibility, community guidelines). */
export const homePage = new Hono<AppEnv>();

/** How many of each list the home page shows; each links to its full page. */
const HOME_LIVE = 6;
const HOME_IDEAS = 5;
const HOME_AWAITING = 5;

/**
 * The home page: challenges open now (closing soonest first) and, for a signed-in person, what is
 * waiting for them — unread notifications (the header's count, no query), answers their council
 * owes, their latest ideas and drafts. A constant number of queries: organisations, live
 * challenges, and two more when signed in.
 */
homePage.get('/', cachedPage({ scopes: () => [] }), async (c) => {
  const { db } = c.get('deps');
  const now = c.get('now');
  const user = c.get('user');
  const organisations = await listOrganisationsForHome(db);
  const live = (await listLiveChallenges(db, now, HOME_LIVE)).map((ch) => ({ ...ch, state: phaseView(ch, now) }));
  const waiting = user
    ? {
        ideas: (await listMyIdeas(db, user.id, undefined, HOME_IDEAS)).items,
        awaiting: (await listAwaitingResponses(db, user.id, undefined, HOME_AWAITING)).items,
      }
    : null;
  return render(c, <HomePage ctx={viewContext(c)} organisations={organisations} live={live} waiting={waiting} now={now} />);
});
/** The privacy notice: what is kept and for how long comes from the data inventory (src/lib/data-inventory.ts), with this site's periods. */
homePage.get('/privacy', (c) => {
  const { operator, retentionDays, eraseDays } = c.get('deps').config;
  const inventory = privacyInventory({ retentionDays, eraseDays });
  return render(c, <PrivacyPage ctx={viewContext(c)} operator={operator} retentionDays={retentionDays} securityLogDays={SECURITY_LOG_DAYS} inventory={inventory} />);
});
homePage.get('/accessibility', (c) => render(c, <AccessibilityPage ctx={viewContext(c)} operator={c.get('deps').config.operator} />));
homePage.get('/guidelines', (c) => render(c, <GuidelinesPage ctx={viewContext(c)} />));
