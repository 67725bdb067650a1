// Which dumps are judged, and which are compared with which: numbering per process, --process,
// --from/--to, --warmup, and the state groups of "compare like with like".

import type { Comparison, DiffOptions, ProcessKind, ReportSnapshot, Snapshot } from '../model.js';

/** Processes in the order reports show them. */
export const PROCESSES = ['mpf', 'mc'] as const satisfies readonly ProcessKind[];

/** Every snapshot as the report names it, numbered per process, with its role. */
export function selectSnapshots(snapshots: readonly Snapshot[], options: Pick<DiffOptions, 'process' | 'from' | 'to' | 'warmup'>): ReportSnapshot[] {
  const totals = { mpf: 0, mc: 0 } satisfies Record<ProcessKind, number>;
  for (const snapshot of snapshots) totals[snapshot.process]++;
  const seen = { mpf: 0, mc: 0 } satisfies Record<ProcessKind, number>;
  const inRange = { mpf: 0, mc: 0 } satisfies Record<ProcessKind, number>;
  return snapshots.map((snapshot) => {
    const number = ++seen[snapshot.process];
    const total = totals[snapshot.process];
    const first = positionOf(options.from, total) ?? 1;
    const last = positionOf(options.to, total) ?? total;
    let role: ReportSnapshot['role'] = 'excluded';
    if ((options.process === null || options.process === snapshot.process) && number >= first && number <= last) {
      role = ++inRange[snapshot.process] <= options.warmup ? 'warmup' : 'judged';
    }
    return {
      file: snapshot.file,
      line: snapshot.line,
      process: snapshot.process,
      number,
      time: snapshot.time,
      complete: snapshot.complete,
      state: snapshot.state,
      problems: snapshot.problems.length,
      role,
    };
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
export function groupComparisons(snapshots: readonly ReportSnapshot[], byState: DiffOptions['byState']): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const process of PROCESSES) {
    const judged = snapshots.flatMap((snapshot, index) => (snapshot.process === process && snapshot.role === 'judged' ? [index] : []));
    if (judged.length === 0) continue;
    const byStateGroups = new Map<string, number[]>();
    for (const index of judged) {
      const state = snapshots[index]!.state;
      const group = byStateGroups.get(state);
      if (group) group.push(index);
      else byStateGroups.set(state, [index]);
    }
    const someStateRepeats = [...byStateGroups.values()].some((group) => group.length > 1);
    const grouped = byState === 'on' || (byState === 'auto' && byStateGroups.size > 1 && someStateRepeats);
    if (grouped) {
      for (const [state, group] of byStateGroups) comparisons.push({ process, state, snapshots: group });
    } else {
      comparisons.push({ process, state: null, snapshots: judged });
    }
  }
  return comparisons;
}
