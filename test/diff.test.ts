// The differ's rules on small inline snapshots: one test per rule, kind and option.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import { judgeSeries } from '../src/diff/judge.js';
import { describeRule } from '../src/report/words.js';
import type { DiffOptions, DuplicateFinding, ObjectEntry, Report, Snapshot } from '../src/model.js';
import { snapshotOf } from './helpers/snapshots.js';

/** A whole MPF dump with these handler counts. */
function mpf(handlers: Record<string, number>, extra: Partial<Snapshot> = {}): Snapshot {
  return snapshotOf('mpf', (line) => ({
    events: { line, totals: { registeredHandlers: Object.keys(handlers).length, eventQueue: 0, callbackQueue: 0, queueTasks: 0 }, handlers, queue: [] },
    ...extra,
  }));
}

interface McParts {
  handlers?: Record<string, number>;
  objects?: string[];
  clock?: string[];
  /** children keys of display `window`, after the display itself */
  tree?: string[];
  available?: number | null;
  state?: string;
}

/** A whole MC dump made of normalised keys (the reprs do not matter to the differ). */
function mc(parts: McParts): Snapshot {
  return snapshotOf('mc', (line) => {
    const entry = (key: string): ObjectEntry => ({ repr: `<${key}>`, key, line });
    const children = [entry('Display:window'), ...(parts.tree ?? []).map(entry)];
    return {
      state: parts.state ?? 'attract',
      events: { line, totals: { registeredHandlers: 1, eventQueue: 0, callbackQueue: 0, queueTasks: 0 }, handlers: parts.handlers ?? { debug_dump_stats: 2 }, queue: [] },
      displays: {
        line,
        activeSlides: [],
        activeSlideCount: 0,
        displayCount: 1,
        availableSlides: parts.available === undefined ? 5 : parts.available,
        displays: [{ name: 'window', repr: '<Display name=window[400, 300], current slide=, total slides=0>', children, totalChildren: children.length }],
      },
      objects: { line, disabled: false, declaredCount: parts.objects?.length ?? 0, entries: (parts.objects ?? []).map(entry) },
      clock: { line, entries: (parts.clock ?? []).map((key) => ({ timeout: 0, callback: key, key, line })) },
    };
  });
}

function diff(snapshots: Snapshot[], options: Partial<DiffOptions> = {}): Report {
  return diffSnapshots(snapshots, { ...DEFAULT_DIFF_OPTIONS, ...options });
}

/** `kind verdict rule subject series` of each finding, for short assertions. */
function brief(report: Report): string[] {
  return report.findings.map((finding) => `${finding.kind} ${finding.verdict} ${finding.rule} ${finding.subject} ${finding.series.join(',')}`);
}

function handlerSeries(counts: number[], options: Partial<DiffOptions> = {}): Report {
  return diff(counts.map((count) => mpf({ ball_started: count })), options);
}

test('judgeSeries: two dumps, growth above the budget is a leak', () => {
  assert.deepEqual(judgeSeries([3, 4], 'monotonic', 0), { verdict: 'leak', rule: 'two-dumps' });
  assert.deepEqual(judgeSeries([3, 4], 'monotonic', 1), { outcome: 'within-budget' });
  assert.deepEqual(judgeSeries([3, 3], 'monotonic', 0), { outcome: 'unchanged' });
  assert.deepEqual(judgeSeries([3, 2], 'monotonic', 0), { outcome: 'shrinking' });
});

test('judgeSeries: monotonic needs no drop and two rises', () => {
  assert.deepEqual(judgeSeries([24, 26, 28], 'monotonic', 0), { verdict: 'leak', rule: 'monotonic' });
  assert.deepEqual(judgeSeries([24, 24, 26, 26, 28], 'monotonic', 0), { verdict: 'leak', rule: 'monotonic' });
  assert.deepEqual(judgeSeries([24, 28, 28, 28], 'monotonic', 0), { verdict: 'suspect', rule: 'one-time-step' });
  assert.deepEqual(judgeSeries([24, 30, 26], 'monotonic', 0), { verdict: 'suspect', rule: 'up-and-down' });
  assert.deepEqual(judgeSeries([24, 30, 24], 'monotonic', 0), { outcome: 'unchanged' });
  assert.deepEqual(judgeSeries([24, 25, 26], 'monotonic', 2), { outcome: 'within-budget' });
  assert.deepEqual(judgeSeries([24, 25, 27], 'monotonic', 2), { verdict: 'leak', rule: 'monotonic' });
});

