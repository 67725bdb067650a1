// What the parser makes of a log: the snapshots of its dumps with their sections, what is damaged
// in them, and the EventManager lines that name handlers.

/** Which program wrote a dump: MPF itself (EVENTS only) or the media controller MPF-MC (all four sections). */
export type ProcessKind = 'mpf' | 'mc';

/** Which writer a line comes from: MPF's log, MPF-MC's, or a console both write to (`mixed`). */
export type ChannelName = 'mpf' | 'mc' | 'mixed';

/**
 * Why a snapshot is not whole. The parser never drops a damaged dump; it says what is wrong with
 * it. A dump none of whose sections holds a line is no dump: a problem of the log (`empty-section`).
 */
export type ProblemReason =
  /** a `[...]` line: somebody cut lines out (the docs sample does) */
  | 'elided'
  /** the section had no END line: the log ended, or the next dump began, before it */
  | 'truncated'
  /** a section header came again before the END of the open one */
  | 'header-repeated'
  /** an END line came with no matching open section */
  | 'end-without-header'
  /** a declared total (`Total registered_handlers`, `Total children`) differs from the lines read */
  | 'count-mismatch'
  /** a count that is not a number, or too large to be one */
  | 'bad-number'
  /** an MC dump without one of the sections MPF-MC always writes */
  | 'missing-section'
  /** a dump line the parser could not read */
  | 'unreadable-line'
  /** the same event listed twice in one EVENTS section */
  | 'duplicate-event'
  /** a physical line longer than the parser keeps; the rest was dropped */
  | 'line-too-long'
  /** a section with no line between its header and its END or the next header: no dump (a problem of the log) */
  | 'empty-section';

/** One thing wrong with a snapshot or a log, at a 1-based line of its file. */
export interface Problem {
  /** 1-based line number in the input file */
  line: number;
  reason: ProblemReason;
  /** one sentence for people, naming what was expected */
  detail: string;
}

/** A problem of a log outside its dumps (a .gz cut off, an END without its header), with the log's name. */
export interface LogProblem extends Problem {
  /** the log as the user named it (`-` for standard input) */
  file: string;
}

/** The four totals on the second line of an EVENTS dump. */
export interface EventsTotals {
  /** number of distinct event names that have handlers (not the number of handlers) */
  registeredHandlers: number;
  /** events waiting in the event queue */
  eventQueue: number;
  /** callbacks waiting in the callback queue */
  callbackQueue: number;
  /** running queue-event tasks */
  queueTasks: number;
}

/** `--- DEBUG DUMP EVENTS ---`: handler counts per event, written by MPF and by MPF-MC. */
export interface EventsSection {
  /** line of the section header */
  line: number;
  /** null when the totals line is missing or unreadable */
  totals: EventsTotals | null;
  /** handlers registered per event name, in dump order (largest first) */
  handlers: Record<string, number>;
  /** reprs of the running queue-event tasks (usually none) */
  queue: string[];
}

/** One entry of MC's "Active slides" dict. */
export interface ActiveSlide {
  name: string;
  priority: number;
  /** creation-order number of the slide (global counter, not an address) */
  id: number;
}

/** A widget, slide, asset or other object printed as its Python repr, with a key that is stable across runs. */
export interface ObjectEntry {
  /** the repr as logged (multi-line Text reprs joined with "\n") */
  repr: string;
  /** normalised identity: type and name, no addresses, ids or animated positions (e.g. `Image:nyannyan`) */
  key: string;
  /** line where the repr starts */
  line: number;
}

/** The widget tree of one display, as `display.walk()` printed it. */
export interface DisplayTree {
  /** display name from `Listing children for display: <Display name=NAME[...]...>`; null when that line was elided */
  name: string | null;
  /** the display's repr, null when elided */
  repr: string | null;
  /** the display itself first, then its subtree in walk order; empty when `childKeys` holds them */
  children: ObjectEntry[];
  /** the `Total children: N` line (counts the display itself); null when missing */
  totalChildren: number | null;
  /**
   * For a dump read without its reprs (`ReprsKept` 'none'): the children's keys, in walk order,
   * instead of `children`. Absent when `children` holds them.
   */
  childKeys?: string[];
}

/** `--- DEBUG DUMP DISPLAYS ---` (MPF-MC only). */
export interface DisplaysSection {
  line: number;
  /** slides in the "Active slides" dict */
  activeSlides: ActiveSlide[];
  /** `(Count: N)` after the Active slides dict; null when the line was missing or unreadable */
  activeSlideCount: number | null;
  /** `(Count: N)` after the Displays dict */
  displayCount: number | null;
  /** `Available Slides: N` (MC 0.54+): slide configs ever created; null in older MC */
  availableSlides: number | null;
  displays: DisplayTree[];
}

