// What the lines inside each section of a dump say (EVENTS, DISPLAYS, OBJECTS, CLOCK), written into
// the dump being read. Which section a line belongs to is dump-sections.ts's to decide.

import type {
  ClockSection,
  CountedClockEntry,
  DisplaysSection,
  DisplayTree,
  EventsSection,
  ObjectEntry,
  ObjectsSection,
  ProblemReason,
  ReprsKept,
} from '../model.js';
import { childCount, slideIdOf } from '../snapshot-lists.js';
import { keyOfCallback, keyOfRepr } from './normalize.js';
import { addToList, type ProblemList } from './problem-list.js';

/** Counts above this are not counts: JavaScript numbers stop being exact past 2^53. */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

const TOTALS = /^Total registered_handlers: (\S+)\. Total event_queue: (\S+)\. Total callback_queue: (\S+)\. Total _queue_tasks: (\S+?)\s*$/;
const HANDLER = /^\s*Total handlers: (\S+) \(for (.*)\)\s*$/;
const QUEUE_TASK = /^\s*(<.*>):\s*$/s;
// `Active slides: {…} (Count: N). Displays: {…} (Count: M). Available Slides: K` is split by
// splitActiveSlides, not one regex: two greedy groups backtrack over each other, so a long line
// with many `(Count: …)` in it takes quadratic time.
const ACTIVE_SLIDES_START = 'Active slides: ';
const ACTIVE_SLIDES_END = / \(Count: (\d+)\)(?:\. Available Slides: (\d+))?\s*$/;
const COUNT_OPEN = ' (Count: ';
const DISPLAYS_AFTER_COUNT = '). Displays: ';
// A name stops at the next `<Slide name=`: otherwise each unclosed one made the lazy group scan to
// the end of the line, quadratic in the number of them.
const SLIDE_IN_DICT = /<Slide name=((?:(?!<Slide name=).)*?), priority=(-?\d+), id=(\d+)>/g;
const LISTING = /^Listing children for display: (.*)$/s;
const DISPLAY_NAME = /^<Display name=(.*?)\[[^\]]*\], current slide=/s;
const TOTAL_CHILDREN = /^Total children: (\S+?)\s*$/;
const ELEMENTS = /^Elements in list \(may be dead\): (\S+?)\s*$/;
/** Used only on text ending in `>`: on other text the lazy group retries at every `) callback=`, quadratic. */
const CLOCK_EVENT = /^<ClockEvent \((.*?)\) callback=(.*)>$/s;

export type SectionKind = 'events' | 'displays' | 'objects' | 'clock';

/** A snapshot being read. */
export interface Draft extends ProblemList {
  line: number;
  time: string | null;
  lastTime: string | null;
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
  /** with `reprs` 'none': the CLOCK entries counted so far, by key and timeout */
  clockCounts: Map<string, CountedClockEntry> | null;
}

/** An object, child, clock or queue line whose repr may go on over the next physical lines. */
export interface PendingEntry {
  kind: 'child' | 'object' | 'clock' | 'queue';
  line: number;
  text: string;
  draft: Draft;
}

export function addProblem(draft: Draft, line: number, reason: ProblemReason, detail: string): void {
  addToList(draft, { line, reason, detail });
}

/**
 * Reads line `line` of the open `section` of `draft`. Returns the entry it starts, whose repr may
 * go on over the next lines, or null.
 */
export function readSectionLine(draft: Draft, section: SectionKind, message: string, line: number): PendingEntry | null {
  switch (section) {
    case 'events':
      return readEventsLine(draft, draft.events!, message, line);
    case 'displays':
      return readDisplaysLine(draft, draft.displays!, message, line);
    case 'objects': {
      const objects = draft.objects!;
      if (objects.disabled) return null;
      const elements = ELEMENTS.exec(message);
      if (elements) objects.declaredCount = readCount(draft, line, elements[1]!, 'Elements in list');
      else if (message.startsWith('<')) return { kind: 'object', line, text: message, draft };
      return null;
    }
    case 'clock':
      return message.startsWith('<ClockEvent') ? { kind: 'clock', line, text: message, draft } : null;
  }
}

