// What is counted in one snapshot, per source, under the normalised keys the parser gives.

import type { ProblemReason, Snapshot } from '../model.js';
import { ANONYMOUS_SLIDE_KEY, childKeysOf, clockEntriesCounted, countedKey, objectKeyLists } from '../snapshot-lists.js';

/** Where counts come from in a dump. */
export type Source = 'handlers' | 'queue' | 'available-slides' | 'clock' | 'objects' | 'display';

/** The dump's own handlers: MPF and MC register `debug_dump_stats` to write the dump, and the BCP
 *  relay of docs/watch-and-trigger.md adds `bcp_debug_dump`. Both are constant and not the machine's. */
export const DUMP_HANDLERS: ReadonlySet<string> = new Set(['debug_dump_stats', 'bcp_debug_dump']);

/** The queue totals judged for queue-growth, in the order they are reported. */
export const QUEUE_TOTALS = ['eventQueue', 'callbackQueue', 'queueTasks'] as const;

/** Subject of MC's Available Slides counter. */
export const AVAILABLE_SLIDES = 'availableSlides';

const SLIDE_KEY = /^Slide:/;
// Widgets with an identity of their own (a name, a text, a source). `Rectangle Widget` and other
// anonymous widgets all share one key, so several of them are normal and only their growth counts;
// a WidgetContainer wraps each widget in a display tree and the Display heads it, so neither is a copy.
const NAMED_WIDGET_KEY = /^(?:Text|Image|Video|DisplayWidget|DisplayOutput|TextInput):/;

/** Which duplicate kind a key can be, or null when copies of it are normal. */
export function duplicateKindOf(key: string): 'duplicate-slide' | 'duplicate-widget' | null {
  if (key === ANONYMOUS_SLIDE_KEY) return null;
  if (SLIDE_KEY.test(key)) return 'duplicate-slide';
  if (NAMED_WIDGET_KEY.test(key)) return 'duplicate-widget';
  return null;
}

/**
 * What one snapshot says about one source's subjects. `absentUnknown`: the section is damaged (cut
 * off, elided, a line unreadable), so a subject it does not list may have been in the lines lost:
 * its count there is unknown, not 0. Counts that are tallies of many lines (objects, clock events,
 * display children) of a damaged section are all unknown: a tally of part of a list is no count.
 */
export type SourceCounts =
  | { known: true; counts: Counts; absentUnknown: boolean }
  /** the snapshot should hold the source, but its section is damaged or missing: every count is unknown */
  | { known: false };

/** Counts per subject: `values[i]` is the count of `subjects[i]`; each subject once, in the dump's order. */
export interface Counts {
  subjects: readonly string[];
  values: ArrayLike<number>;
}

/** The sections of a dump, as the parser names them. */
type Section = 'events' | 'displays' | 'objects' | 'clock';

/** Problems after which lines of a section may be missing or misread. */
const LOSSY = new Set<ProblemReason>(['elided', 'truncated', 'header-repeated', 'count-mismatch', 'bad-number', 'unreadable-line', 'line-too-long', 'missing-section']);

const SECTION_OF_SOURCE = {
  handlers: 'events',
  queue: 'events',
  'available-slides': 'displays',
  clock: 'clock',
  objects: 'objects',
  display: 'displays',
} as const satisfies Record<Source, Section>;

/** Sources whose counts are tallies of many lines of their section. */
const TALLIED = new Set<Source>(['clock', 'objects', 'display']);

/** Every section MPF-MC writes in a dump; MPF writes EVENTS only. */
const SECTIONS_WRITTEN = { mpf: ['events'], mc: ['events', 'displays', 'objects', 'clock'] } as const satisfies Record<Snapshot['process'], readonly Section[]>;

const DAMAGE_CACHE = new WeakMap<Snapshot, ReadonlySet<Section>>();

/**
 * The sections of a snapshot that lost lines, by where its problems are: a section runs from its
 * header to the next section's header. A section that ends without its END line is reported at the
 * line that ended it, which may be the next section's header, so that problem marks both.
 */
