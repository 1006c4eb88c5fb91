// The layering check run by `npm run lint:layers` and by tests/unit/layering.test.ts.
//
// It cruises src, views, tests and bench with dependency-cruiser and the rules in
// .dependency-cruiser.cjs, adds the one rule dependency-cruiser cannot express (no cycle
// between two feature folders), and refuses to call a scan that saw nothing a success:
// dependency-cruiser 18 silently drops .ts/.tsx when it has no parser it accepts for them
// (it only knows TypeScript < 7), so this script insists on the swc parser, checks that every
// source file on disk was scanned, and fails when it scanned fewer than `minModules` modules.
//
//   node scripts/lint-layers.ts [--base-dir DIR] [--min-modules N]
//
// Exit code 0 only when the scan is complete and no rule is violated.
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cruise, getAvailableTranspilers } from 'dependency-cruiser';
import type { ICruiseResult, IModule, IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CONFIG_FILE = join(REPOSITORY_ROOT, '.dependency-cruiser.cjs');
export const ROOTS = ['src', 'views', 'tests', 'bench'] as const;
/** A scan of the real code that sees 200 modules or fewer has gone wrong. */
export const DEFAULT_MIN_MODULES = 201;
export const FEATURE_CYCLE_RULE = 'no-feature-cycle';
const FEATURE_CYCLE_COMMENT =
  'Features depend on each other only one way (through index.ts); a cycle between two ' +
  'feature folders, through any of their files, means neither can change or be understood alone.';

/** The files dependency-cruiser must have scanned (swc parses all of these). */
const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/**
 * Import specifiers end in .js while the files are .ts/.tsx (TypeScript "Bundler"
 * resolution). dependency-cruiser's config schema does not accept `extensionAlias`, and its
 * `tsConfig` option is inert without a TypeScript < 7 compiler, so it is passed here.
 */
const RESOLVE_OPTIONS = {
  extensionAlias: {
    '.js': ['.ts', '.tsx', '.js'],
    '.jsx': ['.tsx', '.jsx'],
    '.mjs': ['.mts', '.mjs'],
    '.cjs': ['.cts', '.cjs'],
  },
};

export interface Step {
  from: string;
  to: string;
  /** The import is `import type` / `export type` only. */
  typeOnly: boolean;
}

export interface Violation {
  rule: string;
  /** The importing module (a feature folder for feature cycles). */
  from: string;
  /** The imported module (a feature folder for feature cycles). */
  to: string;
  /** The offending import, or one import of the cycle, is type-only. */
  typeOnly: boolean;
  /** Cycles: the imports that close the circle, from `from` back to `from`. */
  cycle?: Step[];
  /** Feature cycles: every feature folder of the strongly connected group. */
  features?: string[];
}

export interface LayerReport {
  baseDir: string;
  roots: string[];
  parser: string;
  /** Modules under the roots that were parsed (not packages, not unresolvable names). */
  scanned: string[];
  /** The same modules with their dependencies, as dependency-cruiser reports them. */
  modules: IModule[];
  /** Number of dependencies between the scanned modules and anything else. */
  dependencies: number;
  violations: Violation[];
  /** Reasons the scan itself cannot be trusted (too few modules, files not scanned…). */
  problems: string[];
  /** rule name → why, from the configuration */
  comments: Record<string, string>;
  milliseconds: number;
}

export interface LintOptions {
  /** Directory whose src, views, tests and bench are scanned; the repository by default. */
  baseDir?: string;
  minModules?: number;
}

export async function lintLayers(options: LintOptions = {}): Promise<LayerReport> {
  const started = performance.now();
  const baseDir = resolve(options.baseDir ?? REPOSITORY_ROOT);
  const minModules = options.minModules ?? DEFAULT_MIN_MODULES;
  const problems: string[] = [];

  const swc = getAvailableTranspilers().find((t) => t.name === 'swc');
  if (!swc?.available) {
    throw new Error(
      'lint:layers needs @swc/core (a devDependency): without it dependency-cruiser cannot ' +
        'parse .ts/.tsx with TypeScript 7 installed and would scan nothing.',
    );
  }

  const cruiseOptions = await extractDepcruiseOptions(CONFIG_FILE);
  if (cruiseOptions.parser !== 'swc') throw new Error(`${CONFIG_FILE}: options.parser must be "swc"`);
  const excluded = excludePattern(cruiseOptions.exclude);
  const roots = ROOTS.filter((root) => isDirectory(join(baseDir, root)));
  if (roots.length === 0) problems.push(`none of ${ROOTS.join(', ')} exists in ${baseDir}`);

  let result: Pick<ICruiseResult, 'modules'> & { summary: { violations: IViolation[] } } = {
    modules: [],
    summary: { violations: [] },
  };
  if (roots.length > 0) {
    const { output } = await cruise(
      [...roots],
      { ...cruiseOptions, baseDir, outputType: 'json' },
      // bustTheCache: the test runs the linter on two trees in one process.
      { ...RESOLVE_OPTIONS, bustTheCache: true },
    );
    result = (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;
  }

  const inRoots = (path: string) => roots.some((root) => path.startsWith(`${root}/`));
  const scannedModules = result.modules.filter(
    (m) => inRoots(m.source) && !m.coreModule && !m.couldNotResolve && !m.matchesDoNotFollow,
  );
  const scanned = scannedModules.map((m) => m.source).sort();

  // Every source file on disk must have been scanned: a parser that skips a kind of file
  // (as dependency-cruiser does with .ts under TypeScript 7) must not pass unnoticed.
  const seen = new Set(scanned);
  const missed = roots
    .flatMap((root) => listFiles(baseDir, root))
    .filter((file) => SOURCE_FILE.test(file) && !excluded?.test(file) && !seen.has(file));
  if (missed.length > 0) {
    problems.push(
      `${missed.length} source file(s) were not scanned: ${missed.slice(0, 10).join(', ')}` +
        (missed.length > 10 ? ', …' : ''),
    );
  }
  if (scanned.length < minModules) {
    problems.push(
      `only ${scanned.length} module(s) scanned, expected at least ${minModules}: ` +
        'the scan is broken (wrong directory, missing parser, everything excluded?)',
    );
  }

  const comments: Record<string, string> = { [FEATURE_CYCLE_RULE]: FEATURE_CYCLE_COMMENT };
  for (const rule of cruiseOptions.ruleSet?.forbidden ?? []) {
    if (rule.name && rule.comment) comments[rule.name] = rule.comment;
  }

  const violations = [
    ...dependencyViolations(result.summary.violations),
    ...featureCycles(scannedModules),
  ].sort(compareViolations);

  return {
    baseDir,
    roots,
    parser: `${cruiseOptions.parser} (@swc/core ${swcVersion()})`,
    scanned,
    modules: scannedModules,
    dependencies: scannedModules.reduce((n, m) => n + m.dependencies.length, 0),
    violations,
    problems,
    comments,
    milliseconds: Math.round(performance.now() - started),
  };
}

/** dependency-cruiser's own findings; a cycle is reported once, not once per edge. */
function dependencyViolations(found: IViolation[]): Violation[] {
  const seenCycles = new Set<string>();
  const violations: Violation[] = [];
  for (const v of found) {
    if (v.rule.severity === 'ignore') continue;
    const violation: Violation = {
      rule: v.rule.name,
      from: v.from,
      to: v.to,
      typeOnly: (v.dependencyTypes ?? []).includes('type-only'),
    };
    if (v.cycle && v.cycle.length > 0) {
      // v.cycle lists the modules after v.from, each with the types of the import into it.
      const cycle = v.cycle.map((step, i) => ({
        from: i === 0 ? v.from : v.cycle![i - 1]!.name, // i - 1 is in range for i > 0
        to: step.name,
        typeOnly: step.dependencyTypes.includes('type-only'),
      }));
      const key = cycle.map((step) => step.from).sort().join('\n');
      if (seenCycles.has(key)) continue;
      seenCycles.add(key);
      violation.cycle = cycle;
      violation.typeOnly = cycle.some((step) => step.typeOnly);
    }
    violations.push(violation);
  }
  return violations;
}

const FEATURE = /^src\/features\/([^/]+)\//;

/**
 * Cycles between feature folders. Every file of a feature becomes one node; every other file
 * stays a node of its own. A strongly connected component holding two or more features is a
 * cycle src/features/A → … → src/features/B → … → src/features/A through files of the two
 * folders (and possibly files elsewhere in between). Reported once per component, with one
 * concrete chain of imports as evidence.
 */
export function featureCycles(modules: IModule[]): Violation[] {
  const nodeOf = (path: string) => {
    const match = FEATURE.exec(path);
    return match ? `src/features/${match[1]}` : path;
  };
  interface Edge { node: string; step: Step }
  const graph = new Map<string, Edge[]>();
  const known = new Set(modules.map((m) => m.source));
  for (const m of modules) {
    const from = nodeOf(m.source);
    const edges = graph.get(from) ?? [];
    graph.set(from, edges);
    for (const d of m.dependencies) {
      if (!known.has(d.resolved)) continue;
      const to = nodeOf(d.resolved);
      if (to === from) continue;
      edges.push({
        node: to,
        step: { from: m.source, to: d.resolved, typeOnly: d.dependencyTypes.includes('type-only') },
      });
    }
  }

  const violations: Violation[] = [];
  for (const component of stronglyConnectedComponents(graph)) {
    const features = component.filter((node) => node.startsWith('src/features/')).sort();
    const [first, second] = features;
    if (first === undefined || second === undefined) continue;
    const inside = new Set(component);
    const there = shortestPath(graph, first, second, inside);
    const back = shortestPath(graph, second, first, inside);
    const cycle = [...there, ...back];
    violations.push({
      rule: FEATURE_CYCLE_RULE,
      from: first,
      to: second,
      typeOnly: cycle.some((step) => step.typeOnly),
      cycle,
      features,
    });
  }
  return violations;

  /** The imports of a shortest chain from node `start` to node `goal` within the group. */
  function shortestPath(g: Map<string, Edge[]>, start: string, goal: string, inside: Set<string>) {
    const previous = new Map<string, { node: string; step: Step }>();
    const queue = [start];
    const visited = new Set([start]);
    while (queue.length > 0) {
      const node = queue.shift()!; // non-empty: checked by the loop condition
      if (node === goal) break;
      for (const edge of g.get(node) ?? []) {
        if (!inside.has(edge.node) || visited.has(edge.node)) continue;
        visited.add(edge.node);
        previous.set(edge.node, { node, step: edge.step });
        queue.push(edge.node);
      }
    }
    const path: Step[] = [];
    for (let node = goal; node !== start; ) {
      const back = previous.get(node);
      if (!back) throw new Error(`no path from ${start} to ${goal} inside its own component`);
      path.unshift(back.step);
      node = back.node;
    }
    return path;
  }
}

/** Tarjan's algorithm, iterative (no recursion limit on long chains). */
function stronglyConnectedComponents(graph: Map<string, { node: string }[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const successors = (node: string) => (graph.get(node) ?? []).map((e) => e.node);

  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number; succ: string[] }[] = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: 0, succ: successors(node) });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!; // non-empty: checked by the loop condition
      if (frame.next < frame.succ.length) {
        const child = frame.succ[frame.next]!; // in range: checked just above
        frame.next += 1;
        if (!index.has(child)) enter(child);
        else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

function compareViolations(a: Violation, b: Violation): number {
  return a.rule.localeCompare(b.rule) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to);
}

const TYPE_ONLY = ' (type-only)';

export function formatViolation(v: Violation): string {
  if (v.features && v.cycle) {
    const all = v.features.length > 2 ? ` (one cycle through ${v.features.join(', ')})` : '';
    return [
      `${v.from} → ${v.to} → ${v.from}${all}, for example:`,
      ...v.cycle.map((s) => `      ${s.from} → ${s.to}${s.typeOnly ? TYPE_ONLY : ''}`),
    ].join('\n');
  }
  if (v.cycle) {
    const legend = v.typeOnly ? '   (⇢ type-only import)' : '';
    return [v.from, ...v.cycle.map((s) => `${s.typeOnly ? '⇢' : '→'} ${s.to}`)].join(' ') + legend;
  }
  return `${v.from} → ${v.to}${v.typeOnly ? TYPE_ONLY : ''}`;
}

export function formatReport(report: LayerReport): string {
  const lines: string[] = [];
  const byRule = new Map<string, Violation[]>();
  for (const v of report.violations) byRule.set(v.rule, [...(byRule.get(v.rule) ?? []), v]);
  for (const [rule, violations] of byRule) {
    lines.push(`✖ ${rule} (${violations.length})`);
    const why = report.comments[rule];
    if (why) lines.push(`    why: ${why}`);
    for (const v of violations) lines.push(`    ${formatViolation(v)}`);
    lines.push('');
  }
  for (const problem of report.problems) lines.push(`✖ scan problem: ${problem}`);
  lines.push(
    `lint:layers: scanned ${report.scanned.length} modules and ${report.dependencies} dependencies ` +
      `in ${report.roots.join(', ')} (${relative(process.cwd(), report.baseDir) || '.'}) with ${report.parser} ` +
      `in ${(report.milliseconds / 1000).toFixed(1)} s`,
  );
  const total = report.violations.length;
  lines.push(
    total === 0 && report.problems.length === 0
      ? 'lint:layers: no violations'
      : `lint:layers: ${total} violation(s) of ${byRule.size} rule(s)` +
          (report.problems.length > 0 ? `, ${report.problems.length} scan problem(s)` : ''),
  );
  return lines.join('\n');
}

function swcVersion(): string {
  const manifest = createRequire(import.meta.url)('@swc/core/package.json') as { version: string };
  return manifest.version;
}

function excludePattern(exclude: unknown): RegExp | undefined {
  const path = typeof exclude === 'string' ? exclude : (exclude as { path?: string | string[] } | undefined)?.path;
  if (!path) return undefined;
  return new RegExp(Array.isArray(path) ? path.join('|') : path);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Files under `baseDir/dir`, as forward-slash paths relative to baseDir. */
function listFiles(baseDir: string, dir: string): string[] {
  return readdirSync(join(baseDir, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(baseDir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter((file) => !file.split('/').includes('node_modules'));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'base-dir': { type: 'string' }, 'min-modules': { type: 'string' } },
  });
  const minModules = values['min-modules'] === undefined ? undefined : Number(values['min-modules']);
  if (minModules !== undefined && !Number.isInteger(minModules)) throw new Error('--min-modules takes an integer');
  const report = await lintLayers({ baseDir: values['base-dir'], minModules });
  console.log(formatReport(report));
  if (report.violations.length > 0 || report.problems.length > 0) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
