// The text reporter's pieces: series, sparklines, colour on and off, names from logs escaped.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import type { Snapshot } from '../src/model.js';
import { renderText, seriesText, sparkline } from '../src/report/text.js';

function mpf(handlers: Record<string, number>, line: number): Snapshot {
  return {
    file: 'logs/mpf.log',
    line,
    process: 'mpf',
    time: `2026-11-25T03:39:${String(line).padStart(2, '0')}.000`,
    complete: true,
    problems: [],
    state: 'attract',
    activeModes: [],
    posted: {},
    events: { line, totals: null, handlers, queue: [] },
    displays: null,
    objects: null,
    clock: null,
  };
}

test('series: short ones in full, long ones elided in the middle with a sparkline', () => {
  assert.equal(seriesText([24, 26, 28]), '24 → 26 → 28');
  assert.equal(seriesText([24, 25, 26, 27, 28, 29]), '24 → 25 → 26 → 27 → 28 → 29  ▁▂▄▅▇█');
  assert.equal(seriesText([24, 25, 27, 30, 33, 36, 38, 40, 41]), '24 → 25 → … → 40 → 41  ▁▁▂▃▅▆▇██');
  assert.equal(sparkline([1, 2, 4, 8]), '▁▂▄█');
  assert.equal(sparkline([3, 3, 3]), '▁▁▁');
});

test('a series of 20,000 dumps stays short: the values and the sparkline both elide their middle', () => {
  const series = Array.from({ length: 20_000 }, (_, index) => index);
  assert.equal(seriesText(series), `0 → 1 → … → 19998 → 19999  ${'▁'.repeat(20)}…${'█'.repeat(20)}`);
  assert.equal(sparkline(series.slice(0, 40)).length, 40, 'up to 40 bars, every value has its bar');
  assert.equal(sparkline(series.slice(0, 41)), '▁▁▁▂▂▂▂▂▂▃▃▃▃▃▃▄▄▄▄▄…▅▅▅▅▅▆▆▆▆▆▆▇▇▇▇▇▇███', 'the first and last 20 of 41, scaled over all');
});

test('plain text without colour; ANSI colour only when asked', () => {
  const report = diffSnapshots([mpf({ ball_started: 1 }, 10), mpf({ ball_started: 2 }, 20), mpf({ ball_started: 3 }, 30)], DEFAULT_DIFF_OPTIONS);
  const plain = renderText(report, { color: false, trees: [] });
  assert.doesNotMatch(plain, /\u001b\[/);
  assert.match(plain, /^ {2}leak {2}mpf {2}ball_started {2}1 → 2 → 3 {2}\+2 {2}never dropped, rose in 2 of 2 intervals$/m);
  assert.match(plain, /^3 dumps in 1 log:$/m);
  assert.equal(plain.trimEnd().split('\n').at(-1), 'mpf: 1 leak');
  const coloured = renderText(report, { color: true, trees: [] });
  assert.match(coloured, /\u001b\[/);
});

test('names from the log never reach the terminal raw', () => {
  const hostile = 'evil\u001b]0;pwned\u0007\u202e';
  const report = diffSnapshots([mpf({ [hostile]: 1 }, 10), mpf({ [hostile]: 2 }, 20)], DEFAULT_DIFF_OPTIONS);
  const text = renderText(report, { color: false, trees: [] });
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  assert.match(text, /evil\\x1b\]0;pwned\\x07\\u202e/);
});

test('an incomplete comparison is said loudly and in the summary line', () => {
  const damaged = { ...mpf({ a: 1 }, 20), complete: false, problems: [{ line: 21, reason: 'truncated' as const, detail: 'cut' }] };
  const text = renderText(diffSnapshots([mpf({ a: 1 }, 10), damaged], DEFAULT_DIFF_OPTIONS), { color: false, trees: [] });
  assert.match(text, /^!! INCOMPLETE: 1 compared dump is damaged or cut off; findings may be missing or wrong\.$/m);
  assert.match(text, /^!! {3}mpf #2 {2}logs\/mpf\.log:20 {2}1 problem/m);
  assert.match(text.trimEnd().split('\n').at(-1)!, /1 incomplete dump compared$/);
});

test('modes started between two dumps: ten named, the rest counted, however many (a machine may start thousands)', async () => {
  const { differenceOf } = await import('../src/diff/judge.js');
  const { describeDifference } = await import('../src/report/words.js');
  const modes = Array.from({ length: 5_000 }, (_, i) => `m${i}`);
  const dump = (activeModes: string[]) => ({ state: 'attract', activeModes });
  const difference = differenceOf([dump(['base']), dump(modes)], 0, 1)!;
  assert.equal(difference.modesStarted.length, 5_000);
  assert.deepEqual(difference.modesStopped, ['base']);
  assert.equal(describeDifference(difference), 'modes +m0 +m1 +m2 +m3 +m4 +m5 +m6 +m7 +m8 +m9 and 4991 more');
  assert.equal(describeDifference(differenceOf([dump(['base', 'a']), dump(['base', 'b'])], 0, 1)!), 'modes +b −a');
});
