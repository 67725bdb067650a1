import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { HandlerCopies, type CountedSeries } from '../src/culprit/handler-copies.js';
import { parseHandlerLine, type CollisionLine } from '../src/culprit/handler-lines.js';

const DUMP_HEADER = '--- DEBUG DUMP EVENTS ---';
const LOGGER = 'EventManager : ';

// The message of a file-log line, after `… : EventManager : ` (MPF writes a level before the
// logger, MPF-MC does not).
function messageOf(line: string): string {
  const at = line.indexOf(LOGGER);
  return at === -1 ? line : line.slice(at + LOGGER.length);
}

/** Feeds a log to HandlerCopies, one point per dump: lines before dump k belong to point k-1. */
function seriesOfLog(path: string): { series: CountedSeries[]; dumps: number } {
  const copies = new HandlerCopies();
  let dumps = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const message = messageOf(line);
    if (message === DUMP_HEADER) {
      dumps += 1;
      continue;
    }
    const parsed = parseHandlerLine(message);
    if (parsed !== null) copies.add(parsed, dumps);
  }
  return { series: copies.toSeries(dumps), dumps };
}

function collision(message: string): CollisionLine {
  const parsed = parseHandlerLine(message);
  assert.ok(parsed !== null && (parsed.kind === 'unordered' || parsed.kind === 'duplicate'), message.slice(0, 80));
  return parsed;
}

const handler = (callback: string, key: string, kwargs = '{}'): string =>
  `RegisteredHandler(callback=${callback}, priority=1, kwargs=${kwargs}, key=UUID('${key}'), condition=None, blocking_facility=None)`;
const SENTENCE = '. The order of those handlers is not defined and they will be executed in random order. '
  + 'This might lead to race conditions and potential bugs.';

test('a real Unordered line of the leaky mode gives event, owner, priority and copies', () => {
  const lines = readFileSync('fixtures/culprit-leaky-run/2026-12-05-15-38-37-mpf-pinbox.log', 'utf8').split('\n');
  const first = lines.find((line) => line.includes('class <Mode.skillshot>'))!;
  assert.deepEqual(collision(messageOf(first)), {
    kind: 'unordered',
    event: 's_top_rollover_active',
    owner: '<Mode.skillshot>',
    priority: 1,
    callbacks: [{ callback: 'Skillshot._rollover_hit', owner: '<Mode.skillshot>', copies: 2 }],
    handlers: 2,
    cut: false,
  });
});

test('a real line with two methods of one MPF object counts each', () => {
  const lines = readFileSync('fixtures/culprit-clean-run/2026-12-05-15-43-15-mpf-pinbox.log', 'utf8').split('\n');
  const bcp = collision(messageOf(lines.find((line) => line.includes('class <BCP Interface>'))!));
  assert.equal(bcp.event, 'ball_started');
  assert.deepEqual(bcp.callbacks, [
    { callback: 'BcpInterface._ball_started', owner: '<BCP Interface>', copies: 1 },
    { callback: 'BcpInterface.bcp_trigger', owner: '<BCP Interface>', copies: 1 },
  ]);
});

test('a real MPF-MC line: an owner without brackets, one callback with different kwargs', () => {
  const lines = readFileSync('fixtures/culprit-leaky-run/2026-12-05-15-38-37-mc-pinbox.log', 'utf8').split('\n');
  const line = collision(messageOf(lines.find((text) => text.includes('Unordered handler'))!));
  assert.equal(line.owner, 'McConfigPlayer.widgets');
  assert.equal(line.priority, 0);
  assert.deepEqual(line.callbacks, [
    { callback: 'McWidgetPlayer._add_widget_to_slide_when_active', owner: 'McConfigPlayer.widgets', copies: 2 },
  ]);
});

test('the leaky run: Skillshot._rollover_hit and OrbitCombos._orbit_made copies grow at every dump', () => {
  const { series, dumps } = seriesOfLog('fixtures/culprit-leaky-run/2026-12-05-15-38-37-mpf-pinbox.log');
  assert.equal(dumps, 9);
  const skillshot = series.find((one) => one.callback === 'Skillshot._rollover_hit')!;
  assert.equal(skillshot.event, 's_top_rollover_active');
  assert.equal(skillshot.owner, '<Mode.skillshot>');
  assert.equal(skillshot.source, 'collision');
  // The log writes a line when a copy is added, so a dump sees the copies of the last add:
  // the balls started so far (the dump series is 0, 2, 3, 10, 12, 15, 18, 25, 27).
  assert.deepEqual(skillshot.counts, [null, 2, 3, 10, 12, 15, 18, 25, 27]);
  const orbit = series.find((one) => one.callback === 'OrbitCombos._orbit_made')!;
  assert.equal(orbit.event, 'orbit_left_hit');
  assert.equal(orbit.owner, '<Scriptlet.code.orbit_combos.OrbitCombos>');
  // Games started so far (1, 1, 3, 3, 4, 5, 7, 7 at dumps #2…#9): copies collide from game 2 on.
  assert.deepEqual(orbit.counts, [null, null, null, 3, 3, 4, 5, 7, 7]);
  assert.deepEqual(orbit.fresh, [false, false, false, true, true, true, true, true, true]);
});

