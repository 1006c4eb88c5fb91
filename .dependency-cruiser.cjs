// Layering rules for Commonwise, checked in CI by `npm run lint:layers` (.ci/lint-layers.ts).
//
// Layers, lowest first:
//   src/config.ts, src/paths.ts, src/db/** (client, schema/**), src/i18n/**
//   src/lib/**                      plain helpers
//   src/auth/**, src/jobs/**
//   src/http/**                     request helpers and middleware (may import views)
//   src/features/<name>/**          one folder per feature; public surface: its index.ts
//   src/pages/**                    pages assembled from several features
//   src/app.ts, src/registry.ts, src/deps.ts, src/server.ts, src/cli/**
//   views/**                        hono/jsx components that receive plain data
//   tests/**, bench/**
//
// Paths are relative to the repository root and always use forward slashes.
//
// Rule "no-feature-cycle" (no cycle between two feature folders) is not in this file: a
// rule with `scope: "folder"` sees a dependency as going to the folder of the file it lands
// in (src/features/b/commands, not src/features/b) and treats a shared folder such as
// src/http as one node, so it both misses and invents feature cycles. .ci/lint-layers.ts
// computes it from the cruise result instead.
//
// Why the scan uses the swc parser: dependency-cruiser 18 only knows TypeScript < 7. With the
// project's TypeScript 7 and the default parser it drops .ts/.tsx from the scan and reports
// "no violations, 0 modules". .ci/lint-layers.ts refuses to run without swc, checks that
// every source file was scanned, and fails below a minimum module count.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-file-cycle',
      comment:
        'A cycle between files makes load order matter and the layers meaningless; ' +
        'type-only imports count, since they tie the files together just as tightly.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'feature-internals',
      comment:
        "A feature's only public surface is src/features/<name>/index.ts, so its internals " +
        'can change without touching anything else (tests/** may test internals).',
      severity: 'error',
      from: { path: '^(?:src|views|bench)/', pathNot: '^src/features/' },
      to: { path: '^src/features/[^/]+/', pathNot: '^src/features/[^/]+/index[.]ts$' },
    },
    {
      // Same rule, seen from inside another feature: $1 is the importing feature, whose own
      // files are of course allowed.
      name: 'feature-internals',
      comment:
        "A feature's only public surface is src/features/<name>/index.ts, so its internals " +
        'can change without touching anything else (tests/** may test internals).',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/' },
      to: {
        path: '^src/features/[^/]+/',
        pathNot: ['^src/features/$1/', '^src/features/[^/]+/index[.]ts$'],
      },
    },
    {
      name: 'lib-stays-low',
      comment:
        'src/lib holds plain helpers used by every layer; importing features, pages, ' +
        'request handling or views from it would turn the layers upside down.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: ['^src/features/', '^src/pages/', '^src/http/', '^views/'] },
    },
    {
      name: 'views-get-plain-data',
      comment:
        'Views render the plain data and decisions they are given; they never query ' +
        '(src/db) and never reach into features or pages.',
      severity: 'error',
      from: { path: '^views/' },
      to: { path: ['^src/features/', '^src/pages/', '^src/db/'] },
    },
    {
      name: 'routes-not-to-schema',
      comment:
        'Route handlers and pages stay thin: validate, call a command or query, render. ' +
        'Tables are used in queries and commands, not in handlers.',
      severity: 'error',
      from: { path: ['^src/features/[^/]+/routes[.]tsx?$', '^src/pages/'] },
      to: { path: '^src/db/schema/' },
    },
    {
      name: 'features-below-pages',
      comment:
        'Pages and the app assemble features; a feature that imports them depends on ' +
        'everything else and creates cycles.',
      severity: 'error',
      from: { path: '^src/features/' },
      to: { path: ['^src/pages/', '^src/app[.]ts$', '^src/registry[.]ts$'] },
    },
    {
      name: 'no-unresolvable-relative',
      comment:
        'A relative import the linter cannot resolve is a dependency it cannot see; fail ' +
        'rather than let a resolution problem hide a violation.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^[.]{1,2}/' },
    },
  ],
  options: {
    // Parse .ts/.tsx with @swc/core: see the note at the top.
    parser: 'swc',
    moduleSystems: ['es6', 'cjs'],
    doNotFollow: { path: '(^|/)node_modules/' },
    // The fixture of deliberate violations is linted by tests/unit/layering.test.ts only.
    exclude: { path: '^tests/fixtures/layering/' },
    // Import specifiers end in .js while the files are .ts/.tsx (TypeScript "Bundler"
    // resolution). The `tsConfig` option needs a TypeScript < 7 compiler and is silently
    // ignored here, and this file's schema does not accept enhanced-resolve's
    // `extensionAlias`, so .ci/lint-layers.ts passes
    //   extensionAlias: { '.js': ['.ts', '.tsx', '.js'], ... }
    // to the resolver, and the rule "no-unresolvable-relative" above fails on any relative
    // import that still does not resolve.
  },
};
