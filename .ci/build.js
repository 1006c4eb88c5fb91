// @ts-check
/**
 * Compiles the server and the command-line tools to JavaScript in dist/, which is what
 * `npm start` and `npm run seed | create-admin | votes:reconcile` run:
 *
 *   node .ci/build.js             build now (npm run build; `prepare` runs it at install)
 *   node .ci/build.js --if-stale  build only when a source is newer than the build (before start)
 *
 * Plain JavaScript on purpose: it runs before anything is compiled, with no loader.
 *
 * esbuild bundles each entry point with our code and drizzle-orm in one file; every other
 * dependency stays an ordinary import from node_modules. Node resolves each ES module file of a
 * package against that package's package.json: drizzle-orm is hundreds of files with a 179 KB
 * package.json, and loading it file by file, with our ~180 files, took about half of the
 * server's start-up CPU (see bench/README.md, "Cold start"). The build only transpiles; type
 * errors are `npm run typecheck`'s job. Source maps are written beside the bundles.
 *
 * "Stale" means: no finished build, or a file or folder under src/ or views/ (a folder's time
 * changes when a file in it is added, removed or renamed), package.json, tsconfig.json, this
 * script or the installed drizzle-orm changed after the last build started. The build goes to
 * a fresh folder that then replaces dist/ whole.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DIST = path.join(ROOT, 'dist');
/** Written last by a successful build; its time is when that build started reading the sources. */
const STAMP = path.join(DIST, '.build-stamp');
const SOURCE_DIRS = ['src', 'views'];
const SOURCE_FILES = ['package.json', 'tsconfig.json', '.ci/build.js', 'node_modules/drizzle-orm/package.json'];
/** dist/<name>.js ← source. */
const ENTRY_POINTS = {
  server: 'src/server.ts',
  'cli/seed': 'src/cli/seed.ts',
  'cli/create-admin': 'src/cli/create-admin.ts',
  'cli/votes-reconcile': 'src/cli/votes-reconcile.ts',
};
/** Dependencies compiled into the bundles; all others are loaded from node_modules at run time. */
const BUNDLED = ['drizzle-orm'];

/**
 * The newest modification time (ms) of a folder, and of everything in it.
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
    let mtime;
    try {
      mtime = fs.statSync(path.join(ROOT, file)).mtimeMs;
    } catch {
      return `${file} is missing`; // the build will say what it lacks
    }
    if (mtime > built) return `${file} changed`;
  }
  for (const dir of SOURCE_DIRS) {
    if (newestUnder(path.join(ROOT, dir)) > built) return `${dir}/ changed`;
  }
  return undefined;
}

/** Compiles into a fresh folder, then puts it in place of dist/. Throws when the build fails. */
export function build() {
  const started = new Date();
  // esbuild comes from node_modules: loaded here, so a staleness check does not pay for it.
  const esbuild = /** @type {typeof import('esbuild')} */ (createRequire(import.meta.url)('esbuild'));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const external = Object.keys(pkg.dependencies ?? {})
    .filter((name) => !BUNDLED.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
  const tmp = path.join(ROOT, `dist.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    esbuild.buildSync({
      absWorkingDir: ROOT,
      entryPoints: ENTRY_POINTS,
      outdir: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      external,
      sourcemap: 'linked',
      logLevel: 'warning',
    });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    // esbuild has printed the errors with their file and line.
    throw new Error(`The build of dist/ failed${err instanceof Error && 'errors' in err ? ' (errors above)' : `: ${String(err)}`}.`);
  }
  const stamp = path.join(tmp, path.basename(STAMP));
  fs.writeFileSync(stamp, `${started.toISOString()}\n`);
  fs.utimesSync(stamp, started, started);
  // Swap: a process already running from the old build keeps the modules it has loaded.
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
 * @param {string} reason
 * @param {(line: string) => void} log
 */
function timedBuild(reason, log) {
  const t0 = performance.now();
  log(`Building dist/ (${reason})…`);
  build();
  log(`Built dist/ in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--if-stale')) ensureBuilt();
    else timedBuild('requested', (line) => process.stderr.write(`${line}\n`));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
