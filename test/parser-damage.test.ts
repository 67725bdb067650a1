// Regression tests for damage the property and bad-input tests found in the parser: each test
// names the bug it pins down.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stripVolatile } from '../src/parse/normalize.js';
import { LogParser, parseLog } from '../src/parse/parser.js';
import { splitActiveSlides } from '../src/parse/section-lines.js';

const mc = (logger: string, message: string): string => `2025-10-04 16:16:14,447 : ${logger} : ${message}`;

function displaysDump(activeSlidesLine: string): string {
  return [
    mc('mpfmc', '--- DEBUG DUMP DISPLAYS ---'),
    mc('mpfmc', activeSlidesLine),
    mc('mpfmc', '--- DEBUG DUMP DISPLAYS END ---'),
    '',
  ].join('\n');
}

test('numbers of the Active slides line too large to be exact are bad numbers, not Infinity or a rounded value', () => {
  const huge = '9'.repeat(400);
  const line = `Active slides: {'a': <Slide name=a, priority=-${huge}, id=3>, 'b': <Slide name=b, priority=-0, id=9007199254740993>, 'c': <Slide name=c, priority=-5, id=4>} (Count: ${huge}). Displays: {} (Count: 9007199254740993). Available Slides: ${huge}`;
  const [snapshot] = parseLog(displaysDump(line), 'x.log').snapshots;
  const displays = snapshot!.displays!;
  assert.deepEqual(displays.activeSlides, [{ name: 'c', priority: -5, id: 4 }], 'slides with unreadable numbers are left out, not shown with wrong ones');
  assert.equal(displays.activeSlideCount, null);
  assert.equal(displays.displayCount, null);
  assert.equal(displays.availableSlides, null);
  assert.equal(snapshot!.complete, false);
  assert.deepEqual(
    snapshot!.problems.filter((problem) => problem.reason === 'bad-number').map((problem) => problem.detail.split(':')[0]),
    ['priority of slide a', 'id of slide b', 'the count of active slides', 'the count of displays', 'Available Slides'],
  );
  assert.ok(JSON.stringify(snapshot).length > 0);
});

test('a slide priority of -0 reads as 0', () => {
  const line = "Active slides: {'a': <Slide name=a, priority=-0, id=1>} (Count: 1). Displays: {} (Count: 0). Available Slides: 1";
  const [snapshot] = parseLog(displaysDump(line), 'x.log').snapshots;
  assert.ok(Object.is(snapshot!.displays!.activeSlides[0]!.priority, 0));
});

/** Feeds `bytes` in pieces of `size` bytes. */
function parseInPieces(bytes: Buffer, size: number): ReturnType<LogParser['end']> {
  const parser = new LogParser('x.log');
  for (let at = 0; at < bytes.length; at += size) parser.pushChunk(bytes.subarray(at, at + size));
  return parser.end();
}

test('a line outside any section is skipped alike whether it arrives whole or split between chunks', () => {
  // Both lines must be skipped wherever a chunk ends: `[...]` between the sections of an MC dump
  // does not mark it elided, and `Event: ='x'=` (not MPF's `======`) does not end the dump.
  const log = Buffer.from(
    [
      mc('EventManager', '--- DEBUG DUMP EVENTS ---'),
      mc('EventManager', '  Total handlers: 2 (for debug_dump_stats)'),
      mc('EventManager', '--- DEBUG DUMP EVENTS END ---'),
      '[...]',
      mc('EventManager', "Event: ='x'= Args={}"),
      mc('mpfmc', '--- DEBUG DUMP DISPLAYS ---'),
      mc('mpfmc', '--- DEBUG DUMP DISPLAYS END ---'),
      '',
    ].join('\n'),
  );
  const whole = parseLog(log, 'x.log');
  assert.equal(whole.snapshots.length, 1);
  for (const size of [1, 5, 7, 64]) assert.deepEqual(parseInPieces(log, size), whole, `pieces of ${size} bytes`);
});

test('a line longer than the parser keeps is cut the same whether it arrives in one chunk or many', () => {
  const longLine = mc('mpfmc', `<Text Widget text=${'x'.repeat(16 * 1024 * 1024)}>`);
  const log = Buffer.from(
    [
      mc('mpfmc', '--- DEBUG DUMP OBJECTS ---'),
      longLine,
      mc('mpfmc', '--- DEBUG DUMP OBJECTS END ---'),
      '',
    ].join('\n'),
  );
  const whole = parseLog(log, 'x.log');
  const [snapshot] = whole.snapshots;
  assert.deepEqual(snapshot!.problems.map((problem) => [problem.reason, problem.line]).filter(([reason]) => reason === 'line-too-long'), [['line-too-long', 2]]);
  assert.deepEqual(parseInPieces(log, 1024 * 1024), whole);
});

// The regex splitActiveSlides replaced: right, but quadratic on long lines. Kept here as the spec.
const ACTIVE_SLIDES_REGEX = /^Active slides: (.*) \(Count: (\d+)\)\. Displays: (.*) \(Count: (\d+)\)(?:\. Available Slides: (\d+))?\s*$/s;

