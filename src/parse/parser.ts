// The dump parser: a line-oriented state machine fed bytes in chunks of any size, so the same code
// reads a 10-line fixture and a multi-gigabyte log in memory that does not grow with the log.
//
// Lines are selected by logger and state, never by adjacency: other threads (BCP, asset loader)
// write into the middle of a dump, and in `mpf both -l` MPF and MPF-MC write one file together.
// Each writer has its own channel, chosen by the line format, with its own open section.

import { isUtf8 } from 'node:buffer';
import type {
  ClockSection,
  DisplaysSection,
  DisplayTree,
  EventsSection,
  ObjectEntry,
  ObjectsSection,
  ParsedLog,
  Problem,
  ProblemReason,
  ProcessKind,
  Snapshot,
} from '../model.js';
import { keyOfCallback, keyOfRepr } from './normalize.js';
import { LineScanner } from './line-scanner.js';
import { PostedLines, type PostedEvent } from './posted-lines.js';
import { parseRecord, type LineFormat, type LogRecord } from './prefix.js';
import { addCounts, shiftLines, shiftProblem, type ChannelName, type MachineStateInSegment, type ParsedSegment, type SegmentDump } from './segment.js';

const DUMP_MARKER = Buffer.from('DEBUG DUMP');
const POSTED_MARKER = Buffer.from('Event: ==');
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
/** Lines longer than this keep only their start: a binary or corrupt file must not fill memory. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/** Two MC sections further apart than this belong to two dumps (one dump is written in milliseconds). */
const SAME_DUMP_WINDOW_MS = 10_000;
/** Counts above this are not counts: JavaScript numbers stop being exact past 2^53. */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

const HEADER_PREFIX = '--- DEBUG DUMP ';
const TOTALS = /^Total registered_handlers: (\S+)\. Total event_queue: (\S+)\. Total callback_queue: (\S+)\. Total _queue_tasks: (\S+?)\s*$/;
const HANDLER = /^\s*Total handlers: (\S+) \(for (.*)\)\s*$/;
const QUEUE_TASK = /^\s*(<.*>):\s*$/s;
const POSTED = /^Event: =+'(.*?)'=+/s;
// `Active slides: {…} (Count: N). Displays: {…} (Count: M). Available Slides: K` is split by
// splitActiveSlides, not one regex: two greedy groups backtrack over each other, so a long line
// with many `(Count: …)` in it took quadratic time (seconds for 400 KB, hours for 10 MB).
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
const ELISION = /^\s*\[(?:\.\.\.|…)\]\s*$/;

type SectionKind = 'events' | 'displays' | 'objects' | 'clock';

/** Order of the sections inside one MC dump: a header that does not come later starts a new dump. */
const SECTION_RANK = { events: 0, displays: 1, objects: 2, clock: 3 } as const satisfies Record<SectionKind, number>;