test('judgeSeries: strict needs a rise in every interval', () => {
  assert.deepEqual(judgeSeries([1, 2, 3, 4], 'strict', 0), { verdict: 'leak', rule: 'strict' });
  assert.deepEqual(judgeSeries([1, 2, 2, 3], 'strict', 0), { verdict: 'suspect', rule: 'not-every-interval' });
  assert.deepEqual(judgeSeries([1, 2, 1, 3], 'strict', 0), { verdict: 'suspect', rule: 'up-and-down' });
});

test('judgeSeries: net looks at last minus first only', () => {
  assert.deepEqual(judgeSeries([1, 5, 2], 'net', 0), { verdict: 'leak', rule: 'net' });
  assert.deepEqual(judgeSeries([1, 5, 1], 'net', 0), { outcome: 'unchanged' });
  assert.deepEqual(judgeSeries([1, 5, 3], 'net', 2), { outcome: 'within-budget' });
});

test('a handler count that grows steadily over three dumps is a leak', () => {
  const report = handlerSeries([24, 26, 28]);
  assert.deepEqual(brief(report), ['handler-growth leak monotonic ball_started 24,26,28']);
  assert.equal(report.findings[0]!.delta, 4);
  assert.equal(report.summary.leaks, 1);
  assert.equal(report.exitCode, 1);
});

test('two dumps: growth is a leak by the two-dumps rule', () => {
  assert.deepEqual(brief(handlerSeries([9, 11])), ['handler-growth leak two-dumps ball_started 9,11']);
});

test('two dumps in different machine states: growth is a suspect (states-differ), not a leak', () => {
  const attractThenBall = diff([mpf({ ball_started: 9 }, { state: 'attract' }), mpf({ ball_started: 11 }, { state: 'game·ball' })]);
  assert.deepEqual(brief(attractThenBall), ['handler-growth suspect states-differ ball_started 9,11']);
  assert.equal(attractThenBall.exitCode, 0, 'a state change alone does not fail the gate');
  assert.equal(diff([mpf({ ball_started: 9 }, { state: 'attract' }), mpf({ ball_started: 11 }, { state: 'game·ball' })], { failOn: 'suspect' }).exitCode, 1);
  // The same state: the two-dumps rule as before; two states the logs do not tell, the same.
  assert.deepEqual(brief(diff([mpf({ ball_started: 9 }, { state: 'game·ball' }), mpf({ ball_started: 11 }, { state: 'game·ball' })])), ['handler-growth leak two-dumps ball_started 9,11']);
  assert.deepEqual(brief(diff([mpf({ ball_started: 9 }, { state: 'unknown' }), mpf({ ball_started: 11 }, { state: 'unknown' })])), ['handler-growth leak two-dumps ball_started 9,11']);
  // A state the log does not tell is not taken for the other's: the dumps may differ in state.
  assert.deepEqual(brief(diff([mpf({ ball_started: 9 }, { state: 'unknown' }), mpf({ ball_started: 11 }, { state: 'attract' })])), ['handler-growth suspect states-differ ball_started 9,11']);
  // A trend too must rise where the dumps agree: here every rise is from one state to another.
  const states = ['attract', 'game·ball', 'attract', 'game·ball'];
  const series = (trend: DiffOptions['trend']): Report =>
    diff(
      [5, 6, 7, 8].map((count, index) => mpf({ x: count }, { state: states[index]! })),
      { trend, byState: 'off' },
    );
  assert.deepEqual(brief(series('net')), ['handler-growth suspect states-differ x 5,6,7,8']);
  assert.deepEqual(brief(series('monotonic')), ['handler-growth suspect states-differ x 5,6,7,8']);
  assert.deepEqual(series('monotonic').findings[0]!.differs, { before: 0, after: 1, states: ['attract', 'game·ball'], modesStarted: [], modesStopped: [] });
  // The words: "only between" is said of two dumps alone; a longer series may also have grown
  // between two dumps that agree, in one interval.
  assert.equal(describeRule(attractThenBall.findings[0]!), 'grew only between dumps of different machine states or modes (attract → game·ball)');
  assert.equal(describeRule(series('monotonic').findings[0]!), 'grew across dumps of different machine states or modes (attract → game·ball)');
});

