// What is counted in one snapshot, per source, under the normalised keys the parser gives.

import type { Snapshot } from '../model.js';

/** Where counts come from in a dump. */
export type Source = 'handlers' | 'queue' | 'available-slides' | 'clock' | 'objects' | 'display';

/** The dump's own handlers: MPF and MC register `debug_dump_stats` to write the dump, and the BCP
 *  relay of docs/watch-and-trigger.md adds `bcp_debug_dump`. Both are constant and not the machine's. */
export const DUMP_HANDLERS: ReadonlySet<string> = new Set(['debug_dump_stats', 'bcp_debug_dump']);

/** The queue totals judged for queue-growth, in the order they are reported. */
export const QUEUE_TOTALS = ['eventQueue', 'callbackQueue', 'queueTasks'] as const;

/** Subject of MC's Available Slides counter. */
export const AVAILABLE_SLIDES = 'availableSlides';

// MC names a slide made without a name `Anon_<creation order>`: the number changes with every new
// slide, like an address, so all anonymous slides share one key.
const ANONYMOUS_SLIDE = /^Slide:Anon_\d+$/;
const ANONYMOUS_SLIDE_KEY = 'Slide:Anon_*';

const SLIDE_KEY = /^Slide:/;
// Widgets with an identity of their own (a name, a text, a source). `Rectangle Widget` and other
// anonymous widgets all share one key, so several of them are normal and only their growth counts;
// a WidgetContainer wraps each widget in a display tree and the Display heads it, so neither is a copy.
const NAMED_WIDGET_KEY = /^(?:Text|Image|Video|DisplayWidget|DisplayOutput|TextInput):/;

/** The key an object is counted under. */
export function countedKey(key: string): string {
  return ANONYMOUS_SLIDE.test(key) ? ANONYMOUS_SLIDE_KEY : key;
}

/** Which duplicate kind a key can be, or null when copies of it are normal. */
export function duplicateKindOf(key: string): 'duplicate-slide' | 'duplicate-widget' | null {
  if (key === ANONYMOUS_SLIDE_KEY) return null;
  if (SLIDE_KEY.test(key)) return 'duplicate-slide';
  if (NAMED_WIDGET_KEY.test(key)) return 'duplicate-widget';
  return null;
}

/**
 * Counts per subject of one source in one snapshot, or null when the snapshot lacks that source
 * (an MPF dump has no CLOCK, an MC dump from `-P` no OBJECTS): such a dump is left out of that
 * source's series rather than counted as zero.
 */
export function countsOf(snapshot: Snapshot, source: Source, options: { includeDumpHandlers: boolean; display?: string | null }): Map<string, number> | null {
  switch (source) {
    case 'handlers': {
      if (snapshot.events === null) return null;
      const counts = new Map<string, number>();
      for (const [event, count] of Object.entries(snapshot.events.handlers)) {
        if (!options.includeDumpHandlers && DUMP_HANDLERS.has(event)) continue;
        counts.set(event, count);
      }
      return counts;
    }
    case 'queue': {
      const totals = snapshot.events?.totals;
      if (!totals) return null;
      return new Map(QUEUE_TOTALS.map((total) => [total, totals[total]]));
    }
    case 'available-slides': {
      const available = snapshot.displays?.availableSlides;
      return available == null ? null : new Map([[AVAILABLE_SLIDES, available]]);
    }
    case 'clock':
      return snapshot.clock === null ? null : tally(snapshot.clock.entries.map((entry) => entry.key));
    case 'objects':
      return snapshot.objects === null || snapshot.objects.disabled ? null : tally(snapshot.objects.entries.map((entry) => countedKey(entry.key)));
    case 'display': {
      const display = snapshot.displays?.displays.find((candidate) => candidate.name === (options.display ?? null));
      if (display === undefined) return null;
      return tally(display.children.map((child) => countedKey(child.key)).filter((key) => duplicateKindOf(key) !== null));
    }
  }
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
