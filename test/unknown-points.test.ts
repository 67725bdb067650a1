// A count that cannot be read is unknown, never 0: a dump cut off inside its EVENTS section, or a
// handler count that is not a number, leaves that point out of the series and says so, and the
// leak is still found from the dumps that are whole. On run A of the real leaky machine.

import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import type { Report } from '../src/model.js';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import { LeakdiffError } from '../src/errors.js';
import { runCli } from './helpers/cli.js';
import { snapshotOf } from './helpers/snapshots.js';
import { leakyLog, scratchFolder } from './helpers/leaky-machine.js';

const scratch = scratchFolder('unknown-points');
after(() => rmSync(scratch, { recursive: true, force: true }));

const LEAKS = ['orbit_left_hit', 's_bumper_active', 's_top_rollover_active'];
const lines = leakyLog('a', 'mpf').split('\n');
// The ninth and last dump: its header, the totals, "Registered Handlers:", then one line per event.
const lastHeader = lines.findLastIndex((line) => line.endsWith('--- DEBUG DUMP EVENTS ---'));

function write(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

async function judge(file: string): Promise<{ report: Report; code: number | null; text: string }> {
  const json = await runCli([file, '--format', 'json']);
  const text = await runCli([file]);
  return { report: JSON.parse(json.stdout) as Report, code: json.code, text: text.stdout };
}

/** Each leak's findings: every one a leak, and the ninth dump named as left out where it was unknown. */
function assertLeaksFoundWithoutLastDump(report: Report): void {
  const last = report.snapshots.length - 1;
  assert.equal(report.snapshots[last]!.number, 9);
  for (const subject of LEAKS) {
    const mine = report.findings.filter((finding) => finding.subject === subject);
    assert.ok(mine.length > 0, `${subject} is a finding`);
    assert.ok(mine.every((finding) => finding.verdict === 'leak'), `${subject}: ${mine.map((finding) => `${finding.verdict} ${finding.series.join(',')}`).join('; ')}`);
    assert.ok(mine.some((finding) => finding.unknown?.includes(last)), `${subject} names dump #9 as left out`);
    assert.ok(mine.every((finding) => !finding.points.includes(last)), `${subject}: #9 is no point of its series`);
  }
  assert.ok(!report.findings.some((finding) => finding.series.at(-1) === 0 && LEAKS.includes(finding.subject)), 'no series ends at 0');
}

test('a log cut off inside its last EVENTS dump still shows its leaks, and names the dump left out', async () => {
  // Cut in the middle of the first handler line (`Total handlers: 27 (for s_bumper_active)`).
  const firstHandler = lastHeader + 3;
  const cut = [...lines.slice(0, firstHandler), lines[firstHandler]!.slice(0, lines[firstHandler]!.indexOf('Total handlers: 2') + 'Total handlers: 2'.length)].join('\n');
  const { report, code, text } = await judge(write('cut-mpf.log', cut));
  assert.equal(code, 1);
  assert.equal(report.exitCode, 1);
  assert.ok(report.incomplete);
  assertLeaksFoundWithoutLastDump(report);
  assert.match(text, /left out: #9, count unknown/);
  assert.doesNotMatch(text.split('\n').at(-2)!, /clean/);
});

test('a handler count that is not a number is unknown, not 0', async () => {
  const changed = [...lines];
  for (let index = lastHeader; index < lastHeader + 40; index++) {
    for (const subject of LEAKS) {
      const line = changed[index]!;
      if (line.endsWith(`(for ${subject})`)) changed[index] = line.replace(/Total handlers: \d+/, 'Total handlers: 99999999999999999999');
    }
  }
  assert.equal(changed.filter((line) => line.includes('99999999999999999999')).length, LEAKS.length);
  const { report, code, text } = await judge(write('bad-number-mpf.log', changed.join('\n')));
  assert.equal(code, 1);
  assertLeaksFoundWithoutLastDump(report);
  assert.match(text, /left out: #9, count unknown/);
});

test('an event the cut-off dump never reached is unknown there, while the events it read count', async () => {
  // Cut after the first three handler lines: s_bumper_active and s_top_rollover_active were read.
  const cut = lines.slice(0, lastHeader + 6).join('\n');
  const { report } = await judge(write('cut-later-mpf.log', cut));
  const last = report.snapshots.length - 1;
  const bumper = report.findings.filter((finding) => finding.subject === 's_bumper_active');
  assert.ok(bumper.some((finding) => finding.points.includes(last) && finding.series.at(-1) === 27), 'the count read before the cut is a point');
  const orbit = report.findings.filter((finding) => finding.subject === 'orbit_left_hit');
  assert.ok(orbit.some((finding) => finding.unknown?.includes(last)), 'orbit_left_hit, not reached, is unknown at #9');
});

test('when not one handler count can be read, the verdict is unknown, never clean: exit 2 in every format', async () => {
  const unreadable = lines.map((line) => line.replace(/Total handlers: \d+ \(for/, 'Total handlers: 99999999999999999999 (for')).join('\n');
  const file = write('no-count-readable-mpf.log', unreadable);
  const { report, code, text } = await judge(file);
  assert.equal(code, 2);
  assert.equal(report.exitCode, 2);
  assert.equal(report.summary.byProcess.mpf.unknown, true);
  assert.equal(report.findings.length, 0);
  assert.equal(text.trimEnd().split('\n').at(-1), 'mpf: unknown (no handler count read) · 9 incomplete dumps compared');
  const run = await runCli([file]);
  assert.match(run.stderr, /^leakdiff: mpf: not one handler count could be read in two of the compared dumps, so the verdict is unknown/m);
  for (const format of ['markdown', 'github', 'html']) {
    const other = await runCli([file, '--format', format]);
    assert.equal(other.code, 2, format);
    assert.doesNotMatch(other.stdout, /Nothing grows|mpf: clean/, format);
  }
  // Nor is a baseline recorded from it: it would say that MPF has no finding.
  const baseline = await runCli(['baseline', file, '-o', path.join(scratch, 'unknown-baseline.json')]);
  assert.equal(baseline.code, 2);
  assert.equal(baseline.stderr, 'leakdiff: nothing recorded: mpf: not one handler count could be read in two of the compared dumps (leakdiff list shows what is wrong)\n');
  assert.equal(existsSync(path.join(scratch, 'unknown-baseline.json')), false);
  // One dump still read whole is not enough to judge either: a series needs two points.
  const lastDumpWhole = [...unreadable.split('\n').slice(0, lastHeader), ...lines.slice(lastHeader)].join('\n');
  assert.equal((await judge(write('one-dump-readable-mpf.log', lastDumpWhole))).code, 2);
});

test('a key read in only one dump, damaged in the others, is listed as unknown, and the summary does not say clean', async () => {
  const dump = (second: number, leaky: string): string => {
    const prefix = `10:00:0${second}.000 : INFO [EventManager]`;
    return [
      '--- DEBUG DUMP EVENTS ---',
      'Total registered_handlers: 2. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0',
      'Registered Handlers:',
      '  Total handlers: 3 (for a)',
      `  Total handlers: ${leaky} (for leaky)`,
      'Queue events:',
      '--- DEBUG DUMP EVENTS END ---',
    ].map((line) => `${prefix} ${line}\n`).join('');
  };
  const file = write('one-readable-point-mpf.log', dump(1, '5') + dump(2, '9007199254740993') + dump(3, '99999999999999999999'));
  const { report, code, text } = await judge(file);
  assert.equal(code, 0);
  assert.deepEqual(report.unknownKeys, [{ process: 'mpf', run: 1, subject: 'leaky' }]);
  assert.equal(report.summary.byProcess.mpf.unknownKeys, 1);
  assert.equal(text.trimEnd().split('\n').at(-1), 'mpf: no finding, 1 key unknown · 2 incomplete dumps compared');
  assert.match(text, /1 unknown \(read in fewer than two dumps, damaged in the others: leaky\)/);
  assert.doesNotMatch(text, /Nothing grows\./);
  assert.equal((await runCli([file, '--strict'])).code, 2);
});

test('more counts than a comparison may hold is one line, exit 2, not memory running out', () => {
  const snapshots = Array.from({ length: 20 }, (_, dump) =>
    snapshotOf('mpf', (line) => ({
      events: { line, totals: null, handlers: Object.fromEntries(Array.from({ length: 50 }, (_, key) => [`event_${key}`, dump])), queue: [] },
    })),
  );
  assert.throws(() => diffSnapshots(snapshots, DEFAULT_DIFF_OPTIONS, { maxSeriesValues: 500 }), (error: unknown) => {
    assert.ok(error instanceof LeakdiffError);
    assert.match(error.message, /^too much to compare: 26 keys over 20 mpf dumps \(more than 500 counts\); compare fewer dumps \(--from, --to\) or leave keys out \(--ignore\)$/);
    return true;
  });
  assert.equal(diffSnapshots(snapshots, DEFAULT_DIFF_OPTIONS, { maxSeriesValues: 1000 }).findings.length, 50);
});

test('one run unreadable beside a run with leaks: the leaks fail the gate (exit 1) and the unreadable run is named unknown', async () => {
  // Run A whole, then run A an hour later (a start-up before its dumps: a second run), no count readable.
  const unreadable = lines.map((line) => line.replace(/Total handlers: \d+ \(for/, 'Total handlers: 99999999999999999999 (for').replace(/^2026-12-05 15:/, '2026-12-05 16:')).join('\n');
  const file = write('leaky-then-unreadable-mpf.log', `${lines.join('\n')}\n${unreadable}`);
  const { report, code, text } = await judge(file);
  assert.equal(report.dumpRuns.length, 2);
  assert.equal(code, 1);
  assert.equal(report.exitCode, 1);
  assert.deepEqual(report.summary.byProcess.mpf.unknownRuns, [2]);
  assert.deepEqual([...new Set(report.findings.filter((finding) => finding.verdict === 'leak').map((finding) => finding.run))], [1]);
  assert.match(text.trimEnd().split('\n').at(-1)!, /^mpf: \d+ leaks, run 2 unknown \(no handler count read\)/);
  const run = await runCli([file]);
  assert.match(run.stderr, /^leakdiff: mpf: not one handler count could be read in two of the compared dumps of run 2, so that verdict is unknown/m);
  // Without the leaks the unknown run still keeps the gate from passing.
  const cleanThenUnreadable = await judge(write('clean-then-unreadable-mpf.log', `${leakyLog('b', 'mpf')}\n${unreadable}`));
  assert.equal(cleanThenUnreadable.code, 2);
  assert.equal(cleanThenUnreadable.text.trimEnd().split('\n').at(-1), 'mpf: no finding, run 2 unknown (no handler count read) · 9 incomplete dumps compared');
});
