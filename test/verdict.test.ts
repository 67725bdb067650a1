// One verdict per leak: each subject of a run judged once, its series per state group (and per
// place counted) as evidence; no leak resting on dumps whose state or modes differ; steps that
// rose once and held are settled, not suspects. Generated dumps, one rule a test.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import type { DiffOptions, ObjectEntry, Report, Snapshot } from '../src/model.js';
import { snapshotOf } from './helpers/snapshots.js';

/** An MPF dump with these handler counts, taken in `state` with `modes` running. */
function mpf(handlers: Record<string, number>, state = 'attract', modes: string[] = []): Snapshot {
  return snapshotOf('mpf', (line) => ({
    state,
    activeModes: modes,
    events: { line, totals: { registeredHandlers: Object.keys(handlers).length, eventQueue: 0, callbackQueue: 0, queueTasks: 0 }, handlers, queue: [] },
  }));
}

/** An MC dump whose OBJECTS and display `window` hold these keys. */
function mc(objects: string[], tree: string[], state = 'attract'): Snapshot {
  return snapshotOf('mc', (line) => {
    const entry = (key: string): ObjectEntry => ({ repr: `<${key}>`, key, line });
    const children = [entry('Display:window'), ...tree.map(entry)];
    return {
      state,
      events: { line, totals: { registeredHandlers: 1, eventQueue: 0, callbackQueue: 0, queueTasks: 0 }, handlers: { debug_dump_stats: 2 }, queue: [] },
      displays: { line, activeSlides: [], activeSlideCount: 0, displayCount: 1, availableSlides: 5, displays: [{ name: 'window', repr: '<Display name=window>', children, totalChildren: children.length }] },
      objects: { line, disabled: false, declaredCount: objects.length, entries: objects.map(entry) },
      clock: { line, entries: [] },
    };
  });
}

function diff(snapshots: Snapshot[], options: Partial<DiffOptions> = {}): Report {
  return diffSnapshots(snapshots, { ...DEFAULT_DIFF_OPTIONS, ...options });
}

const repeat = (key: string, count: number): string[] => Array.from({ length: count }, () => key);

test('a leak in two machine states is one finding, each state its evidence', () => {
  const counts = [
    ['attract', 0],
    ['game·ball', 3],
    ['attract', 4],
    ['game·ball', 7],
    ['attract', 8],
    ['game·ball', 11],
  ] as const;
  const report = diff(counts.map(([state, count]) => mpf({ ball_started: 1, leak: count }, state)));
  assert.equal(report.findings.length, 1);
  const [finding] = report.findings;
  assert.equal(finding!.verdict, 'leak');
  assert.equal(report.summary.leaks, 1, 'the summary counts findings, not state groups');
  assert.deepEqual(
    finding!.evidence.map((one) => `${one.state} ${one.series.join(',')} ${one.verdict}`),
    ['attract 0,4,8 leak', 'game·ball 3,7,11 leak'],
  );
  assert.deepEqual(finding!.series, [0, 4, 8], 'the finding keeps the deciding series');
});

test('ball, attract, ball with one more mode: handlers the mode registers are no leak, and the report says the modes differ', () => {
  const report = diff([
    mpf({ ball_started: 9, frenzy_hit: 0 }, 'game·ball', ['base', 'game']),
    mpf({ ball_started: 9, frenzy_hit: 0 }, 'attract', ['attract']),
    mpf({ ball_started: 9, frenzy_hit: 3 }, 'game·ball', ['base', 'frenzy', 'game']),
  ]);
  assert.equal(report.exitCode, 0);
  assert.deepEqual(report.findings.map((finding) => `${finding.subject} ${finding.verdict} ${finding.rule}`), ['frenzy_hit suspect states-differ']);
  assert.deepEqual(report.findings[0]!.differs, { before: 0, after: 2, states: null, modesStarted: ['frenzy'], modesStopped: [] });
});

test('two dumps of one state in a longer run are a series of two: growth is a suspect, not a leak', () => {
  const report = diff([mpf({ x: 1 }, 'game·ball'), mpf({ x: 1 }, 'attract'), mpf({ x: 1 }, 'attract'), mpf({ x: 4 }, 'game·ball')]);
  assert.deepEqual(report.findings.map((finding) => `${finding.verdict} ${finding.rule} ${finding.state} ${finding.series.join(',')}`), ['suspect two-in-state game·ball 1,4']);
  assert.equal(report.exitCode, 0);
  // Two dumps and nothing else: the two-dump rule, as documented.
  assert.equal(diff([mpf({ x: 1 }, 'game·ball'), mpf({ x: 4 }, 'game·ball')]).findings[0]!.rule, 'two-dumps');
  // `--trend net` takes first and last whatever lies between: the pair is as much a leak as the
  // same dumps compared with the others (--by-state off).
  const net = diff([mpf({ x: 1 }, 'game·ball'), mpf({ x: 1 }, 'attract'), mpf({ x: 1 }, 'attract'), mpf({ x: 4 }, 'game·ball')], { trend: 'net' });
  assert.deepEqual(net.findings.map((finding) => `${finding.verdict} ${finding.rule} ${finding.state}`), ['leak two-dumps game·ball']);
});

test('a trend must rise where the dumps agree on the state; modes may come and go along it', () => {
  const busy = [
    ['base'],
    ['base', 'multiball'],
    ['base', 'wizard'],
    ['base', 'multiball', 'wizard'],
  ];
  const report = diff(busy.map((modes, index) => mpf({ x: 10 + index }, 'game·ball', modes)));
  assert.deepEqual(report.findings.map((finding) => `${finding.verdict} ${finding.rule}`), ['leak monotonic']);
});

test('a key that rose once and held is settled: not a finding, counted in the summary and listed under --all', () => {
  const report = diff([mpf({ x: 0 }), mpf({ x: 2 }), mpf({ x: 2 }), mpf({ x: 2 })], { all: true });
  assert.deepEqual(report.findings, []);
  assert.equal(report.summary.settled, 1);
  assert.equal(report.summary.byProcess.mpf.settled, 1);
  assert.deepEqual(report.otherKeys?.filter((key) => key.subject === 'x').map((key) => `${key.outcome} ${key.series.join(',')}`), ['settled 0,2,2,2']);
  // Risen at the last dump, it has not held yet: a suspect.
  const late = diff([mpf({ x: 0 }), mpf({ x: 0 }), mpf({ x: 2 })]);
  assert.deepEqual(late.findings.map((finding) => `${finding.verdict} ${finding.rule}`), ['suspect one-time-step']);
});

test('a duplicate stays a finding even when its copies settled', () => {
  const report = diff([mc(['Slide:attract'], []), mc(['Slide:attract', 'Slide:attract'], []), mc(['Slide:attract', 'Slide:attract'], [])]);
  assert.deepEqual(report.findings.map((finding) => `${finding.kind} ${finding.verdict} ${finding.rule}`), ['duplicate-slide suspect duplicate']);
});

test('a widget piling up in OBJECTS and in a display tree is one finding, both places its evidence', () => {
  const counts = [1, 2, 3, 4];
  const report = diff(counts.map((count) => mc(repeat('Text:SPIN', count), repeat('Text:SPIN', count))));
  assert.equal(report.findings.length, 1);
  const [finding] = report.findings;
  assert.equal(finding!.kind, 'duplicate-widget');
  assert.equal(finding!.copies, 4);
  assert.deepEqual(finding!.evidence.map((one) => `${one.where} ${one.display} ${one.verdict}`).sort(), ['display window leak', 'objects null leak']);
});
