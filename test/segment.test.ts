// A log parsed in two parts (the second as a segment, as the worker thread parses it) must give what
// one parse gives, wherever the parts meet, or say that it cannot (then the log is read in one).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ParsedLog } from '../src/model.js';
import { LogReading } from '../src/parse/log-reading.js';
import { parseLog } from '../src/parse/parser.js';
import { joinSegment, packSegment, unpackSegment } from '../src/parse/segment.js';
import { lineStarts } from './helpers/line-starts.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const INPUT = /\.(log|txt)$/;
/** Enough split points to meet every kind of line of a fixture without a quadratic test time. */
const MAX_SPLITS_PER_FILE = 300;

function fixtureLogs(): string[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((name) => INPUT.test(name))
    .sort()
    .map((name) => `fixtures/${name}`);
}

/** The log parsed as two parts meeting at `split`, or null where the first part's parse says they cannot be joined. */
function parseInTwo(bytes: Uint8Array, file: string, split: number): ParsedLog | null {
  const head = new LogReading(file);
  head.pushChunk(bytes.subarray(0, split));
  if (!head.atSegmentBoundary()) return null;
  const tail = new LogReading(file, { segment: true });
  tail.pushChunk(bytes.subarray(split));
  // As a worker thread's result arrives: structured-cloned.
  return head.endWithSegment(unpackSegment(structuredClone(packSegment(tail.endSegment()))));
}

test('two parts joined at any line boundary give what one parse gives, on every fixture', () => {
  let joined = 0;
  for (const file of fixtureLogs()) {
    const bytes = readFileSync(file);
    const whole = parseLog(bytes, file);
    for (const split of lineStarts(bytes, MAX_SPLITS_PER_FILE)) {
      const inTwo = parseInTwo(bytes, file, split);
      if (inTwo === null) continue;
      joined++;
      assert.deepEqual(inTwo, whole, `${file} split at byte ${split}`);
    }
  }
  assert.ok(joined > 1000, `only ${joined} splits could be joined`);
});

test('a split inside a dump cannot be joined', () => {
  const log = [
    '2026-11-25 03:39:32,920 : INFO : EventManager : Event: ======\'ball_started\'====== Args={}',
    '2026-11-25 03:39:33,000 : INFO : EventManager : --- DEBUG DUMP EVENTS ---',
    '2026-11-25 03:39:33,000 : INFO : EventManager : Total registered_handlers: 0. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0',
    '2026-11-25 03:39:33,001 : INFO : EventManager : --- DEBUG DUMP EVENTS END ---',
    '2026-11-25 03:39:34,000 : INFO : EventManager : Event: ======\'ball_ended\'====== Args={}',
    '',
  ].join('\n');
  const bytes = Buffer.from(log);
  const boundaries = lineStarts(bytes, Infinity).map((split) => parseInTwo(bytes, 'x.log', split) !== null);
  assert.deepEqual(boundaries, [true, false, false, true]);
});

test('two writers in one file, with modes, games and balls across the split, join at every line boundary', () => {
  const mpf = (time: string, message: string) => `2026-11-25 03:39:${time} : INFO : EventManager : ${message}`;
  const mc = (time: string, logger: string, message: string) => `2026-11-25 03:39:${time} : ${logger} : ${message}`;
  const posted = (name: string) => `Event: ======'${name}'====== Args={}`;
  const mpfDump = (time: string) => [
    mpf(time, '--- DEBUG DUMP EVENTS ---'),
    mpf(time, 'Total registered_handlers: 1. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0'),
    mpf(time, '  Total handlers: 2 (for ball_started)'),
    mpf(time, '--- DEBUG DUMP EVENTS END ---'),
  ];
  const mcDump = (time: string) => [
    mc(time, 'EventManager', '--- DEBUG DUMP EVENTS ---'),
    mc(time, 'EventManager', 'Total registered_handlers: 0. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0'),
    mc(time, 'EventManager', '--- DEBUG DUMP EVENTS END ---'),
    mc(time, 'mpfmc', '--- DEBUG DUMP CLOCK ---'),
    mc(time, 'mpfmc', '<ClockEvent (0.0) callback=<bound method MpfMc.tick of <mpfmc.core.mc.MpfMc object>>>'),
    mc(time, 'mpfmc', '--- DEBUG DUMP CLOCK END ---'),
  ];
  const lines = [
    mpf('30,000', posted('mode_attract_started')),
    mc('30,001', 'EventManager', posted('mode_attract_started')),
    mpf('30,100', posted('service_button')),
    ...mpfDump('30,200'),
    mpf('31,000', posted('mode_attract_stopped')),
    mpf('31,001', posted('game_started')),
    mc('31,002', 'EventManager', posted('game_started')),
    mpf('31,003', posted('ball_started')),
    mpf('31,004', posted('mode_base_started')),
    mpf('31,005', posted('debug_dump_stats')),
    ...mcDump('31,100'),
    mpf('31,200', posted('ball_ended')),
    mpf('31,201', posted('mode_base_stopped')),
    mpf('31,202', posted('mode_service_started')),
    mc('31,203', 'EventManager', posted('ball_ended')),
    ...mpfDump('31,300'),
    mpf('32,000', posted('game_ended')),
    mpf('32,001', posted('mode_service_stopped')),
    ...mpfDump('32,100'),
    ...mcDump('32,200'),
    '',
  ];
  const bytes = Buffer.from(lines.join('\n'));
  const whole = parseLog(bytes, 'run.log');
  assert.equal(whole.snapshots.length, 5);
  let joined = 0;
  for (const split of lineStarts(bytes, Infinity)) {
    const inTwo = parseInTwo(bytes, 'run.log', split);
    if (inTwo === null) continue;
    joined++;
    assert.deepEqual(inTwo, whole, `split at byte ${split}`);
  }
  assert.ok(joined >= 15, `only ${joined} splits could be joined`);
});

