/**
 * docs/security/resource-limits.md (OWASP ASVS V15.1.3, V2.1.3) stays true to the code: every rate
 * limit it names is registered by a feature; every constant and setting it quotes has that value
 * in the file it names (and is quoted with the same number wherever the prose gives one); the files
 * it points to exist; and the per-person and application-wide limits it states are the ones the
 * code and the schema enforce.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';
import { rateLimits } from '../../src/registry.js';
import { markdownTable } from '../support/docs.js';

const DOC = 'docs/security/resource-limits.md';
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const doc = read(DOC);
const prose = doc.replace(/\s+/g, ' ');


/** The value of `const NAME = …;` in a source file: a number written with digits, `_`, `*` and `+` only. */
function constant(file: string, name: string): number | undefined {
  const m = new RegExp(`\\bconst ${name}(?::[^=]+)? = ([\\d_ *+]+);`).exec(read(file));
  if (!m) return undefined;
  return m[1]!
    .replace(/_/g, '')
    .split('+')
    .reduce((sum, term) => sum + term.split('*').reduce((product, f) => product * Number(f.trim()), 1), 0);
}

/** The default of a numeric setting in src/config.ts (`NAME: integer(min, max, default)`). */
function settingDefault(name: string): number | undefined {
  const m = new RegExp(`^\\s+${name}: integer\\([^,]+, [^,]+, (\\d+)\\)`, 'm').exec(read('src/config.ts'));
  return m ? Number(m[1]) : undefined;
}

/** The names of the settings src/config.ts reads from the environment. */
const settings = () => [...read('src/config.ts').matchAll(/^\s+([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]!);

describe('docs/security/resource-limits.md (V15.1.3, V2.1.3)', () => {
  const quoted = markdownTable(doc, 'Name').map(([name = '', value = '', file = '']) => ({ name: name.replace(/`/g, ''), value: Number(value), file: file.replace(/`/g, '') }));

  it('names only rate limits the code registers, and quotes every constant and setting as the code has it', () => {
    // Rate limits: every camelCase name in backticks is a registered limit.
    const registered = new Set(rateLimits.map((l) => l.name));
    const named = [...new Set([...doc.matchAll(/`([a-z][A-Za-z]*)`/g)].map((m) => m[1]!))];
    expect(named.filter((n) => !registered.has(n)), 'not a registered rate limit').toEqual([]);
    expect(named.length).toBeGreaterThan(15);
    // Each costly operation names its rate limits, or says it has none and what bounds it instead.
    const costly = markdownTable(doc, 'Operation');
    expect(costly.length).toBeGreaterThan(15);
    for (const [operation = '', , where = '', limits = '', bounds = ''] of costly) {
      expect(/`[a-z][A-Za-z]*`/.test(limits) || /^(none|not a request)/.test(limits), `${operation}: rate limits`).toBe(true);
      if (!/`[a-z][A-Za-z]*`/.test(limits)) expect(bounds, `${operation}: what bounds it`).not.toBe('');
      for (const file of [...where.matchAll(/`(src\/[^`]+)`/g)].map((m) => m[1]!)) expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
    }
    // Constants and settings: the value in the table is the code's.
    expect(quoted.length).toBeGreaterThan(30);
    for (const { name, value, file } of quoted) {
      const actual = file === 'src/config.ts' ? settingDefault(name) : constant(file, name);
      expect(actual, `${name} in ${file}`).toBe(value);
    }
    // Every constant or setting the page mentions is in that table or is a setting of src/config.ts,
    // and where the prose gives its number, it is the table's.
    const known = new Set([...quoted.map((q) => q.name), ...settings()]);
    const mentioned = [...new Set([...doc.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!))];
    expect(mentioned.filter((n) => !known.has(n))).toEqual([]);
    const value = new Map(quoted.map((q) => [q.name, q.value]));
    for (const m of prose.matchAll(/`([A-Z][A-Z0-9_]+)` \((\d+)/g)) expect(Number(m[2]), m[0]).toBe(value.get(m[1]!));
  });

  it('states the per-person and application-wide limits as the code enforces them', () => {
    const byName = new Map(rateLimits.map((l) => [l.name, l]));
    // The pool, the one-job-at-a-time worker, and no statement timeout.
    expect(read('src/db/client.ts')).toContain('options.poolSize ?? 10');
    expect(prose).toContain('a pool of 10 per instance');
    expect(prose).toContain('the pool of 10 database connections');
    expect(read('src/jobs/queue.ts')).toContain('while (!stopped && (await runOneJob(db, handlers, logger)))');
    expect(prose).toContain('runs one job at a time per instance');
    const statementTimeout = ['src', 'drizzle']
      .filter((d) => fs.existsSync(path.join(ROOT, d)))
      .flatMap((d) => fs.readdirSync(path.join(ROOT, d), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8')))
      .some((text) => /statement_timeout/.test(text));
    expect(statementTimeout).toBe(false);
    expect(prose).toContain('There is no statement timeout');
    // Search: at most 200 characters, on a GIN index, in both places people search.
    for (const file of ['src/features/ideas/schemas.ts', 'src/features/challenges/schemas.ts']) expect(read(file)).toMatch(/q: z[^\n]*\.trim\(\)\.max\(200\)/);
    expect(read('src/db/schema/ideas.ts')).toContain("index('ideas_search_idx').using('gin', t.search)");
    expect(read('src/db/schema/challenges.ts')).toContain("index('challenges_search_idx').using('gin', t.search)");
    expect(prose).toContain('the search text is at most 200 characters; a GIN index');
    // Supports: the budget's range and default, one per idea.
    const challenges = read('src/features/challenges/schemas.ts');
    expect(challenges).toContain(".default('5')");
    expect(challenges).toContain(".min(1, 'challenges.validation.voteBudget').max(50, 'challenges.validation.voteBudget')");
    expect(read('src/db/schema/challenges.ts')).toContain("voteBudget: integer('vote_budget').notNull().default(5)");
    expect(read('src/db/schema/votes.ts')).toContain('primaryKey({ columns: [t.ideaId, t.userId] })');
    expect(prose).toContain('the challenge\'s budget, set by its council between 1 and 50 (5 by default); one support per idea');
    // One authenticator app per person; one open report per person and thing; sessions listed.
    expect(read('src/db/schema/second-factor.ts')).toMatch(/totpFactors = pgTable\('totp_factors', \{\s+userId: ref\('user_id', \(\) => users\.id, 'cascade'\)\.primaryKey\(\)/);
    expect(read('src/db/schema/moderation.ts')).toContain("uniqueIndex('reports_open_key').on(t.itemId, t.reporterId).where(sql`closed_at IS NULL`)");
    expect(read('src/auth/sessions.ts')).toContain('list: (userId: string, limit = 50)');
    expect(prose).toContain('no limit; the account\'s page lists the 50 most recently used');
    // The passkey limit is enforced where the page says, and the new-account limit has the page's number.
    expect(read('src/features/second-factor/commands/manage.ts')).toContain('if (before.passkeys.length >= MAX_PASSKEYS) throw new ConflictError');
    const fresh = byName.get('newAccountPosts')!;
    expect(fresh.duration).toBe(3600);
    expect(prose).toContain(`\`newAccountPosts\`: ${fresh.points} new comments and ideas an hour`);
    // The sign-in row names the three limits that guard it.
    const signIn = markdownTable(doc, 'Operation').find(([op]) => op === 'Signing in')!;
    expect(signIn[3]).toBe('`signIn`, `signInPair`, `signInAccount`');
    expect(prose).toContain('No rule caps how many accounts, challenges, ideas, comments or supports the platform holds');
  });
});