test('splitActiveSlides splits every line exactly where the greedy regex did', () => {
  const piece = fc.constantFrom('Active slides: ', ' (Count: ', '). Displays: ', ')', '. Available Slides: ', '{', '}', ' ', '\n', '1', '23', 'x', '<Slide name=a, priority=0, id=1>');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 24 }), fc.boolean(), (pieces, withStart) => {
      const line = `${withStart ? 'Active slides: ' : ''}${pieces.join('')}`;
      const expected = ACTIVE_SLIDES_REGEX.exec(line);
      const actual = splitActiveSlides(line);
      if (!line.startsWith('Active slides: ')) return;
      assert.deepEqual(actual, expected && { slides: expected[1], slideCount: expected[2], displayCount: expected[4], availableSlides: expected[5] }, JSON.stringify(line));
    }),
    { numRuns: 3000 },
  );
});

// No clock is read in these tests (speed is the benchmark's, never a test's). The lines
// are long enough that the quadratic forms would take many minutes, while the linear code takes
// milliseconds, so a regression hangs the test until HANG_GUARD_MS and fails it on any machine.
const HANG_GUARD_MS = 120_000;

test('a long Active slides line full of "(Count: …)" is split in linear time', { timeout: HANG_GUARD_MS }, () => {
  // A greedy regex is quadratic on this 3.8 MB line: it would take minutes.
  const line = `Active slides: {${' (Count: 1). Displays: x'.repeat(160_000)}} (Count: 1). Displays: {} (Count: 1)X`;
  const log = [mc('mpfmc', '--- DEBUG DUMP DISPLAYS ---'), mc('mpfmc', line), mc('mpfmc', '--- DEBUG DUMP DISPLAYS END ---'), ''].join('\n');
  const [snapshot] = parseLog(log, 'x.log').snapshots;
  assert.ok(snapshot!.problems.some((problem) => problem.reason === 'unreadable-line' && problem.line === 2), 'the line ends in X: malformed');
});

// Regexes that are quadratic on hostile lines, kept as the spec of what the linear code finds.
const QUADRATIC_SLIDE_IN_DICT = /<Slide name=(.*?), priority=(-?\d+), id=(\d+)>/g;
const QUADRATIC_POSITION = /pos=\[[^\]]*\]/g;

test('slides in the Active slides dict are found as the regex finds them, unless a name holds "<Slide name="', () => {
  const piece = fc.constantFrom('<Slide name=', ', priority=', ', id=', '>', '-', '1', '42', 'a', ' ', "{'", "': ", ', ', '\u2028');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
      const dict = pieces.join('');
      const slides = (regex: RegExp): string[][] => [...dict.matchAll(regex)].map((match) => [...match]);
      const before = slides(QUADRATIC_SLIDE_IN_DICT);
      if (before.some((match) => match[1]!.includes('<Slide name='))) return;
      const actual = new LogParser('x.log');
      actual.pushLine(mc('mpfmc', '--- DEBUG DUMP DISPLAYS ---'));
      actual.pushLine(mc('mpfmc', `Active slides: ${dict} (Count: 1). Displays: {} (Count: 0). Available Slides: 1`));
      const found = actual.end().snapshots[0]?.displays?.activeSlides ?? [];
      const expected = before.filter((match) => Number.isSafeInteger(Number(match[2])) && Number.isSafeInteger(Number(match[3])));
      assert.deepEqual(found.map((slide) => slide.name), expected.map((match) => match[1]), JSON.stringify(dict));
    }),
    { numRuns: 3000 },
  );
});

test('positions are stripped as /pos=\\[[^\\]]*\\]/g did', () => {
  const piece = fc.constantFrom('pos=[', ']', '[', 'x', ', ', '1.5', 'pos=', '<', '>');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
      const repr = pieces.join('');
      assert.equal(stripVolatile(repr), repr.replace(QUADRATIC_POSITION, 'pos=…'), JSON.stringify(repr));
    }),
    { numRuns: 3000 },
  );
});

test('hostile reprs that made regexes quadratic are read in linear time', { timeout: HANG_GUARD_MS }, () => {
  // Lines long enough that quadratic regexes would take many minutes on them.
  const log = [
    mc('mpfmc', '--- DEBUG DUMP DISPLAYS ---'),
    mc('mpfmc', `Active slides: {${'<Slide name=a'.repeat(300_000)}} (Count: 1). Displays: {} (Count: 1)`),
    mc('mpfmc', `<DisplayWidget size=${', source=x'.repeat(400_000)}X`),
    mc('mpfmc', `<Foo ${'pos=['.repeat(800_000)}`),
    mc('mpfmc', '--- DEBUG DUMP DISPLAYS END ---'),
    mc('mpfmc', '--- DEBUG DUMP CLOCK ---'),
    mc('mpfmc', `<ClockEvent (${') callback=x'.repeat(300_000)}X`),
    mc('mpfmc', '--- DEBUG DUMP CLOCK END ---'),
    '',
  ].join('\n');
  const [snapshot] = parseLog(log, 'x.log').snapshots;
  assert.equal(snapshot!.displays!.displays[0]!.children.length, 2);
});
