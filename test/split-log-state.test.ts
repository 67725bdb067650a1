// A log cut into files, the later ones without a start-up: their first dumps were taken in the
// state the earlier file left (a game, a ball, a mode running), which their own lines do not say.
// leakdiff compares the dumps of all of them as one life, so the verdict must be the whole log's
// wherever it was cut and in whatever order the files are named.

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { main as distMain } from '../dist/cli.js';
import { runCli } from './helpers/cli.js';
import { leakyLog, scratchFolder } from './helpers/leaky-machine.js';
import { assertSameSplitAnywhere } from './helpers/split-everywhere.js';

const folder = scratchFolder('split-log-state');
after(() => rmSync(folder, { recursive: true, force: true }));

const at = (second: number): string => `2026-12-05 10:00:${String(second).padStart(2, '0')},000 : INFO : EventManager : `;
const post = (second: number, name: string): string => `${at(second)}Event: ======'${name}'====== Args={}`;
const dump = (second: number, leak: number, mode: number): string[] => [
  post(second, 'debug_dump_stats'),
  `${at(second)}--- DEBUG DUMP EVENTS ---`,
  `${at(second)}  Total handlers: ${leak} (for s_leak_active)`,
  `${at(second)}  Total handlers: ${mode} (for s_mode_only_active)`,
  `${at(second)}--- DEBUG DUMP EVENTS END ---`,
];

/**
 * A run: attract, a game of two balls with a mode that registers a handler while it runs, attract
 * again. `s_leak_active` grows in every state; `s_mode_only_active` only follows the mode.
 */
const run = [
  ...[1, 2, 3, 4, 5].map((phase) => post(1, `init_phase_${phase}`)),
  post(2, 'mode_attract_started'),
  ...dump(3, 1, 0),
  post(4, 'mode_attract_stopped'),
  post(4, 'game_started'),
  post(5, 'ball_started'),
  post(5, 'mode_base_started'),
  ...dump(6, 2, 1),
  post(7, 'ball_ended'),
  post(8, 'ball_started'),
  ...dump(9, 3, 1),
  post(10, 'mode_base_stopped'),
  post(10, 'ball_ended'),
  post(11, 'game_ended'),
  post(12, 'mode_attract_started'),
  ...dump(13, 4, 0),
  post(14, 's_flipper_active'),
  ...dump(15, 5, 0),
];

