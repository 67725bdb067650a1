// The lists of a snapshot (OBJECTS, display trees, CLOCK) as the differ and the reports read them,
// whether the parser kept every entry with its repr or only counted them (model.ts `ReprsKept`).
// Nothing else reads those lists, so a dump read either way gives the same report.

import type { ClockSection, CountedClockEntry, DisplayTree, ObjectsSection } from './model.js';
import { ownerOfCallback } from './parse/normalize.js';

const SLIDE_ID = /^<Slide name=.*, id=(\d+)>$/s;

// MC names a slide made without a name `Anon_<creation order>`: the number changes with every new
// slide, like an address, so all anonymous slides share one key.
const ANONYMOUS_SLIDE = /^Slide:Anon_\d+$/;
const ANONYMOUS_SLIDE_PREFIX = 'Slide:Anon_';

/** The key all anonymous slides are counted under. */
export const ANONYMOUS_SLIDE_KEY = 'Slide:Anon_*';

/** The key an object is counted under: its own, or `Slide:Anon_*` for an anonymous slide. */
export function countedKey(key: string): string {
  return key.startsWith(ANONYMOUS_SLIDE_PREFIX) && ANONYMOUS_SLIDE.test(key) ? ANONYMOUS_SLIDE_KEY : key;
}

/** Enabled OBJECTS, as the model narrows it. */
type ObjectsRead = Extract<ObjectsSection, { disabled: false }>;

/**
 * The OBJECTS entries per counted key (`countedKey`), keys in the order first read. Counted
 * entries are counted under those keys as they are read.
 */
export function objectKeyCounts(objects: ObjectsRead): Map<string, number> {
  if (objects.counted === undefined) return tally(objects.entries.map((entry) => countedKey(entry.key)));
  const { keys, counts } = objects.counted;
  return new Map(keys.map((key, i) => [key, counts[i]!]));
}

/** The counted keys of OBJECTS (`countedKey`), each once, and their counts, in the order first read. */
export function objectKeyLists(objects: ObjectsRead): { keys: readonly string[]; counts: ArrayLike<number> } {
  if (objects.counted !== undefined) return objects.counted;
  const counts = objectKeyCounts(objects);
  return { keys: [...counts.keys()], counts: [...counts.values()] };
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
