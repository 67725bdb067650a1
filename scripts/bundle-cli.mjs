// Bundles the command line into CommonJS files in dist/, and the segment worker into
// dist/segment-worker.js beside them. CommonJS starts faster than ES modules: Node loads a file in
// one synchronous read, without the ES module loader's resolving, linking and asynchronous reads.
//
//   dist/leakdiff.cjs         src/command-line.ts: starts the segment worker, then loads the rest
//   dist/segment-workers.cjs  src/read/segment-workers.ts, the one copy both of the others use
//   dist/leakdiff-cli.cjs     src/cli.ts and all it imports, commander, chalk and diff included
//
// The first is small: a file is compiled whole before its first line runs, and the worker, which
// takes a while to start, is started before the rest is compiled. What is used only on demand
// (reporters, the machine folder's code) is evaluated only when used, and yaml, the Python parser
// and fast-glob stay packages of their own, loaded only then. bin/leakdiff.js requires the first
// (bin/package.json makes that folder CommonJS). The library (dist/index.js) is tsc's output.
//
//   node scripts/bundle-cli.mjs      (part of `npm run build`, after tsc)

import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

// The previous build's files are removed, chunks of an earlier layout included.
for (const name of readdirSync('dist')) if (/^(leakdiff(-[A-Za-z0-9]+)?\.c?js|segment-workers?\.c?js)(\.map)?$/.test(name)) rmSync(join('dist', name));

/** Imports of these sources are left to `require` the bundle named, so that each is loaded once. */
function bundlesApart(bundles) {
  return {
    name: 'bundles-apart',
    setup(builder) {
      for (const [source, bundle] of Object.entries(bundles)) {
        const filter = new RegExp(`/${source.replace(/[.]/g, '\\.')}$`);
        builder.onResolve({ filter }, () => ({ path: `./${bundle}`, external: true }));
      }
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // The machine folder's parsers and fast-glob are loaded only when used.
  external: ['yaml', '@lezer/*', 'fast-glob'],
  // In dist/ itself, where the modules that find files beside them (`../package.json`, the
  // segment worker) were compiled to be.
  outdir: 'dist',
  sourcemap: true,
  logLevel: 'warning',
};

const commonJs = {
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // A CommonJS file has no import.meta: its URL is made from __filename.
  define: { 'import.meta.url': 'moduleUrlOfBundle' },
  // import() of another file as require(): import() of a CommonJS file would go through the ES
  // module loader, which reads the whole file again for its exports.
  supported: { 'dynamic-import': false },
  banner: { js: "const moduleUrlOfBundle = require('node:url').pathToFileURL(__filename).href;" },
};

await build({ ...commonJs, entryPoints: { 'segment-workers': 'src/read/segment-workers.ts' } });
await build({
  ...commonJs,
  entryPoints: { leakdiff: 'src/command-line.ts' },
  plugins: [bundlesApart({ 'segment-workers.js': 'segment-workers.cjs', 'cli.js': 'leakdiff-cli.cjs' })],
});
await build({
  ...commonJs,
  entryPoints: { 'leakdiff-cli': 'src/cli.ts' },
  plugins: [bundlesApart({ 'segment-workers.js': 'segment-workers.cjs' })],
});

await build({
  ...common,
  // The worker's own entry, beside what starts it: found as `./segment-worker.js`.
  entryPoints: { 'segment-worker': 'src/read/segment-worker.ts' },
  format: 'esm',
  // Bundled CommonJS requires Node's modules; an ES module has no `require` of its own.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
});
