import { Hono } from 'hono';
import type { AppEnv } from '../http/context.js';
import { render, viewContext } from '../http/render.js';
import { HomePage } from '../../views/pages/HomePage.js';
import { GuidelinesPage } from '../../views/pages/InfoPages.js';
import { AccessibilityPage, PrivacyPage } from '../../views/pages/StatementPages.js';
import { listOrganisationsForHome } from '../features/organisations/index.js';

/** The home page, and the footer's pages (privacy, accessibility, community guidelines). */
export const homePage = new Hono<AppEnv>();

homePage.get('/', async (c) => {
  const organisations = await listOrganisationsForHome(c.get('deps').db);
  return render(c, <HomePage ctx={viewContext(c)} organisations={organisations} />);
});
homePage.get('/privacy', (c) => {
  const { operator, retentionDays } = c.get('deps').config;
  return render(c, <PrivacyPage ctx={viewContext(c)} operator={operator} retentionDays={retentionDays} />);
});
homePage.get('/accessibility', (c) => render(c, <AccessibilityPage ctx={viewContext(c)} operator={c.get('deps').config.operator} />));
homePage.get('/guidelines', (c) => render(c, <GuidelinesPage ctx={viewContext(c)} />));
