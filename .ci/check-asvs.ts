/**
 * The OWASP ASVS 5.0 map (docs/security/asvs.csv, explained in docs/security/asvs.md), checked by
 * .ci/run after the dependency check:
 *
 * 1. Every row is well formed: a known status, an id once only, the reason a status needs.
 * 2. Every row marked `tested` names tests that exist: each `path > title` is a test file in the
 *    repository, and the title is the literal first argument of an `it(` or `test(` in it
 *    (`it.each(…)(` and `.concurrent` too; never `.skip`, `.todo` or a title built at run time).
 *    Renaming or deleting a test that a row names fails CI until the row is updated.
 * 3. The summary table in asvs.md (between its markers) is what the CSV adds up to.
 *
 *   node .ci/check-asvs.ts           check; exit code 1 with the rows at fault
 *   node .ci/check-asvs.ts --write   the same, but rewrite the summary table instead of failing on it
 */
import fs from 'node:fs';
import path from 'node:path';

export const STATUSES = ['tested', 'untested', 'gap', 'na', 'exception'] as const;
export type Status = (typeof STATUSES)[number];
export const COLUMNS = ['id', 'level', 'chapter', 'requirement', 'status', 'evidence', 'reason'] as const;

/** ASVS 5.0.0 has 70 requirements at Level 1 and 183 more at Level 2: the map must hold them all. */
export const EXPECTED_PER_LEVEL: Readonly<Record<string, number>> = { '1': 70, '2': 183 };
export const SUMMARY_START = '<!-- asvs-summary:start -->';
export const SUMMARY_END = '<!-- asvs-summary:end -->';
/** The longest requirement summary: one line of our own words, not the standard's text. */
export const REQUIREMENT_MAX = 140;

/** One row of the map, with the line of the CSV it starts on (for messages). */
export type Row = {
  line: number;
  id: string;
  level: string;
  chapter: string;
  requirement: string;
  status: string;
  evidence: string;
  reason: string;
};

/** One `path > title` item of a row's evidence. */
export type Evidence = { file: string; title: string };

/** Reads a test file by its path from the repository root; null when there is no such file. */
export type ReadTestFile = (file: string) => string | null;

// ---- CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF) ----