test('counts that go up and down are not a leak', () => {
  const report = handlerSeries([5, 7, 5, 6]);
  assert.deepEqual(brief(report), ['handler-growth suspect up-and-down ball_started 5,7,5,6']);
  assert.equal(report.exitCode, 0);
  assert.deepEqual(brief(handlerSeries([5, 7, 5, 7, 5])), []);
});

test('--trend strict and net change what is a leak', () => {
  assert.deepEqual(brief(handlerSeries([1, 2, 2, 3], { trend: 'strict' })), ['handler-growth suspect not-every-interval ball_started 1,2,2,3']);
  assert.deepEqual(brief(handlerSeries([1, 2, 3, 4], { trend: 'strict' })), ['handler-growth leak strict ball_started 1,2,3,4']);
  assert.deepEqual(brief(handlerSeries([1, 4, 2], { trend: 'net' })), ['handler-growth leak net ball_started 1,4,2']);
});

test('--max-growth: growth within the budget is counted, not reported', () => {
  const report = handlerSeries([10, 11, 12], { maxGrowth: 2 });
  assert.deepEqual(brief(report), []);
  assert.equal(report.summary.withinBudget, 1);
  assert.equal(report.options.maxGrowth, 2);
});

test('unchanged and shrinking keys are counted in the summary, listed only with all', () => {
  const snapshots = [mpf({ a: 1, b: 5, c: 2 }), mpf({ a: 1, b: 4, c: 3 })];
  const report = diff(snapshots);
  // a unchanged, and the three queue totals (event_queue, callback_queue, _queue_tasks)
  assert.deepEqual(report.summary.byProcess.mpf, { dumps: 2, judged: 2, leaks: 1, suspects: 0, unchanged: 4, shrinking: 1, withinBudget: 0, settled: 0 });
  assert.equal(report.otherKeys, undefined);
  const all = diff(snapshots, { all: true });
  assert.deepEqual(all.otherKeys?.map((key) => `${key.kind} ${key.subject} ${key.outcome}`), [
    'handler-growth a unchanged',
    'handler-growth b shrinking',
    'queue-growth callbackQueue unchanged',
    'queue-growth eventQueue unchanged',
    'queue-growth queueTasks unchanged',
  ]);
});

test('an event absent from a dump counts 0, so an event that appears is growth', () => {
  const report = diff([mpf({ a: 1 }), mpf({ a: 1, timer_tick: 1 }), mpf({ a: 1, timer_tick: 2 })]);
  assert.deepEqual(brief(report), ['handler-growth leak monotonic timer_tick 0,1,2']);
});

test("the dump's own handlers are left out unless asked for", () => {
  const snapshots = [mpf({ debug_dump_stats: 1, bcp_debug_dump: 1 }), mpf({ debug_dump_stats: 2, bcp_debug_dump: 2 })];
  assert.deepEqual(brief(diff(snapshots)), []);
  assert.deepEqual(brief(diff(snapshots, { includeDumpHandlers: true })), [
    'handler-growth leak two-dumps bcp_debug_dump 1,2',
    'handler-growth leak two-dumps debug_dump_stats 1,2',
  ]);
});

test('--ignore globs leave subjects out', () => {
  const snapshots = [mpf({ timer_a: 1, timer_b: 1, ball_started: 1 }), mpf({ timer_a: 2, timer_b: 2, ball_started: 2 })];
  assert.deepEqual(brief(diff(snapshots, { ignore: ['timer_*'] })), ['handler-growth leak two-dumps ball_started 1,2']);
  assert.deepEqual(brief(diff(snapshots, { ignore: ['timer_?', 'ball_*'] })), []);
});

