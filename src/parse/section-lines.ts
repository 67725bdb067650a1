// What the lines inside each section of a dump say (EVENTS, DISPLAYS, OBJECTS, CLOCK), written into
// the dump being read. Which section a line belongs to is dump-sections.ts's to decide.

import type {
  ClockSection,
  CountedClockEntry,
  DisplaysSection,
  DisplayTree,
  EventsSection,
  ObjectsSection,
  ReprsKept,
} from '../model.js';
import { childCount, slideIdOf } from '../snapshot-lists.js';
import { LastTime } from './dump-lines.js';
import { compactRecord, emptyRecord } from './name-record.js';
import { ObjectTally, type KeyNumbers } from './object-tally.js';
import { keyOfRepr } from './normalize.js';
import { addProblem, type ProblemList } from './problem-list.js';
import { elidedDisplay, QUEUE_TASK, readClock, type ClockReading, type EntryKind } from './section-entries.js';

/** Counts above this are not counts: JavaScript numbers stop being exact past 2^53. */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

const TOTALS = /^Total registered_handlers: (\S+)\. Total event_queue: (\S+)\. Total callback_queue: (\S+)\. Total _queue_tasks: (\S+?)\s*$/;
const HANDLER = /^\s*Total handlers: (\S+) \(for (.*)\)\s*$/s;
// `Active slides: {…} (Count: N). Displays: {…} (Count: M). Available Slides: K` is split by
// splitActiveSlides, not one regex: two greedy groups backtrack over each other, so a long line
// with many `(Count: …)` in it takes quadratic time.
const ACTIVE_SLIDES_START = 'Active slides: ';
const ACTIVE_SLIDES_END = / \(Count: (\d+)\)(?:\. Available Slides: (\d+))?\s*$/;
const COUNT_OPEN = ' (Count: ';
const DISPLAYS_AFTER_COUNT = '). Displays: ';
// A name stops at the next `<Slide name=`: otherwise each unclosed one made the lazy group scan to
// the end of the line, quadratic in the number of them.
const SLIDE_IN_DICT = /<Slide name=((?:(?!<Slide name=).)*?), priority=(-?\d+), id=(\d+)>/gs;
const LISTING = /^Listing children for display: (.*)$/s;
const DISPLAY_NAME = /^<Display name=(.*?)\[[^\]]*\], current slide=/s;
const TOTAL_CHILDREN = /^Total children: (\S+?)\s*$/;
const ELEMENTS = /^Elements in list \(may be dead\): (\S+?)\s*$/;

export type SectionKind = 'events' | 'displays' | 'objects' | 'clock';

/** A snapshot being read. */
export interface Draft extends ProblemList {
  line: number;
  time: string | null;
  /** the time of the dump's last line, where the next section's header is measured from */
  lastTime: LastTime;
  /** lines read into its sections: none, and the dump is no dump (dump-sections.ts finishDraft) */
  contentLines: number;
  state: string;
  activeModes: string[];
  posted: Record<string, number>;
  events: EventsSection | null;
  displays: DisplaysSection | null;
  objects: ObjectsSection | null;
  clock: ClockSection | null;
  /** sections in which lines were elided: their declared totals cannot be checked */
  elided: Set<SectionKind>;
  /** the event queue listing has started (`Queue events:`) */
  inQueue: boolean;
  /** where the declared totals stand, so a count mismatch points at the line that declares it */
  totalsLine: number | null;
  totalChildrenLines: Map<DisplayTree, number>;
  /** written by an MC 0.50 dev build (STATS/LEAKS headers) */
  legacy: boolean;
  /** what is kept of the entries of OBJECTS, display trees and CLOCK */
  reprs: ReprsKept;
  /** with `reprs` 'none': the OBJECTS entries counted so far */
  objectTally: ObjectTally | null;
  /** with `reprs` 'none': the CLOCK entries counted so far, by key and timeout */
  clockCounts: Map<string, CountedClockEntry> | null;
}


