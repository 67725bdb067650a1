// Regression tests for damage the property and bad-input tests found in the parser: each test
// names the bug it pins down.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLog } from '../src/parse/parser.js';

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
