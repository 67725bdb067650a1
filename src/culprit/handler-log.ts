// The handler lines of one log as the parser meets them, counted per callback at each dump (or,
// in a log without dumps, at each minute of log time). What the parser hands in is the message
// of a line; what comes out is the log's `LogHandlers`.
//
// A collision line lists every handler of its signature (owner, event, priority), so between two
// points only the last line of each signature counts: the others are kept unread, one per
// signature, and replaced, and only the last is taken apart. A leaking machine writes N-1 lines of
// N handlers after each add; each costs a search for the end of its header, not a walk of its list.

import type { CopiesAtEnd, HandlerTick, LogHandlers } from '../model.js';
import { HandlerCopies } from './handler-copies.js';
import { parseHandlerLine, type HandlerLine } from './handler-lines.js';

/**
 * What a part of a log read on its own (a segment, in another thread) hands to the parse of the
 * part before it: its handler lines that count (the last collision line of each signature between
 * two points, every `-v` line), its dumps and its restarts, in order. Lines from 1 at its start.
 */
export type HandlerStep =
  | { kind: 'line'; handler: HandlerLine; line: number; time: string | null }
  | { kind: 'dump' }
  /** a dump began that turned out to be none, after handler lines: the point ended there all the same */
  | { kind: 'point' }
  | { kind: 'restart' };

/** In a log without times, a point every this many lines. */
export const LINES_PER_TICK = 1000;

const COLLISION_OPENINGS = ['Unordered handler for class ', 'Duplicate handler for class '] as const;
const HANDLERS_OPEN = '. Handlers: [';

/**
 * Text a line must hold to be a handler line, for a scanner that skips lines without any: the
 * collision lines, and the `-v` lines that register and remove handlers.
 */
export const HANDLER_LINE_MARKERS: readonly string[] = ['Unordered handler', 'Duplicate handler', 'Registered ', 'Removing '];

export class HandlerLineLog {
  private readonly copies = new HandlerCopies();
  /** for a segment's parse: what it hands on, instead of counting */
  private readonly steps: HandlerStep[] | null;
  /** the current point: it moves on at each dump, each new minute (or LINES_PER_TICK lines) of handler lines, each restart */
  private tick = 0;
  /** the minute (or line bucket) of the current point's handler lines; null before its first */
  private tickKey: string | number | null = null;
  /** each point's last handler line; only points that had one */
  private readonly ticks: (HandlerTick | undefined)[] = [];
  /** for each dump, the point that ended at it */
  private readonly dumpTicks: number[] = [];
  /** the last collision line of each signature in the current point, by its header */
  private readonly pending = new Map<string, string>();
  private read = 0;
  /** a start-up was logged and no handler line has come since */
  private startUpPending = false;
  /** a start-up was logged since the last dump began: that dump's point cannot be taken back */
  private restartedSinceDump = false;
  /** the points that begin after a start-up */
  private readonly startUps = new Set<number>();
  /** the line and time of the collision lines pending, by header */
  private readonly pendingAt = new Map<string, { line: number; time: string | null }>();

  /** `segment`: the lines are a segment's, to be handed on with `stepsOfSegment()`. */
  constructor(options: { segment?: boolean | undefined } = {}) {
    this.steps = options.segment ? [] : null;
  }

  /**
   * Reads the message of a log line (the text after its prefix) when it is a handler line, and
   * says whether it was one. `time` is the line's log time, `line` its 1-based number.
   */
  readMessage(message: string, line: number, time: string | null): boolean {
    const header = collisionHeader(message);
    if (header === null) {
      const parsed = parseHandlerLine(message);
      if (parsed === null) return false;
      this.moveTo(line, time);
      this.count(parsed, line, time);
    } else {
      this.moveTo(line, time);
      this.pending.set(header, message);
      if (this.steps !== null) this.pendingAt.set(header, { line, time });
    }
    this.markTick(line, time);
    return true;
  }

  /** The steps of a segment's parse (made with `segment: true`), to join to the parse before it. */
  stepsOfSegment(): HandlerStep[] {
    if (this.steps === null) throw new Error('stepsOfSegment() on a handler log not made with { segment: true }');
    this.flush();
    return this.steps;
  }

  /** Reads the steps of the segment that follows this log's lines; its lines are `lines` lines further on. */
  join(steps: readonly HandlerStep[], lines: number): void {
    this.flush();
    for (const step of steps) {
      if (step.kind === 'dump') this.dump();
      else if (step.kind === 'point') {
        this.flush();
        this.nextPoint();
      }
      else if (step.kind === 'restart') this.restart();
      else {
        const line = step.line + lines;
        this.moveTo(line, step.time);
        this.count(step.handler, line, step.time);
        this.markTick(line, step.time);
      }
    }
  }

  /** A dump of the log begins: the point before it ends. */
  dump(): void {
    this.flush();
    this.steps?.push({ kind: 'dump' });
    this.dumpTicks.push(this.tick);
    this.restartedSinceDump = false;
    this.nextPoint();
  }

