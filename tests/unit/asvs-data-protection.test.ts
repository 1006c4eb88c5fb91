/**
 * The protection levels of docs/security/data-inventory.md (OWASP ASVS V14.1.1, V14.1.2) against
 * the data inventory (src/lib/data-inventory.ts) and the schema: every table and other store has
 * its levels, the levels follow from what the inventory says each holds, every column named like
 * a credential is classified, and a credential is stored hashed or sealed unless the document
 * says why not. Each level states each kind of requirement ASVS V14.1.2 asks for.
 */
import fs from 'node:fs';
import path from 'node:path';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema/index.js';
import { DATA_INVENTORY, OTHER_STORES } from '../../src/lib/data-inventory.js';
import { ROOT } from '../../src/paths.js';
import { markdownTable } from '../support/docs.js';

const doc = fs.readFileSync(path.join(ROOT, 'docs/security/data-inventory.md'), 'utf8');
const LEVELS = ['secret', 'private', 'public', 'none'];

const unquote = (cell: string) => cell.replace(/`/g, '');

const tables = (Object.values(schema) as unknown[]).filter((x): x is PgTable => is(x, PgTable)).map((t) => getTableConfig(t));
/** Columns whose names say they hold a credential (or something like one). */
const CREDENTIAL_LIKE = /hash|secret|sealed|token|password|^challenge$/;
const credentialLike = tables.flatMap((t) => t.columns.filter((c) => CREDENTIAL_LIKE.test(c.name)).map((c) => `${t.name}.${c.name}`)).sort();

const levelsOf = new Map(markdownTable(doc, 'Table').map(([name = '', levels = '']) => [unquote(name), levels.split(',').map((l) => l.trim())]));
const credentials = markdownTable(doc, 'Column').map(([column = '', storedAs = '']) => ({ column: unquote(column), storedAs }));
const notSecret = [.../Named like credentials but not secret:(.*?)$/ms.exec(doc)![1]!.matchAll(/`(\w+\.\w+)`/g)].map((m) => m[1]!);

describe('the protection levels of the data inventory (V14.1.1, V14.1.2)', () => {
  it('defines the four levels, and each states how it is stored, sent, kept intact, kept, logged, accessed and told', () => {
    expect(markdownTable(doc, 'Level').map(([level = '']) => unquote(level))).toEqual(LEVELS);
    const requirements = markdownTable(doc, 'Requirement');
    expect(requirements.map(([r]) => r)).toEqual(['Stored', 'In transit', 'Integrity', 'Retention', 'Logging', 'Access', 'Privacy']);
    // Every personal level states every requirement; `none` may leave one as "—".
    for (const row of requirements) for (const i of [1, 2, 3]) expect(row[i], `${row[0]} for ${LEVELS[i - 1]}`).toMatch(/\w/);
  });

  it('gives every table of the inventory, and every other store, its levels: personal data at a personal level, none otherwise', () => {
    const names = [...DATA_INVENTORY.map((e) => e.table), ...OTHER_STORES.map((s) => s.store.split(' ')[0]!)];
    expect(names.filter((n) => !levelsOf.has(n))).toEqual([]); // a new table: give it its levels
    expect([...levelsOf.keys()].filter((n) => !names.includes(n))).toEqual([]);
    const wrong: string[] = [];
    for (const [name, levels] of levelsOf) {
      if (levels.some((l) => !LEVELS.includes(l))) wrong.push(`${name}: unknown level in ${levels.join(', ')}`);
      const entry = DATA_INVENTORY.find((e) => e.table === name) ?? OTHER_STORES.find((s) => s.store.startsWith(name))!;
      const personal = entry.personalData.length > 0;
      if (personal && !levels.some((l) => l === 'private' || l === 'public')) wrong.push(`${name}: holds personal data but has no personal level`);
      if (!personal && levels.join() !== 'none') wrong.push(`${name}: holds no personal data, so its level is none`);
      if (levels.includes('none') && levels.length > 1) wrong.push(`${name}: none with another level`);
    }
    expect(wrong).toEqual([]);
  });

  it('classifies every column named like a credential, stores credentials hashed or sealed unless it says why not, and marks their tables secret', () => {
    const classified = [...credentials.map((c) => c.column), ...notSecret].sort();
    expect(credentialLike.filter((c) => !classified.includes(c))).toEqual([]); // a new credential column: classify it
    const allColumns = tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`));
    expect(classified.filter((c) => !allColumns.includes(c))).toEqual([]);
    for (const { column, storedAs } of credentials) {
      const [tableName = '', name = ''] = column.split('.');
      expect(levelsOf.get(tableName), column).toContain('secret');
      if (/^in clear/.test(storedAs)) expect(['sessions.csrf_token', 'sessions.challenge'], column).toContain(column);
      else expect(name, column).toMatch(/_(hash|sealed)$/);
    }
    // A table marked secret holds a credential column (or is a store outside the database).
    const secretTables = [...levelsOf].filter(([, l]) => l.includes('secret')).map(([n]) => n);
    const withCredential = new Set(credentials.map((c) => c.column.split('.')[0]));
    expect(secretTables.filter((t) => !withCredential.has(t) && !OTHER_STORES.some((s) => s.store.startsWith(t)))).toEqual([]);
    for (const c of notSecret) expect(levelsOf.get(c.split('.')[0]!), c).not.toContain('secret');
  });
});
