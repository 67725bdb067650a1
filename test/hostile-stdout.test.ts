// Standard output that cannot be written: a full disk is one line on stderr and exit 2 in every
// command and format; a reader that closed the pipe early (`| head`) is no error at all.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { assertNoStack, HANG_GUARD_MS, launchCli, ROOT, spawnCli } from './helpers/cli.js';
import { scratchFolder } from './helpers/leaky-machine.js';

const LOGS = path.join(ROOT, 'fixtures', 'diff-two-dumps');
const fullDevice = existsSync('/dev/full');

for (const argv of [['list', LOGS], ['diff', LOGS], ['diff', LOGS, '--format', 'json'], ['diff', LOGS, '--format', 'html'], ['extract', LOGS], ['--help']]) {
  test(`${argv.join(' ').replace(ROOT, '.')} to a full disk: one line, exit 2`, { skip: !fullDevice && 'no /dev/full here' }, async () => {
    const run = await spawnCli(argv, { shellPrefix: 'exec >/dev/full', hangGuardMs: HANG_GUARD_MS });
    assertNoStack(run);
    assert.equal(run.stderr, 'leakdiff: standard output: cannot write (no space left on the device)\n');
    assert.equal(run.code, 2);
  });
}

test('a reader that closes the pipe before leakdiff writes: nothing on stderr, the exit code of the comparison', async () => {
  const launched = launchCli(['diff', LOGS], { hangGuardMs: HANG_GUARD_MS });
  launched.child.stdout.destroy();
  const run = await launched.done;
  assert.notEqual(run.hung, true);
  assert.equal(run.stderr, '');
  assert.equal(run.code, 1, 'the leak the logs hold');
});

test('extract of a big log to a reader that closes the pipe while it streams: nothing on stderr (no read error blamed on the log), exit 0', async () => {
  const folder = scratchFolder('stdout-closed');
  after(() => rmSync(folder, { recursive: true, force: true }));
  // Over the 8 MiB held back: extract writes while it still reads the log.
  const dumps = readFileSync(path.join(LOGS, 'before.log'));
  const big = path.join(folder, 'big.log');
  writeFileSync(big, Buffer.concat(Array.from({ length: Math.ceil((24 * 1024 * 1024) / dumps.length) }, () => dumps)));
  const launched = launchCli(['extract', big], { hangGuardMs: HANG_GUARD_MS });
  launched.child.stdout.once('data', () => launched.child.stdout.destroy());
  const run = await launched.done;
  assert.notEqual(run.hung, true);
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
});
