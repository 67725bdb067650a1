// Which dumps are judged, and which are compared with which: numbering per process, --process,
// --from/--to, --warmup, and the state groups of "compare like with like".

import type { Comparison, DiffOptions, ProcessKind, ReportSnapshot, Snapshot } from '../model.js';
import { groupBy, runProcessKey } from './group-by.js';

/** Processes in the order reports show them. */
export const PROCESSES = ['mpf', 'mc'] as const satisfies readonly ProcessKind[];

/**
 * Every snapshot as the report names it, numbered per run and process in the order the machine
 * took them (`rankOf`: time order when the logs have dated times), with its role and run: the
 * numbers `leakdiff list` shows and `--from`/`--to` take, whichever runs are read. Warm-up dumps
 * are counted per run: each start-up registers its handlers again.
 */
export function selectSnapshots(
  snapshots: readonly Snapshot[],
  options: Pick<DiffOptions, 'process' | 'from' | 'to' | 'warmup'>,
  runOf: readonly number[] = snapshots.map(() => 1),
  /** the runs judged of each process, by `runProcessKey` (default: every one) */
  judgedRuns: ReadonlySet<string> = new Set(snapshots.map((snapshot, index) => runProcessKey(runOf[index]!, snapshot.process))),
  rankOf?: readonly number[],
): ReportSnapshot[] {
  const numberOf = dumpNumbersOf(snapshots, runOf, rankOf);
  const totals = new Map<string, number>();
  snapshots.forEach((snapshot, index) => {
    const key = runProcessKey(runOf[index]!, snapshot.process);
    totals.set(key, (totals.get(key) ?? 0) + 1);
  });
  const inRange = new Map<string, number>();
  const roles = snapshots.map((snapshot, index): ReportSnapshot['role'] => {
    const run = runOf[index]!;
    const total = totals.get(runProcessKey(run, snapshot.process))!;
    const first = positionOf(options.from, total) ?? 1;
    const last = positionOf(options.to, total) ?? total;
    const number = numberOf[index]!;
    if (!judgedRuns.has(runProcessKey(run, snapshot.process))) return 'other-run';
    if ((options.process === null || options.process === snapshot.process) && number >= first && number <= last) return 'judged';
    return 'excluded';
  });
  // Warm-up is the first dumps judged of each run, in the order they were taken.
  const order = snapshots.map((_, index) => index).sort((a, b) => runOf[a]! - runOf[b]! || numberOf[a]! - numberOf[b]!);
  for (const index of order) {
    if (roles[index] !== 'judged') continue;
    const key = runProcessKey(runOf[index]!, snapshots[index]!.process);
    const count = (inRange.get(key) ?? 0) + 1;
    inRange.set(key, count);
    if (count <= options.warmup) roles[index] = 'warmup';
  }
  return snapshots.map((snapshot, index) => ({
    file: snapshot.file,
    line: snapshot.line,
    process: snapshot.process,
    number: numberOf[index]!,
    time: snapshot.time,
    complete: snapshot.complete,
    state: snapshot.state,
    problems: snapshot.problems.length,
    role: roles[index]!,
    run: runOf[index]!,
  }));
}

/**
 * Each snapshot's 1-based number among its run's dumps of its process: by `rankOf` (the order the
 * machine took them) when given, else in input order.
 */
export function dumpNumbersOf(snapshots: readonly Snapshot[], runOf: readonly number[], rankOf?: readonly number[]): number[] {
  if (rankOf !== undefined) return rankOf.map((rank) => rank + 1);
  const seen = new Map<string, number>();
  return snapshots.map((snapshot, index) => {
    const key = runProcessKey(runOf[index]!, snapshot.process);
    const number = (seen.get(key) ?? 0) + 1;
    seen.set(key, number);
    return number;
  });
}

/** A 1-based dump number from `--from`/`--to`: negative counts from the end (-1 is the last). */
export function positionOf(value: number | null, total: number): number | null {
  if (value === null) return null;
  return value < 0 ? total + value + 1 : value;
}

/**
 * The groups of judged dumps compared with each other, mpf first. By state when asked, or in
 * `auto` when a process's dumps have several states and one of them repeats: dumps taken in attract
 * and during a ball differ on dozens of events for no fault, so each is compared with its like.
 */
export function groupComparisons(snapshots: readonly ReportSnapshot[], byState: DiffOptions['byState'], rankOf?: readonly number[]): Comparison[] {
  const comparisons: Comparison[] = [];
  // The judged dumps of each run and process, in one pass: a log of many restarts has many runs.
  const judgedIndexes = [...snapshots.keys()].filter((index) => snapshots[index]!.role === 'judged');
  const judgedOf = groupBy(judgedIndexes, (index) => runProcessKey(snapshots[index]!.run, snapshots[index]!.process));
  const runs = [...new Set(snapshots.map((snapshot) => snapshot.run))].sort((a, b) => a - b);
  for (const run of runs) {
    for (const process of PROCESSES) {
      const judged = judgedOf.get(runProcessKey(run, process)) ?? [];
      if (judged.length === 0) continue;
      // In the order the machine took them: logs named out of time order are read in time order.
      if (rankOf !== undefined) judged.sort((a, b) => rankOf[a]! - rankOf[b]!);
      const byStateGroups = groupBy(judged, (index) => snapshots[index]!.state);
      const someStateRepeats = [...byStateGroups.values()].some((group) => group.length > 1);
      const grouped = byState === 'on' || (byState === 'auto' && byStateGroups.size > 1 && someStateRepeats);
      if (grouped) {
        for (const [state, group] of byStateGroups) comparisons.push({ run, process, state, snapshots: group });
      } else {
        comparisons.push({ run, process, state: null, snapshots: judged });
      }
    }
  }
  return comparisons;
}