function readEventsLine(draft: Draft, events: EventsSection, message: string, line: number): PendingEntry | null {
  const handler = HANDLER.exec(message);
  if (handler) {
    const count = readCount(draft, line, handler[1]!, `handlers of ${handler[2]}`);
    if (count === null) return null;
    const event = handler[2]!;
    if (event in events.handlers) addProblem(draft, line, 'duplicate-event', `event ${event} is listed twice; the first count is kept`);
    else events.handlers[event] = count;
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
  if (draft.inQueue && QUEUE_TASK.test(message)) return { kind: 'queue', line, text: message, draft };
  // `Registered Handlers:` and anything else EventManager writes in between carry no data.
  return null;
}

function readDisplaysLine(draft: Draft, displays: DisplaysSection, message: string, line: number): PendingEntry | null {
  if (message.startsWith('<')) return { kind: 'child', line, text: message, draft };
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

/** Children that follow a `[...]` where the `Listing children` line was cut out. */
function elidedDisplay(draft: Draft, displays: DisplaysSection): DisplayTree {
  const display: DisplayTree = { name: null, repr: null, children: [], totalChildren: null };
  if (draft.reprs === 'none') display.childKeys = [];
  displays.displays.push(display);
  return display;
}

/** Writes an entry into its dump, now that the line after it has shown where its repr ends. */
export function finishEntry(pending: PendingEntry): void {
  const { draft, text, line } = pending;
  switch (pending.kind) {
    case 'queue':
      draft.events?.queue.push(QUEUE_TASK.exec(text)?.[1] ?? text);
      return;
    case 'object': {
      const objects = draft.objects;
      if (objects === null || objects.disabled) return;
      if (objects.counted === undefined) {
        objects.entries.push(entryOf(text, line));
        return;
      }
      const counted = objects.counted;
      const key = reprKeys.keyOf(text);
      counted.total++;
      counted.keys[key] = (counted.keys[key] ?? 0) + 1;
      if (key.startsWith('Slide:')) {
        const id = slideIdOf(text);
        if (id !== null && (counted.highestSlideId === null || id > counted.highestSlideId)) counted.highestSlideId = id;
      }
      return;
    }
    case 'child': {
      const displays = draft.displays!;
      const lastDisplay = displays.displays.at(-1);
      const display = lastDisplay && lastDisplay.totalChildren === null ? lastDisplay : elidedDisplay(draft, displays);
      if (display.childKeys !== undefined) display.childKeys.push(reprKeys.keyOf(text));
      else display.children.push(entryOf(text, line));
      return;
    }
    case 'clock': {
      const clock = text.endsWith('>') ? CLOCK_EVENT.exec(text) : null;
      if (!clock) {
        addProblem(draft, line, 'unreadable-line', 'a CLOCK line is not a <ClockEvent (timeout) callback=...> repr');
        return;
      }
      const parsed = Number(clock[1]);
      const timeout = Number.isFinite(parsed) ? parsed : null;
      const section = draft.clock;
      if (section === null) return;
      if (section.counted === undefined || draft.clockCounts === null) {
        section.entries.push({ timeout, callback: clock[2]!, key: keyOfCallback(clock[2]!), line });
        return;
      }
      const key = callbackKeys.keyOf(clock[2]!);
      const id = `${key}\u0000${timeout}`;
      const known = draft.clockCounts.get(id);
      if (known !== undefined) known.count++;
      else {
        const entry = { key, timeout, count: 1 };
        draft.clockCounts.set(id, entry);
        section.counted.push(entry);
      }
    }
  }
}

/**
 * A pure function of a repr, remembered for the reprs met last: a dump lists the same objects as
 * the dump before, so most reprs have been keyed before, and the keys are one string each.
 */
class RememberedKeys {
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly keyOfText: (text: string) => string,
    private readonly capacity: number,
  ) {}

  keyOf(text: string): string {
    let key = this.keys.get(text);
    if (key === undefined) {
      key = this.keyOfText(text);
      // Reprs with addresses may all differ: forget them all rather than grow without end.
      if (this.keys.size >= this.capacity) this.keys.clear();
      this.keys.set(text, key);
    }
    return key;
  }
}

const reprKeys = new RememberedKeys(keyOfRepr, 50_000);
const callbackKeys = new RememberedKeys(keyOfCallback, 10_000);

/** Checks what a closed section declares (its totals and counts) against what was read in it. */
export function checkDeclaredCounts(draft: Draft, section: SectionKind): void {
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
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isSafeInteger(value) && value <= MAX_COUNT) return value;
  addProblem(draft, line, 'bad-number', `${what}: "${text.slice(0, 40)}" is not a count`);
  return null;
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

function entryOf(repr: string, line: number): ObjectEntry {
  return { repr, key: keyOfRepr(repr), line };
}
