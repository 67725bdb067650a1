// `require('leakdiff')` from CommonJS: Node loads ES modules with require() from 20.19 and 22.12
// on, and package.json `exports` must offer the entry to require as well as to import.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, spawnNode } from './helpers/cli.js';
import { makeConsumer } from './helpers/consumer.js';

const HANDLER_LEAK = path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log');

/** Whether this Node can require() an ES module without a flag. */
function canRequireEsm(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major >= 23 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);
}

let consumer = '';

before(() => {
  consumer = makeConsumer('commonjs');
});
after(() => rmSync(consumer, { recursive: true, force: true }));

test('require("leakdiff") from CommonJS parses and diffs a log', { skip: !canRequireEsm() && `Node ${process.versions.node} cannot require() an ES module (20.19+ or 22.12+ can)` }, async () => {
  const script = `
    const { readFileSync } = require('node:fs');
    const { parseLog, diffSnapshots, DEFAULT_DIFF_OPTIONS } = require('leakdiff');
    const log = parseLog(readFileSync(${JSON.stringify(HANDLER_LEAK)}), 'mpf-pinbox.log');
    const report = diffSnapshots(log.snapshots, DEFAULT_DIFF_OPTIONS);
    console.log(report.findings.filter((finding) => finding.verdict === 'leak').length);
  `;
  const result = await spawnNode(['-e', script], { cwd: consumer });
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /ERR_/, result.stderr);
  // ball_started and timer_frenzy_timer_tick, each one finding over both machine states.
  assert.equal(result.stdout.trim(), '2');
});