test('--warmup leaves the first dumps out and says so', () => {
  const report = handlerSeries([3, 8, 10, 12]);
  assert.deepEqual(brief(report), ['handler-growth leak monotonic ball_started 3,8,10,12']);
  const warm = handlerSeries([3, 8, 8, 8], { warmup: 1 });
  assert.deepEqual(brief(warm), []);
  assert.deepEqual(warm.snapshots.map((snapshot) => snapshot.role), ['warmup', 'judged', 'judged', 'judged']);
  assert.deepEqual(warm.comparisons, [{ run: 1, process: 'mpf', state: null, snapshots: [1, 2, 3] }]);
  assert.equal(warm.options.warmup, 1);
});

test('--from/--to pick dumps per process, negative from the end', () => {
  const report = handlerSeries([1, 5, 6, 7, 7], { from: 2, to: -2 });
  assert.deepEqual(report.snapshots.map((snapshot) => snapshot.role), ['excluded', 'judged', 'judged', 'judged', 'excluded']);
  assert.deepEqual(brief(report), ['handler-growth leak monotonic ball_started 5,6,7']);
  assert.deepEqual(report.snapshots.map((snapshot) => snapshot.number), [1, 2, 3, 4, 5]);
});

test('--process judges one process only', () => {
  const snapshots = [mpf({ a: 1 }), mc({ handlers: { b: 1 } }), mpf({ a: 2 }), mc({ handlers: { b: 2 } })];
  const report = diff(snapshots, { process: 'mc' });
  assert.deepEqual(brief(report), ['handler-growth leak two-dumps b 1,2']);
  assert.deepEqual(report.comparisons, [{ run: 1, process: 'mc', state: null, snapshots: [1, 3] }]);
  assert.equal(report.summary.byProcess.mpf.judged, 0);
});

test('processes are grouped, mpf first, and points index the report snapshots in input order', () => {
  const snapshots = [mc({ handlers: { b: 1 } }), mpf({ a: 1 }), mc({ handlers: { b: 3 } }), mpf({ a: 2 })];
  const report = diff(snapshots);
  assert.deepEqual(report.comparisons.map((comparison) => [comparison.process, comparison.snapshots]), [['mpf', [1, 3]], ['mc', [0, 2]]]);
  const byProcess = Object.fromEntries(report.findings.map((finding) => [finding.process, finding.points]));
  assert.deepEqual(byProcess, { mpf: [1, 3], mc: [0, 2] });
  assert.deepEqual(report.snapshots.map((snapshot) => `${snapshot.process}#${snapshot.number}`), ['mc#1', 'mpf#1', 'mc#2', 'mpf#2']);
});

test('state groups: a count that alternates with the state is not a leak', () => {
  const states = ['attract', 'game·ball', 'game·ball', 'attract', 'game·ball', 'game·ball', 'attract'];
  const snapshots = states.map((state) => mpf({ ball_started: state === 'attract' ? 9 : 10, s_ramp_active: state === 'attract' ? 1 : 2 }, { state }));
  const report = diff(snapshots);
  assert.deepEqual(brief(report), []);
  assert.deepEqual(report.comparisons, [
    { run: 1, process: 'mpf', state: 'attract', snapshots: [0, 3, 6] },
    { run: 1, process: 'mpf', state: 'game·ball', snapshots: [1, 2, 4, 5] },
  ]);
  const together = diff(snapshots, { byState: 'off' });
  assert.deepEqual(together.comparisons, [{ run: 1, process: 'mpf', state: null, snapshots: [0, 1, 2, 3, 4, 5, 6] }]);
  assert.equal(together.summary.leaks, 0);
});

