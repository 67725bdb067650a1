// The DEBUG DUMP grammar over log records: which lines open and end a dump's sections, which dump a
// section belongs to, and what is damaged, fed one whole line at a time (line-splitter.ts) and the
// posted events that the fast path read (fast-path/). It owns the two rules that tie the dumps to
// the rest of the log: a posted event ends a dump, and a line too long to keep whole is a problem
// of the open dump.
//
// Lines are selected by logger and state, never by adjacency: other threads (BCP, asset loader)
// write into the middle of a dump, and in `mpf both -l` MPF and MPF-MC write one file together.
// Each writer has its own channel, chosen by the line format, with its own open section.

import { HandlerLineLog, type HandlerStep } from '../culprit/handler-log.js';
import type { ChannelName, LogContinuity, MachineStateInSegment, ParsedLog, ProcessKind, ReprsKept, Snapshot } from '../model.js';
import type { PostSink } from './fast-path/fast-path.js';
import type { LineSink } from './line-splitter.js';
import { MAX_LINE_BYTES } from './line-splitter.js';
import { applyPost, activeModesOf, startState, stateInSegment, stateNow, stateOf, PostCounts, type MachineState } from './machine-state.js';
import { PostedEvents, type PostedEvent } from './posted-events.js';
import { addProblem, addToList, emptyProblemList, endRun, listedProblems, type ProblemList } from './problem-list.js';
import { parseRecord, type LineFormat, type LogRecord } from './prefix.js';
import { DumpLinePrefixes, MessageTable } from './dump-lines.js';
import { KeyNumbers } from './object-tally.js';
import { PendingEntries } from './section-entries.js';
import { closeSectionIn, newDraft, openSectionIn, readKnownSectionLine, readSectionLine, SectionMessage, type Draft, type SectionKind } from './section-lines.js';
import { CHANNEL_OF_FORMAT, continuesDraft, HEADER_PREFIX, HEADERS } from './section-headers.js';
import { emptySectionsOf, FinishedDumps, isEmpty, snapshotOf, type FinishedDumpsOptions } from './finished-dumps.js';
import type { SegmentBoundary, SegmentDump } from './segment.js';

/** A log as the grammar ends it: always with what it leaves to a log before it. */
type ParsedLogWithContinuity = ParsedLog & Required<Pick<ParsedLog, 'continuity'>>;

const POSTED = /^Event: =+'(.*?)'=+/s;
const ELISION = /^\s*\[(?:\.\.\.|…)\]\s*$/;

/**
 * A line read as the dump's (a section's header, its END, a line inside it, the OBJECTS DISABLED
 * line): its time, when it has one, is the dump's last so far, which the next MC section is
 * measured from (section-headers.ts). A line without a time leaves it; a line of another logger,
 * or an END of a section that is not open, is none of the dump's. Lines read from their bytes
 * follow the same rule through their prefix's `dated`, learned from a line read here.
 */
function takeTime(draft: Draft, record: LogRecord): void {
  if (record.time !== null) draft.lastTime.set(record.time);
}

/** A dump being read by the grammar. */
interface DumpDraft extends Draft {
  /** in a segment's parse: what `state` and `activeModes` leave to the log before the segment */
  inSegment: Omit<SegmentDump, 'snapshot'> | null;
  /** taken before the log started its writer over: the state as the log's lines set it */
  open: MachineStateInSegment | null;
  /** an earlier dump of its writer was read: its posts are counted from that one */
  counted: boolean;
}

/** One writer's parse state. */
interface Channel {
  name: ChannelName;
  section: SectionKind | null;
  draft: DumpDraft | null;
  machine: MachineState;
  /** posts of each event since the last dump */
  posts: PostCounts;
  /** a dump has begun: the posts counted since are this parse's own */
  dumped: boolean;
  /** the keys of the writer's last OBJECTS counted, which the next one shares when it lists the same */
  objectKeys: string[] | null;
  /** the state its lines have set, as kept for a dump taken before a start-up: one for every dump until a post changes it */
  stateSet: MachineStateInSegment | null;
}

export interface DumpGrammarOptions extends FinishedDumpsOptions {
  onSnapshot?: ((snapshot: Snapshot) => void) | undefined;
  /** the process that wrote the log, as its name says: decides the dumps of a format both write */
  processHint?: ProcessKind | undefined;
  /** the lines are a segment's: they start after the log's start, where the machine state is unknown */
  segment?: boolean | undefined;
  /** what is kept of the entries of OBJECTS, display trees and CLOCK (default: all) */
  reprs?: ReprsKept | undefined;
  /** false: dump lines are read as text only, never from their bytes (for tests: it changes nothing) */
  linesFromBytes?: boolean | undefined;
}

