// A .gz that does not end whole must not leave its file open: Node closes a forgotten FileHandle
// only when it is collected, and then warns (DEP0137). The child collects garbage before it exits,
// so a handle left open shows as that warning.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { assertInputError, HANG_GUARD_MS, ROOT, spawnCli } from './helpers/cli.js';

const COLLECT_AT_EXIT = `data:text/javascript,process.once('beforeExit', () => { globalThis.gc(); setTimeout(() => {}, 200); });`;
const NODE_ARGS = ['--expose-gc', '--import', COLLECT_AT_EXIT];
const LOG = readFileSync(path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log'));
const GARBAGE = Buffer.from('<html>an error page appended to a download</html>\n');

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-gzip-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function write(name: string, bytes: Buffer): string {
  const file = path.join(scratch, name);
  writeFileSync(file, bytes);
  return file;
}

function assertNoNodeWarning(stderr: string): void {
  assert.doesNotMatch(stderr, /file descriptor|DEP0137|\(node:\d+\)/, stderr);
}

test('a small .gz followed by bytes that are not gzip: one line, exit 2, and its file is closed', async () => {
  const file = write('small.log.gz', Buffer.concat([gzipSync(LOG), GARBAGE]));
  const run = await spawnCli(['diff', file], { hangGuardMs: HANG_GUARD_MS, nodeArgs: NODE_ARGS });
  assertNoNodeWarning(run.stderr);
  assertInputError(run, /^leakdiff: [^\n]*small\.log\.gz: damaged gzip data \(incorrect header check\)\n$/);
});

test('a large .gz followed by bytes that are not gzip: the dumps read, a warning, and its file is closed', async () => {
  const file = write('large.log.gz', Buffer.concat([gzipSync(Buffer.concat(Array(40).fill(LOG))), GARBAGE]));
  const run = await spawnCli(['list', file], { hangGuardMs: HANG_GUARD_MS, nodeArgs: NODE_ARGS });
  assert.equal(run.hung, false);
  assertNoNodeWarning(run.stderr);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^leakdiff: warning: [^\n]*large\.log\.gz:\d+: the gzip data is followed by bytes that are not gzip[^\n]*\n$/);
});

test('a .gz cut off, and one corrupt inside: its file is closed', async () => {
  const whole = gzipSync(LOG);
  const corrupt = Buffer.from(whole);
  corrupt.fill(0x55, 20, 60);
  for (const [name, bytes] of [
    ['cut.log.gz', whole.subarray(0, whole.length - 100)],
    ['corrupt.log.gz', corrupt],
  ] as const) {
    const run = await spawnCli(['list', write(name, bytes)], { hangGuardMs: HANG_GUARD_MS, nodeArgs: NODE_ARGS });
    assert.equal(run.hung, false);
    assertNoNodeWarning(run.stderr);
    assert.equal(run.stderr.split('\n').length, 2, run.stderr);
  }
});
