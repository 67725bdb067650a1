// A log read in two parts at once: the part after a line boundary is parsed on its own as a
// "segment" (in a worker thread), and appended to the parse of the part before it. A dump reads the
// same wherever it is; what it takes from earlier in the log (the posts counted since the previous
// dump, the machine's state) is left open in the segment and filled in when the parts are joined.

import type { Problem, Snapshot } from '../model.js';
import type { LineFormat } from './prefix.js';

/** Which writer a line comes from (parser.ts CHANNEL_OF_FORMAT). */
export type ChannelName = 'mpf' | 'mc' | 'mixed';

/** The machine state as a segment sets it before one of its dumps; null and absent are "as before the segment". */
export interface MachineStateInSegment {
  /** modes started in the segment and running at the dump */
  modes: string[];
  /** modes stopped in the segment and not started again before the dump */
  stoppedModes: string[];
  inGame: boolean | null;
  ballInPlay: boolean | null;
  /** true when the segment posted an event other than the dump trigger; false leaves it to before */
  sawPostedEvent: boolean;
}

/** A dump read in a segment, with what it leaves to the log before the segment. */
export interface SegmentDump {
  /** line numbers from 1 at the segment's start; `state` and `activeModes` not yet known */
  snapshot: Snapshot;
  channel: ChannelName;
  /** the posts of `snapshot.posted` are all it has: an earlier dump of its writer is in the segment */
  counted: boolean;
  state: MachineStateInSegment;
}

/** A segment of a log parsed on its own, to be appended to the parse of the part before it. */
export interface ParsedSegment {
  /** physical lines of the segment */
  lines: number;
  /** in the order the parser finished them */
  dumps: SegmentDump[];
  /** the log's problems, lines from 1 at the segment's start */
  problems: Problem[];
  formats: LineFormat[];
}

/** `before`'s counts, then those of `after` added, in the order each name was first counted. */
export function addCounts(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  for (const [name, count] of Object.entries(after)) before[name] = (before[name] ?? 0) + count;
  return before;
}

export function shiftProblem(problem: Problem, lines: number): Problem {
  return { ...problem, line: problem.line + lines };
}

/** `snapshot`, read `lines` lines into the log, as read from its start. Changes and returns `snapshot`. */
export function shiftLines(snapshot: Snapshot, lines: number): Snapshot {
  snapshot.line += lines;
  snapshot.problems = snapshot.problems.map((problem) => shiftProblem(problem, lines));
  if (snapshot.events !== null) snapshot.events.line += lines;
  if (snapshot.displays !== null) {
    snapshot.displays.line += lines;
    for (const display of snapshot.displays.displays) for (const child of display.children) child.line += lines;
  }
  if (snapshot.objects !== null) {
    snapshot.objects.line += lines;
    if (!snapshot.objects.disabled) for (const entry of snapshot.objects.entries) entry.line += lines;
  }
  if (snapshot.clock !== null) {
    snapshot.clock.line += lines;
    for (const entry of snapshot.clock.entries) entry.line += lines;
  }
  return snapshot;
}

/**
 * A segment as it arrives from another thread. Structured cloning gives the name-keyed records an
 * Object prototype; the parser's have none, so that an event called `__proto__` is just a key.
 */
export function reviveSegment(segment: ParsedSegment): ParsedSegment {
  for (const { snapshot } of segment.dumps) {
    snapshot.posted = withoutPrototype(snapshot.posted);
    if (snapshot.events !== null) snapshot.events.handlers = withoutPrototype(snapshot.events.handlers);
  }
  return segment;
}

function withoutPrototype(record: Record<string, number>): Record<string, number> {
  return Object.assign(Object.create(null) as Record<string, number>, record);
}