const HEADERS = new Map<string, { kind: SectionKind; end: boolean; legacy?: true } | 'objects-disabled'>(Object.entries({
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
const CHANNEL_OF_FORMAT = {
  A: 'mpf',
  D: 'mpf',
  E: 'mpf',
  B: 'mc',
  F: 'mc',
  H: 'mc',
  C: 'mixed',
  G: 'mixed',
} as const satisfies Record<LineFormat, ChannelName>;

/** A snapshot being read. */
interface Draft {
  line: number;
  time: string | null;
  lastTime: string | null;
  problems: Problem[];
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
  /** in a segment's parse: what `state` and `activeModes` leave to the log before the segment */
  inSegment: Omit<SegmentDump, 'snapshot'> | null;
}

/** An object, child, clock or queue line whose repr may go on over the next physical lines. */
interface PendingEntry {
  kind: 'child' | 'object' | 'clock' | 'queue';
  line: number;
  text: string;
  draft: Draft;
}

/** What the posted events say the machine is doing. A segment's parse starts with it unknown: null. */
interface MachineState {
  modes: Set<string>;
  /** modes stopped and not started again: in a segment, the ones running before it that it ended */
  stoppedModes: Set<string>;
  inGame: boolean | null;
  ballInPlay: boolean | null;
  sawPostedEvent: boolean;
}

/** What a dump's `state` and `activeModes` are made from. */
type StateAtDump = Omit<MachineState, 'stoppedModes'>;

/** One writer's parse state. */
interface Channel extends MachineState {
  name: ChannelName;
  section: SectionKind | null;
  draft: Draft | null;
  /** posts of each event since the last dump, by PostedEvent id */
  posts: Float64Array;
  /** ids of the events posted since the last dump, in the order first posted */
  postedIds: number[];
  /** a dump has begun: the posts counted since are this parse's own */
  dumped: boolean;
}

/** Streaming parser of one log: push chunks, then `end()`. */
export class LogParser {
  readonly file: string;
  private readonly onSnapshot: ((snapshot: Snapshot) => void) | undefined;
  private readonly snapshots: Snapshot[] = [];
  private readonly logProblems: Problem[] = [];
  private readonly formats = new Set<LineFormat>();
  private readonly channels = new Map<ChannelName, Channel>();
  private readonly postedLines = new PostedLines();
  /** null where this Node has no WebAssembly SIMD: the parser then reads every line itself */
  private readonly scanner: LineScanner | null;
  /** the format and channel of each prefix taught to the scanner, by its index there */
  private readonly scannedFormats: LineFormat[] = [];
  private readonly scannedChannels: Array<Channel | undefined> = [];
  private lineNumber = 0;
  private carry: Buffer[] = [];
  private carryLength = 0;
  private carryTooLong = false;
  private atStart = true;
  private openSections = 0;
  private pending: PendingEntry | null = null;
  /** the channel of the last dump line, where a bare `[...]` line belongs */
  private lastChannel: Channel | null = null;
  /** a segment's parse: its dumps, in the order finished, with what they leave to the log before */
  private readonly segmentDumps: SegmentDump[] | null;

  /**
   * `segment`: the bytes start after the start of the log, at a line start where
   * `atSegmentBoundary()` holds for the parse of the bytes before; `endSegment()` ends it.
   */
  constructor(file: string, options: { onSnapshot?: (snapshot: Snapshot) => void; segment?: boolean; lineScanner?: boolean } = {}) {
    this.file = file;
    // `lineScanner: false` is for tests: they check that the scanner changes nothing.
    this.scanner = options.lineScanner === false ? null : LineScanner.create();
    this.onSnapshot = options.onSnapshot;
    this.segmentDumps = options.segment ? [] : null;
    // A byte order mark is only one at the start of the file.
    if (options.segment) this.atStart = false;
  }

  /** Feeds the next bytes of the log. Chunks may split lines and characters anywhere. */
  pushChunk(chunk: Uint8Array): void {
    let buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.atStart && buffer.length > 0) {
      if (this.carryLength + buffer.length < UTF8_BOM.length) {
        this.addCarry(buffer);
        return;
      }
      if (this.carryLength > 0) {
        buffer = Buffer.concat([...this.carry, buffer]);
        this.carry = [];
        this.carryLength = 0;
      }
      this.atStart = false;
      if (buffer[0] === UTF8_BOM[0] && buffer[1] === UTF8_BOM[1] && buffer[2] === UTF8_BOM[2]) buffer = buffer.subarray(3);
    }
    // Outside a section only two kinds of line matter: dump headers and posted events. Most lines of
    // a big log are posted events, which the scanner reads many at a time (line-scanner.ts). The
    // lines it leaves, and all lines where there is no scanner, are read here; for those outside a
    // section, the next positions of both markers are found once per chunk, so that lines without
    // either are skipped unread.
    let nextDump = -1;
    let nextPosted = -1;
    let start = 0;
    this.scanner?.unload();
    for (;;) {
      if (this.scanner !== null && this.carryLength === 0 && this.openSections === 0 && this.pending === null) {
        start = this.scanLines(this.scanner, buffer, start);
      }
      const newline = buffer.indexOf(10, start);
      if (newline === -1) break;
      this.lineNumber++;
      if (this.carryLength > 0) {
        this.addCarry(buffer.subarray(start, newline));
        this.takeCarriedLine();
      } else if (newline - start > MAX_LINE_BYTES) {
        // Cut to the same length as when the line arrives in pieces, so chunking changes nothing.
        this.addCarry(buffer.subarray(start, newline));
        this.takeCarriedLine();
      } else {
        if (this.openSections === 0 && this.pending === null) {
          if (nextDump < start) nextDump = findOrEnd(buffer, DUMP_MARKER, start);
          if (nextPosted < start) nextPosted = findOrEnd(buffer, POSTED_MARKER, start);
          if (nextDump > newline && nextPosted > newline) {
            start = newline + 1;
            continue;
          }
          // A prefix not met before: the scanner reads the next lines with it, once the parser
          // has read this one as a posted event's.
          if (nextPosted < newline) this.teachPrefix(buffer, start, nextPosted);
        }
        this.takeLine(buffer.subarray(start, newline));
      }
      start = newline + 1;
    }
    if (start < buffer.length) this.addCarry(buffer.subarray(start));
  }

  /**
   * Lets the scanner read the lines of `buffer` from `start` (a line's start, outside any dump) until
   * one that the parser must read; returns where that line or the unfinished last line starts.
   */
  private scanLines(scanner: LineScanner, buffer: Buffer, start: number): number {
    for (;;) {
      if (!scanner.holds(start)) scanner.load(buffer, start);
      const stop = scanner.scan(start);
      this.lineNumber += scanner.lines;
      this.countScanned(scanner);
      start = scanner.at;
      if (stop === 'full') continue;
      if (stop === 'line') return start;
      if (stop === 'name') {
        // A name not met before: counted here, and the scanner counts it from now on.
        const event = this.postedLines.ofName(buffer.toString('latin1', scanner.nameStart, scanner.nameEnd));
        scanner.addName(event.id);
        this.lineNumber++;
        this.countPosted(this.scannedChannels[scanner.shape] ?? this.channelOfShape(scanner.shape), event);
        start = scanner.lineEnd + 1;
        continue;
      }
      // 'end': no whole line left in the loaded bytes. More of the chunk to load, unless the line
      // does not fit in the scanner: then the parser reads it.
      if (scanner.reachesEnd(buffer.length) || start === scanner.loadedFrom) return start;
      scanner.load(buffer, start);
    }
  }

  /**
   * Counts the posted-event lines that the scanner read, in order. Most only add one to a count
   * already started since the last dump: that is done here; the rest (the first post of an event,
   * one that changes the machine's state, one that ends a dump) go through countPosted.
   */
  private countScanned(scanner: LineScanner): void {
    const records = scanner.records();
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const id = record >>> 3;
      const channel = this.scannedChannels[record & 7] ?? this.channelOfShape(record & 7);
      const event = this.postedLines.eventOf(id);
      const count = id < channel.posts.length ? channel.posts[id]! : 0;
      if (count > 0 && event.onlyCounts && channel.draft === null) channel.posts[id] = count + 1;
      else this.countPosted(channel, event);
    }
  }

  /** The channel of the lines with the scanner's prefix `shape`, its format noted as met. */
  private channelOfShape(shape: number): Channel {
    const format = this.scannedFormats[shape]!;
    this.formats.add(format);
    const channel = this.channelFor(format);
    this.scannedChannels[shape] = channel;
    return channel;
  }

  private teachPrefix(buffer: Buffer, start: number, marker: number): void {
    if (this.scanner === null) return;
    const prefix = this.postedLines.learn(buffer, start, marker);
    if (prefix === null) return;
    const shape = this.scanner.addShape(prefix.template, prefix.digits);
    if (shape >= 0) this.scannedFormats[shape] = prefix.format;
  }

  /**
   * Two buffers to read the log into in turn, or null. A chunk read into one of them is scanned
   * where it is, without a copy; one is handed back in `pushChunk` before the other is read into.
   */
  readBuffers(): [Uint8Array, Uint8Array] | null {
    return this.scanner?.readBuffers() ?? null;
  }

  /** Feeds one physical line (without its line ending). */
  pushLine(text: string): void {
    this.pushChunk(Buffer.from(`${text}\n`, 'utf8'));
  }

  /**
   * For a log still being written (`watch`), once it has been quiet for a while: finishes the
   * dumps whose sections are all closed. Where MPF's and MC's lines share one format (console,
   * JSON logging), a dump after its EVENTS section could still be MC's, with more sections to
   * come, and it is otherwise finished only by the next line of the log.
   */
  settle(): void {
    if (this.pending !== null) return;
    for (const channel of this.channels.values()) {
      if (channel.draft !== null && channel.section === null) this.finishDraft(channel);
    }
  }

  /** Finishes the log: closes what is open and returns everything found. */
  end(): ParsedLog {
    if (this.carryLength > 0) {
      this.lineNumber++;
      this.takeCarriedLine();
    }
    this.flushPending();
    for (const channel of this.channels.values()) {
      if (channel.section !== null && channel.draft !== null) {
        this.addProblem(channel.draft, this.lineNumber, 'truncated', `the log ends inside the ${channel.section.toUpperCase()} section`);
        this.closeSection(channel);
      }
      this.finishDraft(channel);
    }
    this.snapshots.sort((a, b) => a.line - b.line);
    return {
      file: this.file,
      lines: this.lineNumber,
      snapshots: this.snapshots,
      problems: this.logProblems,
      formats: [...this.formats].sort(),
    };
  }

  /**
   * Whether the rest of the log, parsed on its own as a segment, reads as this parser would read
   * it: between lines, with no dump open (a dump whose sections are all closed may still go on).
   */
  atSegmentBoundary(): boolean {
    if (this.atStart || this.carryLength > 0 || this.pending !== null || this.openSections > 0) return false;
    for (const channel of this.channels.values()) if (channel.draft !== null) return false;
    return true;
  }

  /** Ends a segment's parse: its dumps and what they leave to the log before it, lines from 1. */
  endSegment(): ParsedSegment {
    if (this.segmentDumps === null) throw new Error('endSegment() on a parser not made with { segment: true }');
    const log = this.end();
    return { lines: log.lines, dumps: this.segmentDumps, problems: log.problems, formats: [...this.formats] };
  }

  /**
   * Ends the log with the segment that follows this parser's bytes (parsed in another thread):
   * the result is what this parser gives when it reads the segment's bytes itself.
   */
  endWithSegment(segment: ParsedSegment): ParsedLog {
    if (!this.atSegmentBoundary()) throw new Error('endWithSegment() off a segment boundary');
    const linesBefore = this.lineNumber;
    for (const dump of segment.dumps) {
      const channel = this.channelNamed(dump.channel);
      const snapshot = shiftLines(dump.snapshot, linesBefore);
      // Every dump of the segment follows the same state: the one this parser ended with.
      const state = stateAfter(channel, dump.state);
      snapshot.state = stateOf(state);
      snapshot.activeModes = [...state.modes].sort();
      // Only the segment's first dump of a process counts posts from before the segment.
      if (!dump.counted) snapshot.posted = addCounts(this.takePosted(channel), snapshot.posted);
      this.snapshots.push(snapshot);
      this.onSnapshot?.(snapshot);
    }
    for (const problem of segment.problems) this.logProblems.push(shiftProblem(problem, linesBefore));
    for (const format of segment.formats) this.formats.add(format);
    this.lineNumber += segment.lines;
    return this.end();
  }

  private addCarry(bytes: Buffer): void {
    if (this.carryLength + bytes.length > MAX_LINE_BYTES) {
      bytes = bytes.subarray(0, Math.max(0, MAX_LINE_BYTES - this.carryLength));
      this.carryTooLong = true;
    }
    if (bytes.length === 0) return;
    // Copy: the caller may reuse its chunk buffer after pushChunk returns.
    this.carry.push(Buffer.from(bytes));
    this.carryLength += bytes.length;
  }

  /**
   * Takes the line gathered in the carry (it came in pieces, or is too long). Outside a section it
   * is skipped by the same test as a line that came whole, so where chunks end changes nothing.
   */
  private takeCarriedLine(): void {
    const line = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry, this.carryLength);
    const tooLong = this.carryTooLong;
    this.carry = [];
    this.carryLength = 0;
    this.carryTooLong = false;
    if (this.openSections === 0 && this.pending === null && !line.includes(DUMP_MARKER) && !line.includes(POSTED_MARKER)) return;
    if (tooLong) {
      const problem = { line: this.lineNumber, reason: 'line-too-long', detail: `line longer than ${MAX_LINE_BYTES} bytes; only its start was read` } as const;
      const draft = this.lastChannel?.draft;
      if (draft && this.openSections > 0) this.addProblem(draft, problem.line, problem.reason, problem.detail);
      else this.logProblems.push(problem);
    }
    this.takeLine(line);
  }

  private takeLine(bytes: Buffer): void {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
    this.handleLine(decodeLine(bytes.subarray(0, end)));
  }

  private handleLine(text: string): void {
    const record = parseRecord(text);
    if (record === null) {
      this.handleBareLine(text);
      return;
    }
    this.flushPending();
    const channel = this.channelFor(record.format);
    const { logger, message } = record;
    if (logger === 'EventManager' || logger === null) {
      const posted = message.startsWith('Event: ') ? POSTED.exec(message) : null;
      if (posted) {
        this.formats.add(record.format);
        this.countPosted(channel, this.postedLines.ofName(posted[1]!));
        return;
      }
    }
    // Only these loggers write dumps; anything else inside a section is another thread's line.
    const writesEvents = logger === 'EventManager' || logger === null;
    const writesDisplays = logger === 'mpfmc' || logger === null;
    if (!writesEvents && !writesDisplays) return;
    if (message.startsWith(HEADER_PREFIX)) {
      const header = HEADERS.get(message.slice(HEADER_PREFIX.length).trimEnd());
      if (header === undefined) return;
      this.formats.add(record.format);
      this.lastChannel = channel;
      if (header === 'objects-disabled') {
        if (writesDisplays) this.markObjectsDisabled(channel, record);
        return;
      }
      const isEventsHeader = header.kind === 'events';
      if (isEventsHeader ? !writesEvents : !writesDisplays) return;
      if (header.end) this.endSection(channel, header.kind);
      else {
        this.openSection(channel, header.kind, record);
        // Those dev builds never wrote all four sections: none is missing from their dumps.
        if (header.legacy) channel.draft!.legacy = true;
      }
      return;
    }
    const section = channel.section;
    if (section === null || channel.draft === null) return;
    if (section === 'events' ? !writesEvents : !writesDisplays) return;
    this.lastChannel = channel;
    if (record.time !== null) channel.draft.lastTime = record.time;
    this.handleSectionLine(channel.draft, section, message);
  }

  /** A line with no log prefix: an elision, the rest of a multi-line repr, or noise. */
  private handleBareLine(text: string): void {
    if (ELISION.test(text)) {
      this.flushPending();
      const channel = this.lastChannel;
      if (channel?.draft && channel.section !== null) {
        channel.draft.elided.add(channel.section);
        this.addProblem(channel.draft, this.lineNumber, 'elided', `lines were cut out of the ${channel.section.toUpperCase()} section ("[...]")`);
      } else if (channel?.draft) {
        this.addProblem(channel.draft, this.lineNumber, 'elided', 'lines were cut out between sections of this dump ("[...]")');
      }
      return;
    }
    // A Text widget's text may hold newlines, so its repr goes on over the following lines.
    if (this.pending !== null) this.pending.text += `\n${text}`;
  }

  private channelFor(format: LineFormat): Channel {
    return this.channelNamed(CHANNEL_OF_FORMAT[format]);
  }

  private channelNamed(name: ChannelName): Channel {
    let channel = this.channels.get(name);
    if (channel === undefined) {
      const unknown = this.segmentDumps === null ? false : null;
      channel = {
        name,
        section: null,
        draft: null,
        posts: new Float64Array(64),
        postedIds: [],
        dumped: false,
        modes: new Set(),
        stoppedModes: new Set(),
        inGame: unknown,
        ballInPlay: unknown,
        sawPostedEvent: false,
      };
      this.channels.set(name, channel);
    }
    return channel;
  }

  private countPosted(channel: Channel, event: PostedEvent): void {
    // Events are posted between dumps, never inside one: a dump with no open section is over.
    if (channel.draft !== null && channel.section === null) this.finishDraft(channel);
    const id = event.id;
    if (id >= channel.posts.length) channel.posts = grown(channel.posts, id);
    const count = channel.posts[id]!;
    if (count === 0) channel.postedIds.push(id);
    channel.posts[id] = count + 1;
    // The dump's own trigger says nothing about what the machine is doing.
    if (!event.trigger) channel.sawPostedEvent = true;
    if (event.mode !== null) {
      const name = event.mode.name;
      if (event.mode.started) {
        channel.modes.add(name);
        channel.stoppedModes.delete(name);
      } else {
        channel.modes.delete(name);
        channel.stoppedModes.add(name);
      }
    }
    switch (event.step) {
      case 'game-started':
        channel.inGame = true;
        break;
      case 'game-ended':
        channel.inGame = false;
        channel.ballInPlay = false;
        break;
      case 'ball-started':
        // A log that begins mid-game has no game_started, but a ball only starts in a game.
        channel.inGame = true;
        channel.ballInPlay = true;
        break;
      case 'ball-ended':
        channel.ballInPlay = false;
    }
  }

  /** The posts counted since the channel's last dump, as a snapshot keeps them; counting restarts. */
  private takePosted(channel: Channel): Record<string, number> {
    const posted = emptyRecord();
    for (const id of channel.postedIds) {
      posted[this.postedLines.nameOf(id)] = channel.posts[id]!;
      channel.posts[id] = 0;
    }
    channel.postedIds = [];
    return posted;
  }

  private openSection(channel: Channel, kind: SectionKind, record: LogRecord): void {
    if (channel.section !== null && channel.draft !== null) {
      const open = channel.section;
      const reason = open === kind ? 'header-repeated' : 'truncated';
      this.addProblem(channel.draft, this.lineNumber, reason, `the ${open.toUpperCase()} section has no END line before the next ${kind.toUpperCase()} header`);
      this.closeSection(channel);
    }
    const draft = channel.draft;
    if (draft === null || !this.continuesDraft(draft, kind, record.time)) {
      this.finishDraft(channel);
      channel.draft = this.newDraft(channel, record);
    }
    const target = channel.draft!;
    const line = this.lineNumber;
    if (kind === 'events') target.events = { line, totals: null, handlers: emptyRecord(), queue: [] };
    else if (kind === 'displays') {
      target.displays = { line, activeSlides: [], activeSlideCount: null, displayCount: null, availableSlides: null, displays: [] };
    } else if (kind === 'objects') target.objects = { line, disabled: false, declaredCount: null, entries: [] };
    else target.clock = { line, entries: [] };
    target.lastTime = record.time ?? target.lastTime;
    channel.section = kind;
    this.openSections++;
  }

  /** An MC section belongs to the dump being read when it comes after that dump's sections, soon. */
  private continuesDraft(draft: Draft, kind: SectionKind, time: string | null): boolean {
    if (kind === 'events') return false;
    const present = (['events', 'displays', 'objects', 'clock'] as const).filter((k) => draft[k] !== null);
    if (present.some((k) => SECTION_RANK[k] >= SECTION_RANK[kind])) return false;
    const gap = millisBetween(draft.lastTime, time);
    return gap === null || gap <= SAME_DUMP_WINDOW_MS;
  }

  private newDraft(channel: Channel, record: LogRecord): Draft {
    const posted = this.takePosted(channel);
    const inSegment = this.segmentDumps === null ? null : { channel: channel.name, counted: channel.dumped, state: stateInSegment(channel) };
    channel.dumped = true;
    return {
      line: this.lineNumber,
      time: record.time,
      lastTime: record.time,
      problems: [],
      state: stateOf(channel),
      activeModes: [...channel.modes].sort(),
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
      inSegment,
    };
  }

  private endSection(channel: Channel, kind: SectionKind): void {
    const draft = channel.draft;
    if (channel.section === kind && draft !== null) {
      this.closeSection(channel);
      // MPF writes only EVENTS, MC ends each dump with CLOCK: no later line can belong to the dump.
      if ((kind === 'events' && channel.name === 'mpf') || kind === 'clock') this.finishDraft(channel);
      return;
    }
    const detail = channel.section === null
      ? `"--- DEBUG DUMP ${kind.toUpperCase()} END ---" without its header`
      : `"--- DEBUG DUMP ${kind.toUpperCase()} END ---" inside the ${channel.section.toUpperCase()} section`;
    if (draft !== null) this.addProblem(draft, this.lineNumber, 'end-without-header', detail);
    else this.logProblems.push({ line: this.lineNumber, reason: 'end-without-header', detail });
  }

  private closeSection(channel: Channel): void {
    this.flushPending();
    const draft = channel.draft;
    const section = channel.section;
    channel.section = null;
    this.openSections--;
    if (draft === null || section === null) return;
    draft.inQueue = false;
    if (draft.elided.has(section)) return;
    if (section === 'events' && draft.events?.totals) {
      const read = Object.keys(draft.events.handlers).length;
      const declared = draft.events.totals.registeredHandlers;
      if (read !== declared) {
        this.addProblem(draft, draft.totalsLine ?? draft.events.line, 'count-mismatch', `Total registered_handlers says ${declared} events, ${read} handler lines were read`);
      }
    }
    if (section === 'displays' && draft.displays) {
      for (const display of draft.displays.displays) {
        if (display.totalChildren !== null && display.totalChildren !== display.children.length) {
          this.addProblem(draft, draft.totalChildrenLines.get(display) ?? draft.displays.line, 'count-mismatch', `display ${display.name ?? '(unnamed)'}: Total children says ${display.totalChildren}, ${display.children.length} were read`);
        }
      }
      const declared = draft.displays.displayCount;
      if (declared !== null && declared !== draft.displays.displays.length) {
        this.addProblem(draft, draft.displays.line, 'count-mismatch', `the Displays dict counts ${declared} displays, ${draft.displays.displays.length} were listed`);
      }
    }
  }

  private markObjectsDisabled(channel: Channel, record: LogRecord): void {
    if (channel.section !== null && channel.draft !== null) {
      this.addProblem(channel.draft, this.lineNumber, 'truncated', `the ${channel.section.toUpperCase()} section has no END line before the OBJECTS line`);
      this.closeSection(channel);
    }
    if (channel.draft === null || !this.continuesDraft(channel.draft, 'objects', record.time)) {
      this.finishDraft(channel);
      channel.draft = this.newDraft(channel, record);
    }
    channel.draft!.objects = { line: this.lineNumber, disabled: true };
  }

  private handleSectionLine(draft: Draft, section: SectionKind, message: string): void {
    switch (section) {
      case 'events':
        this.handleEventsLine(draft, draft.events!, message);
        return;
      case 'displays':
        this.handleDisplaysLine(draft, draft.displays!, message);
        return;
      case 'objects': {
        const objects = draft.objects!;
        if (objects.disabled) return;
        const elements = ELEMENTS.exec(message);
        if (elements) objects.declaredCount = this.readCount(draft, elements[1]!, 'Elements in list');
        else if (message.startsWith('<')) this.pending = { kind: 'object', line: this.lineNumber, text: message, draft };
        return;
      }
      case 'clock':
        if (message.startsWith('<ClockEvent')) this.pending = { kind: 'clock', line: this.lineNumber, text: message, draft };
    }
  }

  private handleEventsLine(draft: Draft, events: EventsSection, message: string): void {
    const handler = HANDLER.exec(message);
    if (handler) {
      const count = this.readCount(draft, handler[1]!, `handlers of ${handler[2]}`);
      if (count === null) return;
      const event = handler[2]!;
      if (event in events.handlers) {
        this.addProblem(draft, this.lineNumber, 'duplicate-event', `event ${event} is listed twice; the first count is kept`);
        return;
      }
      events.handlers[event] = count;
      return;
    }
    const totals = TOTALS.exec(message);
    if (totals) {
      const [registeredHandlers, eventQueue, callbackQueue, queueTasks] = [totals[1]!, totals[2]!, totals[3]!, totals[4]!].map((value) =>
        this.readCount(draft, value, 'a total'),
      );
      if (registeredHandlers != null && eventQueue != null && callbackQueue != null && queueTasks != null) {
        events.totals = { registeredHandlers, eventQueue, callbackQueue, queueTasks };
        draft.totalsLine = this.lineNumber;
      }
      return;
    }
    if (message.trimEnd() === 'Queue events:') {
      draft.inQueue = true;
      return;
    }
    if (draft.inQueue && QUEUE_TASK.test(message)) this.pending = { kind: 'queue', line: this.lineNumber, text: message, draft };
    // `Registered Handlers:` and anything else EventManager writes in between carry no data.
  }

  private handleDisplaysLine(draft: Draft, displays: DisplaysSection, message: string): void {
    if (message.startsWith('<')) {
      this.pending = { kind: 'child', line: this.lineNumber, text: message, draft };
      return;
    }
    const listing = LISTING.exec(message);
    if (listing) {
      const repr = listing[1]!;
      displays.displays.push({ name: DISPLAY_NAME.exec(repr)?.[1] ?? null, repr, children: [], totalChildren: null });
      return;
    }
    const total = TOTAL_CHILDREN.exec(message);
    if (total) {
      const display = displays.displays.at(-1) ?? this.elidedDisplay(displays);
      display.totalChildren = this.readCount(draft, total[1]!, 'Total children');
      draft.totalChildrenLines.set(display, this.lineNumber);
      return;
    }
    if (message.startsWith(ACTIVE_SLIDES_START)) {
      const active = splitActiveSlides(message);
      if (!active) {
        this.addProblem(draft, this.lineNumber, 'unreadable-line', 'the "Active slides" line is cut off or malformed');
        return;
      }
      displays.activeSlides = [];
      for (const slide of active.slides.matchAll(SLIDE_IN_DICT)) {
        const name = slide[1]!;
        const priority = this.readInteger(draft, slide[2]!, `priority of slide ${name}`);
        const id = this.readCount(draft, slide[3]!, `id of slide ${name}`);
        if (priority !== null && id !== null) displays.activeSlides.push({ name, priority, id });
      }
      displays.activeSlideCount = this.readCount(draft, active.slideCount, 'the count of active slides');
      displays.displayCount = this.readCount(draft, active.displayCount, 'the count of displays');
      displays.availableSlides = active.availableSlides === undefined ? null : this.readCount(draft, active.availableSlides, 'Available Slides');
    }
    // MPF 0.57.1+ logs a deprecation warning on `mpfmc` here; it and other lines carry no dump data.
  }

  /** Children that follow a `[...]` where the `Listing children` line was cut out. */
  private elidedDisplay(displays: DisplaysSection): DisplayTree {
    const display: DisplayTree = { name: null, repr: null, children: [], totalChildren: null };
    displays.displays.push(display);
    return display;
  }

  private flushPending(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    const { draft, text, line } = pending;
    switch (pending.kind) {
      case 'queue':
        draft.events?.queue.push(QUEUE_TASK.exec(text)?.[1] ?? text);
        return;
      case 'object':
        if (draft.objects && !draft.objects.disabled) draft.objects.entries.push(entryOf(text, line));
        return;
      case 'child': {
        const displays = draft.displays!;
        const lastDisplay = displays.displays.at(-1);
        const display = lastDisplay && lastDisplay.totalChildren === null ? lastDisplay : this.elidedDisplay(displays);
        display.children.push(entryOf(text, line));
        return;
      }
      case 'clock': {
        const clock = text.endsWith('>') ? CLOCK_EVENT.exec(text) : null;
        if (!clock) {
          this.addProblem(draft, line, 'unreadable-line', 'a CLOCK line is not a <ClockEvent (timeout) callback=...> repr');
          return;
        }
        const timeout = Number(clock[1]);
        draft.clock?.entries.push({ timeout: Number.isFinite(timeout) ? timeout : null, callback: clock[2]!, key: keyOfCallback(clock[2]!), line });
      }
    }
  }

  private readCount(draft: Draft, text: string, what: string): number | null {
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isSafeInteger(value) && value <= MAX_COUNT) return value;
    this.addProblem(draft, this.lineNumber, 'bad-number', `${what}: "${text.slice(0, 40)}" is not a count`);
    return null;
  }

  /** A whole number that may be negative (slide priorities). */
  private readInteger(draft: Draft, text: string, what: string): number | null {
    const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
    // `-0` is read as 0: JSON has no negative zero, and the same slide must compare equal.
    if (Number.isSafeInteger(value)) return value === 0 ? 0 : value;
    this.addProblem(draft, this.lineNumber, 'bad-number', `${what}: "${text.slice(0, 40)}" is not a whole number`);
    return null;
  }

  private addProblem(draft: Draft, line: number, reason: ProblemReason, detail: string): void {
    draft.problems.push({ line, reason, detail });
  }

  private finishDraft(channel: Channel): void {
    const draft = channel.draft;
    if (draft === null) return;
    channel.draft = null;
    const hasMcSection = draft.displays !== null || draft.objects !== null || draft.clock !== null;
    const process: ProcessKind =
      channel.name === 'mixed' ? (hasMcSection || /-mc-/.test(this.file) ? 'mc' : 'mpf') : channel.name;
    if (process === 'mc' && !draft.legacy && !draft.problems.some((p) => p.reason === 'truncated')) {
      const missing = (['events', 'displays', 'objects', 'clock'] as const).filter((k) => draft[k] === null);
      if (missing.length > 0) {
        this.addProblem(draft, draft.line, 'missing-section', `this MPF-MC dump has no ${missing.map((k) => k.toUpperCase()).join(', ')} section`);
      }
    }
    draft.problems.sort((a, b) => a.line - b.line);
    const snapshot: Snapshot = {
      file: this.file,
      line: draft.line,
      process,
      time: draft.time,
      complete: draft.problems.length === 0,
      problems: draft.problems,
      state: draft.state,
      activeModes: draft.activeModes,
      posted: draft.posted,
      events: draft.events,
      displays: draft.displays,
      objects: draft.objects,
      clock: draft.clock,
    };
    this.snapshots.push(snapshot);
    if (draft.inSegment !== null) this.segmentDumps?.push({ snapshot, ...draft.inSegment });
    this.onSnapshot?.(snapshot);
  }
}

