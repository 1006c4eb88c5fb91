/** The OWASP ASVS map (issue 14, point 1): docs/security/asvs.csv and its check (.ci/check-asvs.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  check,
  EXPECTED_PER_LEVEL,
  parse,
  parseCsv,
  percentage,
  renderSummary,
  replaceSummary,
  summarise,
  SUMMARY_END,
  SUMMARY_START,
  testTitles,
  type ReadTestFile,
  type Row,
} from '../../.ci/check-asvs.js';

const root = path.resolve(import.meta.dirname, '../..');
const HEADER = 'id,level,chapter,requirement,status,evidence,reason';

/** A small map: the header and the given lines. */
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n';

/** Test files held in memory, by path; any other path does not exist. */
const files =
  (byPath: Record<string, string>): ReadTestFile =>
  (file) =>
    byPath[file] ?? null;

const SIGN_IN_TESTS = `
import { describe, expect, it } from 'vitest';
describe('sign-in', () => {
  it('gives the same message for an unknown email and a wrong password', async () => {});
  it("refuses a suspended account", async () => {});
  it.each(['a', 'b'])('refuses %s as too easy to guess', async () => {});
});
`;

const row = (over: Partial<Row> = {}): Row => ({
  line: 2,
  id: 'V6.3.1',
  level: '1',
  chapter: 'V6 Authentication',
  requirement: 'Stop credential stuffing and brute force',
  status: 'tested',
  evidence: 'tests/integration/sign-in.test.ts > gives the same message for an unknown email and a wrong password',
  reason: '',
  ...over,
});
const signIn = files({ 'tests/integration/sign-in.test.ts': SIGN_IN_TESTS });

describe('reading the CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF line ends', () => {
    const text = 'a,b,c\r\n"one, two","say ""hi""","first\nsecond"\r\nx,,z\r\n';
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['one, two', 'say "hi"', 'first\nsecond'],
      ['x', '', 'z'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('reports a quote that never closes, a stray quote, a wrong header and a short row', () => {
    expect(parseCsv('a,"b\n').problems).toEqual(['line 1: a quoted field is never closed']);
    expect(parseCsv('a,b"c\n').problems[0]).toMatch(/^line 1: a quote inside a field/);
    expect(parse('id,level\nV1.1.1,2\n').problems).toEqual([`line 1: the header must be ${HEADER}`]);
    expect(parse(csv('V1.1.1,2,V1 Encoding and Sanitization')).problems).toEqual(['line 2: 3 fields, not 7']);
  });

  it('gives each row its fields and its line', () => {
    const { rows, problems } = parse(csv('V6.3.1,1,V6 Authentication,"Stop stuffing, and brute force",tested,tests/a.test.ts > works,'));
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, id: 'V6.3.1', level: '1', chapter: 'V6 Authentication', requirement: 'Stop stuffing, and brute force', status: 'tested', evidence: 'tests/a.test.ts > works', reason: '' },
    ]);
  });
});

describe('finding test titles', () => {
  it('takes the literal first argument of it( and test( in any quotes, and of it.each(…)(', () => {
    const source = `
      it('single \\'quoted\\'', () => {});
      test("double", () => {});
      it(\`template\`, () => {});
      it.each([['a', 1], ['b (2)', 2]])('each %s', () => {});
      test.each(cases)(
        'each over lines',
        () => {},
      );
      it.concurrent('at once', async () => {});
      it('the person’s language', () => {});
    `;
    expect([...testTitles(source)].sort()).toEqual(['at once', 'double', 'each %s', 'each over lines', 'single \'quoted\'', 'template', 'the person’s language'].sort());
  });

  it('leaves out titles built at run time, skipped and todo tests, and other calls named test', () => {
    // The skipped and todo calls are source text for the check to read, assembled so that this
    // file itself holds no skipped test.
    const [skip, todo] = ['skip', 'todo'].map((m) => `it.${m}`);
    const source = `
      it(name, () => {});
      it(\`neutralises \${input}\`, () => {});
      ${skip}('skipped', () => {});
      ${todo}('to do');
      const ok = /abc/.test('not a title');
      const visit = (it) => 0;
    `;
    expect([...testTitles(source)]).toEqual([]);
  });
});

