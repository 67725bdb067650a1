// Leaks found without a single dump: the Unordered handler lines are in every default MPF log,
// dumps or not. A log without dumps is judged at the points its handler lines give (the end of
// each minute of log time that has one), as if each point were a dump holding, for each event, the
// copies its lines name: the differ judges those series by the same rules as dumps, and the
// callbacks that grow are the findings' culprits.

import { attachCulprits } from './attach.js';
import { diffSnapshots } from '../diff/diff.js';
import type { Machine } from '../machine/machine.js';
import type { DiffOptions, HandlerCopiesSeries, HandlerTick, ParsedLog, ProcessKind, Report, Snapshot } from '../model.js';

/** The logs to judge without dumps, with the process that wrote each. */
export interface LogWithoutDumps {
  log: ParsedLog;
  process: ProcessKind;
}

/**
 * The report of logs without dumps, from their handler lines; null when no log has handler lines
 * at two points or more (nothing to judge).
 */
export function judgeWithoutDumps(logs: readonly LogWithoutDumps[], options: DiffOptions, machine: Machine | null): Report | null {
  const judged = logs.flatMap(({ log, process }) => {
    const handlers = log.handlers;
    if (handlers === undefined || handlers.points !== 'minutes' || handlers.ticks.length < 2) return [];
    const series = handlers.series.map((one) => fromFirstLine(one, handlers.ticks));
    return [{ log: { ...log, handlers: { ...handlers, series }, snapshots: pointsOf(log, process, series) } }];
  });
  if (judged.length === 0) return null;
  const snapshots = judged.flatMap(({ log }) => log.snapshots);
  const { dumpPairs: _pairs, ...diffed } = diffSnapshots(snapshots, options);
  const report = attachCulprits(diffed, { snapshots, logs: judged.map(({ log }) => log), machine });
  const timed = judged.every(({ log }) => log.handlers!.ticks.every((tick) => tick.time !== null));
  return { ...report, withoutDumps: { point: timed ? 'minute' : 'lines', files: judged.map(({ log }) => log.file) } };
}

/**
 * A series counted, in each run of the log, from the first line of the run that names its
 * callback: before it, the copies are not known (fewer than two of one object collide), and
 * counting them as 0 would make every callback a step up at its first line. A null after that (a
 * restart) is 0: no copy is left. A run begins at a point after a start-up.
 */
function fromFirstLine(series: HandlerCopiesSeries, ticks: readonly HandlerTick[]): HandlerCopiesSeries {
  const counts = [...series.counts];
  let begin = 0;
  while (begin < counts.length) {
    let end = begin + 1;
    while (end < counts.length && ticks[end]?.startUp !== true) end += 1;
    const first = counts.slice(begin, end).findIndex((count) => count !== null);
    const firstCount = first === -1 ? null : counts[begin + first]!;
    for (let index = begin; index < end; index += 1) {
      if (counts[index] === null) counts[index] = firstCount === null ? null : index < begin + first ? firstCount : 0;
    }
    begin = end;
  }
  return { ...series, counts };
}

/** One snapshot per point of the log's handler lines: an EVENTS section with the copies named per event. */
function pointsOf(log: ParsedLog, process: ProcessKind, series: readonly HandlerCopiesSeries[]): Snapshot[] {
  return log.handlers!.ticks.map((tick, index) => {
    const handlers: Record<string, number> = {};
    for (const one of series) {
      const count = one.counts[index];
      if (count !== null && count !== undefined) handlers[one.event] = (handlers[one.event] ?? 0) + count;
    }
    return {
      file: log.file,
      line: tick.line,
      process,
      time: tick.time,
      complete: true,
      problems: [],
      state: 'unknown',
      activeModes: [],
      // A start-up before the point: the differ tells runs apart by it, as in logs with dumps.
      posted: tick.startUp === true ? { init_phase_1: 1 } : {},
      events: { line: tick.line, totals: null, handlers, queue: [] },
      displays: null,
      objects: null,
      clock: null,
    };
  });
}
