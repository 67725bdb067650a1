// How command-line arguments become glob patterns, on Windows and elsewhere. The Windows branch
// cannot run on this machine's separator, so it is called with the separator given.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fg from 'fast-glob';
import { globPatternOf } from '../src/read/inputs.js';

test('a Windows argument logs\\*.log becomes logs/*.log; a backslash elsewhere stays an escape', async () => {
  const windows = globPatternOf('logs\\*.log', '\\');
  assert.equal(windows, 'logs/*.log');
  assert.equal(fg.isDynamicPattern(windows), true);
  assert.equal(globPatternOf('logs\\*.log', '/'), 'logs\\*.log');
  assert.equal(globPatternOf('C:\\pinball\\logs\\2026-*-mpf-*.log', '\\'), 'C:/pinball/logs/2026-*-mpf-*.log');

  const folder = mkdtempSync(path.join(tmpdir(), 'leakdiff-glob-'));
  try {
    for (const name of ['2026-11-25-03-39-31-mpf-pinbox.log', '2026-11-25-03-39-32-mc-pinbox.log', 'notes.txt']) writeFileSync(path.join(folder, name), '');
    const matches = await fg(globPatternOf('.\\*-mpf-*.log', '\\'), { cwd: folder });
    assert.deepEqual(matches, ['2026-11-25-03-39-31-mpf-pinbox.log']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
