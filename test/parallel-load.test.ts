// A plain log read on two threads must give what one thread gives. The worker thread runs compiled
// code, so this test uses dist/ (run `npm run build` first, as for test/library.test.ts).

import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { generateLog, type GeneratedLogInfo } from '../bench/generate-log.js';
import { main } from '../dist/cli.js';
import { LogReading } from '../dist/parse/log-reading.js';
import { parseLog } from '../dist/parse/parser.js';
import { planSplit, readInTwoHalves } from '../dist/read/parallel-load.js';
import { claimUpTo, closeClaims, giveSplit, HANDOFF, HANDOFF_SLOTS, takeSplit } from '../dist/read/segment-handoff.js';
import { startSegmentWorkerFor, takeSegmentWorker } from '../dist/read/segment-workers.js';
import type { ParsedLog } from '../src/model.js';
import { caseArgv, diffCases, HANG_GUARD_MS, ROOT, runCli, spawnCli, type Run } from './helpers/cli.js';
import { buildFailingIoLibrary } from './helpers/failing-io.js';
import { lineStarts } from './helpers/line-starts.js';

const GENERATED_BYTES = 3 * 1024 * 1024;
const SPLITS = 24;
const ALWAYS = { LEAKDIFF_PARALLEL_MIN_BYTES: '0' };
const NEVER = { LEAKDIFF_PARALLEL_MIN_BYTES: String(Number.MAX_SAFE_INTEGER) };

let dir: string;
let info: GeneratedLogInfo;
let bytes: Buffer;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leakdiff-parallel-'));
  // Many dumps, so that some of the split points fall inside one.
  info = await generateLog(join(dir, 'run-mpf.log'), { bytes: GENERATED_BYTES, dumps: 40, seed: 11 });
  bytes = await readFile(info.path);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readSplitAt(split: number): Promise<{ log: ParsedLog; inTwo: boolean }> {
  const parser = new LogReading('run-mpf.log');
  const source = { name: 'run-mpf.log', path: info.path, explicit: true };
  const { segment } = await readInTwoHalves(source, { split }, parser);
  return { log: segment === null ? parser.end() : parser.endWithSegment(segment), inTwo: segment !== null };
}

test('a generated log split at line starts in and out of dumps reads as on one thread', async () => {
  const whole = parseLog(bytes, 'run-mpf.log');
  // The line after each of a few dump headers: inside the dump, so read on one thread.
  const insideDumps = info.dumpLines.slice(0, 5).map((line) => lineStarts(bytes, Infinity)[line]!);
  let inTwo = 0;
  for (const split of [...lineStarts(bytes, SPLITS), ...insideDumps]) {
    const read = await readSplitAt(split);
    assert.deepEqual(read.log, whole, `split at byte ${split}`);
    if (read.inTwo) inTwo++;
    if (insideDumps.includes(split)) assert.equal(read.inTwo, false, `byte ${split} is inside a dump`);
  }
  assert.ok(inTwo >= SPLITS / 2, `only ${inTwo} splits were read on two threads`);
});

test('a part the worker takes when it is ready reads as on one thread, with a worker started ahead or on demand', async () => {
  const whole = parseLog(bytes, 'run-mpf.log');
  const source = { name: 'run-mpf.log', path: info.path, explicit: true };
  const inTwo: boolean[] = [];
  // The worker takes its part while this thread reads: on a busy machine this thread may read the
  // whole small file first, so the reads are repeated until one was in two.
  for (let attempt = 0; attempt < 8 && (attempt < 4 || !inTwo.some((read, index) => read && index % 2 === 0)); attempt++) {
    const ahead = attempt % 2 === 0;
    if (ahead) startSegmentWorkerFor(['--format', 'json', info.path], ALWAYS);
    const worker = takeSegmentWorker();
    assert.equal(worker.startedAhead, ahead);
    // Ready before the read starts: it then takes a part before this thread has read the file.
    while (ahead && Atomics.load(worker.handoff, HANDOFF.state) !== HANDOFF.ready) await setTimeout(10);
    const parser = new LogReading('run-mpf.log');
    const { segment } = await readInTwoHalves(source, { split: null }, parser, { worker });
    assert.deepEqual(segment === null ? parser.end() : parser.endWithSegment(segment), whole, ahead ? 'worker started ahead' : 'worker started by the read');
    inTwo.push(segment !== null);
  }
  // A worker ready when the read starts takes a part; one started by the read may come too late
  // for a file this small, and then this thread has read it all.
  assert.ok(inTwo.some((read, index) => read && index % 2 === 0), `no read with a worker started ahead was in two: ${inTwo.join(' ')}`);
});

