// @ts-check
/**
 * Compiles src/ and views/ to JavaScript in dist/ (tsconfig.build.json), which is what
 * `npm start` and the command-line tools run.
 *
 *   node scripts/build.js             build now (npm run build; `prepare` runs it at install)
 *   node scripts/build.js --if-stale  build only when a source is newer than the build (before start)
 *
 * Plain JavaScript on purpose: it runs before any TypeScript is compiled, with no loader.
 * The build only emits (`noCheck`); type errors are `npm run typecheck`'s job.
 *
 * "Stale" means: no finished build, or a file or folder under src/ or views/ (a folder's time
 * changes when a file in it is added, removed or renamed), a tsconfig or this script changed
 * after the last build started. The build goes to a fresh folder that replaces dist/ whole, so
 * files deleted or moved in the sources do not linger in the build.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DIST = path.join(ROOT, 'dist');
/** Written last by a successful build; its time is when that build started reading the sources. */
const STAMP = path.join(DIST, '.build-stamp');
const SOURCE_DIRS = ['src', 'views'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.js'];

/**
 * The newest modification time (ms) among the sources, or Infinity when a source is missing.
 * @param {string} dir
 * @returns {number}
 */
function newestUnder(dir) {
  let newest = fs.statSync(dir).mtimeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Why the build is stale, or undefined when it is up to date. */
export function staleReason() {
  let built;
  try {
    built = fs.statSync(STAMP).mtimeMs;
  } catch {
    return 'no build yet';
  }
  for (const file of SOURCE_FILES) {
    if (fs.statSync(path.join(ROOT, file)).mtimeMs > built) return `${file} changed`;
  }
  for (const dir of SOURCE_DIRS) {
    if (newestUnder(path.join(ROOT, dir)) > built) return `${dir}/ changed`;
  }
  return undefined;
}

/** Compiles into a fresh folder, then puts it in place of dist/. Throws when tsc fails. */
export function build() {
  const started = new Date();
  const tmp = path.join(ROOT, `dist.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', tmp], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`tsc -p tsconfig.build.json failed (${result.error?.message ?? `exit code ${result.status}`})`);
  }
  const stamp = path.join(tmp, path.basename(STAMP));
  fs.writeFileSync(stamp, `${started.toISOString()}\n`);
  fs.utimesSync(stamp, started, started);
  // Swap: a process already running from the old build keeps its loaded modules.
  const old = path.join(ROOT, `dist.old-${process.pid}`);
  try {
    fs.renameSync(DIST, old);
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ENOENT') throw err;
  }
  try {
    fs.renameSync(tmp, DIST);
  } catch (err) {
    // Another build finished at the same moment and its dist/ is in place: keep that one.
    if (!['ENOTEMPTY', 'EEXIST'].includes(/** @type {NodeJS.ErrnoException} */ (err).code ?? '')) throw err;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Builds when the build is missing or older than the sources; returns what it did.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {'up to date' | 'built'}
 */
export function ensureBuilt({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const reason = staleReason();
  if (!reason) return 'up to date';
  timedBuild(reason, log);
  return 'built';
}

/**
 * @param {string} reason
 * @param {(line: string) => void} log
 */
function timedBuild(reason, log) {
  const t0 = performance.now();
  log(`Building dist/ (${reason})…`);
  build();
  log(`Built dist/ in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--if-stale')) ensureBuilt();
    else timedBuild('requested', (line) => process.stderr.write(`${line}\n`));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