test('the leaky run: MPF\'s own Auditor and BCP lines hold still', () => {
  const { series } = seriesOfLog('fixtures/culprit-leaky-run/2026-12-05-15-38-37-mpf-pinbox.log');
  for (const callback of ['Auditor.disable', 'Auditor._save_audits', 'BcpInterface.bcp_trigger']) {
    const one = series.find((candidate) => candidate.callback === callback)!;
    assert.ok(one.counts.every((count) => count === null || count === 1), `${callback}: ${one.counts.join()}`);
  }
});

test('the clean run: no callback ever has more than one copy', () => {
  const { series, dumps } = seriesOfLog('fixtures/culprit-clean-run/2026-12-05-15-43-15-mpf-pinbox.log');
  assert.equal(dumps, 9);
  assert.deepEqual([...new Set(series.map((one) => one.callback))].sort(), [
    'Auditor._save_audits', 'Auditor.disable', 'BcpInterface._ball_started', 'BcpInterface.bcp_trigger',
  ]);
  for (const one of series) assert.ok(one.counts.every((count) => count === null || count === 1), one.callback);
  const auditor = series.find((one) => one.callback === 'Auditor.disable')!;
  assert.equal(auditor.lines, 7);
});

test('a log cut off mid-list gives the copies read so far, flagged as cut', () => {
  const lines = readFileSync('fixtures/culprit-cut-line/2026-12-05-15-38-37-mpf-pinbox.log', 'utf8').split('\n');
  const line = collision(messageOf(lines.at(-1)!));
  assert.equal(line.cut, true);
  // Ten whole handlers and the callback of the eleventh were written before the cut.
  assert.deepEqual(line.callbacks, [{ callback: 'Skillshot._rollover_hit', owner: '<Mode.skillshot>', copies: 11 }]);
  const copies = new HandlerCopies();
  copies.add(line, 0);
  assert.equal(copies.toSeries(1)[0]!.cut, true);
});

test('cuts anywhere in a real line never throw and never count more than the whole line', () => {
  const lines = readFileSync('fixtures/culprit-leaky-run/2026-12-05-15-38-37-mpf-pinbox.log', 'utf8').split('\n');
  const whole = messageOf(lines.filter((line) => line.includes('class <Mode.skillshot>')).at(-1)!);
  const full = collision(whole);
  assert.equal(full.handlers, 27);
  assert.equal(full.cut, false);
  const listEnd = whole.indexOf(')]. The order') + 2;
  let previous = 0;
  for (let end = 0; end < whole.length; end += 7) {
    const parsed = parseHandlerLine(whole.slice(0, end));
    if (parsed === null) continue;
    assert.ok(parsed.kind === 'unordered');
    // Cut in the sentence after the list, the list is whole.
    assert.equal(parsed.cut, end < listEnd, `cut at ${end}`);
    assert.ok(parsed.handlers >= previous && parsed.handlers <= 27, `cut at ${end}: ${parsed.handlers}`);
    previous = parsed.handlers;
  }
  assert.equal(previous, 27);
});

test('older MPF: a Duplicate line ends with the list, and may list several objects and functions', () => {
  const message = 'Duplicate handler for class <Mode.bonus> on event target_hit with priority 1. Handlers: ['
    + `${handler('<bound method Bonus._hit of <Mode.bonus>>', 'a')}, `
    + `${handler('<bound method Bonus._hit of <Mode.bonus>>', 'b')}, `
    + `${handler('<bound method Tally.on_hit of <code.tally.Tally object at 0x7f3a2c1d0e50>>', 'c')}, `
    + `${handler('<function log_hit at 0x7f3a2c1d0f70>', 'd')}]`;
  assert.deepEqual(collision(message), {
    kind: 'duplicate',
    event: 'target_hit',
    owner: '<Mode.bonus>',
    priority: 1,
    callbacks: [
      { callback: 'Bonus._hit', owner: '<Mode.bonus>', copies: 2 },
      { callback: 'Tally.on_hit', owner: '<code.tally.Tally object at 0x7f3a2c1d0e50>', copies: 1 },
      { callback: 'log_hit', owner: null, copies: 1 },
    ],
    handlers: 4,
    cut: false,
  });
  assert.equal(collision(message.slice(0, -1)).cut, true);
});

