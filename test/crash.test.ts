// A bug in leakdiff must never look like bad input: anything thrown that is not a LeakdiffError
// (or commander's usage error) is exit 3, said as an internal error with its stack.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXIT } from '../src/cli.js';
import { runCli } from './helpers/cli.js';

const HANDLER_LEAK = 'fixtures/diff-handler-growth/mpf-pinbox.log';

/** Standard output that fails as a bug would: not a LeakdiffError. */
const brokenStdout = {
  write: (): never => {
    throw new TypeError('the report cannot be written');
  },
};

test('a command that throws something other than a LeakdiffError exits 3 with the stack, for diff, list and extract', async () => {
  for (const argv of [[HANDLER_LEAK], ['list', HANDLER_LEAK], ['extract', HANDLER_LEAK]]) {
    const run = await runCli(argv, { io: { stdout: brokenStdout } });
    assert.equal(run.code, 3, argv.join(' '));
    assert.equal(run.code, EXIT.crash);
    assert.match(run.stderr, /^leakdiff: internal error, please report it with the command you ran:\nTypeError: the report cannot be written\n {4}at /, argv.join(' '));
  }
});

test('expected failures keep exit 2 and one line: a usage error and a missing file are not crashes', async () => {
  const usage = await runCli([HANDLER_LEAK, '--bogus'], { io: { stdout: brokenStdout } });
  assert.equal(usage.code, 2);
  const missing = await runCli(['no-such.log'], { io: { stdout: brokenStdout } });
  assert.deepEqual(missing, { code: 2, stdout: '', stderr: 'leakdiff: no-such.log: no such file or directory\n' });
});