test('state groups: a count that grows from one attract dump to the next is a leak', () => {
  const states = ['attract', 'game·ball', 'attract', 'game·ball', 'attract'];
  const snapshots = states.map((state, index) => mpf({ ball_started: state === 'attract' ? 9 + index : 10 }, { state }));
  const report = diff(snapshots);
  assert.deepEqual(brief(report), ['handler-growth leak monotonic ball_started 9,11,13']);
  assert.equal(report.findings[0]!.state, 'attract');
  assert.deepEqual(report.findings[0]!.points, [0, 2, 4]);
});

test('--by-state auto compares all dumps together when no state repeats; on groups anyway', () => {
  const snapshots = [mpf({ a: 1 }, { state: 'unknown' }), mpf({ a: 2 }, { state: 'attract' })];
  assert.deepEqual(diff(snapshots).comparisons, [{ run: 1, process: 'mpf', state: null, snapshots: [0, 1] }]);
  const on = diff(snapshots, { byState: 'on' });
  assert.deepEqual(on.comparisons.map((comparison) => comparison.snapshots), [[0], [1]]);
  assert.deepEqual(brief(on), []);
});

test('a duplicate slide that grows is a leak; one that holds is a suspect', () => {
  const growing = diff([mc({ objects: ['Slide:frenzy'] }), mc({ objects: ['Slide:frenzy', 'Slide:frenzy'] }), mc({ objects: ['Slide:frenzy', 'Slide:frenzy', 'Slide:frenzy'] })]);
  assert.deepEqual(brief(growing), ['duplicate-slide leak monotonic Slide:frenzy 1,2,3']);
  const finding = growing.findings[0] as DuplicateFinding;
  assert.equal(finding.copies, 3);
  assert.equal(finding.where, 'objects');
  assert.equal(finding.display, null);
  const holding = diff([mc({ objects: ['Slide:a', 'Slide:a'] }), mc({ objects: ['Slide:a', 'Slide:a'] })]);
  assert.deepEqual(brief(holding), ['duplicate-slide suspect duplicate Slide:a 2,2']);
  assert.equal(holding.exitCode, 0);
  assert.equal(diff([mc({ objects: ['Slide:a', 'Slide:a'] }), mc({ objects: ['Slide:a', 'Slide:a'] })], { failOn: 'suspect' }).exitCode, 1);
});

test('duplicate widgets in a display tree; WidgetContainers, the Display and anonymous widgets are not copies', () => {
  const tree = (images: number): string[] => ['Slide:attract', ...Array.from({ length: images }, () => ['WidgetContainer:None', 'Image:nyannyan']).flat(), 'WidgetContainer:None', 'Rectangle Widget', 'WidgetContainer:None', 'Rectangle Widget'];
  const report = diff([mc({ tree: tree(1) }), mc({ tree: tree(2) }), mc({ tree: tree(3) })]);
  assert.deepEqual(brief(report), ['duplicate-widget leak monotonic Image:nyannyan 1,2,3']);
  const finding = report.findings[0] as DuplicateFinding;
  assert.equal(finding.where, 'display');
  assert.equal(finding.display, 'window');
});

test('OBJECTS: anonymous widgets and other objects count as object growth', () => {
  const report = diff([mc({ objects: ['Rectangle Widget'] }), mc({ objects: ['Rectangle Widget', 'Rectangle Widget', 'mpfmc.widgets.text.BitmapFontLabel'] }), mc({ objects: ['Rectangle Widget', 'Rectangle Widget', 'Rectangle Widget', 'mpfmc.widgets.text.BitmapFontLabel', 'mpfmc.widgets.text.BitmapFontLabel'] })]);
  assert.deepEqual(brief(report), ['object-growth leak monotonic Rectangle Widget 1,2,3', 'object-growth leak monotonic mpfmc.widgets.text.BitmapFontLabel 0,1,2']);
});

test('anonymous slides replaced with new ids share one key and are not growth', () => {
  const report = diff([mc({ objects: ['Slide:Anon_12'] }), mc({ objects: ['Slide:Anon_17'] }), mc({ objects: ['Slide:Anon_23'] })]);
  assert.deepEqual(brief(report), []);
  assert.equal(report.summary.unchanged > 0, true);
});

