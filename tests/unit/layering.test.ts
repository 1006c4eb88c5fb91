// The layering linter (.ci/lint-layers.ts, `npm run lint:layers`) must find each deliberate
// violation of tests/fixtures/layering under the right rule and nothing else there, must see
// type-only imports and resolve `.js` specifiers to the .ts/.tsx files, must fail a scan that
// saw (almost) nothing, and must pass on the real code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatViolation,
  lintLayers,
  REPOSITORY_ROOT,
  type LayerReport,
  type Violation,
} from '../../.ci/lint-layers.js';

const FIXTURE = join(REPOSITORY_ROOT, 'tests/fixtures/layering');

const summary = ({ rule, from, to, typeOnly }: Violation) => ({ rule, from, to, typeOnly });

/** The relative imports of the scanned modules, with where each one resolved to. */
function relativeImports(report: LayerReport) {
  return report.modules.flatMap((m) =>
    m.dependencies
      .filter((d) => /^\.{1,2}\//.test(d.module))
      .map((d) => ({ from: m.source, specifier: d.module, resolved: d.resolved, unresolved: d.couldNotResolve })),
  );
}

describe('layering linter on the fixture of deliberate violations', () => {
  let report: LayerReport;
  beforeAll(async () => {
    report = await lintLayers({ baseDir: FIXTURE, minModules: 1 });
  }, 30_000);

  it('scans every fixture file, .ts and .tsx alike, with the swc parser', () => {
    expect(report.parser).toMatch(/^swc \(@swc\/core 1\./);
    expect(report.problems).toEqual([]);
    expect(report.scanned).toEqual([
      'src/db/schema/ideas.ts',
      'src/features/a/index.ts',
      'src/features/a/queries.ts',
      'src/features/a/routes.ts',
      'src/features/b/commands/register.ts',
      'src/features/b/index.ts',
      'src/features/b/routes.tsx',
      'src/features/b/section.ts',
      'src/lib/broken.ts',
      'src/lib/cycle-one.ts',
      'src/lib/cycle-two.ts',
      'src/lib/describe.ts',
      'src/pages/home.ts',
      'src/registry.ts',
      'tests/unit/a-internals.ts',
      'views/idea-card.tsx',
    ]);
  });

  it('reports each deliberate violation under its rule, and nothing that is allowed', () => {
    expect(report.violations.map(summary)).toEqual([
      { rule: 'feature-internals', from: 'src/features/b/section.ts', to: 'src/features/a/queries.ts', typeOnly: false },
      { rule: 'features-below-pages', from: 'src/features/b/commands/register.ts', to: 'src/registry.ts', typeOnly: false },
      { rule: 'lib-stays-low', from: 'src/lib/describe.ts', to: 'src/features/a/index.ts', typeOnly: false },
      { rule: 'no-feature-cycle', from: 'src/features/a', to: 'src/features/b', typeOnly: false },
      { rule: 'no-file-cycle', from: 'src/lib/cycle-one.ts', to: 'src/lib/cycle-two.ts', typeOnly: true },
      { rule: 'no-unresolvable-relative', from: 'src/lib/broken.ts', to: './missing.js', typeOnly: false },
      { rule: 'routes-not-to-schema', from: 'src/features/a/routes.ts', to: 'src/db/schema/ideas.ts', typeOnly: false },
      { rule: 'routes-not-to-schema', from: 'src/pages/home.ts', to: 'src/db/schema/ideas.ts', typeOnly: false },
      { rule: 'views-get-plain-data', from: 'views/idea-card.tsx', to: 'src/db/schema/ideas.ts', typeOnly: true },
    ]);
  });

  it('counts type-only imports: one file cycle and the view → schema import exist only through `import type`', () => {
    const cycle = report.violations.find((v) => v.rule === 'no-file-cycle');
    expect(cycle?.cycle).toEqual([
      { from: 'src/lib/cycle-one.ts', to: 'src/lib/cycle-two.ts', typeOnly: false },
      { from: 'src/lib/cycle-two.ts', to: 'src/lib/cycle-one.ts', typeOnly: true },
    ]);
    const view = report.modules.find((m) => m.source === 'views/idea-card.tsx');
    expect(view?.dependencies.map((d) => [d.resolved, d.dependencyTypes.includes('type-only')])).toEqual([
      ['src/db/schema/ideas.ts', true],
    ]);
  });

  it('shows a feature cycle as a chain of real imports through the two folders', () => {
    const featureCycle = report.violations.find((v) => v.rule === 'no-feature-cycle');
    expect(featureCycle?.features).toEqual(['src/features/a', 'src/features/b']);
    expect(featureCycle?.cycle).toEqual([
      { from: 'src/features/a/index.ts', to: 'src/features/b/index.ts', typeOnly: false },
      { from: 'src/features/b/routes.tsx', to: 'src/features/a/index.ts', typeOnly: false },
    ]);
    // Not a file cycle: only the folder-level view sees it.
    expect(report.violations.filter((v) => v.rule === 'no-file-cycle')).toHaveLength(1);
  });

  it('resolves `.js` specifiers to the .ts/.tsx files, and reports the one that resolves to nothing', () => {
    const imports = relativeImports(report);
    expect(imports).toContainEqual({
      from: 'src/features/a/index.ts',
      specifier: './queries.js',
      resolved: 'src/features/a/queries.ts',
      unresolved: false,
    });
    expect(imports).toContainEqual({
      from: 'src/pages/home.ts',
      specifier: '../features/b/index.js',
      resolved: 'src/features/b/index.ts',
      unresolved: false,
    });
    expect(imports.filter((i) => i.unresolved)).toEqual([
      { from: 'src/lib/broken.ts', specifier: './missing.js', resolved: './missing.js', unresolved: true },
    ]);
  });
});

describe('lint:layers refuses a scan that saw too little', () => {
  const run = (baseDir: string) =>
    spawnSync('npm', ['run', '-s', 'lint:layers', '--', '--base-dir', baseDir], {
      cwd: REPOSITORY_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('fails on a directory with nothing to scan, although nothing is violated', () => {
    const empty = mkdtempSync(join(tmpdir(), 'layering-empty-'));
    try {
      const { status, stdout } = run(empty);
      expect(stdout).toContain('only 0 module(s) scanned, expected at least 201');
      expect(status).toBe(1);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);

  it('fails on the fixture: its violations, and fewer modules than a real scan', () => {
    const { status, stdout } = run(FIXTURE);
    expect(stdout).toContain('✖ no-feature-cycle (1)');
    expect(stdout).toContain('only 16 module(s) scanned');
    expect(stdout).toContain('9 violation(s) of 8 rule(s)');
    expect(status).toBe(1);
  }, 60_000);
});

describe('layering of the real code', () => {
  let report: LayerReport;
  beforeAll(async () => {
    report = await lintLayers();
  }, 60_000);

  it('scans more than 200 modules: every source file of src, views, tests and bench, but not the fixture', () => {
    expect(report.problems).toEqual([]);
    expect(report.scanned.length).toBeGreaterThan(200);
    expect(report.scanned.filter((file) => file.startsWith('tests/fixtures/layering/'))).toEqual([]);
    expect(report.scanned.filter((file) => file.endsWith('.tsx')).length).toBeGreaterThan(0);
  });

  it('resolves every relative import (`./x.js`) to an existing .ts/.tsx file (or a JavaScript source with no TypeScript twin)', () => {
    const imports = relativeImports(report);
    expect(imports.length).toBeGreaterThan(500);
    expect(imports.filter((i) => i.specifier.endsWith('.js')).length).toBeGreaterThan(500);
    const exists = (file: string) => existsSync(join(REPOSITORY_ROOT, file));
    // The build script (.ci/build.js) is plain JavaScript so it runs without a loader at install time.
    const javascriptSource = (file: string) => file.endsWith('.js') && !exists(file.replace(/\.js$/, '.ts')) && !exists(file.replace(/\.js$/, '.tsx'));
    const wrong = imports.filter((i) => i.unresolved || !(/\.tsx?$/.test(i.resolved) || javascriptSource(i.resolved)) || !exists(i.resolved));
    expect(wrong).toEqual([]);
  });

  it('has no layering violations', () => {
    expect(report.violations.map((v) => `${v.rule}: ${formatViolation(v)}`)).toEqual([]);
  });
});
