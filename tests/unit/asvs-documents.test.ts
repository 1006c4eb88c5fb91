/**
 * The security documents ASVS asks for (issue 14, point 8) stay true to the code: each number a
 * document states is read back from the code that enforces it, so changing one without the other
 * fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAST_USED_GRANULARITY_MS, SESSION_ABSOLUTE_DAYS, SESSION_IDLE_DAYS, STAFF_ABSOLUTE_HOURS, STAFF_IDLE_MINUTES } from '../../src/auth/sessions.js';
import { ROOT } from '../../src/paths.js';
import { rateLimits } from '../../src/registry.js';
import { SECURITY_EVENT_KINDS, SECURITY_LOG_DAYS } from '../../src/lib/security-log.js';
import { markdownTable, sourceFiles } from '../support/docs.js';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
/** The text with its line breaks and runs of spaces as single spaces, so prose can be matched however it is wrapped. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** "15 minutes", "1 hour", "30 days" … in seconds. */
function seconds(words: string): number {
  const m = /^(\d+) (second|minute|hour|day)s?$/.exec(words.trim());
  if (!m) throw new Error(`not a duration: ${words}`);
  return Number(m[1]) * { second: 1, minute: 60, hour: 3600, day: 86_400 }[m[2] as 'second']!;
}


describe('docs/security/anti-automation.md (V6.1.1)', () => {
  const doc = read('docs/security/anti-automation.md');
  const prose = flat(doc);
  const rows = markdownTable(doc, 'Limit');

  it('names every rate limit the code registers, with its allowance and window, and no other', () => {
    expect(rateLimits.length).toBeGreaterThan(20);
    const documented = new Map(rows.map((r) => [r[0]!.replace(/`/g, ''), r]));
    for (const limit of rateLimits) {
      const row = documented.get(limit.name);
      expect(row, `${limit.name} is not in the table`).toBeDefined();
      expect(Number(row![3]), `${limit.name}: allowed`).toBe(limit.points);
      expect(seconds(row![4]!), `${limit.name}: window`).toBe(limit.duration);
      if (limit.kind === 'slowDown') {
        expect(row![1], limit.name).toContain('slowdown');
        expect(row![5], limit.name).toContain(`${limit.baseSeconds} s`);
        expect(row![5], limit.name).toContain(`at most ${limit.maxSeconds} s`);
      }
    }
    expect([...documented.keys()].sort()).toEqual(rateLimits.map((l) => l.name).sort());
  });

  it('describes the sign-in defences with the numbers the code uses: never a lockout', () => {
    const byName = new Map(rateLimits.map((l) => [l.name, l]));
    const signIn = byName.get('signIn')!;
    const pair = byName.get('signInPair')!;
    const account = byName.get('signInAccount')!;
    const known = byName.get('signInKnown')!;
    expect(prose).toContain(`**Per client address:** ${signIn.points} failed sign-ins per ${signIn.duration / 60} minutes`);
    expect(prose).toContain(`**Per account at one address:** ${pair.points} failures per ${pair.duration / 60} minutes`);
    expect(prose).toContain(`after ${account.points} failures in a row, each further attempt must wait ${account.baseSeconds}`);
    expect(prose).toContain(`never more than ${account.maxSeconds} seconds`);
    expect(prose).toContain(`(${account.maxSeconds} seconds at most)`);
    expect(prose).toContain(`in the last ${known.duration / 86_400} days`);
    expect(prose).toContain('There is no permanent lockout anywhere.');
  });
});

describe('docs/security/sessions.md (V7.1.1, V7.1.2)', () => {
  const doc = read('docs/security/sessions.md');
  const prose = flat(doc);

  it('states the idle and absolute lifetimes the code enforces, for residents and for staff, against NIST SP 800-63B', () => {
    const [residents, staff] = markdownTable(doc, 'Who');
    expect(residents!.slice(1)).toEqual([`${SESSION_IDLE_DAYS} days`, `${SESSION_ABSOLUTE_DAYS} days`]);
    expect(staff!.slice(1)).toEqual([`${STAFF_IDLE_MINUTES} minutes`, `${STAFF_ABSOLUTE_HOURS} hours`]);
    expect(prose).toContain(`at most every ${LAST_USED_GRANULARITY_MS / 60_000} minutes`);
    expect(prose).toContain('### Against NIST SP 800-63B');
    expect(prose).toContain(`Our ${SESSION_ABSOLUTE_DAYS} days matches`);
    expect(prose).toContain(`the ${STAFF_IDLE_MINUTES} minutes meets it`);
  });

  it('says how many sessions one account may have and what the owner sees of them', () => {
    expect(prose).toContain('**There is no limit.**');
    const list = /list: \(userId: string, limit = (\d+)\)/.exec(read('src/auth/sessions.ts'));
    expect(list, 'the list of sessions is capped in src/auth/sessions.ts').not.toBeNull();
    expect(prose).toContain(`lists the ${list![1]} most recently used`);
    expect(prose).toContain(`beyond the ${list![1]} listed`);
    expect(read('src/auth/sessions.ts')).toContain("sessionCookieName = (https: boolean) => (https ? '__Host-cw_session' : 'cw_session')");
    expect(prose).toContain('`__Host-cw_session`');
  });
});

describe('docs/security/dependencies.md (V15.1.1)', () => {
  const doc = flat(read('docs/security/dependencies.md'));

  it('sets a deadline for fixing a vulnerable dependency at each severity, and a rhythm for routine updates', () => {
    expect(doc).toMatch(/critical or high[^\n]*: within 2 working days/);
    expect(doc).toMatch(/medium: within 2 weeks/);
    expect(doc).toMatch(/low, or in development-only tools: with the next routine update/);
    expect(doc).toMatch(/\*\*Routine updates\*\* are taken once a month/);
    // The list of known-bad versions it promises is the one CI checks.
    expect(doc).toContain('.ci/known-bad.json');
    expect(fs.existsSync(path.join(ROOT, '.ci/known-bad.json'))).toBe(true);
    expect(read('.ci/run')).toContain('check-deps');
  });
});


describe('docs/security/logging.md (V16.1.1, V16.2.3)', () => {
  const doc = read('docs/security/logging.md');

  it('lists every kind of security event the code records, how long they are kept, and every message the code logs', () => {
    const kinds = markdownTable(doc, 'Kind').map((row) => row[0]!.replace(/`/g, ''));
    expect(kinds.sort()).toEqual([...SECURITY_EVENT_KINDS].sort());
    expect(flat(doc)).toContain(`**How long.** ${SECURITY_LOG_DAYS} days (\`SECURITY_LOG_DAYS\`)`);
    const lines = markdownTable(doc, 'Line (`msg`)').map((row) => row[0]!).join(' ');
    const literal: string[] = [];
    const built: string[] = [];
    for (const { file, text } of sourceFiles('src')) {
      for (const m of text.matchAll(/\blogger\.(?:debug|info|warn|error)\(\s*(['"`])?((?:(?!\1)[^\\]|\\.)*)/g)) {
        if ((m[1] === "'" || m[1] === '"') && !m[2]!.includes('${')) literal.push(m[2]!);
        else built.push(file); // a message made at run time: start-up warnings and refusals only
      }
    }
    expect(literal.length).toBeGreaterThan(15);
    expect(literal.filter((msg) => !lines.includes(`\`${msg}\``) && !lines.includes(`\`${msg.replace(/ after .*| of the .*/, '')}…\``))).toEqual([]);
    expect([...new Set(built)].sort()).toEqual(['src/lib/secret.ts', 'src/server.ts']);
    expect(lines).toContain('start-up warnings and refusals');
  });

  it('names standard output (and standard error when the server cannot start) as where the log goes, and the code writes nowhere else', () => {
    expect(flat(doc)).toContain('**Where.** Standard output, gathered by whatever runs the process');
    expect(flat(doc)).toContain('The application keeps no log files.');
    expect(flat(doc)).toContain('it also says why on standard error');
    expect(read('src/lib/logger.ts')).toContain('write: (line: string) => void = (l) => process.stdout.write(l + \'\\n\')');
    // Outside the command-line tools, only the logger writes to standard output, and only the server's start writes to standard error.
    const writers = sourceFiles('src')
      .filter(({ file }) => !file.startsWith('src/cli/'))
      .filter(({ text }) => /process\.(stdout|stderr)\.write|console\.\w+\(/.test(text))
      .map(({ file }) => file);
    expect(writers.sort()).toEqual(['src/lib/logger.ts', 'src/server.ts']);
    // The files the app writes are the mail spool (section 3) and the generated secret, never a log.
    const fileWriters = sourceFiles('src')
      .filter(({ text }) => /\b(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream)\(/.test(text))
      .map(({ file }) => file);
    expect(fileWriters.sort()).toEqual(['src/jobs/mail.ts', 'src/lib/secret.ts']);
  });
});

describe('docs/security/connections.md (V13.1.1)', () => {
  const doc = read('docs/security/connections.md');

  it('names every connection a setting can make, and every address setting it never connects to', () => {
    const urls = [...read('src/config.ts').matchAll(/^\s+([A-Z_]+_URL): /gm)].map((m) => m[1]!);
    const outgoing = markdownTable(doc, 'Setting').map((row) => row[0]!.replace(/`/g, ''));
    const printed = ['PUBLIC_URL', 'ACCESSIBILITY_ENFORCEMENT_URL'];
    expect(urls.filter((u) => !printed.includes(u)).sort()).toEqual(outgoing.sort());
    expect(outgoing.sort()).toEqual(['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'SMTP_URL']);
    expect(flat(doc)).toContain('`PUBLIC_URL` and `ACCESSIBILITY_ENFORCEMENT_URL` are addresses Commonwise prints');
    expect(flat(doc)).toContain('only the database client and the mailer open connections');
    // The test the document points to exists under that title.
    expect(read('tests/unit/asvs-code.test.ts')).toContain("it('only the database client and the mailer open connections; nothing fetches a URL'");
    // What it says Node sends over HTTPS is what the code sends.
    expect(read('src/http/middleware/security-headers.ts')).toContain("config.https ? 'max-age=31536000; includeSubDomains'");
    expect(flat(doc)).toContain('`Strict-Transport-Security: max-age=31536000; includeSubDomains`');
  });
});
