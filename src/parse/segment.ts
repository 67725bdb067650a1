// A log read in two parts at once: the part after a line boundary is parsed on its own as a
// "segment" (in a worker thread), and joined to the parse of the part before it, the head. A dump
// reads the same wherever it is; what it takes from earlier in the log (the posts counted since the
// previous dump, the machine's state) is left open in the segment and filled in from the boundary:
// what the head's parse left at its end.

import type { HandlerStep } from '../culprit/handler-log.js';
import type { ChannelName, LogContinuity, MachineStateInSegment, ParsedLog, Problem, Snapshot, WriterEnd } from '../model.js';
import { activeModesOf, joinedStates, startState, stateAfter, stateInSegment, stateOf, type StateAtDump } from './machine-state.js';
import { addedCounts, compactRecord, emptyRecord, MAX_COMPACT_NAMES } from './name-record.js';
import { joinLists, listedProblems, type ProblemList } from './problem-list.js';
import type { LineFormat } from './prefix.js';

/** A dump read in a segment, with what it leaves to the log before the segment. */
export interface SegmentDump {
  /** line numbers from 1 at the segment's start; `state` and `activeModes` not yet known */
  snapshot: Snapshot;
  channel: ChannelName;
  /** the posts of `snapshot.posted` are all it has: an earlier dump of its writer is in the segment */
  counted: boolean;
  state: MachineStateInSegment;
}

/** A segment of a log parsed on its own, to be joined to the parse of the part before it. */
export interface ParsedSegment {
  /** physical lines of the segment */
  lines: number;
  /** in the order the parser finished them */
  dumps: SegmentDump[];
  /** the log's problems, lines from 1 at the segment's start, a run of one problem as one */
  problems: Problem[];
  /** how many times each of `problems` came in a row (problem-list.ts); absent: once each */
  problemRepeats?: number[];
  /** a dump came before the first of `problems`: it continues no run of the head's */
  problemsStartAfterDump?: boolean;
  formats: LineFormat[];
  /** its handler lines, dumps and restarts, lines from 1 at the segment's start */
  handlerSteps: HandlerStep[];
  /** per writer, the state its lines left at the segment's end */
  ends: LogContinuity['ends'];
}

/** What one writer's lines in the head leave to the segment. */
export interface ChannelAtBoundary {
  state: StateAtDump;
  /** posts counted since the writer's last dump in the head, in the order first posted */
  posted: Record<string, number>;
}

/** What the head's parse leaves to the segment, at a line boundary with no dump open. */
export interface SegmentBoundary {
  channels: Partial<Record<ChannelName, ChannelAtBoundary>>;
}

/**
 * The log as one parse reads it, from the parse of its head (ended at `boundary`) and of the
 * segment that follows. `joined` are the segment's snapshots, in the order the parser finished them.
 * `headProblems` are the head's log problems as the parser listed them (each once, by default).
 */
export function joinSegment(
  head: ParsedLog,
  boundary: SegmentBoundary,
  segment: ParsedSegment,
  headProblems: ProblemList = { problems: head.problems, problemRepeats: head.problems.map(() => 1) },
): { log: ParsedLog; joined: Snapshot[] } {
  const joined: Snapshot[] = [];
  for (const dump of segment.dumps) {
    // A writer with no line in the head left it nothing: as at the start of a log.
    const before = boundary.channels[dump.channel] ?? { state: startState(), posted: {} };
    const snapshot = shiftLines(dump.snapshot, head.lines);
    // Every dump of the segment follows the same state: the one the head ended with.
    const state = stateAfter(before.state, dump.state);
    snapshot.state = stateOf(state);
    snapshot.activeModes = activeModesOf(state);
    // Only the segment's first dump of a writer counts posts from before the segment.
    if (!dump.counted) snapshot.posted = addedCounts(before.posted, snapshot.posted);
    joined.push(snapshot);
  }
  const log: ParsedLog = {
    file: head.file,
    lines: head.lines + segment.lines,
    snapshots: [...head.snapshots, ...joined].sort((a, b) => a.line - b.line),
    problems: listedProblems(joinLists(headProblems, segmentProblems(segment), head.lines)),
    formats: [...new Set([...head.formats, ...segment.formats])].sort(),
    ...(head.handlers === undefined ? {} : { handlers: head.handlers }),
    ...(head.continuity === undefined ? {} : { continuity: joinedContinuity(head.continuity, segment, head.lines) }),
  };
  return { log, joined };
}

/** What the head's lines and the segment's, as one log, leave to a log before them. */
function joinedContinuity(head: LogContinuity, segment: ParsedSegment, headLines: number): LogContinuity {
  const unset: WriterEnd = { channel: 'mpf', state: stateInSegment(startState()), posted: {}, dumped: false, before: { inGame: null, ballInPlay: null } };
  const endOf = (ends: readonly WriterEnd[], channel: ChannelName): WriterEnd => ends.find((end) => end.channel === channel) ?? unset;
  const openDumps = [...head.openDumps];
  for (const dump of segment.dumps) {
    const before = endOf(head.ends, dump.channel);
    const state = joinedStates(before.state, dump.state);
    if (!state.startedOver) openDumps.push({ line: dump.snapshot.line + headLines, channel: dump.channel, state, counted: dump.counted || before.dumped });
  }
  const channels = [...new Set([...head.ends, ...segment.ends].map((end) => end.channel))];
  const ends = channels.map((channel): WriterEnd => {
    const before = endOf(head.ends, channel);
    const after = endOf(segment.ends, channel);
    return {
      channel,
      state: joinedStates(before.state, after.state),
      // Posts since the last dump: the segment's own when it holds one.
      posted: after.dumped ? after.posted : addedCounts(before.posted, after.posted),
      dumped: before.dumped || after.dumped,
      // What the segment says of before it is of the log's start where the head said nothing.
      before: {
        inGame: before.before.inGame ?? (before.state.inGame === null ? after.before.inGame : null),
        ballInPlay: before.before.ballInPlay ?? (before.state.ballInPlay === null ? after.before.ballInPlay : null),
      },
    };
  });
  // The head's handler lines were read on through the segment's before the head ended.
  return { ends, openDumps: openDumps.sort((a, b) => a.line - b.line), copies: head.copies };
}

