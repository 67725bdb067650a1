// The handler lines of one log as the parser meets them, counted per callback at each dump (or,
// in a log without dumps, at each minute of log time). What the parser hands in is the message
// of a line; what comes out is the log's `LogHandlers`.
//
// A collision line lists every handler of its signature (owner, event, priority), so between two
// points only the last line of each signature counts: the others are kept unread, one per
// signature, and replaced, and only the last is taken apart. A leaking machine writes N-1 lines of
// N handlers after each add; each costs a search for the end of its header, not a walk of its list.

import type { HandlerTick, LogHandlers } from '../model.js';
import { HandlerCopies } from './handler-copies.js';
import { parseHandlerLine } from './handler-lines.js';

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
      this.copies.add(parsed, this.tick);
    } else {
      this.moveTo(line, time);
      this.pending.set(header, message);
    }
    this.ticks[this.tick] = { time, line };
    this.read += 1;
    return true;
  }

  /** A dump of the log begins: the point before it ends. */
  dump(): void {
    this.flush();
    this.dumpTicks.push(this.tick);
    this.tick += 1;
    this.tickKey = null;
  }

  /** The program started again in the same log: no handler of before is left. */
  restart(): void {
    this.flush();
    if (this.ticks[this.tick] !== undefined) this.tick += 1;
    this.copies.restart(this.tick);
    this.tickKey = null;
  }

  /** The handler lines counted, per dump when the log had any, else per minute; undefined when it had none. */
  end(): LogHandlers | undefined {
    this.flush();
    if (this.read === 0) return undefined;
    const all = this.copies.toSeries(this.tick + 1);
    if (this.dumpTicks.length > 0) {
      const series = all.map((one) => {
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
    const series = all.map((one) => ({ ...one, counts: kept.map((index) => one.counts[index] ?? null), fresh: kept.map((index) => one.fresh[index] ?? false) }));
    return { points: 'minutes', ticks: kept.map((index) => this.ticks[index]!), series };
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
    for (const message of this.pending.values()) {
      const parsed = parseHandlerLine(message);
      if (parsed !== null) this.copies.add(parsed, this.tick);
    }
    this.pending.clear();
  }
}

/** The header of a collision line (up to its list), which names its signature; null for any other line. */
function collisionHeader(message: string): string | null {
  if (!COLLISION_OPENINGS.some((opening) => message.startsWith(opening))) return null;
  const listOpen = message.indexOf(HANDLERS_OPEN);
  return listOpen === -1 ? null : message.slice(0, listOpen);
}