export class DumpGrammar implements LineSink, PostSink {
  private readonly logProblems: ProblemList = emptyProblemList();
  private readonly formats = new Set<LineFormat>();
  private readonly channels = new Map<ChannelName, Channel>();
  private readonly events = new PostedEvents();
  /** the channel of each format whose posted events the fast path read */
  private readonly postChannels: Partial<Record<LineFormat, Channel>> = {};
  /** see PostSink.countRules */
  private countRulesChanges = 0;
  /** the number of the line being read */
  private line = 0;
  private openSections = 0;
  private readonly entries = new PendingEntries();
  /** the channel of the last dump line, where a bare `[...]` line belongs */
  private lastChannel: Channel | null = null;
  /** the prefixes of the lines read in dumps, and their messages: what readLineBytes reads by */
  private readonly dumpLinePrefixes = new DumpLinePrefixes<Channel>();
  private readonly messages = new MessageTable((text) => new SectionMessage(text));
  /** the keys of the OBJECTS entries counted, by number */
  private readonly keyNumbers = new KeyNumbers();
  /** the lines the last readLinesFromBytes read */
  linesRead = 0;
  /** a segment's parse: its dumps, in the order finished, with what they leave to the log before */
  private readonly segmentDumps: SegmentDump[] | null;
  /** the dumps taken before the log started their writer over, in the order finished */
  private readonly openDumps: LogContinuity['openDumps'] = [];
  /** the EventManager lines that name handlers, counted per dump */
  private readonly handlerLines: HandlerLineLog;
  private readonly finished: FinishedDumps;

  constructor(
    private readonly file: string,
    private readonly options: DumpGrammarOptions = {},
  ) {
    this.finished = new FinishedDumps(file, options);
    this.segmentDumps = options.segment ? [] : null;
    this.handlerLines = new HandlerLineLog({ segment: options.segment });
  }

  idle(): boolean {
    return this.openSections === 0 && this.entries.pending === null;
  }

  onLine(text: string, line: number, tooLong: boolean): void {
    this.line = line;
    if (tooLong) {
      const detail = `line longer than ${MAX_LINE_BYTES} bytes; only its start was read`;
      const draft = this.lastChannel?.draft;
      // A line too long to keep whole is a problem of the dump it is in, else of the log.
      if (draft && this.openSections > 0) addProblem(draft, line, 'line-too-long', detail);
      else addToList(this.logProblems, { line, reason: 'line-too-long', detail });
    }
    this.handleLine(text);
  }

  eventId(name: string): number {
    return this.events.ofName(name).id;
  }

  post(format: LineFormat, id: number): boolean {
    const channel = this.postChannels[format] ?? this.postChannelOf(format);
    // Most posts only add one to a count already started since the last dump.
    if (this.onlyCounts(channel, id)) {
      channel.posts.addAgain(id, 1);
      return true;
    }
    this.countPosted(channel, this.events.eventOf(id));
    return this.onlyCounts(channel, id);
  }

  get countRules(): number {
    return this.countRulesChanges;
  }

  postAgain(format: LineFormat, id: number, times: number): void {
    this.postChannels[format]!.posts.addAgain(id, times);
  }

  private onlyCounts(channel: Channel, id: number): boolean {
    return channel.draft === null && this.events.eventOf(id).onlyCounts && channel.posts.of(id) > 0;
  }

  /**
   * For a log still being written, once it has been quiet for a while: finishes the dumps whose
   * sections are all closed. Where MPF's and MC's lines share one format (console, JSON logging),
   * a dump after its EVENTS section could still be MC's, with more sections to come, and it is
   * otherwise finished only by the next line of the log.
   */
  settle(): void {
    if (this.entries.pending !== null) return;
    for (const channel of this.channels.values()) {
      if (channel.draft !== null && channel.section === null) this.finishDraft(channel);
    }
  }

