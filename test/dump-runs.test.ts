// Runs are the unit: a run is one life of MPF (and of its MPF-MC), told apart from what the logs
// say — a start-up, time going back, MPF's log names — however the logs were handed over. On the
// real leaky machine: run A has three MPF leaks, run B (the same machine fixed) none.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { dumpRunsOf } from '../src/diff/dump-runs.js';
import type { Report, Snapshot } from '../src/model.js';
import { runCli } from './helpers/cli.js';
import { leakyLog, scratchFolder } from './helpers/leaky-machine.js';
import { snapshotOf } from './helpers/snapshots.js';

const scratch = scratchFolder('dump-runs');
after(() => rmSync(scratch, { recursive: true, force: true }));

const A = leakyLog('a', 'mpf');
const B = leakyLog('b', 'mpf');
const LEAKS_OF_A = ['orbit_left_hit', 's_bumper_active', 's_top_rollover_active'];

function write(name: string, text: string): string {
  const file = path.join(scratch, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const a = write('a.log', A);
write('b.log', B);

async function json(args: string[]): Promise<{ report: Report; code: number | null; stderr: string }> {
  const result = await runCli([...args, '--format', 'json'], { cwd: scratch });
  return { report: JSON.parse(result.stdout) as Report, code: result.code, stderr: result.stderr };
}

/** What the machine did, whatever the inputs' names: each finding by the start time of its run. */
function verdicts(report: Report): string[] {
  return report.findings
    .map((finding) => `${report.dumpRuns[finding.run - 1]!.time} ${finding.verdict} ${finding.subject} ${finding.state} ${finding.series.join(',')}`)
    .sort();
}

test('the same log twice, by another path, by a symlink or as a byte-identical copy is read once, with a note', async () => {
  const alone = await json(['a.log']);
  assert.equal(alone.code, 1);
  copyFileSync(a, path.join(scratch, 'copy-of-a.log'));
  symlinkSync(a, path.join(scratch, 'link-to-a.log'));
  for (const [second, note] of [
    ['a.log', /a\.log is the same file as a\.log: read once/],
    ['./a.log', /\.\/a\.log is the same file as a\.log: read once/],
    ['link-to-a.log', /link-to-a\.log is the same file as a\.log: read once/],
    ['copy-of-a.log', /copy-of-a\.log is a byte-identical copy of a\.log: read once/],
  ] as const) {
    const twice = await json(['a.log', second]);
    assert.equal(twice.code, 1, `a.log ${second}: the leaks are still leaks`);
    assert.deepEqual(verdicts(twice.report), verdicts(alone.report), `a.log ${second}`);
    assert.equal(twice.stderr.trim().split('\n').length, 1, 'one line');
    assert.match(twice.stderr, note);
  }
});

test('two runs in one file, in either order, are two runs each judged on its own: the same findings', async () => {
  write('a-then-b.log', `${A}${B}`);
  write('b-then-a.log', `${B}${A}`);
  const ab = await json(['a-then-b.log']);
  const ba = await json(['b-then-a.log']);
  for (const { report, code } of [ab, ba]) {
    assert.equal(code, 1);
    assert.equal(report.dumpRuns.length, 2);
    assert.deepEqual(report.dumpRuns.map((run) => run.dumps.mpf), [9, 9]);
    assert.deepEqual(report.dumpRuns.map((run) => run.time), ['2026-12-05T15:38:40.556', '2026-12-05T15:43:20.292'], 'oldest first');
    assert.deepEqual([...new Set(report.findings.map((finding) => finding.subject))].sort(), LEAKS_OF_A);
    assert.ok(report.findings.every((finding) => finding.verdict === 'leak' && finding.run === 1), 'every finding is of run A');
    for (const comparison of report.comparisons) {
      assert.ok(comparison.snapshots.every((index) => report.snapshots[index]!.run === comparison.run), 'no comparison crosses a run');
    }
  }
  assert.deepEqual(verdicts(ba.report), verdicts(ab.report));
  // Every format says which run a finding is of.
  const text = (await runCli(['a-then-b.log'], { cwd: scratch })).stdout;
  assert.match(text, /^2 runs among the dumps, each judged on its own; no comparison crosses a restart:$/m);
  assert.match(text, /^ {2}leak {2}mpf {2}run 1 {2}s_bumper_active /m);
  assert.match((await runCli(['a-then-b.log', '--format', 'github'], { cwd: scratch })).stdout, /title=leakdiff%3A leak in mpf handlers%3A s_bumper_active \(attract%2C run 1\)::/);
  assert.match((await runCli(['a-then-b.log', '--format', 'markdown'], { cwd: scratch })).stdout, /\| s\\_bumper\\_active, run 1 \|/);
  assert.deepEqual(verdicts(ab.report), verdicts((await json(['a.log'])).report), 'as run A alone');
  assert.equal(ba.report.dumpRuns[0]!.line, B.split('\n').length + 88, 'run A starts where its first dump is, after run B');
});

test('a folder of runs with plain names reads the newest run; --run picks another; two files named one by one are two runs', async () => {
  write('plain/first.log', A);
  write('plain/second.log', B);
  const folder = await json(['plain']);
  assert.equal(folder.code, 0, 'run B, the newest, is clean');
  assert.deepEqual(folder.report.findings, []);
  assert.deepEqual(folder.report.dumpRuns.map((run) => run.judged), [false, true]);
  assert.equal(folder.report.options.run, 'newest');
  assert.ok(folder.report.snapshots.filter((snapshot) => snapshot.file === path.join('plain', 'first.log')).every((snapshot) => snapshot.role === 'other-run'));
  const text = await runCli(['plain'], { cwd: scratch });
  assert.match(text.stdout, /2 runs among the dumps, 1 run judged \(the newest of each process: a folder of logs; --run N picks another\):/);

  const older = await json(['plain', '--run', '1']);
  assert.equal(older.code, 1);
  assert.deepEqual([...new Set(older.report.findings.map((finding) => finding.subject))].sort(), LEAKS_OF_A);
  const missing = await runCli(['plain', '--run', '3'], { cwd: scratch });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^leakdiff: --run 3: the dumps hold 2 runs \(1 2026-12-05 15:38:40\.556, 2 2026-12-05 15:43:20\.292\)\n$/);

  // Named one by one, in either order: both runs judged, each on its own.
  for (const order of [['plain/first.log', 'plain/second.log'], ['plain/second.log', 'plain/first.log']]) {
    const named = await json(order);
    assert.equal(named.code, 1, order.join(' '));
    assert.deepEqual(named.report.dumpRuns.map((run) => run.judged), [true, true]);
    assert.deepEqual(verdicts(named.report), verdicts((await json(['a.log'])).report));
  }
});

/** An MPF dump with one event's handler count, a time, and what was posted before it. */
function dump(file: string, time: string | null, count: number, posted: Record<string, number> = {}): Snapshot {
  return snapshotOf('mpf', (line) => ({
    file,
    time,
    posted,
    events: { line, totals: { registeredHandlers: 1, eventQueue: 0, callbackQueue: 0, queueTasks: 0 }, handlers: { ball_started: count }, queue: [] },
  }));
}

test('dumpRunsOf: time going back with no start-up logged starts a run; a console time passing midnight does not', () => {
  const split = dumpRunsOf([dump('x.log', '2026-12-05T15:00:00.000', 1), dump('x.log', '2026-12-05T15:10:00.000', 2), dump('x.log', '2026-12-05T14:00:00.000', 1)]);
  assert.deepEqual(split.runOf, [2, 2, 1], 'the later dumps are the older run');
  assert.equal(split.runs[1]!.start, 'time-went-back');
  const midnight = dumpRunsOf([dump('x.log', '23:50:00.000', 1), dump('x.log', '00:10:00.000', 2)]);
  assert.deepEqual(midnight.runOf, [1, 1]);
});

test('dumpRunsOf: clocks going back an hour at the end of daylight saving are no restart; a bigger step back, or one by day, is', () => {
  const autumn = dumpRunsOf([dump('x.log', '2026-10-25T02:50:00.000', 1), dump('x.log', '2026-10-25T02:05:00.000', 2), dump('x.log', '2026-10-25T02:40:00.000', 3)]);
  assert.deepEqual(autumn.runOf, [1, 1, 1]);
  const south = dumpRunsOf([dump('x.log', '2026-04-05T02:59:00.000', 1), dump('x.log', '2026-04-05T02:00:00.000', 2)]);
  assert.deepEqual(south.runOf, [1, 1]);
  const twoHours = dumpRunsOf([dump('x.log', '2026-10-25T03:50:00.000', 1), dump('x.log', '2026-10-25T01:40:00.000', 2)]);
  assert.deepEqual(twoHours.runOf, [2, 1]);
  const afternoon = dumpRunsOf([dump('x.log', '2026-10-25T15:50:00.000', 1), dump('x.log', '2026-10-25T15:10:00.000', 2)]);
  assert.deepEqual(afternoon.runOf, [2, 1]);
  const summer = dumpRunsOf([dump('x.log', '2026-07-12T02:50:00.000', 1), dump('x.log', '2026-07-12T02:10:00.000', 2)]);
  assert.deepEqual(summer.runOf, [2, 1]);
});

test('dumpRunsOf: fragments of one log, named out of order, are one run in time order; a start-up is a new run', () => {
  const fragments = [dump('after.log', '2026-12-05T15:10:00.000', 3), dump('before.log', '2026-12-05T15:00:00.000', 1)];
  const split = dumpRunsOf(fragments);
  assert.deepEqual(split.runOf, [1, 1]);
  assert.deepEqual(split.rankOf, [1, 0], 'before.log first');
  const restarted = dumpRunsOf([dump('x.log', null, 1), dump('x.log', null, 2), dump('x.log', null, 1, { init_phase_1: 1 }), dump('x.log', null, 2)]);
  assert.deepEqual(restarted.runOf, [1, 1, 2, 2]);
  assert.equal(restarted.runs[1]!.start, 'start-up');
});

test('dumpRunsOf: the MC dumps of a run go with the MPF dumps they were taken with', () => {
  const mc = (time: string, posted: Record<string, number> = {}): Snapshot => snapshotOf('mc', { file: 'mc.log', time, posted });
  const split = dumpRunsOf([
    dump('mpf.log', '2026-12-05T15:00:00.000', 1, { init_phase_1: 1 }),
    dump('mpf.log', '2026-12-05T15:10:00.000', 2),
    dump('mpf.log', '2026-12-05T16:00:00.000', 1, { init_phase_1: 1 }),
    mc('2026-12-05T15:00:00.010', { init_phase_1: 1 }),
    mc('2026-12-05T15:10:00.010'),
    mc('2026-12-05T16:00:00.010', { init_phase_1: 1 }),
  ]);
  assert.deepEqual(split.runOf, [1, 1, 2, 1, 1, 2]);
  assert.deepEqual(split.runs.map((run) => run.dumps), [{ mpf: 2, mc: 2 }, { mpf: 1, mc: 1 }]);
});

test('list shows the runs diff finds inside one file, and numbers the dumps within their run as diff does', async () => {
  write('a-then-b.log', `${A}${B}`);
  const rows = (await runCli(['list', 'a-then-b.log'], { cwd: scratch })).stdout.split('\n').filter((line) => / mpf /.test(line));
  assert.equal(rows.length, 18);
  assert.deepEqual(rows.map((row) => row.trim().split(/\s+/).slice(0, 2).join(' ')), [...Array.from({ length: 9 }, (_, i) => `1 ${i + 1}`), ...Array.from({ length: 9 }, (_, i) => `2 ${i + 1}`)]);
  const header = (await runCli(['list', 'a.log'], { cwd: scratch })).stdout.split('\n')[0]!;
  assert.match(header, /^\s*#\s+FILE/, 'one run: no RUN column');
});

test('logs with plain names, named out of time order: list shows each dump with the number diff --from/--to take, within its run in time order', async () => {
  const folder = path.join(scratch, 'plain-names');
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'zz.log'), A);
  writeFileSync(path.join(folder, 'aa.log'), leakyLog('a', 'mc'));
  writeFileSync(path.join(folder, 'mm.log'), B);
  writeFileSync(path.join(folder, 'bb.log'), leakyLog('b', 'mc'));
  const listed = (await runCli(['list', 'plain-names/'], { cwd: scratch })).stdout;
  const numbersListed = listed
    .split('\n')
    .filter((line) => /^ +\d/.test(line))
    .map((line) => line.trim().split(/ +/))
    .map(([run, number, file, line]) => `${file}:${line} run ${run} #${number}`)
    .sort();
  const all = await json(['plain-names/', '--run', '1']);
  const inDiff = all.report.snapshots.map((snapshot) => `${snapshot.file}:${snapshot.line} run ${snapshot.run} #${snapshot.number}`).sort();
  assert.deepEqual(numbersListed, inDiff);
  // Run 1 (the oldest: zz.log and aa.log) dumps #2–5 of each process.
  const { report, code } = await json(['plain-names/', '--run', '1', '--from', '2', '--to', '5']);
  assert.equal(code, 0, 'a state compared on two dumps gives suspects, not leaks');
  for (const process of ['mpf', 'mc'] as const) {
    const judged = report.snapshots.filter((snapshot) => snapshot.process === process && snapshot.role === 'judged');
    assert.deepEqual(judged.map((snapshot) => snapshot.number), [2, 3, 4, 5], process);
    assert.ok(judged.every((snapshot) => snapshot.run === 1), process);
  }
  assert.deepEqual(report.snapshots.filter((snapshot) => snapshot.process === 'mpf' && snapshot.role === 'judged').map((snapshot) => snapshot.file), Array(4).fill('plain-names/zz.log'));
  assert.ok(report.findings.some((finding) => finding.process === 'mpf'), 'mpf is compared');
});