test('owner reprs with spaces, brackets and the words of the header are read whole', () => {
  const owner = '<ball_save.main on event with priority 3>';
  const callback = `<bound method BallSave.expire of ${owner}>`;
  const message = `Unordered handler for class ${owner} on event timer_tick with priority -2. Handlers: [`
    + `${handler(callback, 'a', "{'priority': 3, 'text': ')]'}")}, ${handler(callback, 'b')}]${SENTENCE}`;
  const line = collision(message);
  assert.equal(line.owner, owner);
  assert.equal(line.event, 'timer_tick');
  assert.equal(line.priority, -2);
  assert.deepEqual(line.callbacks, [{ callback: 'BallSave.expire', owner, copies: 2 }]);
  assert.equal(line.cut, false);
});

test('thousands of copies are counted with one callback record', () => {
  const copy = handler('<bound method TargetBonus._on_hit of <Mode.target_bonus_v2>>', '3bdb0b1c-2b4b-4901-8bae-fd33cae3cb52');
  const message = `Unordered handler for class <Mode.target_bonus_v2> on event target_hit with priority 1. Handlers: [${
    Array.from({ length: 5000 }, () => copy).join(', ')}]${SENTENCE}`;
  const line = collision(message);
  assert.deepEqual(line.callbacks, [{ callback: 'TargetBonus._on_hit', owner: '<Mode.target_bonus_v2>', copies: 5000 }]);
  assert.equal(line.cut, false);
});

test('-v debug lines: registered, removed, event removed', () => {
  assert.deepEqual(parseHandlerLine("Registered BallBumperTally.on_bumper as a handler for 's_bumper_active', priority: 1, kwargs: {}"), {
    kind: 'registered', event: 's_bumper_active', callback: 'BallBumperTally.on_bumper', priority: 1,
  });
  assert.deepEqual(parseHandlerLine('Removing method BallBumperTally.on_bumper from event s_bumper_active'), {
    kind: 'removed', event: 's_bumper_active', callback: 'BallBumperTally.on_bumper', priority: null,
  });
  assert.deepEqual(parseHandlerLine('Removing event s_bumper_active since there are no more handlers registered for it'), {
    kind: 'event-removed', event: 's_bumper_active', callback: null, priority: null,
  });
});

test('-v debug lines give a running count per callback at each point', () => {
  const copies = new HandlerCopies();
  const feed = (message: string, point: number): void => copies.add(parseHandlerLine(message)!, point);
  const registered = "Registered BallBumperTally.on_bumper as a handler for 's_bumper_active', priority: 1, kwargs: {}";
  const removed = 'Removing method BallBumperTally.on_bumper from event s_bumper_active';
  feed(registered, 0);
  feed(registered, 1);
  feed(registered, 1);
  feed(removed, 1);
  feed(registered, 3);
  feed('Removing event s_bumper_active since there are no more handlers registered for it', 4);
  const [series] = copies.toSeries(5);
  assert.equal(series!.source, 'registered');
  assert.equal(series!.owner, null);
  assert.deepEqual(series!.counts, [1, 2, 2, 3, 0]);
  assert.deepEqual(series!.fresh, [true, true, false, true, true]);
});

test('a complete collision line drops a callback it no longer lists; a cut one does not', () => {
  const a = '<bound method Mode.a of <Mode.x>>';
  const b = '<bound method Mode.b of <Mode.x>>';
  const head = 'Unordered handler for class <Mode.x> on event e with priority 1. Handlers: [';
  const copies = new HandlerCopies();
  copies.add(collision(`${head}${handler(a, '1')}, ${handler(b, '2')}]${SENTENCE}`), 0);
  copies.add(collision(`${head}${handler(a, '1')}, ${handler(a, '3')}`), 1);
  copies.add(collision(`${head}${handler(a, '1')}, ${handler(a, '3')}]${SENTENCE}`), 2);
  const byCallback = new Map(copies.toSeries(3).map((one) => [one.callback, one.counts]));
  assert.deepEqual(byCallback.get('Mode.a'), [1, 2, 2]);
  assert.deepEqual(byCallback.get('Mode.b'), [1, 1, 0]);
});

test('lines that are not handler lines give null', () => {
  const others: string[] = [
    '', 'Unordered', 'Unordered handler for class <X> on event', 'Registered nothing', 'Removing method x',
    "Event: ======'ball_started'====== Args={}", '  Total handlers: 3 (for s_bumper_active)',
    'Duplicate handler for class <X> on event e with priority 1 and no list',
  ];
  for (const message of others) assert.equal(parseHandlerLine(message), null, message);
});

test('points must not go back', () => {
  const copies = new HandlerCopies();
  const line = parseHandlerLine("Registered A.b as a handler for 'e', priority: 1, kwargs: {}")!;
  copies.add(line, 2);
  assert.throws(() => copies.add(line, 1), RangeError);
});
