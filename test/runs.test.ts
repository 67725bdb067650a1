// MPF and MC together: logs paired into runs by name and start time, one run chosen from a
// folder, dumps paired by time.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DUMP_PAIR_WINDOW_MS, pairDumps } from '../src/diff/pair-dumps.js';
import { LeakdiffError } from '../src/errors.js';
import type { ReportSnapshot } from '../src/model.js';
import type { InputSource } from '../src/read/inputs.js';
import { chooseRun, namedLogOf, runChoiceOf, runsOf } from '../src/read/runs.js';

function found(name: string): InputSource {
  return { name: `logs/${name}`, path: `/machine/logs/${name}`, explicit: false };
}

function named(name: string): InputSource {
  return { ...found(name), name, explicit: true };
}

test('namedLogOf: the start time, process and host of a log named as MPF and MC name theirs', () => {
  assert.deepEqual(
    (({ start, process, host }) => ({ start, process, host }))(namedLogOf(found('2026-11-25-03-39-31-mpf-pinbox.log'))!),
    { start: '2026-11-25-03-39-31', process: 'mpf', host: 'pinbox' },
  );
  assert.equal(namedLogOf(found('2026-11-25-03-39-32-mc-PINBOX-PC.log.gz'))?.host, 'PINBOX-PC');
  assert.equal(namedLogOf(found('mc-pinbox.log')), null);
  assert.equal(namedLogOf(found('before.log')), null);
  assert.equal(namedLogOf(found('2026-11-25-03-39-31-bcp-pinbox.log')), null);
});

test('runsOf: an MPF log and the MC log of the same host started within 10 s, or up to 5 minutes after it before the next MPF log; others alone', () => {
  const logs = [
    '2026-11-25-03-39-31-mpf-pinbox.log',
    '2026-11-25-03-39-32-mc-pinbox.log',
    '2026-11-25-03-39-33-mc-other.log',
    '2026-11-25-09-00-00-mpf-pinbox.log',
    '2026-11-25-09-00-11-mc-pinbox.log',
    '2026-11-25-10-00-00-mpf-pinbox.log',
    '2026-11-25-10-06-00-mc-pinbox.log',
    '2026-11-25-11-00-00-mpf-pinbox.log',
    '2026-11-25-11-01-00-mpf-pinbox.log',
    '2026-11-25-11-02-00-mc-pinbox.log',
  ].map((name) => namedLogOf(found(name))!);
  const runs = runsOf(logs).map((run) => `${run.start} ${run.host} ${run.mpf ? 'mpf' : '-'} ${run.mc ? 'mc' : '-'}`);
  assert.deepEqual(runs, [
    '2026-11-25-03-39-31 pinbox mpf mc',
    '2026-11-25-03-39-33 other - mc',
    '2026-11-25-09-00-00 pinbox mpf mc',
    '2026-11-25-10-00-00 pinbox mpf -',
    '2026-11-25-10-06-00 pinbox - mc',
    '2026-11-25-11-00-00 pinbox mpf -',
    '2026-11-25-11-01-00 pinbox mpf mc',
  ]);
});

test('runsOf: a log and its .gz copy are one life: one run, both read', () => {
  const logs = ['2026-11-25-03-39-31-mpf-pinbox.log', '2026-11-25-03-39-31-mpf-pinbox.log.gz', '2026-11-25-03-39-31-mc-pinbox.log'].map((name) => namedLogOf(found(name))!);
  const runs = runsOf(logs);
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.mc?.source.name, 'logs/2026-11-25-03-39-31-mc-pinbox.log');
  assert.deepEqual(runs[0]!.copies.map((log) => log.source.name), ['logs/2026-11-25-03-39-31-mpf-pinbox.log.gz']);
  assert.equal(chooseRun(logs.map((log) => log.source), null).sources.length, 3);
});

test('runsOf: with two MC logs near one MPF log, the nearest is its partner; the run starts with its first log', () => {
  const logs = ['2026-11-25-03-39-36-mc-pinbox.log', '2026-11-25-03-39-30-mc-pinbox.log', '2026-11-25-03-39-31-mpf-pinbox.log'].map((name) => namedLogOf(found(name))!);
  const [first, second] = runsOf(logs);
  assert.equal(first!.start, '2026-11-25-03-39-30');
  assert.equal(first!.mc?.source.name, 'logs/2026-11-25-03-39-30-mc-pinbox.log');
  assert.equal(second!.mpf, null);
});