test('a folder read: MC started again alone, the MPF run beside it is still judged, its leaks with it', async () => {
  // The leaky machine's run A, its MC log with a start-up logged again after its fifth dump.
  const mcLines = leakyLog('a', 'mc').split('\n');
  const sixthDump = mcLines.findIndex((line, index) => line.endsWith('--- DEBUG DUMP EVENTS ---') && mcLines.slice(0, index).filter((earlier) => earlier.endsWith('--- DEBUG DUMP EVENTS ---')).length === 5);
  const prefix = mcLines[sixthDump]!.slice(0, mcLines[sixthDump]!.indexOf('--- DEBUG'));
  const restart = [1, 2, 3, 4, 5].map((phase) => `${prefix}Event: ======'init_phase_${phase}'====== Args={}`);
  const folder = path.join(scratch, 'mc-restart', 'logs');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, '2026-12-05-15-38-37-mpf-pinbox.log'), A);
  writeFileSync(path.join(folder, '2026-12-05-15-38-37-mc-pinbox.log'), [...mcLines.slice(0, sixthDump - 1), ...restart, ...mcLines.slice(sixthDump - 1)].join('\n'));
  const run = await runCli([folder, '--format', 'json']);
  const report = JSON.parse(run.stdout) as Report;
  assert.equal(report.dumpRuns.length, 2);
  assert.deepEqual(report.dumpRuns.map((dumpRun) => dumpRun.judged), [true, true]);
  assert.equal(report.summary.byProcess.mpf.judged, 9);
  assert.deepEqual([...new Set(report.findings.filter((finding) => finding.process === 'mpf' && finding.verdict === 'leak').map((finding) => finding.subject))].sort(), LEAKS_OF_A);
  assert.equal(run.code, 1);
  // --run -1 names the newest run by log name, the only one here: read as without it.
  const newest = JSON.parse((await runCli([folder, '--run', '-1', '--format', 'json'])).stdout) as Report;
  assert.deepEqual(newest.snapshots.map((snapshot) => snapshot.role), report.snapshots.map((snapshot) => snapshot.role));
  assert.deepEqual(newest.findings.map((finding) => finding.subject), report.findings.map((finding) => finding.subject));
});