test('a worker is started ahead only for a plain file of the size read on two threads', () => {
  const taken = (args: string[], env: Record<string, string>): boolean => {
    startSegmentWorkerFor(args, env);
    // What is not started ahead is started here, unref'd and never given a job: it ends with the test.
    const worker = takeSegmentWorker();
    const ahead = worker.startedAhead;
    void worker.stop();
    return ahead;
  };
  assert.equal(taken([info.path], ALWAYS), true);
  assert.equal(taken([info.path], NEVER), false);
  assert.equal(taken(['--format', 'json'], ALWAYS), false);
  assert.equal(taken([join(dir, 'missing.log')], ALWAYS), false);
  assert.equal(taken([dir], ALWAYS), false);
  // Help and the version read no log.
  for (const printing of [['--help'], ['-h'], ['--version'], ['-V'], ['help', 'diff']]) assert.equal(taken([...printing, info.path], ALWAYS), false, printing.join(' '));
  assert.equal(taken(['list', info.path], ALWAYS), true);
});

test('a worker started ahead and never given a part keeps no command running', async () => {
  // extract streams its snapshots and reads on one thread; a log without a dump ends in an error
  // before anything is read on two.
  const noDump = join(dir, 'no-dump-mpf.log');
  await writeFile(noDump, '2026-11-25 03:39:32,920 : INFO : Machine : Starting\n');
  for (const argv of [['extract', info.path], ['extract', noDump], ['list', noDump], [noDump, noDump]]) {
    const run = await spawnCli(argv, { env: ALWAYS, hangGuardMs: HANG_GUARD_MS });
    assert.notEqual(run.hung, true, argv.join(' '));
    assert.ok(run.code === 0 || run.code === 2, `${argv.join(' ')}: exit ${run.code}`);
  }
});

test('the bundled command line starts the segment worker from a file that is there', () => {
  // bin/leakdiff.js runs the bundle (scripts/bundle-cli.mjs); a worker it cannot find fails, and
  // every big log would then be read on one thread without a word.
  const dist = join(ROOT, 'dist');
  const starters = readdirSync(dist).filter((name) => name.endsWith('.cjs') && readFileSync(join(dist, name), 'utf8').includes('segment-worker.js'));
  assert.equal(starters.length, 1, `bundles naming the worker: ${starters.join(', ')}`);
  const [url] = readFileSync(join(dist, starters[0]!), 'utf8').match(/new URL\("(\.\/[^"]*segment-worker\.js)", moduleUrlOfBundle\)/)!.slice(1);
  assert.equal(existsSync(join(dist, url!)), true, `${url} beside ${starters[0]}`);
});

test('a file whose head is not plain text is read on one thread, which judges it from its first 64 KiB', async () => {
  const nulAfter8KiB = join(dir, 'nul-mpf.log');
  await writeFile(nulAfter8KiB, Buffer.concat([Buffer.alloc(9000, 'a'), Buffer.from([0]), bytes]));
  const utf16 = join(dir, 'utf16-mpf.log');
  await writeFile(utf16, Buffer.from(bytes.subarray(0, 100_000).toString('latin1'), 'utf16le'));
  assert.deepEqual(await planSplit(info.path, 0), { split: null });
  for (const file of [nulAfter8KiB, utf16]) {
    assert.equal(await planSplit(file, 0), null, file);
    assert.deepEqual(await spawnCli([file], { env: ALWAYS }), await spawnCli([file], { env: NEVER }), file);
  }
});