export function damagedSections(snapshot: Snapshot): ReadonlySet<Section> {
  if (snapshot.complete) return NO_SECTIONS;
  let damaged = DAMAGE_CACHE.get(snapshot);
  if (damaged !== undefined) return damaged;
  const found = new Set<Section>();
  const starts = (['events', 'displays', 'objects', 'clock'] as const)
    .flatMap((section) => (snapshot[section] === null ? [] : [{ section, line: snapshot[section]!.line }]))
    .sort((a, b) => a.line - b.line);
  for (const problem of snapshot.problems) {
    if (!LOSSY.has(problem.reason)) continue;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!.line;
      const next = starts.slice(i + 1).find((later) => later.line > start)?.line ?? Number.POSITIVE_INFINITY;
      const endsHere = problem.line === next && (problem.reason === 'truncated' || problem.reason === 'header-repeated');
      if ((problem.line >= start && problem.line < next) || endsHere) found.add(starts[i]!.section);
    }
  }
  // A section the process always writes that is missing from a damaged dump was lost, not empty.
  for (const section of SECTIONS_WRITTEN[snapshot.process]) if (snapshot[section] === null) found.add(section);
  DAMAGE_CACHE.set(snapshot, (damaged = found));
  return damaged;
}

const NO_SECTIONS: ReadonlySet<Section> = new Set();

/**
 * Counts per subject of one source in one snapshot, or null when the snapshot does not have that
 * source at all (an MPF dump has no CLOCK, an MC dump from `-P` no OBJECTS, MC before 0.54 no
 * Available Slides): such a dump is left out of that source's series rather than counted as zero.
 */
export function countsOf(snapshot: Snapshot, source: Source, options: { includeDumpHandlers: boolean; display?: string | null }): SourceCounts | null {
  const section = SECTION_OF_SOURCE[source];
  const counts = readCounts(snapshot, source, options);
  if (!damagedSections(snapshot).has(section)) return counts === null ? null : { known: true, counts, absentUnknown: false };
  // A damaged section: the subjects were there, with counts nobody can read. A section the
  // process never writes, or OBJECTS turned off by `-P`, has no subjects to lose.
  const written = (SECTIONS_WRITTEN[snapshot.process] as readonly Section[]).includes(section);
  if (snapshot[section] === null && !written) return null;
  if (source === 'objects' && snapshot.objects?.disabled === true) return null;
  if (counts === null || TALLIED.has(source)) return { known: false };
  return { known: true, counts, absentUnknown: true };
}

function readCounts(snapshot: Snapshot, source: Source, options: { includeDumpHandlers: boolean; display?: string | null }): Counts | null {
  switch (source) {
    case 'handlers': {
      if (snapshot.events === null) return null;
      const handlers = snapshot.events.handlers;
      const subjects = Object.keys(handlers).filter((event) => options.includeDumpHandlers || !DUMP_HANDLERS.has(event));
      return { subjects, values: subjects.map((event) => handlers[event]!) };
    }
    case 'queue': {
      const totals = snapshot.events?.totals;
      if (!totals) return null;
      return { subjects: QUEUE_TOTALS, values: QUEUE_TOTALS.map((total) => totals[total]) };
    }
    case 'available-slides': {
      const available = snapshot.displays?.availableSlides;
      return available == null ? null : { subjects: [AVAILABLE_SLIDES], values: [available] };
    }
    case 'clock': {
      if (snapshot.clock === null) return null;
      const counts = new Map<string, number>();
      for (const { key, count } of clockEntriesCounted(snapshot.clock)) counts.set(key, (counts.get(key) ?? 0) + count);
      return countsOfMap(counts);
    }
    case 'objects': {
      if (snapshot.objects === null || snapshot.objects.disabled) return null;
      const { keys, counts } = objectKeyLists(snapshot.objects);
      return { subjects: keys, values: counts };
    }
    case 'display': {
      const display = snapshot.displays?.displays.find((candidate) => candidate.name === (options.display ?? null));
      if (display === undefined) return null;
      return countsOfMap(tally(childKeysOf(display).map(countedKey).filter((key) => duplicateKindOf(key) !== null)));
    }
  }
}

function countsOfMap(counts: ReadonlyMap<string, number>): Counts {
  return { subjects: [...counts.keys()], values: [...counts.values()] };
}

/** Names of the displays listed in a snapshot (null for one whose name was elided). */
export function displayNamesOf(snapshot: Snapshot): (string | null)[] {
  return snapshot.displays?.displays.map((display) => display.name) ?? [];
}

function tally(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