test('a folder read: MPF started again while MC ran on, MPF is judged on its newest run, not on the run before', async () => {
  // MPF's log: leaky run A, then clean run B. MC's: one life from A's start to B's end (B's MC log moved back 278 s).
  const moved = movedBack(leakyLog('b', 'mc'), 278);
  const folder = path.join(scratch, 'mpf-restart', 'logs');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, '2026-12-05-15-38-37-mpf-pinbox.log'), `${A}\n${B}`);
  writeFileSync(path.join(folder, '2026-12-05-15-38-37-mc-pinbox.log'), moved);
  const run = await runCli([folder, '--format', 'json']);
  const report = JSON.parse(run.stdout) as Report;
  assert.equal(report.dumpRuns.length, 2);
  assert.equal(report.summary.byProcess.mpf.judged, 9, 'run B only');
  assert.equal(report.summary.byProcess.mc.judged, 9);
  assert.equal(report.findings.filter((finding) => finding.process === 'mpf' && finding.verdict === 'leak').length, 0, "run A's leaks are not judged");
  assert.equal(run.code, 0);
});

/** `log` with every time of day moved back `seconds` (the same day). */
function movedBack(log: string, seconds: number): string {
  return log.replace(/^2026-12-05 (\d\d):(\d\d):(\d\d)/gm, (_, h: string, m: string, s: string) => {
    const at = Number(h) * 3600 + Number(m) * 60 + Number(s) - seconds;
    return `2026-12-05 ${[at / 3600, (at % 3600) / 60, at % 60].map((part) => String(Math.floor(part)).padStart(2, '0')).join(':')}`;
  });
}

