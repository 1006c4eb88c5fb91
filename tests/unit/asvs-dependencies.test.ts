/**
 * ASVS V15.1.2 (issue 14, point 8): an inventory of every third-party component, from a trusted
 * repository. package-lock.json is that inventory — each package at one version with its sha512
 * integrity hash, as installed — and every direct dependency comes from the npm registry by
 * version range (no git URL, tarball or local path). CI also builds a CycloneDX SBOM from it on
 * every run (.ci/run, step "SBOM").
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';

const json = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

describe('the component inventory (V15.1.2)', () => {
  it('pins every installed package to one version with a sha512 hash, all from the npm registry, and CI builds an SBOM from it', () => {
    const lock = json('package-lock.json') as { lockfileVersion: number; packages: Record<string, { version?: string; integrity?: string; resolved?: string; link?: boolean }> };
    expect(lock.lockfileVersion).toBe(3);
    const entries = Object.entries(lock.packages).filter(([key]) => key !== '');
    expect(entries.length).toBeGreaterThan(100);
    const unpinned = entries.filter(([, p]) => p.link || !/^\d+\.\d+\.\d+/.test(p.version ?? '') || !/^sha512-[A-Za-z0-9+/]+=*$/.test(p.integrity ?? ''));
    expect(unpinned.map(([key]) => key)).toEqual([]);
    // A package fetched from anywhere but the registry would say so in `resolved`.
    expect(entries.filter(([, p]) => p.resolved !== undefined && !p.resolved.startsWith('https://registry.npmjs.org/')).map(([key]) => key)).toEqual([]);
    const pkg = json('package.json') as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const ranges = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies });
    expect(ranges.filter(([, range]) => !/^[\^~]?\d+\.\d+\.\d+$/.test(range))).toEqual([]);
    expect(fs.existsSync(path.join(ROOT, '.npmrc')), 'no other registry configured for the project').toBe(false);
    // What is installed is what the inventory says.
    const drift = entries.filter(([key, p]) => {
      const file = path.join(ROOT, key, 'package.json');
      return fs.existsSync(file) && (json(path.relative(ROOT, file)) as { version: string }).version !== p.version;
    });
    expect(drift.map(([key]) => key)).toEqual([]);
    const ci = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/step "SBOM"\nif timeout \d+ npx --yes @cyclonedx\/cyclonedx-npm@[\d.]+ --omit dev --output-format JSON/);
    expect(ci).toContain('FAILED_STEPS+=(sbom)');
  });
});
