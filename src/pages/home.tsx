import { Hono } from 'hono';
import type { AppEnv } from '../http/context.js';
import { render, viewContext } from '../http/render.js';
import { HomePage } from '../../views/pages/HomePage.js';
import { AccessibilityPage, GuidelinesPage, PrivacyPage } from '../../views/pages/InfoPages.js';
import { listOrganisationsForHome } from '../features/organisations/index.js';

/** The home page, and the footer's pages (privacy, accessibility, community guidelines). */
export const homePage = new Hono<AppEnv>();

homePage.get('/', async (c) => {
  const organisations = await listOrganisationsForHome(c.get('deps').db);
  return render(c, <HomePage ctx={viewContext(c)} organisations={organisations} />);
});
homePage.get('/privacy', (c) => render(c, <PrivacyPage ctx={viewContext(c)} />));
homePage.get('/accessibility', (c) => render(c, <AccessibilityPage ctx={viewContext(c)} />));
homePage.get('/guidelines', (c) => render(c, <GuidelinesPage ctx={viewContext(c)} />));
