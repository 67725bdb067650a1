// A project that depends on leakdiff, as a user's would: a temporary folder whose node_modules
// links to this repository, so that `leakdiff` resolves through package.json `exports` to dist/.

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';

/** Makes the project (`type` as in its package.json) and returns its folder; the caller removes it. */
export function makeConsumer(type: 'module' | 'commonjs'): string {
  const folder = mkdtempSync(path.join(tmpdir(), `leakdiff-${type}-consumer-`));
  mkdirSync(path.join(folder, 'node_modules'));
  symlinkSync(ROOT, path.join(folder, 'node_modules', 'leakdiff'), 'dir');
  writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: `${type}-consumer`, private: true, type }));
  return folder;
}