test('clock callbacks piling up are clock growth', () => {
  const clock = (n: number): string[] => ['MpfMc.tick', ...Array.from({ length: n }, () => 'Widget.remove'), ...Array.from({ length: n * 2 }, () => 'Animation._update')];
  const report = diff([mc({ clock: clock(0) }), mc({ clock: clock(1) }), mc({ clock: clock(2) })]);
  assert.deepEqual(brief(report), ['clock-growth leak monotonic Animation._update 0,2,4', 'clock-growth leak monotonic Widget.remove 0,1,2']);
});

test('Available Slides growth; older MC without the counter is left out of that series', () => {
  assert.deepEqual(brief(diff([mc({ available: 5 }), mc({ available: 7 }), mc({ available: 9 })])), ['available-slides-growth leak monotonic availableSlides 5,7,9']);
  const older = diff([mc({ available: null }), mc({ available: 7 }), mc({ available: 9 })]);
  assert.deepEqual(brief(older), ['available-slides-growth leak two-dumps availableSlides 7,9']);
  assert.deepEqual(older.findings[0]!.points, [1, 2]);
});

test('queue totals growing are queue growth, each of the three on its own', () => {
  const totals = (eventQueue: number, callbackQueue: number, queueTasks: number): Partial<Snapshot> => ({
    events: { line: 1, totals: { registeredHandlers: 0, eventQueue, callbackQueue, queueTasks }, handlers: {}, queue: [] },
  });
  const report = diff([mpf({}, totals(0, 0, 1)), mpf({}, totals(2, 4, 1)), mpf({}, totals(3, 9, 2))]);
  assert.deepEqual(brief(report), [
    'queue-growth leak monotonic callbackQueue 0,4,9',
    'queue-growth leak monotonic eventQueue 0,2,3',
    'queue-growth suspect one-time-step queueTasks 1,1,2',
  ]);
});

test('findings are sorted by kind, then biggest growth first', () => {
  const report = diff([
    mc({ handlers: { a: 1, b: 1 }, clock: [] }),
    mc({ handlers: { a: 2, b: 5 }, clock: ['Widget.remove'] }),
  ]);
  assert.deepEqual(report.findings.map((finding) => `${finding.kind}:${finding.subject}`), ['handler-growth:b', 'handler-growth:a', 'clock-growth:Widget.remove']);
});

test('a comparison resting on an incomplete snapshot says so; strict makes it exit 2', () => {
  const damaged = mpf({ a: 2 }, { complete: false, problems: [{ line: 3, reason: 'truncated', detail: 'cut' }] });
  const report = diff([mpf({ a: 1 }), damaged]);
  assert.equal(report.incomplete, true);
  assert.equal(report.summary.incomplete, 1);
  assert.equal(report.snapshots[1]!.problems, 1);
  assert.equal(report.exitCode, 1);
  assert.equal(diff([mpf({ a: 1 }), damaged], { strict: true }).exitCode, 2);
  const warm = diff([damaged, mpf({ a: 1 }), mpf({ a: 1 })], { warmup: 1 });
  assert.equal(warm.incomplete, false, 'a warm-up dump is not compared');
});

test('one dump: nothing is compared, nothing is found', () => {
  const report = diff([mpf({ a: 1 })]);
  assert.deepEqual(report.comparisons, [{ run: 1, process: 'mpf', state: null, snapshots: [0] }]);
  assert.deepEqual(report.findings, []);
  assert.equal(report.exitCode, 0);
});

test('findings keep a fixed key order, so JSON output is stable', () => {
  const report = diff([mc({ objects: ['Slide:a'] }), mc({ objects: ['Slide:a', 'Slide:a'] })]);
  assert.deepEqual(Object.keys(report), ['schemaVersion', 'snapshots', 'dumpRuns', 'comparisons', 'findings', 'summary', 'incomplete', 'options', 'exitCode']);
  assert.deepEqual(Object.keys(report.findings[0]!), ['kind', 'verdict', 'rule', 'process', 'run', 'subject', 'state', 'series', 'points', 'delta', 'evidence', 'span', 'copies', 'where', 'display']);
});
