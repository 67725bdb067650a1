// Bundles the command line (src/command-line.ts and what it imports) into one CommonJS file,
// dist/leakdiff.cjs, and the segment worker into dist/segment-worker.js beside it. One CommonJS
// file starts faster than ES modules: Node loads it in one synchronous read, without the ES module
// loader's resolving, linking and asynchronous reads of each chunk. What is used only on demand
// (reporters, the machine folder's parsers) is still evaluated only when used, and yaml, the Python
// parser and fast-glob stay packages of their own, loaded only then. bin/leakdiff.js requires it
// (bin/package.json makes that folder CommonJS). The library (dist/index.js) is tsc's output, not this.
//
//   node scripts/bundle-cli.mjs      (part of `npm run build`, after tsc)

import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

// The previous build's files are removed, chunks of an earlier layout included.
for (const name of readdirSync('dist')) if (/^(leakdiff(-[A-Z0-9]+)?\.(c?js)|segment-worker\.js)(\.map)?$/.test(name)) rmSync(join('dist', name));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // commander, chalk and diff go in; the machine folder's parsers and fast-glob are loaded only
  // when used, so they stay packages of their own.
  external: ['yaml', '@lezer/*', 'fast-glob'],
  // In dist/ itself, where the modules that find files beside them (`../package.json`, the
  // segment worker) were compiled to be.
  outdir: 'dist',
  sourcemap: true,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { leakdiff: 'src/command-line.ts' },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // A CommonJS file has no import.meta: its URL is made from __filename.
  define: { 'import.meta.url': 'moduleUrlOfBundle' },
  banner: { js: "const moduleUrlOfBundle = require('node:url').pathToFileURL(__filename).href;" },
});

await build({
  ...common,
  // The worker's own entry, beside the command line that starts it: found as `./segment-worker.js`.
  entryPoints: { 'segment-worker': 'src/read/segment-worker.ts' },
  format: 'esm',
  // Bundled CommonJS requires Node's modules; an ES module has no `require` of its own.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
});