  /**
   * Finishes the log of `lines` lines: closes what is open and returns everything found, and the
   * log's problems as a list that a segment's can be joined to.
   */
  end(lines: number): { log: ParsedLogWithContinuity; problems: ProblemList } {
    this.line = lines;
    this.entries.finish();
    for (const channel of this.channels.values()) {
      if (channel.section !== null && channel.draft !== null) {
        addProblem(channel.draft, lines, 'truncated', `the log ends inside the ${channel.section.toUpperCase()} section`);
        this.closeSection(channel);
      }
      this.finishDraft(channel);
    }
    const handlers = this.handlerLines.end();
    const log: ParsedLogWithContinuity = {
      file: this.file,
      lines,
      snapshots: this.finished.end(),
      problems: listedProblems(this.logProblems),
      formats: [...this.formats].sort(),
      ...(handlers === undefined ? {} : { handlers }),
      continuity: this.continuity(),
    };
    return { log, problems: this.logProblems };
  }

  /** A segment's handler lines, dumps and restarts, to join to the parse before it. */
  handlerStepsOfSegment(): HandlerStep[] {
    return this.handlerLines.stepsOfSegment();
  }

  /** Reads the handler steps of the segment that follows (lines from 1 at its start) before the log ends. */
  joinHandlerSteps(steps: readonly HandlerStep[], lines: number): void {
    this.handlerLines.join(steps, lines);
  }

  /** What the lines so far leave to the lines after them, when no dump is open; otherwise null. */
  boundary(): SegmentBoundary | null {
    if (this.entries.pending !== null || this.openSections > 0) return null;
    const boundary: SegmentBoundary = { channels: {} };
    for (const channel of this.channels.values()) {
      if (channel.draft !== null) return null;
      boundary.channels[channel.name] = { state: stateNow(channel.machine), posted: channel.posts.toRecord((id) => this.events.nameOf(id)) };
    }
    return boundary;
  }

  /** What the lines so far leave to a log before them that they continue. */
  private continuity(): LogContinuity {
    const ends = [...this.channels.values()].map((channel) => ({
      channel: channel.name,
      state: stateInSegment(channel.machine),
      posted: channel.posts.toRecord((id) => this.events.nameOf(id)),
      dumped: channel.dumped,
      before: { ...channel.machine.before },
    }));
    return { ends, openDumps: [...this.openDumps].sort((a, b) => a.line - b.line), copies: this.handlerLines.copiesAtEnd() };
  }

  /** A segment's dumps, in the order finished, with what they leave to the log before. */
  dumpsOfSegment(): SegmentDump[] {
    if (this.segmentDumps === null) throw new Error('dumpsOfSegment() on a grammar not made with { segment: true }');
    return this.segmentDumps;
  }

  /** How many dumps have been finished so far. */
  dumpsFinished(): number {
    return this.finished.count;
  }

  /** The formats of the lines read so far, in the order met. */
  formatsMet(): LineFormat[] {
    return [...this.formats];
  }