/** The records of a CSV text, each with the line it starts on; problems for malformed quoting. */
export function parseCsv(text: string): { records: { line: number; fields: string[] }[]; problems: string[] } {
  const records: { line: number; fields: string[] }[] = [];
  const problems: string[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  let atFieldStart = true;
  const endRecord = () => {
    fields.push(field);
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (atFieldStart && ch === '"') {
      // A quoted field: up to the closing quote; "" is one quote.
      const opened = line;
      i++;
      let closed = false;
      while (i < text.length) {
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      if (!closed) {
        problems.push(`line ${opened}: a quoted field is never closed`);
        break;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        problems.push(`line ${line}: text after the closing quote of a field`);
        while (i < text.length && text[i] !== ',' && text[i] !== '\n') field += text[i++];
      }
      atFieldStart = false;
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (ch === '\n') {
      endRecord();
      i++;
      line++;
      start = line;
      continue;
    }
    if (ch === '"') problems.push(`line ${line}: a quote inside a field that does not start with one (quote the field and double the quote)`);
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return { records, problems };
}

/** The map's rows from the CSV text; problems for a wrong header or a record of the wrong width. */
export function parse(text: string): { rows: Row[]; problems: string[] } {
  const { records, problems } = parseCsv(text);
  const rows: Row[] = [];
  const [header, ...body] = records;
  if (!header || header.fields.join(',') !== COLUMNS.join(',')) {
    problems.push(`line 1: the header must be ${COLUMNS.join(',')}`);
    return { rows, problems };
  }
  for (const r of body) {
    if (r.fields.length !== COLUMNS.length) {
      problems.push(`line ${r.line}: ${r.fields.length} fields, not ${COLUMNS.length}`);
      continue;
    }
    const [id, level, chapter, requirement, status, evidence, reason] = r.fields.map((f) => f.trim()) as [string, string, string, string, string, string, string];
    rows.push({ line: r.line, id, level, chapter, requirement, status, evidence, reason });
  }
  return { rows, problems };
}

/** A row's evidence items: `path > title`, separated by ` ; `. */
export function parseEvidence(evidence: string): { items: Evidence[]; problems: string[] } {
  const items: Evidence[] = [];
  const problems: string[] = [];
  if (evidence.trim() === '') return { items, problems };
  for (const part of evidence.split(' ; ')) {
    const at = part.indexOf(' > ');
    if (at < 0) {
      problems.push(`"${part.trim()}" is not "path/to/file.test.ts > test title"`);
      continue;
    }
    const file = part.slice(0, at).trim();
    const title = part.slice(at + 3).trim();
    if (!file || !title) problems.push(`"${part.trim()}" needs both a file and a title`);
    else items.push({ file, title });
  }
  return { items, problems };
}

// ---- Test titles: the literal first argument of it( / test( ----

const CALL = /(?<![\w$.])(it|test)(\.each|\.concurrent)?\s*\(/g;

/** The string literal starting at `i` (after blanks and comments), decoded; null when there is none or it is built at run time. */
function literalAt(source: string, i: number): string | null {
  i = skipBlanks(source, i);
  const quote = source[i];
  if (quote !== "'" && quote !== '"' && quote !== '`') return null;
  let out = '';
  for (let j = i + 1; j < source.length; j++) {
    const ch = source[j]!;
    if (ch === quote) return out;
    if (quote === '`' && ch === '$' && source[j + 1] === '{') return null; // built at run time
    if (ch === '\n' && quote !== '`') return null;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = source[++j];
    if (e === undefined) return null;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
    if (e in simple) out += simple[e];
    else if (e === 'u') {
      const braced = /^\{([0-9a-fA-F]+)\}/.exec(source.slice(j + 1));
      const plain = /^[0-9a-fA-F]{4}/.exec(source.slice(j + 1));
      if (braced) {
        out += String.fromCodePoint(Number.parseInt(braced[1]!, 16));
        j += braced[0].length;
      } else if (plain) {
        out += String.fromCharCode(Number.parseInt(plain[0], 16));
        j += 4;
      } else return null;
    } else if (e === 'x' && /^[0-9a-fA-F]{2}/.test(source.slice(j + 1, j + 3))) {
      out += String.fromCharCode(Number.parseInt(source.slice(j + 1, j + 3), 16));
      j += 2;
    } else if (e === '\n') continue; // a line continuation
    else out += e;
  }
  return null;
}

/** Index of the first character after blanks and comments from `i`. */
function skipBlanks(source: string, i: number): number {
  for (;;) {
    while (i < source.length && /\s/.test(source[i]!)) i++;
    if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end + 1;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
    } else return i;
  }
}

/** Index just after the `)` closing the `(` at `open` (strings, templates and comments skipped); -1 when unbalanced. */
function closingParen(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      // Skip the string (a template's ${…} may hold anything, but its braces balance).
      for (i++; i < source.length && source[i] !== ch; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
      continue;
    }
    if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return ch === ')' ? i + 1 : -1;
    }
  }
  return -1;
}

/**
 * The titles a test file declares literally: the first argument of `it(`, `test(`,
 * `it.concurrent(` and of the call after `it.each(…)` / `test.each(…)`, decoded. Titles built at
 * run time (a variable, a template with `${…}`) and skipped or todo tests are not included.
 */
export function testTitles(source: string): Set<string> {
  const titles = new Set<string>();
  for (const m of source.matchAll(CALL)) {
    const open = m.index + m[0].length - 1;
    let at = open + 1;
    if (m[2] === '.each') {
      const after = closingParen(source, open);
      if (after < 0) continue;
      at = skipBlanks(source, after);
      if (source[at] !== '(') continue;
      at++;
    }
    const title = literalAt(source, at);
    if (title !== null) titles.add(title);
  }
  return titles;
}

// ---- The check ----

const ID = /^V(\d{1,2})\.(\d{1,2})\.(\d{1,2})$/;

/**
 * Every problem with the rows, one line each, naming the row's id and CSV line. `readTestFile`
 * gives a test file's text (null when it does not exist). With `expectedPerLevel`, the number of
 * rows at each level is checked too (the real map holds the whole standard).
 */
export function check(rows: readonly Row[], readTestFile: ReadTestFile, options: { expectedPerLevel?: Readonly<Record<string, number>> } = {}): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const titlesOf = new Map<string, Set<string> | null>();
  const titles = (file: string) => {
    if (!titlesOf.has(file)) {
      const source = readTestFile(file);
      titlesOf.set(file, source === null ? null : testTitles(source));
    }
    return titlesOf.get(file)!;
  };
  for (const row of rows) {
    const at = `${row.id || '(no id)'} (line ${row.line})`;
    const say = (m: string) => problems.push(`${at}: ${m}`);
    if (!ID.test(row.id)) say('the id must look like V6.3.1');
    const first = seen.get(row.id);
    if (first !== undefined) say(`the id is already on line ${first}`);
    else seen.set(row.id, row.line);
    if (row.level !== '1' && row.level !== '2') say(`level "${row.level}" must be 1 or 2`);
    const chapter = ID.exec(row.id)?.[1];
    if (!row.chapter) say('no chapter');
    else if (chapter !== undefined && !row.chapter.startsWith(`V${chapter} `)) say(`chapter "${row.chapter}" does not match the id`);
    if (!row.requirement) say('no requirement');
    else if ([...row.requirement].length > REQUIREMENT_MAX) say(`the requirement is longer than ${REQUIREMENT_MAX} characters`);
    if (!(STATUSES as readonly string[]).includes(row.status)) {
      say(`status "${row.status}" is not one of ${STATUSES.join(', ')}`);
      continue;
    }
    const status = row.status as Status;
    if (status !== 'tested') {
      if (!row.reason) say(`a "${status}" row needs a reason`);
      continue;
    }
    const { items, problems: malformed } = parseEvidence(row.evidence);
    for (const m of malformed) say(m);
    if (items.length === 0 && malformed.length === 0) say('a "tested" row must name at least one test (path > title)');
    for (const { file, title } of items) {
      if (path.isAbsolute(file) || file.split(/[\\/]/).includes('..')) {
        say(`${file}: give the test file's path from the repository root`);
        continue;
      }
      const declared = titles(file);
      if (declared === null) say(`${file} does not exist`);
      else if (!declared.has(title)) say(`${file} has no test titled "${title}" (renamed or deleted?)`);
    }
  }
  if (options.expectedPerLevel) {
    for (const [level, expected] of Object.entries(options.expectedPerLevel)) {
      const n = rows.filter((r) => r.level === level).length;
      if (n !== expected) problems.push(`Level ${level}: ${n} rows, but ASVS 5.0 has ${expected} requirements at that level`);
    }
  }
  return problems;
}

// ---- The summary ----

export type Counts = { total: number; applicable: number } & Record<Status, number>;
export type ChapterSummary = { chapter: string; l1: Counts; all: Counts };
export type Summary = { chapters: ChapterSummary[]; l1: Counts; all: Counts };

const zero = (): Counts => ({ total: 0, applicable: 0, tested: 0, untested: 0, gap: 0, na: 0, exception: 0 });

function add(c: Counts, status: string) {
  c.total++;
  if ((STATUSES as readonly string[]).includes(status)) c[status as Status]++;
  if (status !== 'na') c.applicable++;
}

/** Counts per chapter (in the order of their numbers) and overall, for Level 1 and for Levels 1 and 2. */
export function summarise(rows: readonly Row[]): Summary {
  const byChapter = new Map<string, ChapterSummary>();
  const l1 = zero();
  const all = zero();
  for (const row of rows) {
    let ch = byChapter.get(row.chapter);
    if (!ch) byChapter.set(row.chapter, (ch = { chapter: row.chapter, l1: zero(), all: zero() }));
    add(ch.all, row.status);
    add(all, row.status);
    if (row.level === '1') {
      add(ch.l1, row.status);
      add(l1, row.status);
    }
  }
  const number = (c: ChapterSummary) => Number(/^V(\d+)/.exec(c.chapter)?.[1] ?? Infinity);
  return { chapters: [...byChapter.values()].sort((a, b) => number(a) - number(b)), l1, all };
}

/** "n of m (p %)", the percentage rounded down to one decimal (so 99.96 % never shows as 100 %); "–" when nothing applies. */
export function percentage(part: number, whole: number): string {
  if (whole === 0) return '–';
  const tenths = Math.floor((part * 1000) / whole);
  return `${part} of ${whole} (${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)} %)`;
}

/** The summary as the Markdown table asvs.md carries between its markers. */
export function renderSummary(s: Summary): string {
  const head = '| Chapter | Level 1 tested (of applicable) | Levels 1+2 tested (of applicable) | Untested | Gap | Exception | N/A |';
  const rule = '|---|---|---|---:|---:|---:|---:|';
  const line = (name: string, l1: Counts, all: Counts) =>
    `| ${name} | ${percentage(l1.tested, l1.applicable)} | ${percentage(all.tested, all.applicable)} | ${all.untested} | ${all.gap} | ${all.exception} | ${all.na} |`;
  const lines = [head, rule, ...s.chapters.map((c) => line(c.chapter, c.l1, c.all)), line('**All chapters**', s.l1, s.all)];
  const l1 = s.l1;
  lines.push(
    '',
    `Level 1 alone: ${l1.total} requirements, ${l1.applicable} applicable; ${l1.tested} tested, ${l1.untested} untested, ${l1.gap} gap, ${l1.exception} exception, ${l1.na} not applicable.`,
    `Levels 1 and 2: ${s.all.total} requirements, ${s.all.applicable} applicable; ${s.all.tested} tested, ${s.all.untested} untested, ${s.all.gap} gap, ${s.all.exception} exception, ${s.all.na} not applicable.`,
  );
  return lines.join('\n');
}

/** The Markdown with the block between the summary markers replaced by `table`; null when the markers are missing. */
export function replaceSummary(markdown: string, table: string): string | null {
  const start = markdown.indexOf(SUMMARY_START);
  const end = markdown.indexOf(SUMMARY_END);
  if (start < 0 || end < start) return null;
  return `${markdown.slice(0, start + SUMMARY_START.length)}\n${table}\n${markdown.slice(end)}`;
}

if (import.meta.main) {
  const root = path.resolve(import.meta.dirname, '..');
  const csvFile = path.join(root, 'docs/security/asvs.csv');
  const mdFile = path.join(root, 'docs/security/asvs.md');
  const write = process.argv.includes('--write');
  const { rows, problems } = parse(fs.readFileSync(csvFile, 'utf8'));
  const read: ReadTestFile = (file) => {
    try {
      return fs.readFileSync(path.join(root, file), 'utf8');
    } catch {
      return null;
    }
  };
  problems.push(...check(rows, read, { expectedPerLevel: EXPECTED_PER_LEVEL }));
  const summary = summarise(rows);
  let markdown = '';
  try {
    markdown = fs.readFileSync(mdFile, 'utf8');
  } catch {
    problems.push('docs/security/asvs.md is missing');
  }
  const wanted = replaceSummary(markdown, renderSummary(summary));
  if (wanted === null) problems.push(`docs/security/asvs.md: the markers ${SUMMARY_START} and ${SUMMARY_END} are missing`);
  else if (wanted !== markdown) {
    if (write) {
      fs.writeFileSync(mdFile, wanted);
      console.log('asvs: the summary table in docs/security/asvs.md was rewritten');
    } else problems.push('docs/security/asvs.md: the summary table is out of date (run: node .ci/check-asvs.ts --write)');
  }
  const { l1, all } = summary;
  console.log(
    `asvs: ${all.total} requirements (Level 1: ${l1.total}); Level 1 tested ${percentage(l1.tested, l1.applicable)}, Levels 1+2 tested ${percentage(all.tested, all.applicable)}; ` +
      `${all.untested} untested, ${all.gap} gap, ${all.exception} exception, ${all.na} not applicable`,
  );
  if (problems.length > 0) {
    for (const p of problems) console.error(`  ${p}`);
    console.error(`asvs: ${problems.length} problem${problems.length === 1 ? '' : 's'} in docs/security/asvs.csv or asvs.md`);
    process.exit(1);
  }
  console.log('asvs: every tested row names tests that exist');
}
