// `require('leakdiff')` from CommonJS: Node loads ES modules with require() from 20.19 and 22.12
// on, and package.json `exports` must offer the entry to require as well as to import.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT } from './helpers/cli.js';

const HANDLER_LEAK = path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log');

/** Whether this Node can require() an ES module without a flag. */
function canRequireEsm(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major >= 23 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);
}

let consumer = '';

before(() => {
  consumer = mkdtempSync(path.join(tmpdir(), 'leakdiff-cjs-consumer-'));
  mkdirSync(path.join(consumer, 'node_modules'));
  symlinkSync(ROOT, path.join(consumer, 'node_modules', 'leakdiff'), 'dir');
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'cjs-consumer', private: true, type: 'commonjs' }));
});
after(() => rmSync(consumer, { recursive: true, force: true }));

test('require("leakdiff") from CommonJS parses and diffs a log', { skip: !canRequireEsm() && `Node ${process.versions.node} cannot require() an ES module (20.19+ or 22.12+ can)` }, () => {
  const script = `
    const { readFileSync } = require('node:fs');
    const { parseLog, diffSnapshots, DEFAULT_DIFF_OPTIONS } = require('leakdiff');
    const log = parseLog(readFileSync(${JSON.stringify(HANDLER_LEAK)}), 'mpf-pinbox.log');
    const report = diffSnapshots(log.snapshots, DEFAULT_DIFF_OPTIONS);
    console.log(report.findings.filter((finding) => finding.verdict === 'leak').length);
  `;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: consumer, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /ERR_/, result.stderr);
  // ball_started and timer_frenzy_timer_tick, each one finding over both machine states.
  assert.equal(result.stdout.trim(), '2');
});
