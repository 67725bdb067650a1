// The exit status contract: 0 nothing fails the gate, 1 a finding fails it, 2 input error
// (here: --strict on a comparison resting on incomplete snapshots).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitCodeOf } from '../src/diff/exit-code.js';
import type { FailOn } from '../src/model.js';

const leak = { verdict: 'leak' } as const;
const suspect = { verdict: 'suspect' } as const;

function code(findings: { verdict: 'leak' | 'suspect' }[], failOn: FailOn, extra: { incomplete?: boolean; strict?: boolean } = {}): number {
  return exitCodeOf({ findings, incomplete: extra.incomplete ?? false }, { failOn, strict: extra.strict ?? false });
}

test('no findings: 0 whatever the gate', () => {
  for (const failOn of ['leak', 'suspect', 'never'] as const) assert.equal(code([], failOn), 0);
});

test('--fail-on leak (the default): only leaks fail', () => {
  assert.equal(code([suspect], 'leak'), 0);
  assert.equal(code([suspect, leak], 'leak'), 1);
});

test('--fail-on suspect: any finding fails', () => {
  assert.equal(code([suspect], 'suspect'), 1);
  assert.equal(code([leak], 'suspect'), 1);
});

test('--fail-on never: findings never fail', () => {
  assert.equal(code([leak, suspect], 'never'), 0);
});

test('incomplete snapshots: reported, but an error only with --strict', () => {
  assert.equal(code([], 'leak', { incomplete: true }), 0);
  assert.equal(code([leak], 'leak', { incomplete: true }), 1);
  assert.equal(code([], 'leak', { incomplete: true, strict: true }), 2);
  assert.equal(code([leak], 'never', { incomplete: true, strict: true }), 2, '--strict wins over the gate');
  assert.equal(code([leak], 'leak', { incomplete: false, strict: true }), 1);
});
