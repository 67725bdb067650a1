// The lines that open and end a dump's sections, the writer each line format belongs to, and when
// an MPF-MC section continues the dump before it rather than starting a new one.

import type { LineFormat } from './prefix.js';
import type { Draft, SectionKind } from './section-lines.js';
import type { ChannelName } from '../model.js';

/** What every dump header's message starts with. */
export const HEADER_PREFIX = '--- DEBUG DUMP ';

/** Order of the sections inside one MC dump: a header that does not come later starts a new dump. */
const SECTION_RANK = { events: 0, displays: 1, objects: 2, clock: 3 } as const satisfies Record<SectionKind, number>;

/** The header messages after HEADER_PREFIX: the section each opens or ends. */
export const HEADERS = new Map<string, { kind: SectionKind; end: boolean; legacy?: true } | 'objects-disabled'>(Object.entries({
  'EVENTS ---': { kind: 'events', end: false },
  'EVENTS END ---': { kind: 'events', end: true },
  'DISPLAYS ---': { kind: 'displays', end: false },
  'DISPLAYS END ---': { kind: 'displays', end: true },
  // MC 0.50.0-dev.26–30 called DISPLAYS "STATS", and dev.34 called OBJECTS "LEAKS".
  'STATS ---': { kind: 'displays', end: false, legacy: true },
  'STATS END ---': { kind: 'displays', end: true },
  'OBJECTS ---': { kind: 'objects', end: false },
  'OBJECTS END ---': { kind: 'objects', end: true },
  'LEAKS ---': { kind: 'objects', end: false, legacy: true },
  'LEAKS END ---': { kind: 'objects', end: true },
  'OBJECTS DISABLED BECAUSE OF PRODUCTION FLAG ---': 'objects-disabled',
  'CLOCK ---': { kind: 'clock', end: false },
  'CLOCK END ---': { kind: 'clock', end: true },
}));

/** Which writer a line comes from. MPF's file log has a level and MC's has none; console and JSON
 *  formats look the same for both, so they share one channel and the sections decide. */
export const CHANNEL_OF_FORMAT = {
  A: 'mpf',
  D: 'mpf',
  E: 'mpf',
  B: 'mc',
  F: 'mc',
  H: 'mc',
  C: 'mixed',
  G: 'mixed',
} as const satisfies Record<LineFormat, ChannelName>;

/** Two MC sections further apart than this belong to two dumps (one dump is written in milliseconds). */
const SAME_DUMP_WINDOW_MS = 10_000;

/** An MC section belongs to the dump being read when it comes after that dump's sections, soon. */
export function continuesDraft(draft: Draft, kind: SectionKind, time: string | null): boolean {
  if (kind === 'events') return false;
  const present = (['events', 'displays', 'objects', 'clock'] as const).filter((k) => draft[k] !== null);
  if (present.some((k) => SECTION_RANK[k] >= SECTION_RANK[kind])) return false;
  const gap = millisBetween(draft.lastTime.get(), time);
  return gap === null || gap <= SAME_DUMP_WINDOW_MS;
}

function millisBetween(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  const start = Date.parse(from.includes('T') ? from : `1970-01-01T${from}`);
  const end = Date.parse(to.includes('T') ? to : `1970-01-01T${to}`);
  return Number.isNaN(start) || Number.isNaN(end) ? null : Math.abs(end - start);
}