test('a folder of MPF log names: MC started again alone has a log of its own, the newest; MPF\'s log beside it is read and judged too, also with --run -1', async () => {
  const folder = path.join(scratch, 'mc-new-log', 'logs');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, '2026-12-05-15-38-37-mpf-pinbox.log'), A);
  writeFileSync(path.join(folder, '2026-12-05-15-38-37-mc-pinbox.log'), leakyLog('a', 'mc'));
  writeFileSync(path.join(folder, '2026-12-05-15-39-55-mc-pinbox.log'), movedBack(leakyLog('b', 'mc'), 200));
  for (const extra of [[], ['--run', '-1']]) {
    const run = await runCli([folder, ...extra, '--format', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    assert.equal(report.summary.byProcess.mpf.judged, 9, extra.join(' '));
    assert.equal(report.summary.byProcess.mc.judged, 9, extra.join(' '));
    assert.equal(run.code, 1, extra.join(' '));
  }
});

test('one run by log name holding two runs among its dumps: --run N picks among those', async () => {
  const file = write('one-name/2026-12-05-15-43-15-mpf-pinbox.log', `${B}\n${A}`);
  const older = await runCli([file, '--run', '1', '--format', 'json']);
  assert.equal((JSON.parse(older.stdout) as Report).summary.leaks > 0, true);
  assert.equal(older.code, 1);
  const newer = await runCli([file, '--format', 'json']);
  assert.equal(newer.code, 1, 'every run of a log named one by one');
  const third = await runCli([file, '--run', '3']);
  assert.equal(third.code, 2);
  assert.match(third.stderr, /^leakdiff: --run 3: the dumps hold 2 runs/);
});