test('joinSegment leaves the head and the segment it is given as they were', () => {
  const log = Buffer.from([
    '2026-11-25 03:39:32,920 : INFO : EventManager : Event: ======\'ball_started\'====== Args={}',
    '2026-11-25 03:39:33,000 : INFO : EventManager : --- DEBUG DUMP EVENTS ---',
    '2026-11-25 03:39:33,000 : INFO : EventManager :   Total handlers: 2 (for debug_dump_stats)',
    '2026-11-25 03:39:33,001 : INFO : EventManager : --- DEBUG DUMP EVENTS END ---',
    '',
  ].join('\n'));
  const head = new LogReading('x.log');
  head.pushChunk(log.subarray(0, log.indexOf('\n') + 1));
  const boundary = head.boundary();
  assert.notEqual(boundary, null);
  const tail = new LogReading('x.log', { segment: true });
  tail.pushChunk(log.subarray(log.indexOf('\n') + 1));
  const segment = tail.endSegment();
  const headLog = head.end();
  const [headCopy, segmentCopy] = [structuredClone(headLog), structuredClone(segment)];
  const { log: joined } = joinSegment(headLog, boundary!, segment);
  assert.deepEqual(structuredClone(headLog), headCopy);
  assert.deepEqual(structuredClone(segment), segmentCopy);
  assert.equal(joined.snapshots[0]!.line, 2);
  assert.equal(joined.snapshots[0]!.state, 'game·ball');
  assert.deepEqual({ ...joined.snapshots[0]!.posted }, { ball_started: 1 });
});

test('records sent from the worker keep hostile names, their order and no prototype, in small and large records', () => {
  const line = (time: string, message: string) => `2026-11-25 03:39:${time} : INFO : EventManager : ${message}`;
  const dump = (time: string, names: readonly string[]) => [
    line(time, '--- DEBUG DUMP EVENTS ---'),
    line(time, `Total registered_handlers: ${names.length}. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0`),
    ...names.map((name, index) => line(time, `  Total handlers: ${index + 1} (for ${name})`)),
    line(time, '--- DEBUG DUMP EVENTS END ---'),
  ];
  // An integer-like name is listed first by every object: the joined records must list it so too.
  const few = ['__proto__', 'constructor', '7', 'ball_started'];
  const many = [...few, ...Array.from({ length: 100 }, (_, index) => `event_${index}`)];
  for (const names of [few, many]) {
    const posts = names.map((name) => line('33,500', `Event: ======'${name}'====== Args={}`));
    const bytes = Buffer.from([...dump('33,000', names), ...posts, ...dump('34,000', [...names].reverse()), ''].join('\n'));
    const split = bytes.indexOf(Buffer.from(posts[0]!));
    const inTwo = parseInTwo(bytes, 'x.log', split);
    assert.ok(inTwo !== null);
    const whole = parseLog(bytes, 'x.log');
    assert.deepEqual(inTwo, whole, `${names.length} names`);
    const sent = inTwo.snapshots[1]!;
    const read = whole.snapshots[1]!;
    assert.deepEqual(Object.keys(sent.posted), Object.keys(read.posted), 'posts in the order first posted');
    assert.deepEqual(Object.keys(sent.events!.handlers), Object.keys(read.events!.handlers), 'handlers in the order of the dump');
    for (const record of [sent.posted, sent.events!.handlers]) assert.equal(Object.getPrototypeOf(record), null);
    assert.equal(sent.posted['__proto__'], 1);
    assert.equal(sent.events!.handlers['__proto__'], names.length);
  }
});
