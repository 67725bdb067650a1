// The progress bar on stderr: when it shows (a terminal, not CI, 50 MB or more), what it draws,
// and a diff of a big log with a fake terminal on stderr, in-process.

import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createProgressBar, PROGRESS_FROM_BYTES, progressLine, showsProgress } from '../src/commands/progress.js';
import type { InputSource } from '../src/read/inputs.js';
import { ROOT, runCli, type Run } from './helpers/cli.js';

const MB = 1024 * 1024;
const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-progress-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('shown only on a terminal, outside CI, for 50 MB or more', () => {
  const tty = { stderr: { write: () => true, isTTY: true }, env: {} };
  assert.equal(showsProgress(tty, PROGRESS_FROM_BYTES), true);
  assert.equal(showsProgress(tty, PROGRESS_FROM_BYTES - 1), false, 'small inputs');
  assert.equal(showsProgress({ ...tty, stderr: { write: () => true } }, 200 * MB), false, 'a pipe or a file');
  assert.equal(showsProgress({ ...tty, stderr: { write: () => true, isTTY: false } }, 200 * MB), false);
  for (const ci of ['true', '1', 'True']) assert.equal(showsProgress({ ...tty, env: { CI: ci } }, 200 * MB), false, `CI=${ci}`);
  for (const ci of ['', 'false', '0']) assert.equal(showsProgress({ ...tty, env: { CI: ci } }, 200 * MB), true, `CI=${ci}`);
});

test('the bar: bytes read of the total, redrawn in place when the percentage changes, cleared at the end', () => {
  assert.equal(progressLine(0, 100 * MB), `reading [${'.'.repeat(30)}]  0.0 of 100.0 MB  0%`);
  assert.equal(progressLine(61.2 * MB, 200 * MB), `reading [${'#'.repeat(9)}${'.'.repeat(21)}]  61.2 of 200.0 MB  30%`);
  assert.equal(progressLine(200 * MB, 200 * MB), `reading [${'#'.repeat(30)}]  200.0 of 200.0 MB  100%`);

  let written = '';
  const bar = createProgressBar({ write: (text: string) => (written += text) }, 100 * MB);
  const first: InputSource = { name: 'a.log', path: '/a.log', explicit: true };
  const second: InputSource = { name: 'b.log', path: '/b.log', explicit: true };
  bar.update(first, 10 * MB);
  bar.update(first, 10 * MB + 1);
  bar.update(first, 40 * MB);
  // Bytes are counted per source: the second file's count adds to the first's.
  bar.update(second, 20 * MB);
  bar.finish();
  const frames = written.split('\r').filter(Boolean);
  assert.deepEqual(frames.slice(0, -1).map((frame) => frame.replace(/^reading \[[#.]+\] {2}/, '')), ['10.0 of 100.0 MB  10%', '40.0 of 100.0 MB  40%', '60.0 of 100.0 MB  60%']);
  assert.equal(frames.at(-1), '\u001b[K', 'the line is cleared');
});

test('leakdiff on a 50 MB log with a terminal on stderr: a bar, then the report; none with CI=true or on a pipe', async () => {
  // Two dumps of the handler-growth log, then ordinary log lines up to 50 MB.
  const big = path.join(scratch, 'big-mpf.log');
  const fd = openSync(big, 'w');
  writeSync(fd, readFileSync(path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log')));
  const filler = '2026-11-25 03:41:00,000 : INFO : SwitchController : <Switch.s_left_flipper>: active\n'.repeat(10_000);
  for (let size = 0; size <= PROGRESS_FROM_BYTES; size += filler.length) writeSync(fd, filler);
  closeSync(fd);

  const run = (stderrIsTTY: boolean, env: Record<string, string>, command: string[] = []): Promise<Run> => runCli([...command, big], { cwd: scratch, env, stderrIsTTY });

  const terminal = await run(true, {});
  assert.equal(terminal.code, 1);
  assert.match(terminal.stderr, /^\rreading \[[#.]{30}\] {2}\d+\.\d of 5\d\.\d MB {2}\d+%\r/);
  assert.ok(terminal.stderr.split('\r').length > 20, 'redrawn as the reading goes on');
  assert.match(terminal.stderr, /\rreading \[#{30}\] {2}5\d\.\d of 5\d\.\d MB {2}100%\r\u001b\[K$/);
  assert.match(terminal.stdout, /^mpf: 2 leaks$/m);

  const ci = await run(true, { CI: 'true' });
  assert.equal(ci.stderr, '');
  assert.equal(ci.stdout, terminal.stdout);
  assert.equal((await run(false, {})).stderr, '', 'a pipe');

  // list and extract read the same way.
  for (const command of [['list'], ['extract', '--format', 'json']]) {
    const other = await run(true, {}, command);
    assert.equal(other.code, 0, command[0]);
    assert.match(other.stderr, /\rreading \[#{30}\] {2}5\d\.\d of 5\d\.\d MB {2}100%\r\u001b\[K$/, command[0]);
    assert.equal((await run(true, { CI: 'true' }, command)).stderr, '', `${command[0]} in CI`);
  }
});
