// Ctrl-C during a long comparison: leakdiff stops, writes nothing, and exits 130 (as a shell
// reports a process ended by SIGINT), whatever stage the work was in.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
// The compiled read too: a second thread runs only from dist/ (see test/parallel-load.test.ts).
import { loadLogs as loadLogsCompiled } from '../dist/read/load.js';
import { loadLogs } from '../src/read/load.js';
import { checkInterrupted } from '../src/interrupt.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, HANG_GUARD_MS, launchCli, ROOT, runCli, startCli } from './helpers/cli.js';
import { letters } from './helpers/snapshots.js';

/** Where a /proc descriptor link points; '' when it is gone. */
function linkOf(link: string): string {
  try {
    return readlinkSync(link);
  } catch {
    return '';
  }
}

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-interrupt-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Two MC dumps of a display tree with `widgets` widgets: quick to read, long to compare, so that
 * the comparison is one synchronous stretch of work.
 */
function bigTreeLog(widgets: number): Buffer {
  const parts: string[] = [];
  for (let dump = 0; dump < 2; dump += 1) {
    // Ten seconds apart: two dumps of the same moment and counts would be one dump read twice.
    const logged = (logger: string) => (message: string): string => `2026-11-25 03:39:${33 + 10 * dump},868 : ${logger} : ${message}\n`;
    const events = logged('EventManager');
    const line = logged('mpfmc');
    parts.push(
      // Handler counts too: a comparison where none can be read has no verdict, and ends at once.
      // MC writes its EVENTS section on MPF's EventManager logger, as the real MC log does.
      events('--- DEBUG DUMP EVENTS ---'),
      events('Total registered_handlers: 1. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0'),
      events('Registered Handlers:'),
      events('  Total handlers: 1 (for ball_started)'),
      events('--- DEBUG DUMP EVENTS END ---'),
      line('--- DEBUG DUMP DISPLAYS ---'),
      line("Active slides: {'a': <Slide name=a, priority=0, id=1>} (Count: 1). Displays: {'window': <Display name=window[400, 300], current slide=a, total slides=1>} (Count: 1). Available Slides: 5"),
      line('Listing children for display: <Display name=window[400, 300], current slide=a, total slides=1>'),
      line('<Display name=window[400, 300], current slide=a, total slides=1>'),
      line('<Slide name=a, priority=0, id=1>'),
    );
    for (let index = 0; index < widgets; index += 1) parts.push(line(`<Text Widget text=w${letters(index)}>`));
    parts.push(
      line(`Total children: ${widgets + 2}`),
      line('--- DEBUG DUMP DISPLAYS END ---'),
      // The rest of a whole MC dump, so that it is complete: a production MC's OBJECTS marker, an empty clock.
      line('--- DEBUG DUMP OBJECTS DISABLED BECAUSE OF PRODUCTION FLAG ---'),
      line('--- DEBUG DUMP CLOCK ---'),
      line('--- DEBUG DUMP CLOCK END ---'),
    );
  }
  return Buffer.from(parts.join(''));
}

test('the Ctrl-C test\'s log reads as two complete dumps with handler counts, so its comparison has a verdict to reach', async () => {
  const listed = await runCli(['list', '-'], { stdin: bigTreeLog(3) });
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /^2 dumps in 1 log$/m, 'no dump is incomplete');
  const compared = await runCli(['-'], { stdin: bigTreeLog(3) });
  assert.equal(compared.code, 0, compared.stderr);
  assert.equal(compared.stderr, '');
});