/** `--- DEBUG DUMP OBJECTS ---` (MPF-MC only): every live tracked slide, widget and asset. */
export type ObjectsSection =
  | {
      line: number;
      disabled: false;
      /** `Elements in list (may be dead): N` — includes dead references, so entries.length may be smaller */
      declaredCount: number | null;
      /** every entry, oldest first; empty when `counted` holds them */
      entries: ObjectEntry[];
      /** for a dump read without its reprs (`ReprsKept` 'none'): the entries counted, instead of `entries`; absent when `entries` holds them */
      counted?: CountedObjects;
    }
  /** MC ran with the production flag (-P): no object tracking */
  | { line: number; disabled: true };

/** One scheduled Kivy clock event. */
export interface ClockEntry {
  /** seconds, as Kivy printed it (`0.0`, `-1.0`, `9.0`); null when not a finite number */
  timeout: number | null;
  /** the callback repr as logged */
  callback: string;
  /** normalised callback (e.g. `Widget.remove`, `MpfMc.tick`) */
  key: string;
  line: number;
}

/** `--- DEBUG DUMP CLOCK ---` (MPF-MC only). */
export interface ClockSection {
  line: number;
  /** in Kivy's schedule order; empty when `counted` holds them */
  entries: ClockEntry[];
  /** for a dump read without its reprs (`ReprsKept` 'none'): the entries counted, instead of `entries`; absent when `entries` holds them */
  counted?: CountedClockEntry[];
}

/**
 * What a parser keeps of the entries of OBJECTS, display trees and CLOCK: `all`, every entry
 * with its repr and line (what `extract` prints); `none`, only what the differ compares (keys,
 * counts, timeouts, slide ids), so that memory grows with keys times dumps, not with their text.
 */
export type ReprsKept = 'all' | 'none';

/** The OBJECTS entries of a dump read without its reprs. */
export interface CountedObjects {
  /** entries read */
  total: number;
  /**
   * the keys the entries are compared under, each once, in the order first read: their normalised
   * keys (`ObjectEntry.key`), but every anonymous slide (`Slide:Anon_N`) under `Slide:Anon_*`;
   * the dumps of a log that list the same keys share one array
   */
  keys: string[];
  /** `counts[i]`: the entries with key `keys[i]` */
  counts: Uint32Array;
  /** the highest creation id of the slides among them (`<Slide name=…, id=N>`), null when none */
  highestSlideId: number | null;
}

/** The CLOCK entries of one callback key and timeout, in a dump read without its reprs. */
export interface CountedClockEntry {
  /** normalised callback, as `ClockEntry.key` */
  key: string;
  /** seconds, as `ClockEntry.timeout` */
  timeout: number | null;
  /** entries with this key and timeout */
  count: number;
  /** the repr of the object the first of them is a bound method of (`<CustomCode.code.mc_hurry_up.HurryUpDisplay>`); null for another callback */
  owner: string | null;
}

/** One `debug_dump_stats` dump of one process, with the context the log gives around it. */
export interface Snapshot {
  /** the input as the user named it (never made absolute) */
  file: string;
  /** line of the first section header of this dump */
  line: number;
  process: ProcessKind;
  /** log time of the first header: `YYYY-MM-DDTHH:MM:SS.mmm`, `HH:MM:SS.mmm` for console logs without a date, null without any */
  time: string | null;
  /** false when any problem was recorded */
  complete: boolean;
  /** what is damaged or missing, in line order */
  problems: Problem[];
  /** the machine's state when the dump was taken, from the events posted before it: `attract`, `game`, `game·ball`, `service`, `unknown` */
  state: string;
  /** modes started and not stopped when the dump was taken (sorted) */
  activeModes: string[];
  /** how often each event was posted (`Event: ======'NAME'======` lines) since the previous dump of this process in this file */
  posted: Record<string, number>;
  /**
   * the log this one continues (a log cut into files), when `posted` also counts what that one
   * posted after its last dump of this process: set on the first dump of such a log; absent otherwise
   */
  postedSinceLog?: string;
  events: EventsSection | null;
  displays: DisplaysSection | null;
  objects: ObjectsSection | null;
  clock: ClockSection | null;
}

/** Where the counts of a handler copies series come from. */
export type HandlerCopiesSource =
  /** collision lines (`Unordered handler` / `Duplicate handler`): the copies listed in the last one */
  | 'collision'
  /** `-v` debug lines: handlers registered minus handlers removed */
  | 'registered';