/** A dump beginning at `line`, with no section yet. */
export function newDraft(line: number, time: string | null, state: string, activeModes: string[], posted: Record<string, number>, reprs: ReprsKept): Draft {
  return {
    line,
    time,
    lastTime: new LastTime(time),
    contentLines: 0,
    problems: [],
    problemRepeats: [],
    state,
    activeModes,
    posted,
    events: null,
    displays: null,
    objects: null,
    clock: null,
    elided: new Set(),
    inQueue: false,
    totalsLine: null,
    totalChildrenLines: new Map(),
    legacy: false,
    reprs,
    objectTally: null,
    clockCounts: null,
  };
}

/** Puts into `draft` the empty `kind` section that a header at `line` opens; OBJECTS keys counted by `numbers`. */
export function openSectionIn(draft: Draft, kind: SectionKind, line: number, numbers: KeyNumbers): void {
  if (kind === 'events') draft.events = { line, totals: null, handlers: emptyRecord(), queue: [] };
  else if (kind === 'displays') {
    draft.displays = { line, activeSlides: [], activeSlideCount: null, displayCount: null, availableSlides: null, displays: [] };
  } else if (kind === 'objects') {
    draft.objects = { line, disabled: false, declaredCount: null, entries: [] };
    draft.objectTally = draft.reprs === 'none' ? new ObjectTally(numbers) : null;
  } else {
    draft.clock = draft.reprs === 'none' ? { line, entries: [], counted: [] } : { line, entries: [] };
    draft.clockCounts = draft.reprs === 'none' ? new Map() : null;
  }
}

/**
 * Completes the `section` of `draft` that has ended, and checks what it declared. Returns the keys
 * of its OBJECTS when counted (the array `sameKeys` when they are the same keys), else `sameKeys`.
 */
export function closeSectionIn(draft: Draft, section: SectionKind, sameKeys: string[] | null): string[] | null {
  draft.inQueue = false;
  // Made at once, the record of handler counts is a compact object, not a hash table.
  if (section === 'events' && draft.events !== null) draft.events.handlers = compactRecord(draft.events.handlers);
  let keys = sameKeys;
  if (section === 'objects' && draft.objectTally !== null && draft.objects !== null && !draft.objects.disabled) {
    const counted = draft.objectTally.counted(sameKeys);
    draft.objects.counted = counted;
    draft.objectTally = null;
    keys = counted.keys;
  }
  checkDeclaredCounts(draft, section);
  return keys;
}

/**
 * A dump line's message met before (dump-lines.ts reads lines by their bytes), with what was read
 * from its text, each the first time it was needed: a dump lists mostly what the dump before did.
 */
export class SectionMessage {
  private objectKey: string | undefined;
  private slideId: number | null | undefined;
  private clock: ClockReading | null | undefined;
  private handler: { event: string; count: number } | null | undefined;

  constructor(readonly text: string) {}

  private keyNumber: number | undefined;

  keyOfRepr(): string {
    return (this.objectKey ??= keyOfRepr(this.text));
  }

  /** The number of `keyOfRepr()` in `numbers` (always the same numbers: those of the parser that met the message). */
  keyNumberIn(numbers: KeyNumbers): number {
    return (this.keyNumber ??= numbers.numberOf(this.keyOfRepr()));
  }

  slideIdOfRepr(): number | null {
    if (this.slideId === undefined) this.slideId = slideIdOf(this.text);
    return this.slideId;
  }

  clockEntry(): ClockReading | null {
    if (this.clock === undefined) this.clock = readClock(this.text);
    return this.clock;
  }

  /** The event and count of a `Total handlers: N (for EVENT)` line whose count is a count; else null. */
  handlerCount(): { event: string; count: number } | null {
    if (this.handler === undefined) {
      const handler = HANDLER.exec(this.text);
      const count = handler ? countOf(handler[1]!) : null;
      this.handler = handler && count !== null ? { event: handler[2]!, count } : null;
    }
    return this.handler;
  }
}