/** What became of a run sent Ctrl-C once its log was read: null when it had written its output first. */
async function interruptAfterReading(log: Buffer, output: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string } | null> {
  const child = spawn(process.execPath, [BIN, '-', '-o', output], { env: { PATH: process.env.PATH, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const guard = setTimeout(() => child.kill('SIGKILL'), HANG_GUARD_MS);
  try {
    // All but the pipe's buffer is read once the write is done: the comparison is what is left.
    await new Promise<void>((resolve) => child.stdin.end(log, resolve));
    await sleep(300);
    if (existsSync(output)) {
      await ended;
      return null;
    }
    child.kill('SIGINT');
    return { ...(await ended), stderr };
  } finally {
    clearTimeout(guard);
  }
}

test('Ctrl-C once the log is read, while the dumps are compared: exit 130, no output file', { skip: process.platform === 'win32' && 'no SIGINT to send' }, async () => {
  const output = path.join(scratch, 'report.txt');
  // A machine fast enough to compare the dumps before Ctrl-C gets a bigger log.
  let run = null;
  for (let widgets = 150_000; run === null && widgets <= 1_200_000; widgets *= 2) {
    run = await interruptAfterReading(bigTreeLog(widgets), output);
    if (run === null) rmSync(output);
  }
  assert.ok(run !== null, 'every run ended before Ctrl-C');
  const { code, signal, stderr } = run;
  assert.ok(code === 130 || signal === 'SIGINT', `exit ${code}, signal ${signal}: ${stderr}`);
  assert.deepEqual(readdirSync(scratch), [], 'nothing is written, no temporary file either');
  assert.doesNotMatch(stderr, /internal error|at .*\.js:\d+/, 'no stack');
});

test('Ctrl-C while the command line is still loading: exit 130 as later, not an end by the signal, and nothing written', { skip: process.platform === 'win32' && 'no SIGINT to send' }, async () => {
  // A preloaded hook holds back the bundle with the command line (the one that defines
  // killableDuring) for a few seconds as it is compiled, so that Ctrl-C surely comes after
  // leakdiff's first line and before the rest has loaded.
  const register = path.join(scratch, 'slow-load.cjs');
  writeFileSync(
    register,
    [
      "const Module = require('node:module');",
      'const compile = Module.prototype._compile;',
      'Module.prototype._compile = function (content, filename) {',
      "  if (content.includes('killableDuring')) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 4000);",
      '  return compile.call(this, content, filename);',
      '};',
    ].join('\n'),
  );
  const output = path.join(scratch, 'loading.txt');
  const log = path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log');
  const run = launchCli([log, '-o', output], { nodeArgs: ['--require', register], hangGuardMs: HANG_GUARD_MS });
  await sleep(1500);
  run.child.kill('SIGINT');
  const { code, stdout, stderr } = await run.done;
  assert.equal(code, 130, `exit ${code}: ${stderr}`);
  assert.equal(stdout, '');
  assert.equal(existsSync(output), false);
  rmSync(register);
});

test('every command that reads logs stops on Ctrl-C before it writes: exit 130, no output file', async () => {
  const log = path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log');
  for (const command of ['diff', 'list', 'extract', 'baseline']) {
    const output = path.join(scratch, `${command}.out`);
    const run = startCli([command, log, '-o', output]);
    const { code, stdout, stderr } = await run.stop();
    assert.equal(code, 130, `${command}: ${stderr}`);
    assert.equal(stdout + stderr, '', `${command} says nothing`);
    assert.equal(existsSync(output), false, `${command} writes nothing`);
  }
  assert.deepEqual(readdirSync(scratch), []);
});

test('a read stops at the chunk after Ctrl-C, whatever it reads, and closes what it read: a file, on two threads, gzip, standard input', async () => {
  const reads = path.join(scratch, 'reads');
  const text = readFileSync(path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log'), 'utf8').repeat(100);
  const plain = path.join(`${reads}.log`);
  const gzip = path.join(`${reads}.log.gz`);
  writeFileSync(plain, text);
  writeFileSync(gzip, gzipSync(text));
  try {
    const cases = [
      { name: 'a file', source: { name: 'x.log', path: plain, explicit: true }, options: {} },
      { name: 'two threads', source: { name: 'x.log', path: plain, explicit: true }, options: { parallelMinBytes: 0 }, load: loadLogsCompiled },
      { name: 'gzip', source: { name: 'x.log.gz', path: gzip, explicit: true }, options: {} },
      { name: 'standard input', source: { name: '-', path: null, explicit: true }, options: {} },
    ];
    const openFiles = (): number => readdirSync('/proc/self/fd').length;
    const hasProc = existsSync('/proc/self/fd');
    for (const { name, source, options, load = loadLogs } of cases) {
      const open = hasProc ? openFiles() : 0;
      const before = readdirSync('/proc/self/fd').map((fd) => `${fd}=${linkOf(`/proc/self/fd/${fd}`)}`);
      const controller = new AbortController();
      let chunks = 0;
      const stdin = Readable.from(Array.from({ length: 64 }, (_, index) => Buffer.from(text.slice(index * 131_072, (index + 1) * 131_072))));
      const read = load([source], { stdin, ...options, signal: controller.signal, onProgress: () => (++chunks === 1 ? controller.abort() : undefined) });
      await assert.rejects(read, (error: unknown) => error === controller.signal.reason, name);
      assert.ok(chunks < 4, `${name}: read on for ${chunks} chunks after Ctrl-C`);
      if (hasProc) {
        // The log itself is closed at once.
        const logsOpen = readdirSync('/proc/self/fd').filter((fd) => [plain, gzip].includes(linkOf(`/proc/self/fd/${fd}`)));
        assert.deepEqual(logsOpen, [], `${name}: the file read is closed`);
        // What a worker thread stopped while it was still starting held (its event loop's
        // descriptors) may be let go a moment after it ended, later on a busy machine; all of it must be.
        for (let waited = 0; openFiles() !== open && waited < 5000; waited += 50) await sleep(50);
        assert.equal(openFiles(), open, `${name}: nothing read stays open: ${readdirSync('/proc/self/fd').map((fd) => `${fd}=${linkOf(`/proc/self/fd/${fd}`)}`).filter((f) => !before.includes(f)).join(' ')} | threads ${readdirSync('/proc/self/task').length}`);
      }
    }
  } finally {
    rmSync(plain);
    rmSync(gzip);
  }
});

test('a Ctrl-C handled after the check began, in the same turn of the event loop, still stops the work', async () => {
  const controller = new AbortController();
  const checked = checkInterrupted(controller.signal);
  // As a signal read by the loop's poll after the check asked for its turn.
  setImmediate(() => controller.abort());
  await assert.rejects(checked, (error: unknown) => error === controller.signal.reason);
});
