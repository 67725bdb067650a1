// The lists of a snapshot (OBJECTS, display trees, CLOCK) as the differ and the reports read them,
// whether the parser kept every entry with its repr or only counted them (model.ts `ReprsKept`).
// Nothing else reads those lists, so a dump read either way gives the same report.

import type { ClockSection, CountedClockEntry, DisplayTree, ObjectsSection } from './model.js';
import { ownerOfCallback } from './parse/normalize.js';

const SLIDE_ID = /^<Slide name=.*, id=(\d+)>$/s;

/** Enabled OBJECTS, as the model narrows it. */
type ObjectsRead = Extract<ObjectsSection, { disabled: false }>;

/** The OBJECTS entries per key, keys in the order first read. */
export function objectKeyCounts(objects: ObjectsRead): Map<string, number> {
  if (objects.counted === undefined) return tally(objects.entries.map((entry) => entry.key));
  const { keys, counts } = objects.counted;
  return new Map(keys.map((key, i) => [key, counts[i]!]));
}

/** Visits each OBJECTS key with its count, keys in the order first read. */
export function forEachObjectKey(objects: ObjectsRead, visit: (key: string, count: number) => void): void {
  if (objects.counted === undefined) {
    for (const [key, count] of tally(objects.entries.map((entry) => entry.key))) visit(key, count);
    return;
  }
  const { keys, counts } = objects.counted;
  for (let i = 0; i < keys.length; i++) visit(keys[i]!, counts[i]!);
}

/** How many OBJECTS entries were read. */
export function objectCount(objects: ObjectsRead): number {
  return objects.counted?.total ?? objects.entries.length;
}

/** The creation id of a slide's repr (`<Slide name=…, priority=…, id=N>`), or null for any other repr. */
export function slideIdOf(repr: string): number | null {
  const id = SLIDE_ID.exec(repr)?.[1];
  return id === undefined ? null : Number(id);
}

/** The highest creation id of the slides in OBJECTS, or null when it lists none. */
export function highestObjectSlideId(objects: ObjectsRead): number | null {
  if (objects.counted !== undefined) return objects.counted.highestSlideId;
  let highest: number | null = null;
  for (const entry of objects.entries) {
    if (!entry.key.startsWith('Slide:')) continue;
    const id = slideIdOf(entry.repr);
    if (id !== null) highest = Math.max(highest ?? 0, id);
  }
  return highest;
}

/** The keys of a display's children, in walk order. */
export function childKeysOf(display: DisplayTree): string[] {
  return display.childKeys ?? display.children.map((child) => child.key);
}

/** How many children of a display were read. */
export function childCount(display: DisplayTree): number {
  return display.childKeys?.length ?? display.children.length;
}

/** The CLOCK entries by key and timeout, in the order first read. */
export function clockEntriesCounted(clock: ClockSection): CountedClockEntry[] {
  if (clock.counted !== undefined) return clock.counted;
  const counted = new Map<string, CountedClockEntry>();
  for (const { key, timeout, callback } of clock.entries) {
    const id = `${key}\u0000${timeout}`;
    const known = counted.get(id);
    if (known === undefined) counted.set(id, { key, timeout, count: 1, owner: ownerOfCallback(callback) });
    else known.count += 1;
  }
  return [...counted.values()];
}

/** How many CLOCK entries were read. */
export function clockCount(clock: ClockSection): number {
  return clock.counted?.reduce((sum, entry) => sum + entry.count, 0) ?? clock.entries.length;
}

function tally(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
