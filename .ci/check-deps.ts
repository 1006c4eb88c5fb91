/**
 * Dependencies under watch (docs/security/dependencies.md), run by .ci/run after `npm ci`:
 *
 * 1. Every package package-lock.json installs is checked against .ci/known-bad.json, the list of
 *    versions with a known flaw kept in the repository: one there fails CI. Always, so CI does not
 *    depend on the registry's audit service (this machine's registry answers it with 405).
 * 2. Then `npm audit --omit=dev`: high or critical advisories for what runs in production fail CI;
 *    when the audit service does not answer, CI says so and relies on the list.
 *
 * Exit code 1 with the reasons when something is wrong.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type BadEntry = { package: string; introduced: string; fixed: string; advisory: string; why: string };
export type Installed = { name: string; version: string; path: string };

/** "1.2.3" → [1, 2, 3] (a pre-release or build suffix is ignored: it sorts with its release). */
const parts = (v: string): number[] => v.replace(/^v/, '').split(/[-+]/)[0]!.split('.').map((n) => Number.parseInt(n, 10) || 0);

/** Compares two versions: negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Every package a lockfile (v2 or v3) installs, with its version and where. */
export function installedPackages(lock: { packages?: Record<string, { version?: string; name?: string }> }): Installed[] {
  const out: Installed[] = [];
  for (const [where, p] of Object.entries(lock.packages ?? {})) {
    if (!where || !p.version || !where.includes('node_modules/')) continue;
    out.push({ name: p.name ?? where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length), version: p.version, path: where });
  }
  return out;
}

/** The installed packages a known-bad entry names (introduced ≤ version < fixed). */
export function findKnownBad(installed: readonly Installed[], entries: readonly BadEntry[]): { installed: Installed; entry: BadEntry }[] {
  const found: { installed: Installed; entry: BadEntry }[] = [];
  for (const i of installed)
    for (const e of entries)
      if (e.package === i.name && compareVersions(i.version, e.introduced) >= 0 && compareVersions(i.version, e.fixed) < 0) found.push({ installed: i, entry: e });
  return found;
}

/** What `npm audit --json` said: the count of high and critical advisories, or null when the service did not answer. */
export function readAudit(output: string): { high: number } | null {
  try {
    const report = JSON.parse(output) as { metadata?: { vulnerabilities?: Record<string, number> }; message?: string };
    const v = report.metadata?.vulnerabilities;
    if (!v) return null;
    return { high: (v['high'] ?? 0) + (v['critical'] ?? 0) };
  } catch {
    return null;
  }
}

if (import.meta.main) {
  const root = path.resolve(import.meta.dirname, '..');
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const list = JSON.parse(fs.readFileSync(path.join(root, '.ci/known-bad.json'), 'utf8')) as { entries: BadEntry[] };
  const installed = installedPackages(lock);
  const bad = findKnownBad(installed, list.entries);
  let failed = false;
  console.log(`dependencies: ${installed.length} packages in package-lock.json checked against ${list.entries.length} known-bad entries`);
  for (const b of bad) {
    failed = true;
    console.error(`  ${b.installed.name}@${b.installed.version} (${b.installed.path}): ${b.entry.why} — ${b.entry.advisory}, fixed in ${b.entry.fixed}`);
  }
  let output = '';
  try {
    output = execFileSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
  } catch (err) {
    output = (err as { stdout?: string }).stdout ?? '';
  }
  const audit = readAudit(output);
  if (audit === null) console.log('dependencies: the registry’s audit service did not answer; the known-bad list decides');
  else if (audit.high > 0) {
    failed = true;
    console.error(`dependencies: npm audit reports ${audit.high} high or critical advisories in production dependencies (npm audit --omit=dev)`);
  } else console.log('dependencies: npm audit reports no high or critical advisory in production dependencies');
  if (failed) process.exit(1);
  console.log('dependencies: none known bad');
}
