/** Dependencies under watch (issue 14, point 7): the known-bad list and its check (.ci/check-deps.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions, findKnownBad, installedPackages, readAudit, type BadEntry } from '../../.ci/check-deps.js';

const root = path.resolve(import.meta.dirname, '../..');
const list = JSON.parse(fs.readFileSync(path.join(root, '.ci/known-bad.json'), 'utf8')) as { entries: BadEntry[] };
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));

describe('the known-bad list', () => {
  it('names each entry’s package, range, advisory and reason', () => {
    expect(list.entries.length).toBeGreaterThan(5);
    for (const e of list.entries) {
      expect(e.package).toMatch(/^(@[a-z0-9-]+\/)?[a-z0-9.-]+$/);
      expect(compareVersions(e.introduced, e.fixed)).toBeLessThan(0);
      expect(e.advisory).toMatch(/^GHSA-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
      expect(e.why.length).toBeGreaterThan(10);
    }
  });
  it('holds nothing this checkout installs', () => expect(findKnownBad(installedPackages(lock), list.entries)).toEqual([]));
});

describe('the check', () => {
  it('compares versions part by part', () => {
    expect(compareVersions('4.0.9', '4.0.10')).toBeLessThan(0);
    expect(compareVersions('4.10.0', '4.9.9')).toBeGreaterThan(0);
    expect(compareVersions('v1.2.3', '1.2.3')).toBe(0);
    expect(compareVersions('1.2.3-beta.1', '1.2.3')).toBe(0);
  });
  it('finds a bad version wherever the lockfile installs it, and only inside its range', () => {
    const fake = {
      packages: {
        '': { version: '1.0.0' },
        'node_modules/marked': { version: '4.0.9' },
        'node_modules/a/node_modules/ws': { version: '8.17.0' },
        'node_modules/b/node_modules/ws': { version: '7.5.10' },
        'node_modules/hono': { version: '4.6.5' },
      },
    };
    const found = findKnownBad(installedPackages(fake), list.entries).map((f) => `${f.installed.path}@${f.installed.version}`);
    expect(found).toEqual(['node_modules/marked@4.0.9', 'node_modules/marked@4.0.9', 'node_modules/a/node_modules/ws@8.17.0']);
  });
  it('reads npm audit’s answer, and knows when the service did not answer', () => {
    expect(readAudit(JSON.stringify({ metadata: { vulnerabilities: { low: 2, high: 1, critical: 1 } } }))).toEqual({ high: 2 });
    expect(readAudit(JSON.stringify({ metadata: { vulnerabilities: { low: 3 } } }))).toEqual({ high: 0 });
    expect(readAudit(JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk' }))).toBeNull();
    expect(readAudit('')).toBeNull();
  });
});