/** Copies of one callback on one event at each point of a log (its dumps, or its minutes when it has none). */
export interface HandlerCopiesSeries {
  event: string;
  /** `Class.method` (the class that defines the method), a function's name, or the callback's repr as written */
  callback: string;
  /** repr of the object the method is bound to; null for `-v` lines, which do not print it, and plain functions */
  owner: string | null;
  /** the priority of the line that last named it; null when unknown */
  priority: number | null;
  source: HandlerCopiesSource;
  /** per point: the copies as of the last line before it; null before the first line, and after a restart until a line names it again */
  counts: (number | null)[];
  /** per point: true when a line of this series' signature was read since the point before */
  fresh: boolean[];
  /** true when a line that named it was cut off mid-list */
  cut: boolean;
}

/** A point of a log without dumps: the end of a minute in which a handler line was written. */
export interface HandlerTick {
  /** log time of the last handler line of the minute (`Snapshot.time`'s form); null in a log without times */
  time: string | null;
  /** its 1-based line */
  line: number;
  /** true for the first point after a start-up (`init_phase_1`) was logged: a new run of the program begins there */
  startUp?: true;
}

/** The EventManager lines of a log that name handlers, counted per callback: what culprits are made of. */
export interface LogHandlers {
  /**
   * `dumps`: a count per dump of the log, in file order (as the last line before the dump wrote
   * it); `minutes`: the log has no dump, a count per minute that had a handler line (`ticks`)
   */
  points: 'dumps' | 'minutes';
  /** for `minutes`: each point's minute; empty for `dumps` */
  ticks: HandlerTick[];
  /** every callback named, in order of first appearance */
  series: HandlerCopiesSeries[];
}

/**
 * The machine state as some lines of a log set it, where what came before them is not known: at a
 * dump, or at the end of those lines. Empty and null are "as before the lines".
 */
export interface MachineStateInSegment {
  /** modes started in the lines and running at their end */
  modes: string[];
  /** modes stopped in the lines and not started again */
  stoppedModes: string[];
  inGame: boolean | null;
  ballInPlay: boolean | null;
  /** true when the lines posted an event other than the dump trigger; false leaves it to before */
  sawPostedEvent: boolean;
  /** the program started again in the lines: what they set is all there is */
  startedOver: boolean;
}

/**
 * What a log's own lines say of the machine state where they leave something to the log before
 * it: a log that begins after another one ended, without a start-up, continues that one (a log
 * split in two), and its first dumps were taken in the state the other one left.
 */
export interface LogContinuity {
  /** per writer of the log: what its lines left at the end */
  ends: WriterEnd[];
  /** the dumps taken before the log started their writer over (every dump, in a log without a start-up), by line */
  openDumps: OpenDump[];
  /** every callback its handler lines named, with its copies as of the log's end (null after a restart) */
  copies: CopiesAtEnd[];
}

/** One callback's copies at the end of a log, as its handler lines counted them. */
export interface CopiesAtEnd {
  source: HandlerCopiesSource;
  event: string;
  callback: string;
  owner: string | null;
  count: number | null;
}

/** What one writer's lines left at the end of a log. */
export interface WriterEnd {
  channel: ChannelName;
  state: MachineStateInSegment;
  /** the posts since its last dump in the log (since the log's start when it has none) */
  posted: Record<string, number>;
  /** the log holds a dump of it */
  dumped: boolean;
  /**
   * what its first game and ball steps say of the machine before the log (a ball starts or ends
   * only in a game, a game starts only with no ball in play): a log whose start contradicts where
   * another ended does not continue that one; null where they say nothing
   */
  before: { inGame: boolean | null; ballInPlay: boolean | null };
}

/** A dump taken before the log started its writer over. */
export interface OpenDump {
  line: number;
  channel: ChannelName;
  /** the state as the log's lines set it */
  state: MachineStateInSegment;
  /** an earlier dump of its writer is in the log: its `posted` owes nothing to the log before */
  counted: boolean;
}

/** Everything the parser found in one input. */
export interface ParsedLog {
  file: string;
  /** physical lines read */
  lines: number;
  snapshots: Snapshot[];
  /** damage that belongs to no snapshot (an END with no header, a line too long outside a dump) */
  problems: Problem[];
  /** log line formats seen, by the letters of the format doc §5.3 (`A` MPF file, `B` MC file, `C` 0.57 console, …) */
  formats: string[];
  /** the EventManager lines that name handlers (`Unordered handler …`, `-v` `Registered …`), counted per callback; absent when the log has none */
  handlers?: LogHandlers;
  /** what the log's lines leave to a log before it that it continues; absent in a log not read by the parser */
  continuity?: LogContinuity;
}
