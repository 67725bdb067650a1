// Turns handler lines into series: for each event and callback, how many copies were registered at
// each point (a dump, or a time bucket when a log has no dump).
//
// A collision line lists every handler of one signature (owner, priority, condition) on its event,
// so the latest line of that signature is the whole truth about it at the time it was written;
// a callback of that signature missing from a later line has no copy left. (MPF's signature also
// holds the handler's condition, which the line does not print; handlers of one object that differ
// only in condition are taken as one signature.) Collision lines are
// written only when a handler is added, never when one is removed, so a value carried to a later
// point is the count as last written, and `fresh` says which points had a line of their own.
// `-v` debug lines add and remove one handler each, so their series is a running count.

import type { HandlerCopiesSeries, HandlerCopiesSource } from '../model.js';
import type { HandlerLine } from './handler-lines.js';

export type { HandlerCopiesSource } from '../model.js';

/** A series as HandlerCopies counts it: with the number of lines that named its callback. */
export interface CountedSeries extends HandlerCopiesSeries {
  /** lines added that named this callback */
  lines: number;
}

interface SeriesState {
  event: string;
  callback: string;
  owner: string | null;
  priority: number | null;
  source: HandlerCopiesSource;
  /** point → value written last in it; null after a restart */
  values: Map<number, number | null>;
  lines: number;
  cut: boolean;
  /** the running count, for `-v` series */
  live: number;
}

/**
 * Collects handler lines in log order. `point` is the index of the interval the line belongs to
 * (0 for lines before the first dump's point, and so on); points must not decrease.
 */
export class HandlerCopies {
  private readonly series = new Map<string, SeriesState>();
  /** collision signature (event, owner, priority) → keys of the series it has named */
  private readonly signatures = new Map<string, Set<string>>();
  /** event → keys of its `-v` series */
  private readonly registeredByEvent = new Map<string, Set<string>>();
  private lastPoint = 0;

  add(line: HandlerLine, point: number): void {
    if (!Number.isInteger(point) || point < 0) throw new RangeError(`point must be a non-negative integer, got ${point}`);
    if (point < this.lastPoint) throw new RangeError(`points must not decrease: ${point} after ${this.lastPoint}`);
    this.lastPoint = point;
    switch (line.kind) {
      case 'unordered':
      case 'duplicate': {
        const signature = `${line.event}\u0000${line.owner}\u0000${String(line.priority)}`;
        let named = this.signatures.get(signature);
        if (named === undefined) this.signatures.set(signature, (named = new Set()));
        const inLine = new Set<string>();
        for (const copies of line.callbacks) {
          const state = this.stateOf('collision', line.event, copies.callback, copies.owner);
          state.priority = line.priority;
          state.values.set(point, copies.copies);
          state.lines += 1;
          if (line.cut) state.cut = true;
          inLine.add(seriesKey('collision', line.event, copies.callback, copies.owner));
        }
        // A cut line does not list everything: what it leaves out is unknown, not gone.
        if (!line.cut) {
          for (const key of named) if (!inLine.has(key)) this.series.get(key)!.values.set(point, 0);
        }
        for (const key of inLine) named.add(key);
        return;
      }
      case 'registered':
      case 'removed': {
        const state = this.stateOf('registered', line.event, line.callback ?? '', null);
        state.live = line.kind === 'registered' ? state.live + 1 : Math.max(0, state.live - 1);
        if (line.kind === 'registered') state.priority = line.priority;
        state.values.set(point, state.live);
        state.lines += 1;
        let keys = this.registeredByEvent.get(line.event);
        if (keys === undefined) this.registeredByEvent.set(line.event, (keys = new Set()));
        keys.add(seriesKey('registered', line.event, state.callback, null));
        return;
      }
      case 'event-removed': {
        for (const key of this.registeredByEvent.get(line.event) ?? []) {
          const state = this.series.get(key)!;
          state.live = 0;
          state.values.set(point, 0);
        }
        return;
      }
    }
  }

  /**
   * The program restarted (a new run in the same log): every handler is gone, and what was counted
   * before says nothing about the copies from now on.
   */
  restart(point: number): void {
    if (!Number.isInteger(point) || point < this.lastPoint) throw new RangeError(`points must not decrease: ${point} after ${this.lastPoint}`);
    this.lastPoint = point;
    for (const state of this.series.values()) {
      state.values.set(point, null);
      state.live = 0;
    }
    this.signatures.clear();
    this.registeredByEvent.clear();
  }

  /** Every series, with `points` values each, in order of first appearance. */
  toSeries(points: number): CountedSeries[] {
    const result: CountedSeries[] = [];
    for (const state of this.series.values()) {
      const counts: (number | null)[] = [];
      const fresh: boolean[] = [];
      let current: number | null = null;
      for (let point = 0; point < points; point += 1) {
        const value = state.values.get(point);
        if (value !== undefined) current = value;
        counts.push(current);
        fresh.push(value !== undefined && value !== null);
      }
      result.push({
        event: state.event,
        callback: state.callback,
        owner: state.owner,
        priority: state.priority,
        source: state.source,
        counts,
        fresh,
        lines: state.lines,
        cut: state.cut,
      });
    }
    return result;
  }

  private stateOf(source: HandlerCopiesSource, event: string, callback: string, owner: string | null): SeriesState {
    const key = seriesKey(source, event, callback, owner);
    let state = this.series.get(key);
    if (state === undefined) {
      state = { event, callback, owner, priority: null, source, values: new Map(), lines: 0, cut: false, live: 0 };
      this.series.set(key, state);
    }
    return state;
  }
}

/** A callback's series by what tells it apart: its source, event, callback and owner. */
export function seriesKey(source: HandlerCopiesSource, event: string, callback: string, owner: string | null): string {
  return `${source}\u0000${event}\u0000${callback}\u0000${owner ?? ''}`;
}