/** Parses a whole log held in memory (tests, small inputs, the library API). */
export function parseLog(input: string | Uint8Array, file: string): ParsedLog {
  const parser = new LogParser(file);
  parser.pushChunk(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  return parser.end();
}

/**
 * The parts of an `Active slides` line, in linear time: the end is found first, then the last
 * `(Count: N). Displays: ` before it, which is where the greedy regex it replaces split the line.
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

function stateOf(machine: StateAtDump): string {
  if (machine.inGame === true) return machine.ballInPlay === true ? 'game·ball' : 'game';
  if (machine.modes.has('service')) return 'service';
  return machine.sawPostedEvent ? 'attract' : 'unknown';
}

function stateInSegment(machine: MachineState): MachineStateInSegment {
  return {
    modes: [...machine.modes],
    stoppedModes: [...machine.stoppedModes],
    inGame: machine.inGame,
    ballInPlay: machine.ballInPlay,
    sawPostedEvent: machine.sawPostedEvent,
  };
}

/** The state at a dump of a segment: what the segment set, the rest as `before` left it. */
function stateAfter(before: MachineState, segment: MachineStateInSegment): StateAtDump {
  const modes = new Set([...before.modes].filter((mode) => !segment.stoppedModes.includes(mode)));
  for (const mode of segment.modes) modes.add(mode);
  return {
    modes,
    inGame: segment.inGame ?? before.inGame,
    ballInPlay: segment.ballInPlay ?? before.ballInPlay,
    sawPostedEvent: segment.sawPostedEvent || before.sawPostedEvent,
  };
}

function entryOf(repr: string, line: number): ObjectEntry {
  return { repr, key: keyOfRepr(repr), line };
}

/** A copy of `counts` with room for index `id`. */
function grown(counts: Float64Array, id: number): Float64Array {
  const copy = new Float64Array(Math.max(id + 1, counts.length * 2));
  copy.set(counts);
  return copy;
}

function findOrEnd(buffer: Buffer, marker: Buffer, from: number): number {
  const at = buffer.indexOf(marker, from);
  return at === -1 ? buffer.length : at;
}

// MPF writes the locale's encoding (cp1252 on Windows): a line that is not UTF-8 is read as
// Windows-1252, latin-1 with typographic quotes and dashes where latin-1 has control codes.
// (Node 20's TextDecoder('windows-1252') decodes as latin-1, so the 32 differences are here.)
const WINDOWS_1252_80_9F = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
function decodeLine(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\uFFFD') || isUtf8(bytes)) return text;
  return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_80_9F[char.charCodeAt(0) - 0x80]!);
}

function millisBetween(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  const start = Date.parse(from.includes('T') ? from : `1970-01-01T${from}`);
  const end = Date.parse(to.includes('T') ? to : `1970-01-01T${to}`);
  return Number.isNaN(start) || Number.isNaN(end) ? null : Math.abs(end - start);
}

/** A record for names that come from logs: no prototype, so an event called `__proto__` is just a key. */
function emptyRecord(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}