test('the worker takes its part in the middle of what this thread has not claimed; this thread reads up to it, and a closed claim leaves no part', () => {
  const shared = (): BigInt64Array => new BigInt64Array(new SharedArrayBuffer(HANDOFF_SLOTS * BigInt64Array.BYTES_PER_ELEMENT));
  const fd = openSync(info.path, 'r');
  try {
    const handoff = shared();
    const claimed = 1024 * 1024;
    assert.equal(claimUpTo(handoff, claimed), null, 'no part taken yet: this thread reads on');
    const split = takeSplit(handoff, fd);
    assert.ok(split !== null);
    assert.ok(split >= claimed + (bytes.length - claimed) / 2, `split ${split} is in the second half of what is not claimed`);
    assert.equal(bytes[split - 1], 10, 'the part starts a line');
    assert.equal(claimUpTo(handoff, 2 * claimed), split, 'this thread hears where to stop');
    assert.equal(takeSplit(handoff, fd), split, 'the part taken stays');
    assert.equal(closeClaims(handoff), split);

    const closed = shared();
    assert.equal(closeClaims(closed), null);
    assert.equal(takeSplit(closed, fd), null, 'closed: no part');
    assert.equal(claimUpTo(closed, claimed), null);

    const readToTheEnd = shared();
    assert.equal(claimUpTo(readToTheEnd, bytes.length), null);
    assert.equal(takeSplit(readToTheEnd, fd), null, 'nothing left: no part');

    const given = shared();
    giveSplit(given, 12345);
    assert.equal(takeSplit(given, fd), 12345, 'a part given is the part taken');
    assert.equal(claimUpTo(given, claimed), 12345);
  } finally {
    closeSync(fd);
  }
});

test('a worker reads no other file than the one the main thread opened under that name', async () => {
  const { dev, ino } = await stat(info.path, { bigint: true });
  const readBy = async (file: { dev: bigint; ino: bigint }): Promise<boolean> => {
    const worker = takeSegmentWorker();
    giveSplit(worker.handoff, 0);
    worker.start({ path: info.path, name: 'run-mpf.log', processHint: undefined, reprs: 'all', file });
    return (await worker.result) !== null;
  };
  assert.equal(await readBy({ dev, ino }), true);
  assert.equal(await readBy({ dev, ino: ino + 1n }), false);
});

test('a worker gives a part of many small dumps back to the main thread, which reads it as fast itself', async () => {
  const dump = (second: number): string => {
    const at = `2026-11-25 03:${String(Math.floor(second / 60) % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')},000 : INFO : EventManager :`;
    const lines = ['--- DEBUG DUMP EVENTS ---', 'Total registered_handlers: 1. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0', '  Total handlers: 1 (for ball_started)', '--- DEBUG DUMP EVENTS END ---'];
    return lines.map((line) => `${at} ${line}\n`).join('');
  };
  // Some 40 dumps in a KiB: far denser than the generated log's few in a MiB.
  const dense = join(dir, 'dense-mpf.log');
  await writeFile(dense, Array.from({ length: 24_000 }, (_, index) => dump(index)).join(''));
  const partOf = async (path: string): Promise<boolean> => {
    const { dev, ino } = await stat(path, { bigint: true });
    const worker = takeSegmentWorker();
    giveSplit(worker.handoff, 0);
    worker.start({ path, name: 'x-mpf.log', processHint: undefined, reprs: 'all', file: { dev, ino } });
    return (await worker.result) !== null;
  };
  assert.equal(await partOf(dense), false, 'the dense part is given back');
  assert.equal(await partOf(info.path), true, 'the generated log\'s part is read by the worker');
  assert.deepEqual(await spawnCli([dense], { env: ALWAYS }), await spawnCli([dense], { env: NEVER }));
  await rm(dense);
});

test('a worker stopped in the middle of its part closes the file it read and ends', { skip: !existsSync('/proc/self/fd') && 'no /proc/self/fd' }, async () => {
  const big = join(dir, 'stopped-mpf.log');
  await writeFile(big, Buffer.concat(Array.from({ length: 24 }, () => bytes)));
  const { dev, ino } = await stat(big, { bigint: true });
  const openFiles = (): number => readdirSync('/proc/self/fd').length;
  const before = openFiles();
  const worker = takeSegmentWorker();
  giveSplit(worker.handoff, 0);
  worker.start({ path: big, name: 'stopped-mpf.log', processHint: undefined, reprs: 'all', file: { dev, ino } });
  while (Atomics.load(worker.handoff, HANDOFF.bytesRead) === 0n) await setTimeout(1);
  await worker.stop();
  assert.equal(await worker.result, null, 'stopped before it had read its part');
  assert.equal(openFiles(), before, 'the file and the thread are closed');
  await rm(big);
});