/** The segment's log problems as the list its parser kept. */
function segmentProblems(segment: ParsedSegment): ProblemList {
  return {
    problems: segment.problems,
    problemRepeats: segment.problemRepeats ?? segment.problems.map(() => 1),
    ...(segment.problemsStartAfterDump === true ? { startsAfterDump: true } : {}),
  };
}

/** A copy of `snapshot`, read `lines` lines into the log, as read from its start. */
function shiftLines(snapshot: Snapshot, lines: number): Snapshot {
  const { events, displays, objects, clock } = snapshot;
  const shift = <T extends { line: number }>(item: T): T => ({ ...item, line: item.line + lines });
  return {
    ...snapshot,
    line: snapshot.line + lines,
    problems: snapshot.problems.map(shift),
    events: events && shift(events),
    displays: displays && { ...shift(displays), displays: displays.displays.map((display) => ({ ...display, children: display.children.map(shift) })) },
    objects: objects && (objects.disabled ? shift(objects) : { ...shift(objects), entries: objects.entries.map(shift) }),
    clock: clock && { ...shift(clock), entries: clock.entries.map(shift) },
  };
}

/**
 * A segment as it is sent to another thread. Its records of many names (a dump's posts or handler
 * counts) go as three flat lists, with each name once: copied between threads as objects, records
 * of hundreds of names cost the receiving thread a new object layout name by name, where lists of
 * numbers are copied whole. Small records go as they are: packing them costs more than it saves.
 */
export interface PackedSegment {
  /** the segment, its packed records left empty */
  segment: ParsedSegment;
  /** which of its records are packed: their places among all its records, dump by dump */
  packedPlaces: Uint32Array;
  /** every name of the packed records, once */
  names: string[];
  /** how many names each packed record has */
  sizes: Uint32Array;
  /** the packed records' names as indexes into `names`, record after record */
  nameIndexes: Uint32Array;
  /** their counts, in the same order */
  counts: Float64Array;
}

/** Packs `segment` to be sent to another thread; its packed records are left empty. */
export function packSegment(segment: ParsedSegment): PackedSegment {
  const indexes = new Map<string, number>();
  const packedPlaces: number[] = [];
  const sizes: number[] = [];
  const nameIndexes: number[] = [];
  const counts: number[] = [];
  let places = 0;
  const pack = (record: Record<string, number>): Record<string, number> => {
    const place = places++;
    const names = Object.keys(record);
    if (names.length <= MAX_COMPACT_NAMES) return record;
    for (const name of names) {
      let nameIndex = indexes.get(name);
      if (nameIndex === undefined) indexes.set(name, (nameIndex = indexes.size));
      nameIndexes.push(nameIndex);
      counts.push(record[name]!);
    }
    packedPlaces.push(place);
    sizes.push(names.length);
    return emptyRecord();
  };
  for (const { snapshot } of segment.dumps) {
    snapshot.posted = pack(snapshot.posted);
    if (snapshot.events !== null) snapshot.events.handlers = pack(snapshot.events.handlers);
  }
  return {
    segment,
    packedPlaces: Uint32Array.from(packedPlaces),
    names: [...indexes.keys()],
    sizes: Uint32Array.from(sizes),
    nameIndexes: Uint32Array.from(nameIndexes),
    counts: Float64Array.from(counts),
  };
}

/**
 * A segment as it arrives from another thread, its records as the parser makes them: without a
 * prototype (structured cloning gives a record one), so that an event called `__proto__` is just a
 * key, and compact when small (name-record.ts).
 */
export function unpackSegment({ segment, packedPlaces, names, sizes, nameIndexes, counts }: PackedSegment): ParsedSegment {
  let place = 0;
  let packed = 0;
  let entry = 0;
  const unpack = (record: Record<string, number>): Record<string, number> => {
    if (packedPlaces[packed] !== place++) return compactRecord(record);
    // Packed only past MAX_COMPACT_NAMES: filled name by name, as recordOf fills a record that size,
    // without a pair made for each name.
    const size = sizes[packed++]!;
    const unpacked = emptyRecord();
    for (let index = 0; index < size; index++, entry++) unpacked[names[nameIndexes[entry]!]!] = counts[entry]!;
    return unpacked;
  };
  for (const { snapshot } of segment.dumps) {
    snapshot.posted = unpack(snapshot.posted);
    if (snapshot.events !== null) snapshot.events.handlers = unpack(snapshot.events.handlers);
  }
  for (const end of segment.ends) end.posted = compactRecord(end.posted);
  return segment;
}
