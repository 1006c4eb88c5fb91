/**
 * docs/security/authentication.md (OWASP ASVS V6.1.3) stays true to the code: the files that start
 * a session or record a proof of identity are exactly those its table names, every route it names
 * is served by that code, and the numbers it gives are the code's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PENDING_MINUTES } from '../../src/auth/sessions.js';
import { secondFactorLimit } from '../../src/features/second-factor/limits.js';
import { ROOT } from '../../src/paths.js';
import { backticked, markdownTable, sourceFiles } from '../support/docs.js';

const doc = fs.readFileSync(path.join(ROOT, 'docs/security/authentication.md'), 'utf8');
const flat = doc.replace(/\s+/g, ' ');



describe('docs/security/authentication.md (V6.1.3)', () => {
  const rows = markdownTable(doc, 'Pathway');

  it('names every piece of code that starts a session or records a proof of identity, and the routes it serves', () => {
    const starting = sourceFiles('src')
      .filter(({ text }) => /\bsessions\.(create|complete|markAuthenticated)\(/.test(text))
      .map(({ file }) => file)
      .sort();
    expect(starting.length).toBeGreaterThan(1);
    const named = [...new Set(rows.flatMap(([, , code = '']) => backticked(code)))].sort();
    expect(named.filter((f) => f.endsWith('.ts') || f.endsWith('.tsx'))).toEqual(named);
    expect(starting.filter((f) => !named.includes(f))).toEqual([]); // a new way in: document it
    // Each route is served (method and path literally) by a routes file of the feature the row names.
    for (const [pathway = '', route = '', code = ''] of rows) {
      expect(pathway).toMatch(/\w/);
      for (const r of backticked(route)) {
        const [method = '', url = ''] = r.split(' ');
        const features = [...new Set(backticked(code).map((f) => f.split('/').slice(0, 3).join('/')))];
        const served = features.some((dir) => {
          const file = path.join(ROOT, dir, 'routes.tsx');
          return fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(`.${method.toLowerCase()}('${url}'`);
        });
        expect(served, `${pathway}: ${r}`).toBe(true);
      }
    }
  });

  it('gives the waiting session’s lifetime and the second step’s limit the code uses', () => {
    expect(flat).toContain(`ends after ${PENDING_MINUTES} minutes`);
    expect(flat).toContain(`limited to ${secondFactorLimit.points} attempts in ${secondFactorLimit.duration / 60} minutes per account`);
  });
});
