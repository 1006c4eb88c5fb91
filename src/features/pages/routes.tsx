import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema/index.js';
import { isLocale } from '../../i18n/index.js';
import type { AppEnv } from '../../lib/context.js';
import { LOCALE_COOKIE, render, safeNext, viewContext } from '../../lib/http.js';
import { HomePage } from '../../../views/pages/HomePage.js';
import { AccessibilityPage, GuidelinesPage, PrivacyPage } from '../../../views/pages/InfoPages.js';
import { BadRequestError } from '../../lib/errors.js';
import { formValues } from '../../lib/form.js';
import { listOrganisationsForHome } from '../organisations/queries.js';

export const pagesRoutes = new Hono<AppEnv>();

pagesRoutes.get('/', async (c) => {
  const organisations = await listOrganisationsForHome(c.get('deps').db);
  return render(c, <HomePage ctx={viewContext(c)} organisations={organisations} />);
});
pagesRoutes.get('/privacy', (c) => render(c, <PrivacyPage ctx={viewContext(c)} />));
pagesRoutes.get('/accessibility', (c) => render(c, <AccessibilityPage ctx={viewContext(c)} />));
pagesRoutes.get('/guidelines', (c) => render(c, <GuidelinesPage ctx={viewContext(c)} />));

/** The language switch: a plain form in the header. Remembered in a cookie, and on the profile when signed in. */
pagesRoutes.post('/locale', async (c) => {
  const body = await formValues(c);
  const locale = body['locale'];
  if (!isLocale(locale)) throw new BadRequestError();
  const { config, db } = c.get('deps');
  setCookie(c, LOCALE_COOKIE, locale, { path: '/', sameSite: 'Lax', secure: config.https, maxAge: 365 * 86_400, httpOnly: true });
  const user = c.get('user');
  if (user) await db.update(users).set({ locale }).where(eq(users.id, user.id));
  return c.redirect(safeNext(body['next']), 303);
});