/**
 * Reads line `line` of the open `section` of `draft`. Returns the kind of entry it starts (its
 * repr, `message`, may go on over the next lines), or null.
 */
export function readSectionLine(draft: Draft, section: SectionKind, message: string, line: number): EntryKind | null {
  switch (section) {
    case 'events':
      return readEventsLine(draft, draft.events!, message, line);
    case 'displays':
      return readDisplaysLine(draft, draft.displays!, message, line);
    case 'objects': {
      const objects = draft.objects!;
      if (objects.disabled) return null;
      if (message.startsWith('<')) return 'object';
      const elements = ELEMENTS.exec(message);
      if (elements) objects.declaredCount = readCount(draft, line, elements[1]!, 'Elements in list');
      return null;
    }
    case 'clock':
      return message.startsWith('<ClockEvent') ? 'clock' : null;
  }
}

/** As readSectionLine, for a message met before: what was read from it then is not read again. */
export function readKnownSectionLine(draft: Draft, section: SectionKind, message: SectionMessage, line: number): EntryKind | null {
  if (section === 'events') {
    const handler = message.handlerCount();
    if (handler !== null) {
      addHandlerCount(draft, draft.events!, handler.event, handler.count, line);
      return null;
    }
  }
  return readSectionLine(draft, section, message.text, line);
}

function addHandlerCount(draft: Draft, events: EventsSection, event: string, count: number, line: number): void {
  if (event in events.handlers) addProblem(draft, line, 'duplicate-event', `event ${event} is listed twice; the first count is kept`);
  else events.handlers[event] = count;
}

function readEventsLine(draft: Draft, events: EventsSection, message: string, line: number): EntryKind | null {
  const handler = HANDLER.exec(message);
  if (handler) {
    const count = readCount(draft, line, handler[1]!, `handlers of ${handler[2]}`);
    if (count !== null) addHandlerCount(draft, events, handler[2]!, count, line);
    return null;
  }
  const totals = TOTALS.exec(message);
  if (totals) {
    const [registeredHandlers, eventQueue, callbackQueue, queueTasks] = [totals[1]!, totals[2]!, totals[3]!, totals[4]!].map((value) =>
      readCount(draft, line, value, 'a total'),
    );
    if (registeredHandlers != null && eventQueue != null && callbackQueue != null && queueTasks != null) {
      events.totals = { registeredHandlers, eventQueue, callbackQueue, queueTasks };
      draft.totalsLine = line;
    }
    return null;
  }
  if (message.trimEnd() === 'Queue events:') {
    draft.inQueue = true;
    return null;
  }
  if (draft.inQueue && QUEUE_TASK.test(message)) return 'queue';
  // `Registered Handlers:` and anything else EventManager writes in between carry no data.
  return null;
}

function readDisplaysLine(draft: Draft, displays: DisplaysSection, message: string, line: number): EntryKind | null {
  if (message.startsWith('<')) return 'child';
  const listing = LISTING.exec(message);
  if (listing) {
    const repr = listing[1]!;
    const display: DisplayTree = { name: DISPLAY_NAME.exec(repr)?.[1] ?? null, repr, children: [], totalChildren: null };
    if (draft.reprs === 'none') display.childKeys = [];
    displays.displays.push(display);
    return null;
  }
  const total = TOTAL_CHILDREN.exec(message);
  if (total) {
    const display = displays.displays.at(-1) ?? elidedDisplay(draft, displays);
    display.totalChildren = readCount(draft, line, total[1]!, 'Total children');
    draft.totalChildrenLines.set(display, line);
    return null;
  }
  if (message.startsWith(ACTIVE_SLIDES_START)) {
    const active = splitActiveSlides(message);
    if (!active) {
      addProblem(draft, line, 'unreadable-line', 'the "Active slides" line is cut off or malformed');
      return null;
    }
    displays.activeSlides = [];
    for (const slide of active.slides.matchAll(SLIDE_IN_DICT)) {
      const name = slide[1]!;
      const priority = readInteger(draft, line, slide[2]!, `priority of slide ${name}`);
      const id = readCount(draft, line, slide[3]!, `id of slide ${name}`);
      if (priority !== null && id !== null) displays.activeSlides.push({ name, priority, id });
    }
    displays.activeSlideCount = readCount(draft, line, active.slideCount, 'the count of active slides');
    displays.displayCount = readCount(draft, line, active.displayCount, 'the count of displays');
    displays.availableSlides = active.availableSlides === undefined ? null : readCount(draft, line, active.availableSlides, 'Available Slides');
  }
  // MPF 0.57.1+ logs a deprecation warning on `mpfmc` here; it and other lines carry no dump data.
  return null;
}


