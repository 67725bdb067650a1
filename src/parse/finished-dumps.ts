// What becomes of a dump the grammar has read to its end: a snapshot, or no dump at all when its
// sections held no line; kept for the end of the log, or streamed in line order; and how many
// dumps the inputs may hold.

import { LeakdiffError } from '../errors.js';
import type { ChannelName, ProcessKind, Snapshot } from '../model.js';
import { addProblem, listedProblems } from './problem-list.js';
import type { Draft } from './section-lines.js';

/**
 * The most dumps the inputs may hold. Even the smallest dump costs memory, and more is no soak
 * test but a flood (a day of dumps every second is under 100,000).
 */
export const MAX_DUMPS = 1_000_000;

const SECTIONS = ['events', 'displays', 'objects', 'clock'] as const;

export interface FinishedDumpsOptions {
  /** more dumps than this, with `dumpsBefore`, is an error (default MAX_DUMPS) */
  maxDumps?: number | undefined;
  /** dumps read from the inputs before this log */
  dumpsBefore?: number | undefined;
  /** hears each snapshot in line order, as soon as no earlier one can still come; none is kept */
  streamSnapshots?: ((snapshot: Snapshot) => void) | undefined;
}

/** The snapshots of one log: kept, or streamed in line order; counted against the limit either way. */
export class FinishedDumps {
  /** the dumps finished: those kept, or streamed and held */
  count = 0;
  private readonly kept: Snapshot[] = [];
  /** with streamSnapshots: finished snapshots waiting for a dump that began before them */
  private readonly held: Snapshot[] = [];

  constructor(
    private readonly file: string,
    private readonly options: FinishedDumpsOptions,
  ) {}

  /** Throws when a dump beginning at `line` would be one too many. */
  checkRoom(line: number): void {
    const before = this.options.dumpsBefore ?? 0;
    const max = this.options.maxDumps ?? MAX_DUMPS;
    if (before + this.count >= max) throw tooManyDumps(this.file, line, max, before);
  }

  /**
   * Adds a finished snapshot. Streamed, it waits with those held before it until no dump still
   * being read began before them (`earliestOpen`, that dump's line): one writer's dump can end
   * after another's that began later (`mpf both -l`).
   */
  add(snapshot: Snapshot, earliestOpen: () => number): void {
    this.count++;
    if (this.options.streamSnapshots === undefined) {
      this.kept.push(snapshot);
      return;
    }
    this.held.push(snapshot);
    this.held.sort((a, b) => a.line - b.line);
    this.release(earliestOpen());
  }

  /** At the log's end: streams every held snapshot, and returns the kept ones in line order. */
  end(): Snapshot[] {
    this.release(Number.POSITIVE_INFINITY);
    return this.kept.sort((a, b) => a.line - b.line);
  }

  /** Streams the held snapshots that begin before `line`. */
  private release(line: number): void {
    let released = 0;
    while (released < this.held.length && this.held[released]!.line < line) this.options.streamSnapshots!(this.held[released++]!);
    this.held.splice(0, released);
  }
}

/** More dumps than `max`: the one at `file:line` is the first too many. */
export function tooManyDumps(file: string, line: number, max: number, dumpsBefore: number): LeakdiffError {
  const where = dumpsBefore === 0 ? `more than ${max} dumps in one log` : `the inputs hold more than ${max} dumps`;
  return new LeakdiffError(`${file}:${line}: ${where}, more than leakdiff holds in memory; ${dumpsBefore === 0 ? 'split the log' : 'compare fewer logs'}`);
}

/** A dump none of whose sections held a line, and nothing wrong with it yet. */
export function isEmpty(draft: Draft): boolean {
  return draft.contentLines === 0 && draft.problems.length === 0;
}

/** What an empty dump had, for the log's problem: `a CLOCK section`, `EVENTS, DISPLAYS sections`. */
export function emptySectionsOf(draft: Draft): string {
  const sections = SECTIONS.filter((kind) => draft[kind] !== null).map((kind) => kind.toUpperCase());
  return sections.length === 1 ? `${/^[AEIOU]/.test(sections[0]!) ? 'an' : 'a'} ${sections[0]} section` : `${sections.join(', ')} sections`;
}

/**
 * The snapshot of a dump read to its end by the writer `channel` of log `file`. A dump of the
 * format MPF and MC share is MC's when it has an MC section or the log's name says MC wrote it.
 */
export function snapshotOf(file: string, draft: Draft, channel: ChannelName, processHint: ProcessKind | undefined): Snapshot {
  const hasMcSection = draft.displays !== null || draft.objects !== null || draft.clock !== null;
  const process: ProcessKind = channel === 'mixed' ? (hasMcSection || processHint === 'mc' ? 'mc' : 'mpf') : channel;
  if (process === 'mc' && !draft.legacy && !draft.problems.some((p) => p.reason === 'truncated')) {
    const missing = SECTIONS.filter((k) => draft[k] === null);
    if (missing.length > 0) {
      addProblem(draft, draft.line, 'missing-section', `this MPF-MC dump has no ${missing.map((k) => k.toUpperCase()).join(', ')} section`);
    }
  }
  const problems = listedProblems(draft).sort((a, b) => a.line - b.line);
  return {
    file,
    line: draft.line,
    process,
    time: draft.time,
    complete: problems.length === 0,
    problems,
    state: draft.state,
    activeModes: draft.activeModes,
    posted: draft.posted,
    events: draft.events,
    displays: draft.displays,
    objects: draft.objects,
    clock: draft.clock,
  };
}
