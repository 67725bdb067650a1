// Files leakdiff writes: only those the command line names, and with the mode they had.

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { settingsFromConfig } from '../src/config.js';
import { describeSystemError, LeakdiffError } from '../src/errors.js';
import { HANG_GUARD_MS, ROOT, spawnCli } from './helpers/cli.js';

const LOG = path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log');
const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-output-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('a config file that names a file to write is refused, and the file is left alone', async () => {
  const victim = path.join(scratch, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  writeFileSync(path.join(scratch, 'leakdiff.config.json'), JSON.stringify({ output: 'victim.txt' }));
  const run = await spawnCli(['diff', LOG], { hangGuardMs: HANG_GUARD_MS, cwd: scratch });
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, 'leakdiff: leakdiff.config.json: key "output": a config file cannot name a file to write; give -o FILE on the command line\n');
  assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
});

test('a config file cannot ask for the baseline to be rewritten either', () => {
  assert.throws(
    () => settingsFromConfig('{"baseline": "b.json", "updateBaseline": true}', 'c.json'),
    (error: unknown) =>
      error instanceof LeakdiffError &&
      error.message === 'c.json: key "updateBaseline": a config file cannot make leakdiff rewrite a file; give --update-baseline on the command line',
  );
});

test('--output over an existing file keeps its mode', { skip: process.platform === 'win32' && 'no POSIX modes' }, async () => {
  for (const mode of [0o600, 0o640, 0o664]) {
    const report = path.join(scratch, `report-${mode.toString(8)}.txt`);
    writeFileSync(report, 'old\n');
    chmodSync(report, mode);
    const run = await spawnCli(['diff', LOG, '-o', report], { hangGuardMs: HANG_GUARD_MS });
    assert.equal(run.code, 1, run.stderr);
    assert.notEqual(readFileSync(report, 'utf8'), 'old\n');
    assert.equal(statSync(report).mode & 0o777, mode, `mode ${mode.toString(8)}`);
  }
});

test('a system error is told in words of its own, without the paths and calls in Node\'s message (a temporary file the user never named)', () => {
  const systemError = (code: string, errno: number, message: string): NodeJS.ErrnoException => Object.assign(new Error(message), { code, errno, syscall: 'open', path: '/out/.r.json.1a2b3c4d.tmp' });
  // Said of a read and of a write alike: the caller says which ("cannot write (…)").
  assert.equal(describeSystemError(systemError('EIO', -5, "EIO: i/o error, write")), 'input/output error');
  assert.equal(describeSystemError(systemError('ENOTUNIQ', -76, "ENOTUNIQ: name not unique on network, open '/out/.r.json.1a2b3c4d.tmp'")), 'ENOTUNIQ');
  const stale = describeSystemError(systemError('Unknown system error -116', -116, "Unknown system error -116: Unknown system error -116, open '/out/.r.json.1a2b3c4d.tmp'"));
  assert.equal(stale, process.platform === 'linux' ? 'stale file handle: the network share went away?' : 'Unknown system error -116');
  const quota = describeSystemError(systemError('Unknown system error -122', -122, "Unknown system error -122: Unknown system error -122, open '/out/.r.json.1a2b3c4d.tmp'"));
  assert.equal(quota, process.platform === 'linux' ? 'disk quota exceeded' : 'Unknown system error -122');
  // Not a system error: its message as it is.
  assert.equal(describeSystemError(new Error('something else')), 'something else');
});
