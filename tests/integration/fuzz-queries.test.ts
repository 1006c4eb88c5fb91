/**
 * Every query parameter of every page, fuzzed: each GET route the app registers (found through
 * app.routes, so a new page is covered without editing this file), on real content (a challenge,
 * an idea, a comment, a person), with each parameter any page links to or any GET form sends,
 * plus the ones the routes read, set to hostile values. Never a 5xx; never a redirect off-site.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/app.js';
import { createComment, createUser } from '../support/factories.js';
import { JUNK, prng } from '../support/fuzz.js';
import { useTestEnv, type World } from '../support/world.js';

const { env, db, world, challengeWithIdea } = useTestEnv();

/** Parameters the routes read (c.req.query) besides those found on pages. */
const KNOWN = ['after', 'before', 'cafter', 'csort', 'cthread', 'kind', 'next', 'page', 'phase', 'q', 'returnTo', 'section', 'seed', 'sort', 'status', 'title', 'token', 'topic'];

let w: World;
let ids: Record<string, string>;

beforeAll(async () => {
  w = await world();
  const { challenge, idea, author } = await challengeWithIdea();
  const comment = await createComment(db(), idea.id, author.user.id);
  await createUser(db());
  ids = { challenges: challenge.id, ideas: idea.id, comments: comment.id, people: author.user.id, organisations: w.council.slug };
});

/** A concrete URL for a route path, its parameters filled with real rows where there are some. */
function urlOf(path: string): string {
  return path
    .replace(/^\/:base\/:id\//, `/ideas/${ids['ideas']}/`)
    .replace(/^\/([a-z]+)\/:([A-Za-z]+)(\{[^}]*\})?/, (_, base: string) => `/${base}/${ids[base] ?? randomUUID()}`)
    .replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, () => randomUUID())
    .replace(/\*/g, 'nope');
}

/** The value as it would travel in a query string (a lone surrogate cannot be encoded: its raw bytes go). */
function encoded(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function getRoutes(): string[] {
  return [...new Set(env.app.routes.filter((r) => r.method === 'GET').map((r) => r.path))];
}

/** Parameter names: the known ones, every ?name= in a link and every field of a GET form on the pages. */
async function parameterNames(clients: Client[]): Promise<string[]> {
  const names = new Set(KNOWN);
  for (const c of clients) {
    for (const path of getRoutes()) {
      const html = await (await c.get(urlOf(path))).text();
      for (const m of html.matchAll(/href="[^"?]*\?([^"#]*)/g)) for (const pair of m[1]!.replace(/&amp;/g, '&').split('&')) names.add(pair.split('=')[0]!);
      for (const m of html.matchAll(/<form\b(?![^>]*method="post")[^>]*>([\s\S]*?)<\/form>/g)) for (const n of m[1]!.matchAll(/\bname="([^"]+)"/g)) names.add(n[1]!);
    }
  }
  names.delete('');
  return [...names].sort();
}

describe('fuzzing every query parameter of every page', () => {
  it('never answers 5xx, nor redirects off-site, whatever a parameter holds', async () => {
    const anonymous = await w.as('anonymous');
    const citizen = await w.as('citizen');
    const owner = await w.as('owner');
    const admin = await w.as('admin');
    const names = await parameterNames([anonymous, owner, admin]);
    expect(names).toEqual(expect.arrayContaining(['q', 'sort', 'after', 'topic', 'status', 'csort']));

    const random = prng(20261130);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const problems: string[] = [];
    let requests = 0;
    const check = async (c: Client, who: string, url: string) => {
      const res = await c.get(url);
      requests++;
      const label = `${who} GET ${url.length > 120 ? `${url.slice(0, 120)}…` : url}`;
      if (res.status >= 500) problems.push(`${label}: ${res.status}`);
      const location = res.headers.get('Location');
      if (location && (!location.startsWith('/') || location.startsWith('//') || location.startsWith('/\\'))) problems.push(`${label}: redirects off-site to ${location}`);
    };

    for (const path of getRoutes()) {
      const url = urlOf(path);
      const readers: Array<[string, Client]> = path.startsWith('/admin') ? [['admin', admin]] : [['anonymous', anonymous], ['citizen', citizen], ['owner', owner]];
      // Each parameter alone, with a hostile value and with a NUL (PostgreSQL refuses one in a
      // query's text), read by a visitor drawn in turn; then, for every visitor, every parameter
      // at once (each given twice), all holding a NUL, all huge.
      for (const name of names) {
        for (const value of [pick(JUNK), 'a\u0000b']) {
          const [who, c] = pick(readers);
          await check(c, who, `${url}?${name}=${encoded(value)}`);
        }
      }
      for (const [who, c] of readers) {
        const all = names.map((name) => `${name}=${encoded(pick(JUNK))}&${name}=${encoded(pick(JUNK))}`).join('&');
        await check(c, who, `${url}?${all}`);
        for (const value of ['a\u0000b', 'x'.repeat(20_000)]) await check(c, who, `${url}?${names.map((name) => `${name}=${encoded(value)}`).join('&')}`);
      }
    }
    expect(requests).toBeGreaterThan(getRoutes().length * names.length);
    expect(problems).toEqual([]);
  }, 600_000);
});
