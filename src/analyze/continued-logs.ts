// A log split into files (cut in two by hand, a log copied in parts): the later file begins with no
// start-up, and its first dumps were taken in the state the earlier one left (a game, a mode
// running), which the later file's own lines do not say; its first posts follow the earlier one's
// last, and its handlers are those the earlier one counted until its lines name them again.
// leakdiff compares the dumps of both as one life of the program (diff/dump-runs.ts), so they are
// read as from one log: the verdict must not depend on where a log was cut, nor should the event
// and the callback found behind a leak.

import { seriesKey } from '../culprit/handler-copies.js';
import { logContinuationsOf } from '../diff/dump-runs.js';
import type { ChannelName, CopiesAtEnd, LogContinuity, LogHandlers, ParsedLog, ProcessKind, Snapshot, WriterEnd } from '../model.js';
import { activeModesOf, startState, stateAfter, stateOf, type StateAtDump } from '../parse/machine-state.js';
import { addedCounts } from '../parse/name-record.js';
import type { LoadedLog } from '../read/load.js';

/**
 * The logs with what each dump of a log took from before the log, carried over from the log its
 * dumps continue: the state of the dumps taken before the log's lines said it, the posts before
 * the first dump of each writer, and the copies of each callback before the log's handler lines
 * named it (what culprits are made of). A log continues another when `dumpRunsOf` joins the dumps
 * of both into one life, the other log's last dumps are those joined (only then is its end where
 * the later log begins), and nothing the later log says contradicts it (`brokenLinks`).
 */
export function carryOverBetweenLogs(loaded: readonly LoadedLog[]): LoadedLog[] {
  const snapshots = loaded.flatMap((entry) => entry.log.snapshots);
  const logOf = new Map<string, ParsedLog>();
  for (const { log } of loaded) if (!logOf.has(log.file)) logOf.set(log.file, log);
  // A log without a dump has no time to place it by: it may lie between any two others of its
  // writer, with posts and steps of its own, so while there is one nothing is carried for them.
  const unplaced = new Set(loaded.flatMap(({ log }) => (log.snapshots.length === 0 ? (log.continuity?.ends ?? []).map((end) => end.channel) : [])));
  const links = linksOf(snapshots, logOf).filter((link) => !unplaced.has(link.process) && !unplaced.has('mixed'));
  if (links.length === 0) return [...loaded];
  const broken = brokenLinks(links);
  const ends = new LogEnds();
  const copies = new CopiesAtEnds();
  const carried = new Map<Snapshot, Snapshot>();
  const handlers = new Map<ParsedLog, LogHandlers>();
  for (const link of links) {
    if (broken.has(link)) continue;
    const { before, after, next } = link;
    const openAt = new Map(after.continuity!.openDumps.map((dump) => [dump.line, dump]));
    for (const index of next) {
      const snapshot = snapshots[index]!;
      const open = openAt.get(snapshot.line);
      const end = open === undefined ? null : ends.of(before, open.channel);
      if (open === undefined || end === null) continue;
      const state = stateAfter(end.state, open.state);
      const continued = { ...snapshot, state: stateOf(state), activeModes: activeModesOf(state) };
      // The writer's first dump in the log: its posts began after the log before had its last.
      if (!open.counted) Object.assign(continued, { posted: addedCounts(end.posted, snapshot.posted), postedSinceLog: before.file });
      carried.set(snapshot, continued);
    }
    const ordinalOf = new Map(after.snapshots.map((snapshot, ordinal) => [snapshot, ordinal]));
    const ordinals = next.map((index) => ordinalOf.get(snapshots[index]!)!);
    const counted = copiesCarried(handlers.get(after) ?? after.handlers, after.snapshots.length, ordinals, copies.of(before));
    if (counted !== null) handlers.set(after, counted);
    ends.continue(before, after);
    copies.continue(before, after);
  }
  if (carried.size === 0 && handlers.size === 0) return [...loaded];
  return loaded.map((entry) => {
    const counted = handlers.get(entry.log);
    if (counted === undefined && !entry.log.snapshots.some((snapshot) => carried.has(snapshot))) return entry;
    const log = { ...entry.log, snapshots: entry.log.snapshots.map((snapshot) => carried.get(snapshot) ?? snapshot) };
    return { ...entry, log: counted === undefined ? log : { ...log, handlers: counted } };
  });
}

/**
 * A log's handler counts at its dumps `ordinals` (those that continue the log before it) with the
 * copies that log left where this one's lines had not named a callback yet; null when nothing changes.
 */
function copiesCarried(handlers: LogHandlers | undefined, dumps: number, ordinals: readonly number[], before: ReadonlyMap<string, CopiesAtEnd>): LogHandlers | null {
  if (before.size === 0 || handlers?.points === 'minutes') return null;
  const series = (handlers?.series ?? []).map((one) => {
    const carried = before.get(seriesKey(one.source, one.event, one.callback, one.owner))?.count ?? null;
    if (carried === null) return one;
    const counts = [...one.counts];
    for (const ordinal of ordinals) {
      if (counts[ordinal] !== null) break;
      counts[ordinal] = carried;
    }
    return { ...one, counts };
  });
  const named = new Set((handlers?.series ?? []).map((one) => seriesKey(one.source, one.event, one.callback, one.owner)));
  const continuing = new Set(ordinals);
  for (const [key, { source, event, callback, owner, count }] of before) {
    if (named.has(key) || count === null) continue;
    const counts = Array.from({ length: dumps }, (_, ordinal) => (continuing.has(ordinal) ? count : null));
    series.push({ event, callback, owner, priority: null, source, counts, fresh: counts.map(() => false), cut: false });
  }
  return { points: 'dumps', ticks: [], series };
}

