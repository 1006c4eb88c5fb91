import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../src/db/client.js';

type Entry = { idx: number; when: number; tag: string; breakpoints: boolean };
const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { dialect: string; entries: Entry[] };
const entries = journal.entries;

/**
 * drizzle's migrate() applies only journal entries newer than the newest one applied, so an
 * entry merged out of timestamp order would be skipped silently on existing databases.
 */
describe('drizzle/meta/_journal.json', () => {
  it('is a PostgreSQL journal with at least one migration', () => {
    expect(journal.dialect).toBe('postgresql');
    expect(entries.length).toBeGreaterThan(0);
  });

  it('numbers entries 0, 1, 2 … in order', () => {
    expect(entries.map((e) => e.idx)).toEqual(entries.map((_, i) => i));
  });

  it('has strictly increasing `when` timestamps', () => {
    for (let i = 1; i < entries.length; i++) {
      expect(entries[i]!.when, `${entries[i]!.tag} must be newer than ${entries[i - 1]!.tag}`).toBeGreaterThan(entries[i - 1]!.when);
    }
  });

  it('has no timestamp from the future (a clock error would block every later migration)', () => {
    const nextYear = Date.now() + 366 * 86_400_000;
    for (const e of entries) expect(e.when, e.tag).toBeLessThan(nextYear);
  });

  it('has an .sql file for every entry, with the entry number as its prefix', () => {
    for (const e of entries) {
      expect(e.tag.startsWith(String(e.idx).padStart(4, '0') + '_'), e.tag).toBe(true);
      const file = path.join(migrationsFolder, `${e.tag}.sql`);
      expect(fs.existsSync(file), `${e.tag}.sql`).toBe(true);
      expect(fs.readFileSync(file, 'utf8').trim().length, `${e.tag}.sql is empty`).toBeGreaterThan(0);
    }
  });

  it('lists every .sql file in drizzle/ (a file outside the journal is never applied)', () => {
    const files = fs.readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql'));
    expect(files.sort()).toEqual(entries.map((e) => `${e.tag}.sql`).sort());
  });
});