const FOLDER = [
  found('2026-11-24-21-39-31-mpf-pinbox.log'),
  found('2026-11-25-03-39-31-mpf-pinbox.log'),
  found('2026-11-25-03-39-32-mc-pinbox.log'),
  found('notes.log'),
];

test('chooseRun: a folder with several runs reads the newest, and logs not named like MPF’s', () => {
  const { sources, selection } = chooseRun(FOLDER, null);
  assert.deepEqual(sources.map((source) => source.name), ['logs/2026-11-25-03-39-31-mpf-pinbox.log', 'logs/2026-11-25-03-39-32-mc-pinbox.log', 'logs/notes.log']);
  assert.equal(selection?.chosenBy, 'newest');
  assert.deepEqual(selection?.runs.map((run) => [run.number, run.start, run.read, run.mpf !== null, run.mc !== null]), [
    [1, '2026-11-24-21-39-31', false, true, false],
    [2, '2026-11-25-03-39-31', true, true, true],
  ]);
});

test('chooseRun: --run by number (negative from the newest) or by start-time prefix', () => {
  const older = ['logs/2026-11-24-21-39-31-mpf-pinbox.log', 'logs/notes.log'];
  assert.deepEqual(chooseRun(FOLDER, '1').sources.map((source) => source.name), older);
  assert.deepEqual(chooseRun(FOLDER, '-2').sources.map((source) => source.name), older);
  assert.deepEqual(chooseRun(FOLDER, '2026-11-24').sources.map((source) => source.name), older);
  assert.equal(chooseRun(FOLDER, '2026-11-24').selection?.chosenBy, 'run-option');
  // A year is a start-time prefix, not a run number no run has.
  assert.throws(() => chooseRun(FOLDER, '2026'), /--run 2026: 2 runs start with this/);
  const years = [found('2025-12-31-23-00-00-mpf-pinbox.log'), found('2026-01-01-01-00-00-mpf-pinbox.log')];
  assert.deepEqual(chooseRun(years, '2025').sources.map((source) => source.name), ['logs/2025-12-31-23-00-00-mpf-pinbox.log']);
  assert.deepEqual(chooseRun(years, '2').sources.map((source) => source.name), ['logs/2026-01-01-01-00-00-mpf-pinbox.log'], 'a run number stays a run number');
});

test('chooseRun: --run that matches no run, or several, is an input error naming the runs', () => {
  assert.throws(() => chooseRun(FOLDER, '3'), (error: unknown) => error instanceof LeakdiffError && /^--run 3: there are 2 runs \(1 2026-11-24-21-39-31, 2 2026-11-25-03-39-31\)$/.test(error.message));
  assert.throws(() => chooseRun(FOLDER, '0'), LeakdiffError);
  assert.throws(() => chooseRun(FOLDER, '2026-11-2'), /2 runs start with this/);
  assert.throws(() => chooseRun(FOLDER, '2027'), /there are 2 runs/);
  assert.throws(() => chooseRun(FOLDER, '2027-'), /no run starts with this/);
});

test('chooseRun: logs named one by one are all read unless --run picks a run; one run or none needs no choice', () => {
  const explicit = [named('2026-11-24-21-39-31-mpf-pinbox.log'), named('2026-11-25-03-39-31-mpf-pinbox.log')];
  assert.equal(chooseRun(explicit, null).sources.length, 2);
  assert.equal(chooseRun(explicit, null).selection?.chosenBy, 'named');
  assert.equal(chooseRun([found('2026-11-25-03-39-31-mpf-pinbox.log')], null).selection?.chosenBy, 'only');
  assert.deepEqual(chooseRun([named('before.log'), named('after.log')], null), { sources: [named('before.log'), named('after.log')], selection: null });
  // A log named one by one is read beside a folder's newest run, but not when --run picks a run
  // (`logs/*.log` expanded by bash names every log: --run -1 still reads the newest run only).
  const mixed = [...FOLDER, named('2026-11-23-10-00-00-mpf-pinbox.log')];
  assert.ok(chooseRun(mixed, null).sources.some((source) => source.name === '2026-11-23-10-00-00-mpf-pinbox.log'));
  assert.ok(!chooseRun(mixed, '-1').sources.some((source) => source.name === '2026-11-23-10-00-00-mpf-pinbox.log'));
  assert.deepEqual(chooseRun(explicit, '-1').sources.map((source) => source.name), ['2026-11-25-03-39-31-mpf-pinbox.log']);
});