test('a read error in a big log\'s first bytes is one line and exit 2, on one thread and on two', async (t) => {
  const library = await buildFailingIoLibrary(dir);
  if (library === null) {
    t.skip('no C compiler to build the read-error library with');
    return;
  }
  for (const at of ['1000', String(Math.floor(bytes.length / 2))]) {
    const env: Record<string, string> = { LD_PRELOAD: library, EIO_PATH: 'run-mpf.log', EIO_AT: at };
    const onTwo = await spawnCli([info.path], { env: { ...env, ...ALWAYS } });
    assert.equal(onTwo.code, 2, `reads failing from byte ${at}: ${onTwo.stderr}`);
    assert.match(onTwo.stderr, /^leakdiff: .*run-mpf\.log: input\/output error\n$/);
    assert.deepEqual(onTwo, await spawnCli([info.path], { env: { ...env, ...NEVER } }), `reads failing from byte ${at}`);
  }
});

test('with too little address space for a second thread (ulimit -v), a big log is read on one thread rather than ending the process', async () => {
  for (const limit of ['1500000', '2500000']) {
    const shellPrefix = `ulimit -v ${limit}`;
    const big = await spawnCli([info.path, '--format', 'json'], { env: ALWAYS, shellPrefix });
    assert.ok(big.code === 0 || big.code === 1, `ulimit -v ${limit}: exit ${big.code}: ${big.stderr.slice(0, 300)}`);
    assert.deepEqual(big, await spawnCli([info.path, '--format', 'json'], { env: NEVER, shellPrefix }), `ulimit -v ${limit}`);
  }
});

test('without room for the line scanner\'s memory (ulimit -v), both threads read every line themselves', async () => {
  const argv = [join('fixtures', 'diff-real-leaky-run', 'logs'), '--format', 'json'];
  const unlimited = await spawnCli(argv, { env: NEVER });
  for (const env of [ALWAYS, NEVER]) {
    const limited = await spawnCli(argv, { env, shellPrefix: 'ulimit -v 8000000' });
    assert.deepEqual(limited, unlimited, JSON.stringify(env));
  }
});

/** The compiled CLI, where the worker thread can run. */
function runBuiltCli(argv: readonly string[], env: Record<string, string>): Promise<Run> {
  return runCli(argv, { env, entry: main });
}

test('LEAKDIFF_PARALLEL_MIN_BYTES=0 changes no diff golden case', async () => {
  for (const name of diffCases()) {
    const { inputs, args } = caseArgv(name);
    for (const format of ['json', 'text']) {
      const argv = [...inputs, ...args, '--format', format];
      assert.deepEqual(await runBuiltCli(argv, ALWAYS), await runBuiltCli(argv, NEVER), `${name} --format ${format}`);
    }
  }
});

test('LEAKDIFF_PARALLEL_MIN_BYTES=0 changes no extract of a fixture or of the generated log', async () => {
  const logs = readdirSync(join(ROOT, 'fixtures'), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(log|txt)$/.test(name))
    .sort()
    .map((name) => join('fixtures', name));
  for (const log of [...logs, info.path]) {
    const argv = ['extract', log];
    assert.deepEqual(await runBuiltCli(argv, ALWAYS), await runBuiltCli(argv, NEVER), log);
  }
});

test('a worker stopped while it is still loading ends by itself once loaded, given its job or not', async () => {
  for (const givenJob of [false, true]) {
    const worker = takeSegmentWorker();
    if (givenJob) worker.start({ path: info.path, name: 'run-mpf.log', file: { dev: 0n, ino: 0n }, processHint: undefined, reprs: 'all' });
    await worker.stop();
    // Ended in the middle of loading, a worker could keep its script's file open: it is left to end itself.
    const ended = await Promise.race([worker.result.then(() => 'ended'), setTimeout(HANG_GUARD_MS, 'still running')]);
    assert.equal(ended, 'ended', givenJob ? 'given its job' : 'never given a job');
    assert.equal(worker.handoff[HANDOFF.state], HANDOFF.stopping);
  }
});