function write(name: string, lines: readonly string[]): string {
  const file = path.join(folder, name);
  writeFileSync(file, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  return file;
}

/** What decides the verdict: the exit code, each dump's state, each finding; and the events and callbacks found behind each. */
async function verdictOf(files: readonly string[]) {
  const result = await runCli([...files, '--format', 'json'], { entry: distMain });
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  const report = JSON.parse(result.stdout) as {
    snapshots: { number: number; state: string; run: number }[];
    findings: { subject: string; state: string | null; verdict: string; lead?: unknown; explainedBy?: unknown; culprits?: { callback: string; counts: (number | null)[] }[] }[];
  };
  return {
    code: result.code,
    dumps: report.snapshots.map(({ run, number, state }) => ({ run, number, state })).sort((a, b) => a.run - b.run || a.number - b.number),
    findings: report.findings.map(({ subject, state, verdict, lead, explainedBy, culprits }) => ({ subject, state, verdict, lead, explainedBy, culprits: culprits?.map(({ callback, counts }) => ({ callback, counts })) })),
  };
}

/** The line starts where a log can be cut with a whole dump on either side. */
function cutsBetweenDumps(lines: readonly string[]): number[] {
  const cuts: number[] = [];
  const firstEnd = lines.findIndex((line) => line.endsWith('--- DEBUG DUMP EVENTS END ---'));
  const lastTrigger = lines.findLastIndex((line) => line.endsWith("'debug_dump_stats'====== Args={}"));
  let inDump = false;
  lines.forEach((line, index) => {
    if (index > firstEnd && index <= lastTrigger && !inDump) cuts.push(index);
    if (line.endsWith('--- DEBUG DUMP EVENTS ---')) inDump = true;
    if (line.endsWith('--- DEBUG DUMP EVENTS END ---')) inDump = false;
  });
  return cuts;
}

test('a log cut in two anywhere between its dumps: the two files give the whole log\'s states and verdict, named in either order', async () => {
  const whole = await verdictOf([write('whole.log', run)]);
  assert.equal(whole.code, 1);
  assert.deepEqual(whole.dumps.map(({ state }) => state), ['attract', 'game·ball', 'game·ball', 'attract', 'attract']);
  assert.deepEqual(whole.findings.map(({ subject, state, verdict }) => ({ subject, state, verdict })), [{ subject: 's_leak_active', state: 'attract', verdict: 'leak' }]);
  const cuts = cutsBetweenDumps(run);
  assert.ok(cuts.length > 12, String(cuts.length));
  for (const cut of cuts) {
    const first = write('first.log', run.slice(0, cut));
    const second = write('second.log', run.slice(cut));
    assert.deepEqual(await verdictOf([first, second]), whole, `cut before line ${cut + 1}`);
    assert.deepEqual(await verdictOf([second, first]), whole, `cut before line ${cut + 1}, the later file named first`);
  }
});

test('a log cut in three, the middle file saying nothing of the state: the state goes on through it', async () => {
  const whole = await verdictOf([write('whole3.log', run)]);
  const ballStarted = run.indexOf(post(5, 'mode_base_started')) + 1;
  const secondBall = run.indexOf(post(8, 'ball_started')) + 1;
  // The middle file holds one dump, taken during the first ball, and no post but its trigger.
  const parts = [run.slice(0, ballStarted), run.slice(ballStarted, secondBall - 2), run.slice(secondBall - 2)];
  const files = parts.map((lines, index) => write(`part${index + 1}.log`, lines));
  assert.deepEqual(await verdictOf(files), whole);
  assert.deepEqual(await verdictOf([files[2]!, files[0]!, files[1]!]), whole);
});

test('two files of two runs: the later one starts up, and nothing is carried over to it', async () => {
  const firstRun = write('run1.log', run.slice(0, run.indexOf(post(7, 'ball_ended'))));
  const secondRun = write('run2.log', run.map((line) => line.replace('10:00:', '10:01:')));
  const alone = await verdictOf([secondRun]);
  const both = await verdictOf([firstRun, secondRun, '--run', '2']);
  const statesOf = (dumps: typeof alone.dumps, run: number) => dumps.filter((dump) => dump.run === run).map(({ number, state }) => ({ number, state }));
  assert.deepEqual(statesOf(both.dumps, 2), statesOf(alone.dumps, 1));
  assert.deepEqual(both.findings, alone.findings);
});

test('a log without a start-up read on two threads split at any line: what it leaves to a log before it is the same', async () => {
  // A dump before any game or ball step, so that what the log says of before it may lie in either part.
  const cut = [post(3, 's_flipper_active'), ...dump(3, 1, 0), ...run.slice(run.indexOf(post(4, 'game_started'))), post(16, 's_flipper_active'), post(16, 'ball_started')];
  const whole = await assertSameSplitAnywhere(write('cut.log', cut));
  assert.ok(whole.continuity !== undefined);
  assert.equal(whole.continuity.openDumps.length, 5);
  const unset = { modes: [], stoppedModes: [], inGame: null, ballInPlay: null, sawPostedEvent: true, startedOver: false };
  assert.deepEqual(whole.continuity.openDumps[0], { line: 3, channel: 'mpf', state: unset, counted: false });
  assert.deepEqual(whole.continuity.openDumps[1], { line: 11, channel: 'mpf', state: { ...unset, modes: ['base'], inGame: true, ballInPlay: true }, counted: true });
  const [end] = whole.continuity.ends;
  assert.deepEqual({ ...end, posted: { ...end!.posted } }, {
    channel: 'mpf',
    state: { modes: ['attract'], stoppedModes: ['base'], inGame: true, ballInPlay: true, sawPostedEvent: true, startedOver: false },
    posted: { s_flipper_active: 1, ball_started: 1 },
    dumped: true,
    before: { inGame: null, ballInPlay: false },
  });
});

test('parts of a log with one left out between them: a part whose first game step contradicts where the part before ended takes nothing from it', async () => {
  const lines = leakyLog('a', 'mpf').split('\n');
  const triggers = lines.flatMap((line, index) => (line.endsWith("Event: ======'debug_dump_stats'====== Args={}") ? [index] : []));
  // Parts 1, 3 and 5 of the log cut before each dump: part 1 ends during a ball, part 3 begins in
  // attract and starts a game, and part 5 likewise after part 3 ended during a ball.
  const part = (n: number): string => write(`gap-${n}.log`, lines.slice(n === 1 ? 0 : triggers[n - 1], triggers[n]));
  const gapped = await verdictOf([part(1), part(3), part(5)]);
  assert.deepEqual(gapped.dumps.map(({ state }) => state), ['attract', 'unknown', 'unknown']);
  // With the parts between, every dump's state is read on.
  const all = await verdictOf([1, 2, 3, 4, 5].map(part));
  assert.deepEqual(all.dumps.map(({ state }) => state), ['attract', 'game·ball', 'attract', 'game·ball', 'attract']);
});

test('the real leaky run cut in two just before its last dump: the last dump is in attract, as in the whole log', async () => {
  const lines = leakyLog('a', 'mpf').split('\n');
  const last = lines.findLastIndex((line) => line.endsWith("Event: ======'debug_dump_stats'====== Args={}"));
  // Cut after the attract mode started, so that the second file's posts say nothing of the state.
  const cut = last - 3;
  assert.doesNotMatch(lines.slice(cut, last).join('\n'), /mode_attract_started|game_ended|init_phase/);
  const whole = await verdictOf([write('leaky-whole.log', lines)]);
  const split = await verdictOf([write('leaky-1.log', lines.slice(0, cut)), write('leaky-2.log', lines.slice(cut))]);
  assert.equal(split.dumps.at(-1)!.state, 'attract');
  assert.deepEqual(split, whole);
});

test('the real leaky run cut before each of its dumps, the parts named last first: the same leaks, states, leads and culprits as the whole log', async () => {
  const lines = leakyLog('a', 'mpf').split('\n');
  const triggers = lines.flatMap((line, index) => (line.endsWith("Event: ======'debug_dump_stats'====== Args={}") ? [index] : []));
  const cuts = [0, ...triggers.slice(1), lines.length];
  const parts = cuts.slice(1).map((end, index) => write(`nine-${index + 1}.log`, lines.slice(cuts[index], end)));
  assert.equal(parts.length, 9);
  const whole = await verdictOf([write('nine-whole.log', lines)]);
  assert.ok(whole.findings.every((finding) => finding.lead !== undefined));
  assert.deepEqual(whole.findings.flatMap((finding) => finding.culprits ?? []).map(({ callback }) => callback).sort(), ['OrbitCombos._orbit_made', 'Skillshot._rollover_hit']);
  assert.deepEqual(await verdictOf(parts.toReversed()), whole);
});

test('the real logs cut where a game starts or ends, or a ball: each pair of parts gives the whole log\'s states and leads', async () => {
  // A game's start and end are each two events (mode_game_started, game_started; game_ended,
  // mode_attract_started, mode_game_stopped), and MPF-MC posts no ball_ended: a cut between two of
  // them is no part missing.
  const steps = /Event: ======'(mode_game_started|game_started|game_ended|mode_attract_started|mode_game_stopped|ball_started|ball_will_end|ball_ended)'======/;
  for (const process of ['mpf', 'mc'] as const) {
    const lines = leakyLog('a', process).split('\n');
    const whole = await verdictOf([write(`steps-${process}-whole.log`, lines)]);
    const triggers = lines.flatMap((line, index) => (line.includes("Event: ======'debug_dump_stats'======") ? [index] : []));
    // The first two games, after the first dump and before the last.
    const cuts = lines.flatMap((line, index) => (steps.test(line) && index > triggers[1]! && index < triggers[5]! ? [index, index + 1] : []));
    assert.ok(cuts.length > 20, `${process}: ${cuts.length} cuts`);
    for (const cut of cuts) {
      const parts = [write(`steps-${process}-1.log`, lines.slice(0, cut)), write(`steps-${process}-2.log`, lines.slice(cut))];
      assert.deepEqual(await verdictOf(parts), whole, `${process}: cut before line ${cut + 1}`);
    }
  }
});

test('a part that says nothing of the game between two that contradict each other takes nothing either: the missing part may be before it', async () => {
  const lines = leakyLog('a', 'mpf').split('\n');
  // a ends during the first game; c holds the third dump (attract, after the first game) and no
  // game or ball step; d begins in attract and starts the second game.
  const a = write('gap-a.log', lines.slice(0, 580));
  const c = write('gap-c.log', lines.slice(789, 855));
  const d = write('gap-d.log', lines.slice(855));
  assert.doesNotMatch(lines.slice(789, 855).join('\n'), /'(mode_game_started|game_started|game_ended|mode_game_stopped|ball_started|ball_ended|mode_attract_started)'/);
  const gapped = await verdictOf([d, c, a]);
  assert.equal(gapped.dumps[2]!.state, 'unknown', JSON.stringify(gapped.dumps));
});

test('a part without a dump among the parts: it has no time to place it by, so nothing is carried between the parts of its writer', async () => {
  const lines = leakyLog('a', 'mc').split('\n');
  const triggers = lines.flatMap((line, index) => (line.includes("Event: ======'debug_dump_stats'======") ? [index] : []));
  const steps = /'(mode_game_started|game_started|game_ended|mode_game_stopped|ball_started|ball_ended|mode_attract_started|mode_attract_stopped)'/;
  // A dump of a game whose last Unordered handler line before it has no game or ball step after
  // it: the middle part is that line alone (read, with a warning, though it holds no dump), and the
  // last part, from the line after it, says nothing of the game before the dump.
  const trigger = triggers.find((at, index) => index > 1 && lines.slice(triggers[index - 1], at).some((line) => line.includes('Unordered handler')) && !steps.test(lines.slice(lines.slice(0, at).findLastIndex((line) => line.includes('Unordered handler')), at).join('\n')))!;
  const unordered = lines.slice(0, trigger).findLastIndex((line) => line.includes('Unordered handler'));
  const b = write('unplaced-b.log', lines.slice(unordered + 1));
  const alone = await verdictOf([b]);
  assert.equal(alone.dumps[0]!.state, 'unknown');
  const whole = await verdictOf([write('unplaced-whole.log', lines)]);
  const parts = await verdictOf([write('unplaced-a.log', lines.slice(0, unordered)), write('unplaced-middle.log', lines.slice(unordered, unordered + 1)), b]);
  const tail = (dumps: typeof alone.dumps) => dumps.slice(-alone.dumps.length).map(({ state }) => state);
  assert.deepEqual(tail(parts.dumps), tail(alone.dumps));
  // Without the middle part, the state is read on as in the whole log.
  assert.deepEqual(tail((await verdictOf([write('unplaced-a.log', lines.slice(0, unordered + 1)), b])).dumps), tail(whole.dumps));
  assert.notEqual(tail(whole.dumps)[0], 'unknown');
});

test('a part that holds the end of one run, a start-up and the next run\'s first dump: no handler of the first run is carried into the next', async () => {
  const runA = leakyLog('a', 'mpf').replace(/\n$/, '').split('\n');
  // The same run again twenty minutes later: a second run in one file.
  const later = runA.map((line) => line.replace(/^2026-12-05 15:3([89])/, '2026-12-05 15:5$1').replace(/^2026-12-05 15:4([0-3])/, '2026-12-05 16:0$1'));
  const lines = [...runA, ...later];
  const lastTrigger = runA.findLastIndex((line) => line.endsWith("Event: ======'debug_dump_stats'====== Args={}"));
  const firstEnd = runA.findIndex((line) => line.endsWith('--- DEBUG DUMP EVENTS END ---'));
  const cuts = [lastTrigger - 10, runA.length + firstEnd + 20];
  const parts = [lines.slice(0, cuts[0]), lines.slice(cuts[0], cuts[1]), lines.slice(cuts[1])].map((part, index) => write(`restart-${index + 1}.log`, part));
  const whole = await verdictOf([write('restart-whole.log', lines), '--run', '2']);
  const culprits = whole.findings.flatMap((finding) => finding.culprits ?? []);
  assert.ok(culprits.length > 0 && culprits.every(({ counts }) => counts[0] === null), JSON.stringify(culprits));
  assert.deepEqual(await verdictOf([...parts, '--run', '2']), whole);
});