function dump(process: 'mpf' | 'mc', number: number, time: string | null): ReportSnapshot {
  return { file: `${process}.log`, line: number * 100, process, number, time, complete: true, state: 'attract', problems: 0, role: 'judged', run: 1 };
}

test('pairDumps: each MPF dump with the MC dump nearest in time; the rest unpaired', () => {
  const snapshots = [
    dump('mpf', 1, '2026-11-25T03:39:33.853'),
    dump('mpf', 2, '2026-11-25T03:39:42.435'),
    dump('mpf', 3, '2026-11-25T03:45:00.000'),
    dump('mc', 1, '2026-11-25T03:39:33.867'),
    dump('mc', 2, '2026-11-25T03:39:42.447'),
    dump('mc', 3, '2026-11-25T03:50:00.000'),
    dump('mc', 4, null),
  ];
  assert.deepEqual(pairDumps(snapshots), {
    pairs: [
      { mpf: 0, mc: 3, offsetMs: 14 },
      { mpf: 1, mc: 4, offsetMs: 12 },
    ],
    unpaired: [2, 5, 6],
  });
});

test('pairDumps: only mutual nearest dumps within the window pair; one process alone has no pairing', () => {
  const window = DUMP_PAIR_WINDOW_MS / 1000;
  const late = dump('mc', 1, `2026-11-25T03:39:${String(33 + window + 1).padStart(2, '0')}.000`);
  assert.deepEqual(pairDumps([dump('mpf', 1, '2026-11-25T03:39:33.000'), late]), { pairs: [], unpaired: [0, 1] });
  // Two MPF dumps near one MC dump: the nearer takes it.
  const crowded = pairDumps([dump('mpf', 1, '03:39:33.000'), dump('mpf', 2, '03:39:34.000'), dump('mc', 1, '03:39:34.010')]);
  assert.deepEqual(crowded, { pairs: [{ mpf: 1, mc: 2, offsetMs: 10 }], unpaired: [0] });
  // A console time of day does not pair with a dated time.
  assert.deepEqual(pairDumps([dump('mpf', 1, '03:39:33.000'), dump('mc', 1, '2026-11-25T03:39:33.010')]), { pairs: [], unpaired: [0, 1] });
  assert.equal(pairDumps([dump('mpf', 1, null), dump('mpf', 2, null)]), null);
});

test('runChoiceOf: logs named one by one judge every run; a folder or glob the newest; --run without MPF names is a run number', () => {
  assert.equal(runChoiceOf([named('before.log'), named('after.log')], null, null), 'all');
  assert.equal(runChoiceOf([found('first.log'), found('second.log')], null, null), 'newest');
  // --run -1 is the newest run as a folder reads it: the newest of each process.
  assert.equal(runChoiceOf([found('first.log')], null, '-1'), 'newest');
  assert.equal(runChoiceOf([named('first.log')], null, '-1'), 'newest');
  assert.equal(runChoiceOf([found('first.log')], null, '2'), 2);
  // The log names already picked the run: among its dumps, as without --run (from a folder the newest of each process).
  assert.equal(runChoiceOf(FOLDER.map((source) => ({ ...source, explicit: false })), chooseRun(FOLDER, '1').selection, '1'), 'newest');
  assert.equal(runChoiceOf(FOLDER.map((source) => ({ ...source, explicit: true })), chooseRun(FOLDER, '1').selection, '1'), 'all');
  assert.throws(() => runChoiceOf([found('before.log')], null, '2026-11'), (error: unknown) => error instanceof LeakdiffError && /runs are known by number only/.test(error.message));
  assert.throws(() => runChoiceOf([found('before.log')], null, '0'), LeakdiffError);
});
