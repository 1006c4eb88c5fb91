/**
 * French passwords (issue 10, point 7): every form that chooses a password refuses French
 * favourites as it refuses English ones, with the reason in the reader's language, and stores
 * nothing; a good password still goes through.
 */
import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { verifyPassword } from '../../src/auth/password.js';
import { users } from '../../src/db/schema/index.js';
import { Client } from '../support/app.js';
import { PASSWORD } from '../support/factories.js';
import { useTestEnv } from '../support/world.js';

const { env, db, person } = useTestEnv();

const EN = 'This password is too common or too easy to guess';
const FR = 'Ce mot de passe est trop courant ou trop facile à deviner';
const userCount = async () => (await db().select({ n: count() }).from(users))[0]!.n;

describe('sign-up', () => {
  it.each([
    ['azerty123', 'en'],
    ['motdepasse', 'fr'],
    ['soleil123', 'en'],
    ['Azerty2024', 'fr'],
    ['password123', 'fr'],
    ['qwerty123', 'en'],
  ] as const)('refuses %s (%s page) with the reason, storing nothing', async (password, lang) => {
    const before = await userCount();
    const res = await new Client(env.app, { 'Accept-Language': lang }).post('/sign-up', { displayName: 'Léa', email: `weak-${password}-${Date.now()}@example.org`, password });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(lang === 'fr' ? FR : EN);
    expect(html).toContain('<a href="#password">');
    expect(await userCount()).toBe(before);
  });

  it('accepts a good password', async () => {
    const email = `good-${Date.now()}@example.org`;
    const res = await new Client(env.app, { 'Accept-Language': 'fr' }).post('/sign-up', { displayName: 'Léa', email, password: 'mon vélo bleu traverse la Loire' });
    expect(res.status).toBe(303);
    expect(await db().select({ id: users.id }).from(users).where(eq(users.email, email))).toHaveLength(1);
  });
});

describe('changing a password', () => {
  it.each([
    ['azerty123', 'fr'],
    ['soleil123', 'en'],
  ] as const)('refuses %s in the person’s language and keeps the old password', async (password, locale) => {
    const { user, client } = await person({ locale });
    const res = await client.post('/account/password', { currentPassword: PASSWORD, newPassword: password });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(locale === 'fr' ? FR : EN);
    const [row] = await db().select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(row!.hash, PASSWORD)).toBe(true);
  });
});