  /**
   * The dump begun last was none (the parser found no line in it). With no handler line since, it
   * is as if it had not begun; else its point ended all the same, at no dump.
   */
  notADump(): void {
    const lastStep = this.steps?.at(-1);
    const nothingSince = this.steps === null ? this.ticks[this.tick] === undefined && this.pending.size === 0 && !this.restartedSinceDump : lastStep?.kind === 'dump';
    const tick = this.dumpTicks.pop();
    if (nothingSince && tick === this.tick - 1) {
      this.steps?.pop();
      this.tick = tick;
      this.tickKey = null;
      return;
    }
    if (this.steps === null) return;
    for (let index = this.steps.length - 1; index >= 0; index -= 1) {
      if (this.steps[index]!.kind === 'dump') {
        this.steps[index] = { kind: 'point' };
        return;
      }
    }
  }

  /** The next handler line is counted at the next point. */
  private nextPoint(): void {
    this.tick += 1;
    this.tickKey = null;
  }

  /** The program started again in the same log: no handler of before is left. */
  restart(): void {
    this.flush();
    this.steps?.push({ kind: 'restart' });
    if (this.ticks[this.tick] !== undefined) this.tick += 1;
    this.copies.restart(this.tick);
    this.restartedSinceDump = true;
    this.tickKey = null;
    this.startUpPending = true;
  }

  /** The current point's last handler line so far; the first after a start-up marks its point. */
  private markTick(line: number, time: string | null): void {
    this.ticks[this.tick] = { time, line };
    if (this.startUpPending) this.startUps.add(this.tick);
    this.startUpPending = false;
    this.read += 1;
  }

  /** The handler lines counted, per dump when the log had any, else per minute; undefined when it had none. */
  end(): LogHandlers | undefined {
    this.flush();
    if (this.read === 0) return undefined;
    const all = this.copies.toSeries(this.tick + 1);
    if (this.dumpTicks.length > 0) {
      const series = all.map(({ lines: _lines, ...one }) => {
        const fresh = this.dumpTicks.map((tick, index) => {
          const from = index === 0 ? 0 : this.dumpTicks[index - 1]! + 1;
          return one.fresh.slice(from, tick + 1).includes(true);
        });
        return { ...one, counts: this.dumpTicks.map((tick) => one.counts[tick] ?? null), fresh };
      });
      return { points: 'dumps', ticks: [], series };
    }
    // Without dumps, the points are the minutes that had handler lines.
    const kept: number[] = [];
    this.ticks.forEach((tick, index) => {
      if (tick !== undefined) kept.push(index);
    });
    const series = all.map(({ lines: _lines, ...one }) => ({ ...one, counts: kept.map((index) => one.counts[index] ?? null), fresh: kept.map((index) => one.fresh[index] ?? false) }));
    const ticks = kept.map((index): HandlerTick => (this.startUps.has(index) ? { ...this.ticks[index]!, startUp: true } : this.ticks[index]!));
    return { points: 'minutes', ticks, series };
  }

  /** Each callback named, with its copies as of the last line read. */
  copiesAtEnd(): CopiesAtEnd[] {
    this.flush();
    return this.copies.toSeries(this.tick + 1).map(({ source, event, callback, owner, counts }) => ({ source, event, callback, owner, count: counts.at(-1) ?? null }));
  }

  /** Moves to a new point when a handler line comes in another minute (or line bucket) than the point's lines. */
  private moveTo(line: number, time: string | null): void {
    const key = time === null ? Math.floor(line / LINES_PER_TICK) : time.slice(0, time.length - 7);
    if (this.tickKey !== null && key !== this.tickKey && this.ticks[this.tick] !== undefined) {
      this.flush();
      this.tick += 1;
    }
    this.tickKey = key;
  }

  /** Takes apart the last collision line of each signature of the point. */
  private flush(): void {
    for (const [header, message] of this.pending) {
      const parsed = parseHandlerLine(message);
      const at = this.pendingAt.get(header);
      if (parsed !== null) this.count(parsed, at?.line ?? 0, at?.time ?? null);
    }
    this.pending.clear();
    this.pendingAt.clear();
  }

  /** Counts a handler line at the current point, or hands it on (a segment's parse). */
  private count(handler: HandlerLine, line: number, time: string | null): void {
    if (this.steps !== null) this.steps.push({ kind: 'line', handler, line, time });
    else this.copies.add(handler, this.tick);
  }
}

/** The header of a collision line (up to its list), which names its signature; null for any other line. */
function collisionHeader(message: string): string | null {
  if (!COLLISION_OPENINGS.some((opening) => message.startsWith(opening))) return null;
  const listOpen = message.indexOf(HANDLERS_OPEN);
  return listOpen === -1 ? null : message.slice(0, listOpen);
}