describe('the check', () => {
  it('passes a good row', () => {
    expect(check([row()], signIn)).toEqual([]);
    expect(check([row({ evidence: 'tests/integration/sign-in.test.ts > refuses a suspended account ; tests/integration/sign-in.test.ts > refuses %s as too easy to guess' })], signIn)).toEqual([]);
    expect(check([row({ status: 'na', evidence: '', reason: 'No such feature.' }), row({ id: 'V6.3.2', line: 3, status: 'gap', evidence: '', reason: 'Planned: issue 14 point 2.' })], signIn)).toEqual([]);
  });

  it('reports a test file that does not exist', () => {
    const problems = check([row({ evidence: 'tests/integration/gone.test.ts > gives the same message for an unknown email and a wrong password' })], signIn);
    expect(problems).toEqual(['V6.3.1 (line 2): tests/integration/gone.test.ts does not exist']);
  });

  it('reports a test whose title changed', () => {
    const renamed = files({ 'tests/integration/sign-in.test.ts': SIGN_IN_TESTS.replace('gives the same message', 'answers alike') });
    expect(check([row()], renamed)).toEqual([
      'V6.3.1 (line 2): tests/integration/sign-in.test.ts has no test titled "gives the same message for an unknown email and a wrong password" (renamed or deleted?)',
    ]);
  });

  it('reports a row without the reason its status needs', () => {
    for (const status of ['untested', 'gap', 'na', 'exception']) {
      expect(check([row({ status, evidence: '', reason: '' })], signIn)).toEqual([`V6.3.1 (line 2): a "${status}" row needs a reason`]);
    }
  });

  it('reports an unknown status, a tested row without a test, bad evidence, a duplicate id and a wrong level or chapter', () => {
    expect(check([row({ status: 'done' })], signIn)).toEqual(['V6.3.1 (line 2): status "done" is not one of tested, untested, gap, na, exception']);
    expect(check([row({ evidence: '' })], signIn)).toEqual(['V6.3.1 (line 2): a "tested" row must name at least one test (path > title)']);
    expect(check([row({ evidence: 'tests/integration/sign-in.test.ts' })], signIn)).toEqual(['V6.3.1 (line 2): "tests/integration/sign-in.test.ts" is not "path/to/file.test.ts > test title"']);
    expect(check([row({ evidence: '../elsewhere.test.ts > x' })], signIn)).toEqual(["V6.3.1 (line 2): ../elsewhere.test.ts: give the test file's path from the repository root"]);
    expect(check([row(), row({ line: 7 })], signIn)).toEqual(['V6.3.1 (line 7): the id is already on line 2']);
    expect(check([row({ level: '3', chapter: 'V7 Session Management' })], signIn)).toEqual([
      'V6.3.1 (line 2): level "3" must be 1 or 2',
      'V6.3.1 (line 2): chapter "V7 Session Management" does not match the id',
    ]);
    expect(check([row({ requirement: 'x'.repeat(141) })], signIn)).toEqual(['V6.3.1 (line 2): the requirement is longer than 140 characters']);
  });

  it('checks the number of rows per level when asked', () => {
    expect(check([row()], signIn, { expectedPerLevel: { '1': 1, '2': 0 } })).toEqual([]);
    expect(check([row()], signIn, { expectedPerLevel: { '1': 70 } })).toEqual(['Level 1: 1 rows, but ASVS 5.0 has 70 requirements at that level']);
  });
});

describe('the summary', () => {
  const rows = [
    row({ id: 'V6.1.1', status: 'tested' }),
    row({ id: 'V6.1.2', status: 'untested' }),
    row({ id: 'V6.1.3', status: 'gap' }),
    row({ id: 'V6.1.4', status: 'na' }),
    row({ id: 'V6.1.5', status: 'tested', level: '2' }),
    row({ id: 'V6.1.6', status: 'exception', level: '2' }),
    row({ id: 'V2.1.1', chapter: 'V2 Validation and Business Logic', status: 'tested' }),
  ];

  it('counts per chapter (in chapter order) and overall, leaving not-applicable rows out of the percentages', () => {
    const s = summarise(rows);
    expect(s.chapters.map((c) => c.chapter)).toEqual(['V2 Validation and Business Logic', 'V6 Authentication']);
    const v6 = s.chapters[1]!;
    expect(v6.l1).toEqual({ total: 4, applicable: 3, tested: 1, untested: 1, gap: 1, na: 1, exception: 0 });
    expect(v6.all).toEqual({ total: 6, applicable: 5, tested: 2, untested: 1, gap: 1, na: 1, exception: 1 });
    expect(s.l1).toMatchObject({ total: 5, applicable: 4, tested: 2 });
    expect(s.all).toMatchObject({ total: 7, applicable: 6, tested: 3 });
  });

  it('shows percentages rounded down, so only all of them is 100 %', () => {
    expect(percentage(1, 3)).toBe('1 of 3 (33.3 %)');
    expect(percentage(2, 3)).toBe('2 of 3 (66.6 %)');
    expect(percentage(1, 2)).toBe('1 of 2 (50 %)');
    expect(percentage(2499, 2500)).toBe('2499 of 2500 (99.9 %)');
    expect(percentage(4, 4)).toBe('4 of 4 (100 %)');
    expect(percentage(0, 0)).toBe('–');
    const table = renderSummary(summarise(rows));
    expect(table).toContain('| V6 Authentication | 1 of 3 (33.3 %) | 2 of 5 (40 %) | 1 | 1 | 1 | 1 |');
    expect(table).toContain('| **All chapters** | 2 of 4 (50 %) | 3 of 6 (50 %) | 1 | 1 | 1 | 1 |');
  });

  it('replaces only what lies between the markers, and knows when they are missing', () => {
    const md = `# Map\n\nBefore.\n\n${SUMMARY_START}\nold table\n${SUMMARY_END}\n\nAfter.\n`;
    expect(replaceSummary(md, 'new table')).toBe(`# Map\n\nBefore.\n\n${SUMMARY_START}\nnew table\n${SUMMARY_END}\n\nAfter.\n`);
    expect(replaceSummary('# Map\n', 'new table')).toBeNull();
  });
});

describe('the real map', () => {
  const text = fs.readFileSync(path.join(root, 'docs/security/asvs.csv'), 'utf8');
  const { rows, problems } = parse(text);
  const read: ReadTestFile = (file) => {
    try {
      return fs.readFileSync(path.join(root, file), 'utf8');
    } catch {
      return null;
    }
  };

  it('holds every ASVS 5.0 Level 1 and 2 requirement once, and every tested row names tests that exist', () => {
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(EXPECTED_PER_LEVEL['1']! + EXPECTED_PER_LEVEL['2']!);
    expect(check(rows, read, { expectedPerLevel: EXPECTED_PER_LEVEL })).toEqual([]);
  });

  it('has its summary table in docs/security/asvs.md up to date', () => {
    const md = fs.readFileSync(path.join(root, 'docs/security/asvs.md'), 'utf8');
    expect(replaceSummary(md, renderSummary(summarise(rows)))).toBe(md);
  });
});