/** Checks what a closed section declares (its totals and counts) against what was read in it. */
function checkDeclaredCounts(draft: Draft, section: SectionKind): void {
  if (draft.elided.has(section)) return;
  if (section === 'events' && draft.events?.totals) {
    const read = Object.keys(draft.events.handlers).length;
    const declared = draft.events.totals.registeredHandlers;
    if (read !== declared) {
      addProblem(draft, draft.totalsLine ?? draft.events.line, 'count-mismatch', `Total registered_handlers says ${declared} events, ${read} handler lines were read`);
    }
  }
  if (section === 'displays' && draft.displays) {
    for (const display of draft.displays.displays) {
      if (display.totalChildren !== null && display.totalChildren !== childCount(display)) {
        addProblem(draft, draft.totalChildrenLines.get(display) ?? draft.displays.line, 'count-mismatch', `display ${display.name ?? '(unnamed)'}: Total children says ${display.totalChildren}, ${childCount(display)} were read`);
      }
    }
    const declared = draft.displays.displayCount;
    if (declared !== null && declared !== draft.displays.displays.length) {
      addProblem(draft, draft.displays.line, 'count-mismatch', `the Displays dict counts ${declared} displays, ${draft.displays.displays.length} were listed`);
    }
  }
}

function readCount(draft: Draft, line: number, text: string, what: string): number | null {
  const value = countOf(text);
  if (value === null) addProblem(draft, line, 'bad-number', `${what}: "${text.slice(0, 40)}" is not a count`);
  return value;
}

/** `text` as a count, or null when it is none (not digits, or past exact numbers). */
function countOf(text: string): number | null {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(value) && value <= MAX_COUNT ? value : null;
}

/** A whole number that may be negative (slide priorities). */
function readInteger(draft: Draft, line: number, text: string, what: string): number | null {
  const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  // `-0` is read as 0: JSON has no negative zero, and the same slide must compare equal.
  if (Number.isSafeInteger(value)) return value === 0 ? 0 : value;
  addProblem(draft, line, 'bad-number', `${what}: "${text.slice(0, 40)}" is not a whole number`);
  return null;
}

/**
 * The parts of an `Active slides` line, in linear time: the end is found first, then the last
 * `(Count: N). Displays: ` before it, which is where a greedy regex over the whole line splits it.
 */
export function splitActiveSlides(
  message: string,
): { slides: string; slideCount: string; displayCount: string; availableSlides: string | undefined } | null {
  const end = ACTIVE_SLIDES_END.exec(message);
  if (end === null) return null;
  const head = message.slice(0, end.index);
  for (let at = head.lastIndexOf(DISPLAYS_AFTER_COUNT); at >= ACTIVE_SLIDES_START.length; at = head.lastIndexOf(DISPLAYS_AFTER_COUNT, at - 1)) {
    let digits = at;
    while (digits > 0 && isDigit(head.charCodeAt(digits - 1))) digits--;
    const open = digits - COUNT_OPEN.length;
    if (digits < at && open >= ACTIVE_SLIDES_START.length && head.startsWith(COUNT_OPEN, open)) {
      return {
        slides: head.slice(ACTIVE_SLIDES_START.length, open),
        slideCount: head.slice(digits, at),
        displayCount: end[1]!,
        availableSlides: end[2],
      };
    }
  }
  return null;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
