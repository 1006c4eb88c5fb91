/**
 * Issue 10, point 5: every `next` and `returnTo` goes through one safe-redirect check that
 * resolves the path before it checks it — no open redirect through dot segments, on any form.
 */
import { describe, expect, it } from 'vitest';
import { Client } from '../support/app.js';
import { useTestEnv } from '../support/world.js';

const { env, person, challengeWithIdea } = useTestEnv();

/** Open-redirect payloads: each resolves, somewhere, to another site. */
const CORPUS = [
  '//evil.example/',
  '/\\evil.example',
  '/.//evil.example',
  '/..//evil.example',
  '/%2e//evil.example',
  '/%2e%2e//evil.example',
  '/x/..//evil.example',
  '/.\\/evil.example',
  '/././/evil.example/path?q=1',
  'https://evil.example/',
  '/\t/evil.example',
];

/** Where a browser on the site would go for this Location. */
const target = (location: string | null) => new URL(location ?? '', 'https://site.example/from/here');

describe('no form redirects off the site', () => {
  it('follow, unfollow, stop following, support, language switch and sign-in, with every payload', async () => {
    const { idea, challenge } = await challengeWithIdea({ votingOpenAt: new Date(Date.now() - 60_000), votingCloseAt: new Date(Date.now() + 86_400_000) });
    const reader = await person();
    for (const payload of CORPUS) {
      const posts: [string, Record<string, string>][] = [
        [`/ideas/${idea.id}/follow`, { returnTo: payload }],
        [`/ideas/${idea.id}/unfollow`, { returnTo: payload }],
        [`/challenges/${challenge.id}/follow`, { returnTo: payload }],
        [`/following/${challenge.id}/unfollow`, { returnTo: payload }],
        [`/ideas/${idea.id}/support`, { returnTo: payload }],
        ['/locale', { locale: 'fr', next: payload }],
      ];
      for (const [path, form] of posts) {
        const res = await reader.client.post(path, form);
        expect(res.status, `${path} ${JSON.stringify(payload)}`).toBeLessThan(500);
        const location = res.headers.get('Location');
        if (location !== null) {
          expect(target(location).origin, `${path} ${JSON.stringify(payload)} → ${location}`).toBe('https://site.example');
          expect(location.startsWith('//'), `${path} → ${location}`).toBe(false);
        }
      }
      // The sign-in form carries `next` only when it is safe (the form posts it back after signing in).
      const signIn = await (await new Client(env.app).get(`/sign-in?next=${encodeURIComponent(payload)}`)).text();
      const main = signIn.slice(signIn.indexOf('<main'));
      expect(/name="next" value="([^"]*)"/.exec(main)?.[1] ?? null, payload).toBeNull();
    }
  });
});
