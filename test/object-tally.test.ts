// OBJECTS counted by key (reprs 'none'): anonymous slides are counted under the one key the
// comparison judges them by, so that dumps that list the same named objects share one key list.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import type { ParsedLog, Snapshot } from '../src/model.js';
import { KeyNumbers } from '../src/parse/object-tally.js';
import { parseLog } from '../src/parse/parser.js';
import { objectKeyCounts } from '../src/snapshot-lists.js';

/** An MPF-MC 0.57 log of one whole dump (all four sections) per list of OBJECTS reprs. */
function mcLog(dumps: readonly (readonly string[])[]): string {
  const lines: string[] = [];
  dumps.forEach((objects, i) => {
    const at = `2026-11-25 03:4${i}:00,000`;
    const line = (message: string): void => void lines.push(`${at} : mpfmc : ${message}`);
    lines.push(`${at} : EventManager : Event: ======'debug_dump_stats'====== Args={}`);
    lines.push(`${at} : EventManager : --- DEBUG DUMP EVENTS ---`);
    lines.push(`${at} : EventManager : Total registered_handlers: 1. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0`);
    lines.push(`${at} : EventManager : Registered Handlers:`);
    lines.push(`${at} : EventManager :   Total handlers: 2 (for debug_dump_stats)`);
    lines.push(`${at} : EventManager : Queue events:`);
    lines.push(`${at} : EventManager : --- DEBUG DUMP EVENTS END ---`);
    line('--- DEBUG DUMP DISPLAYS ---');
    line(`Active slides: {'attract': <Slide name=attract, priority=0, id=2>} (Count: 1). Displays: {'window': ${DISPLAY}} (Count: 1). Available Slides: 3`);
    line(`Listing children for display: ${DISPLAY}`);
    line(DISPLAY);
    line('<Slide name=attract, priority=0, id=2>');
    line('Total children: 2');
    line('--- DEBUG DUMP DISPLAYS END ---');
    line('--- DEBUG DUMP OBJECTS ---');
    line(`Elements in list (may be dead): ${objects.length}`);
    for (const repr of objects) line(repr);
    line('--- DEBUG DUMP OBJECTS END ---');
    line('--- DEBUG DUMP CLOCK ---');
    line('<ClockEvent (0.0) callback=<bound method MpfMc.tick of <mpfmc.core.mc.MpfMc object at 0x7fce0ce51160>>>');
    line('--- DEBUG DUMP CLOCK END ---');
  });
  return `${lines.join('\n')}\n`;
}

const DISPLAY = '<Display name=window[400, 300], current slide=attract, total slides=2>';
const NAMED = [DISPLAY, '<Slide name=attract, priority=0, id=2>', '<Text Widget text=PINBOX>'];
const anonymous = (...ids: number[]): string[] => ids.map((id) => `<Slide name=Anon_${id}, priority=0, id=${id}>`);

function countedObjects(snapshot: Snapshot): NonNullable<Extract<NonNullable<Snapshot['objects']>, { disabled: false }>['counted']> {
  const objects = snapshot.objects;
  assert.ok(objects !== null && !objects.disabled && objects.counted !== undefined);
  return objects.counted;
}

function objectsOf(log: ParsedLog, index: number): Extract<NonNullable<Snapshot['objects']>, { disabled: false }> {
  const objects = log.snapshots[index]!.objects;
  assert.ok(objects !== null && !objects.disabled);
  return objects;
}

test('dumps with the same named objects and other anonymous slides share one key list', () => {
  const log = parseLog(mcLog([[...NAMED, ...anonymous(5, 6)], [...NAMED, ...anonymous(7, 8, 9)], [...anonymous(10), ...NAMED]]), 'mc.log', { reprs: 'none' });
  const [first, second, third] = log.snapshots.map(countedObjects);
  assert.equal(first!.keys, second!.keys, 'the same array');
  assert.deepEqual(first!.keys, ['Display:window', 'Slide:attract', 'Text:PINBOX', 'Slide:Anon_*']);
  assert.deepEqual([[...first!.counts], [...second!.counts]], [[1, 1, 1, 2], [1, 1, 1, 3]]);
  assert.deepEqual([first!.highestSlideId, second!.highestSlideId], [6, 9]);
  // Listed in another order, the keys are another list.
  assert.notEqual(third!.keys, second!.keys);
  assert.deepEqual(third!.keys, ['Slide:Anon_*', 'Display:window', 'Slide:attract', 'Text:PINBOX']);
});

test('anonymous slides count the same whether the entries are kept or counted', () => {
  const text = mcLog([[...NAMED, ...anonymous(5, 6)], [...anonymous(7), ...NAMED, ...anonymous(8, 9)], [...NAMED, ...anonymous(11)]]);
  const all = parseLog(text, 'mc.log', { reprs: 'all' });
  const none = parseLog(text, 'mc.log', { reprs: 'none' });
  // The entries kept hold each slide's own name; only the comparison's counts put them under one.
  assert.deepEqual(objectsOf(all, 0).entries.map((entry) => entry.key).slice(-2), ['Slide:Anon_5', 'Slide:Anon_6']);
  for (let i = 0; i < 3; i++) assert.deepEqual([...objectKeyCounts(objectsOf(none, i))], [...objectKeyCounts(objectsOf(all, i))], `dump ${i + 1}`);
  assert.deepEqual([...objectKeyCounts(objectsOf(none, 1))], [['Slide:Anon_*', 3], ['Display:window', 1], ['Slide:attract', 1], ['Text:PINBOX', 1]]);
  assert.ok(none.snapshots.every((snapshot) => snapshot.complete));
  const options = { ...DEFAULT_DIFF_OPTIONS, all: true };
  const reports = { all: diffSnapshots(all.snapshots, options), none: diffSnapshots(none.snapshots, options) };
  assert.deepEqual(reports.none, reports.all);
  const anon = [...reports.none.findings, ...(reports.none.otherKeys ?? [])].filter((key) => key.subject === 'Slide:Anon_*');
  assert.deepEqual(anon.map((key) => key.series), [[2, 3, 1]]);
});

test('only a slide named Anon_ and digits is anonymous', () => {
  const numbers = new KeyNumbers();
  const anon = numbers.numberOf('Slide:Anon_3');
  assert.equal(numbers.numberOf('Slide:Anon_4017'), anon);
  assert.equal(numbers.numberOf('Slide:Anon_*'), anon);
  for (const key of ['Slide:Anon_intro', 'Slide:Anon_', 'Slide:Anon_3b', 'Text:Anon_3']) assert.notEqual(numbers.numberOf(key), anon, key);
  assert.deepEqual(numbers.keys, ['Slide:Anon_*', 'Slide:Anon_intro', 'Slide:Anon_', 'Slide:Anon_3b', 'Text:Anon_3']);
});