/** The copies each log left at its end, per callback: its own lines' count, else what the log it continues left. */
class CopiesAtEnds {
  private readonly carried = new Map<string, Map<string, CopiesAtEnd>>();

  of(log: ParsedLog): ReadonlyMap<string, CopiesAtEnd> {
    return this.carried.get(log.file) ?? new Map(log.continuity!.copies.map((copies) => [seriesKey(copies.source, copies.event, copies.callback, copies.owner), copies]));
  }

  continue(before: ParsedLog, after: ParsedLog): void {
    // A start-up in the later log leaves no handler of before it at its end.
    const startedOver = after.continuity!.ends.some((end) => end.state.startedOver);
    const copies = new Map(startedOver ? [] : this.of(before));
    for (const own of after.continuity!.copies) copies.set(seriesKey(own.source, own.event, own.callback, own.owner), own);
    this.carried.set(after.file, copies);
  }
}

/** Dumps of a log (`next`, indexes) that go on from the end of another log, as one life. */
interface Link {
  process: ProcessKind;
  before: ParsedLog;
  after: ParsedLog;
  next: number[];
  /** the link that ends in `before`, when it goes on from another log too */
  previous: Link | null;
}

/** The logs that continue one another, in the order the lives go on. */
function linksOf(snapshots: readonly Snapshot[], logOf: ReadonlyMap<string, ParsedLog>): Link[] {
  const links: Link[] = [];
  const endingIn = new Map<string, Link>();
  for (const { previous, next } of logContinuationsOf(snapshots)) {
    const before = logOf.get(previous.file);
    const after = logOf.get(next.file);
    if (before?.continuity === undefined || after?.continuity === undefined) continue;
    const lastBefore = snapshots[previous.indexes.at(-1)!]!;
    if (before.snapshots.findLast((snapshot) => snapshot.process === lastBefore.process) !== lastBefore) continue;
    const key = (file: string): string => `${lastBefore.process}\n${file}`;
    const link = { process: lastBefore.process, before, after, next: next.indexes, previous: endingIn.get(key(before.file)) ?? null };
    endingIn.set(key(after.file), link);
    links.push(link);
  }
  return links;
}

/**
 * The links across which nothing is carried. A log whose first game or ball step contradicts where
 * the log before ended (a ball ending where that one was in attract) does not begin where it
 * ended: a part is missing between them, or it is another run's. The part may be missing anywhere
 * after the last log whose own lines said where the game was: the links back to it break too.
 */
function brokenLinks(links: readonly Link[]): Set<Link> {
  const broken = new Set<Link>();
  const ends = new LogEnds();
  for (const link of links) {
    if (!ends.contradicted(link.before, link.after)) {
      ends.continue(link.before, link.after);
      continue;
    }
    broken.add(link);
    for (let back = link; back.previous !== null && saysNothingOfTheGame(back.before); back = back.previous) broken.add(back.previous);
  }
  return broken;
}

/** Whether a log's own lines leave the game and the ball where they found them. */
function saysNothingOfTheGame(log: ParsedLog): boolean {
  return log.continuity!.ends.every(({ state }) => state.inGame === null && state.ballInPlay === null);
}

/** What a writer left at the end of a log, read on from the logs before it. */
interface EndSoFar {
  state: StateAtDump;
  /** posted since its last dump, in this log or one before it */
  posted: Record<string, number>;
}

/** What each log left at its end, per writer: its own lines', or with what the log it continues left. */
class LogEnds {
  private readonly ends = new Map<string, EndSoFar>();

  /** What `log` left for `channel`; null when it has no line of that writer (nor of one writer only). */
  of(log: ParsedLog, channel: ChannelName): EndSoFar | null {
    const key = keyOf(log.file, channel);
    const known = this.ends.get(key);
    if (known !== undefined) return known;
    const end = endOf(log.continuity!, channel);
    if (end === undefined) return null;
    // Its own lines' end, kept: it is asked for at each dump of the log after it.
    const own = { state: stateAfter(startState(), end.state), posted: end.posted };
    this.ends.set(key, own);
    return own;
  }

  /** Whether what `after`'s lines say of the machine before them differs from what `before` left. */
  contradicted(before: ParsedLog, after: ParsedLog): boolean {
    const differ = (said: boolean | null, left: boolean | null): boolean => said !== null && left !== null && said !== left;
    return after.continuity!.ends.some((end) => {
      const left = this.of(before, end.channel)?.state;
      return left !== undefined && (differ(end.before.inGame, left.inGame) || differ(end.before.ballInPlay, left.ballInPlay));
    });
  }

  /** `after` continues `before`: its ends are read on from `before`'s. */
  continue(before: ParsedLog, after: ParsedLog): void {
    for (const end of after.continuity!.ends) {
      const start = this.of(before, end.channel);
      if (start === null) continue;
      const posted = end.dumped ? end.posted : addedCounts(start.posted, end.posted);
      this.ends.set(keyOf(after.file, end.channel), { state: stateAfter(start.state, end.state), posted });
    }
  }
}

/** A log's end for `channel`; a log of one writer ends the same for any (an MPF log continued by its console's lines). */
function endOf(continuity: LogContinuity, channel: ChannelName): WriterEnd | undefined {
  return continuity.ends.find((end) => end.channel === channel) ?? (continuity.ends.length === 1 ? continuity.ends[0] : undefined);
}

function keyOf(file: string, channel: ChannelName): string {
  return `${channel}\n${file}`;
}
