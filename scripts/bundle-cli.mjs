// Bundles the command line (src/command-line.ts and what it imports) into dist/leakdiff.js and a
// few chunks beside it, and the segment worker into dist/segment-worker.js, so that a command loads a handful of files rather than a hundred modules;
// what is imported on demand (reporters, the machine folder's parsers) stays in chunks of its own.
// The library (dist/index.js) is tsc's output, not this.
//
//   node scripts/bundle-cli.mjs      (part of `npm run build`, after tsc)

import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

// Chunks are named by their content's hash: the previous build's are removed, not overwritten.
for (const name of readdirSync('dist')) if (/^(leakdiff(-[A-Z0-9]+)?|segment-worker)\.js(\.map)?$/.test(name)) rmSync(join('dist', name));

await build({
  // The worker's own entry, beside the chunks that start it: it is found as `./segment-worker.js`.
  entryPoints: { leakdiff: 'src/command-line.ts', 'segment-worker': 'src/read/segment-worker.ts' },
  outdir: 'dist',
  // In dist/ itself, where the modules that find files beside them (`../package.json`, the
  // segment worker) were compiled to be.
  chunkNames: 'leakdiff-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // commander, chalk and diff go in: loaded through Node's CommonJS loader, commander alone took
  // a good part of the start-up. The machine folder's parsers and fast-glob are loaded only when
  // used, so they stay packages of their own.
  external: ['yaml', '@lezer/*', 'fast-glob'],
  // Bundled CommonJS (commander) requires Node's modules; an ES module has no `require` of its own.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
});