  private handleLine(text: string): void {
    const record = parseRecord(text);
    if (record === null) {
      this.handleBareLine(text);
      return;
    }
    this.entries.finish();
    const channel = this.channelFor(record.format);
    const { logger, message } = record;
    if (logger === 'EventManager' || logger === null) {
      const posted = message.startsWith('Event: ') ? POSTED.exec(message) : null;
      if (posted) {
        this.formats.add(record.format);
        this.countPosted(channel, this.events.ofName(posted[1]!));
        return;
      }
      // Handler lines come between dumps; inside one, `Registered Handlers:` is the dump's.
      if (channel.section === null && this.handlerLines.readMessage(message, this.line, record.time)) {
        this.formats.add(record.format);
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
      if (header.end) this.endSection(channel, header.kind, record);
      else {
        const draft = this.openSection(channel, header.kind, record);
        // Those dev builds never wrote all four sections: none is missing from their dumps.
        if (header.legacy) draft.legacy = true;
      }
      return;
    }
    const section = channel.section;
    if (section === null || channel.draft === null) return;
    if (section === 'events' ? !writesEvents : !writesDisplays) return;
    this.lastChannel = channel;
    takeTime(channel.draft, record);
    channel.draft.contentLines++;
    const entry = readSectionLine(channel.draft, section, message, this.line);
    if (entry !== null) this.entries.start(entry, this.line, message, channel.draft, null);
    this.dumpLinePrefixes.learn(text, record, channel, writesEvents, writesDisplays);
  }

  /**
   * Reads lines inside a dump from their bytes, as handleLine reads their text, while each has a
   * prefix learned from an earlier line of a dump and is an entry or handler line (most of a dump).
   * Returns where the first line it leaves starts (see LineSink).
   */
  readLinesFromBytes(buffer: Uint8Array, start: number, firstLine: number): number {
    this.linesRead = 0;
    if (this.options.linesFromBytes === false) return start;
    const end = buffer.length;
    // The last line with a time read of a dump, whose timestamp is its `lastTime`: taken when the
    // run of lines moves on to another dump, or ends. Lines without a time leave it, as in handleLine.
    let timedDraft: Draft | null = null;
    let timedLine = 0;
    let timedFormat: LineFormat = 'A';
    let at = start;
    for (;;) {
      const prefix = this.dumpLinePrefixes.match(buffer, at, end);
      if (prefix === null) break;
      const channel = prefix.writer;
      const { section, draft } = channel;
      if (section === null || draft === null || (section === 'events' ? !prefix.writesEvents : !prefix.writesDisplays)) break;
      const messageStart = at + prefix.bytes.length;
      // Entries start with `<`, handler and queue lines with a blank; the other lines of a dump
      // (headers, totals, posted events that end it) are few, and read as text.
      const first = buffer[messageStart];
      if (first !== 0x3c && first !== 0x20) break;
      const message = this.messages.readLine(buffer, messageStart, Math.min(end, at + MAX_LINE_BYTES));
      if (message === null) break;
      this.line = firstLine + this.linesRead;
      this.entries.finish();
      this.lastChannel = channel;
      if (prefix.dated) {
        if (timedDraft !== draft) timedDraft?.lastTime.setFromLine(buffer, timedLine, timedFormat);
        timedDraft = draft;
        timedLine = at;
        timedFormat = prefix.format;
      }
      draft.contentLines++;
      const entry = readKnownSectionLine(draft, section, message, this.line);
      if (entry !== null) this.entries.start(entry, this.line, message.text, draft, message);
      this.linesRead++;
      at = this.messages.next;
    }
    timedDraft?.lastTime.setFromLine(buffer, timedLine, timedFormat);
    return at;
  }

  /** A line with no log prefix: an elision, the rest of a multi-line repr, or noise. */
  private handleBareLine(text: string): void {
    if (ELISION.test(text)) {
      this.entries.finish();
      const channel = this.lastChannel;
      if (channel?.draft && channel.section !== null) {
        channel.draft.elided.add(channel.section);
        addProblem(channel.draft, this.line, 'elided', `lines were cut out of the ${channel.section.toUpperCase()} section ("[...]")`);
      } else if (channel?.draft) {
        addProblem(channel.draft, this.line, 'elided', 'lines were cut out between sections of this dump ("[...]")');
      }
      return;
    }
    // A Text widget's text may hold newlines, so its repr goes on over the following lines.
    this.entries.continueWith(text);
  }

  private channelFor(format: LineFormat): Channel {
    return this.channelNamed(CHANNEL_OF_FORMAT[format]);
  }

  /** The channel of the posted events of `format` that the fast path read, the format noted as met. */
  private postChannelOf(format: LineFormat): Channel {
    this.formats.add(format);
    const channel = this.channelFor(format);
    this.postChannels[format] = channel;
    return channel;
  }

  private channelNamed(name: ChannelName): Channel {
    let channel = this.channels.get(name);
    if (channel === undefined) {
      channel = { name, section: null, draft: null, machine: startState(), posts: new PostCounts(), dumped: false, objectKeys: null, stateSet: null };
      this.channels.set(name, channel);
    }
    return channel;
  }

  private countPosted(channel: Channel, event: PostedEvent): void {
    // Events are posted between dumps, never inside one: a dump with no open section is over.
    if (channel.draft !== null && channel.section === null) this.finishDraft(channel);
    channel.posts.add(event.id);
    applyPost(channel.machine, event);
    channel.stateSet = null;
    if (event.restart) this.handlerLines.restart();
  }

  private openSection(channel: Channel, kind: SectionKind, record: LogRecord): DumpDraft {
    if (channel.section !== null && channel.draft !== null) {
      const open = channel.section;
      // A header again right after a header began no dump: finishDraft says so, once for a run of them.
      if (open !== kind || !isEmpty(channel.draft)) {
        const reason = open === kind ? 'header-repeated' : 'truncated';
        addProblem(channel.draft, this.line, reason, `the ${open.toUpperCase()} section has no END line before the next ${kind.toUpperCase()} header`);
      }
      this.closeSection(channel);
    }
    const draft = this.draftFor(channel, kind, record);
    openSectionIn(draft, kind, this.line, this.keyNumbers);
    takeTime(draft, record);
    channel.section = kind;
    this.openSections++;
    return draft;
  }

  /** The dump that a `kind` section starting at `record` belongs to: the one being read, or a new one. */
  private draftFor(channel: Channel, kind: SectionKind, record: LogRecord): DumpDraft {
    if (channel.draft !== null && continuesDraft(channel.draft, kind, record.time)) return channel.draft;
    this.finishDraft(channel);
    const draft = this.newDraft(channel, record);
    channel.draft = draft;
    return draft;
  }

  private newDraft(channel: Channel, record: LogRecord): DumpDraft {
    this.handlerLines.dump();
    this.countRulesChanges++;
    const posted = channel.posts.take((id) => this.events.nameOf(id));
    // Before a start-up the log holds, the state is partly what came before the log.
    const open = channel.machine.startedOver ? null : (channel.stateSet ??= stateInSegment(channel.machine));
    const counted = channel.dumped;
    const inSegment = this.segmentDumps === null ? null : { channel: channel.name, counted, state: open ?? stateInSegment(channel.machine) };
    channel.dumped = true;
    const draft = newDraft(this.line, record.time, stateOf(channel.machine), activeModesOf(channel.machine), posted, this.options.reprs ?? 'all');
    return Object.assign(draft, { inSegment, open, counted });
  }

  private endSection(channel: Channel, kind: SectionKind, record: LogRecord): void {
    const draft = channel.draft;
    if (channel.section === kind && draft !== null) {
      takeTime(draft, record);
      this.closeSection(channel);
      // MPF writes only EVENTS, MC ends each dump with CLOCK: no later line can belong to the dump.
      if ((kind === 'events' && channel.name === 'mpf') || kind === 'clock') this.finishDraft(channel);
      return;
    }
    const detail = channel.section === null
      ? `"--- DEBUG DUMP ${kind.toUpperCase()} END ---" without its header`
      : `"--- DEBUG DUMP ${kind.toUpperCase()} END ---" inside the ${channel.section.toUpperCase()} section`;
    if (draft !== null) addProblem(draft, this.line, 'end-without-header', detail);
    else addToList(this.logProblems, { line: this.line, reason: 'end-without-header', detail });
  }

  private closeSection(channel: Channel): void {
    this.entries.finish();
    const draft = channel.draft;
    const section = channel.section;
    channel.section = null;
    this.openSections--;
    if (draft === null || section === null) return;
    channel.objectKeys = closeSectionIn(draft, section, channel.objectKeys);
  }

  private markObjectsDisabled(channel: Channel, record: LogRecord): void {
    if (channel.section !== null && channel.draft !== null) {
      addProblem(channel.draft, this.line, 'truncated', `the ${channel.section.toUpperCase()} section has no END line before the OBJECTS line`);
      this.closeSection(channel);
    }
    const draft = this.draftFor(channel, 'objects', record);
    draft.objects = { line: this.line, disabled: true };
    draft.contentLines++;
    takeTime(draft, record);
  }

  /**
   * A dump whose sections held no line is no dump: a log that repeats a header on and on would
   * otherwise cost a snapshot per line. It is a problem of the log, one for a run of them; what
   * the dump took from the log before it goes to the next one.
   */
  private dropEmpty(channel: Channel, draft: DumpDraft): void {
    addToList(this.logProblems, { line: draft.line, reason: 'empty-section', detail: `${emptySectionsOf(draft)} with no line in it, so no dump` });
    this.countRulesChanges++;
    channel.posts.giveBack(draft.posted, (name) => this.events.ofName(name).id);
    this.handlerLines.notADump();
    channel.dumped = draft.counted;
  }

  /** The line of the earliest dump still being read, or Infinity. */
  private earliestOpenDump(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const channel of this.channels.values()) if (channel.draft !== null) earliest = Math.min(earliest, channel.draft.line);
    return earliest;
  }

  private finishDraft(channel: Channel): void {
    const draft = channel.draft;
    if (draft === null) return;
    channel.draft = null;
    if (isEmpty(draft)) {
      this.dropEmpty(channel, draft);
      return;
    }
    this.finished.checkRoom(draft.line);
    const snapshot = snapshotOf(this.file, draft, channel.name, this.options.processHint);
    this.finished.add(snapshot, () => this.earliestOpenDump());
    endRun(this.logProblems);
    if (draft.inSegment !== null) this.segmentDumps?.push({ snapshot, ...draft.inSegment });
    if (draft.open !== null) this.openDumps.push({ line: snapshot.line, channel: channel.name, state: draft.open, counted: draft.counted });
    this.options.onSnapshot?.(snapshot);
  }
}
