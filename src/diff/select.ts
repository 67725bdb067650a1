// Which dumps are judged, and which are compared with which: numbering per process, --process,
// --from/--to, --warmup, and the state groups of "compare like with like".

import type { Comparison, DiffOptions, ProcessKind, ReportSnapshot, Snapshot } from '../model.js';

/** Processes in the order reports show them. */
export const PROCESSES = ['mpf', 'mc'] as const satisfies readonly ProcessKind[];

/**
 * Every snapshot as the report names it, numbered per process, with its role and run. Warm-up
 * dumps are counted per run: each start-up registers its handlers again.
 */
export function selectSnapshots(
  snapshots: readonly Snapshot[],
  options: Pick<DiffOptions, 'process' | 'from' | 'to' | 'warmup'>,
  runOf: readonly number[] = snapshots.map(() => 1),
  judgedRuns: ReadonlySet<number> = new Set(runOf),
): ReportSnapshot[] {
  const totals = { mpf: 0, mc: 0 } satisfies Record<ProcessKind, number>;
  for (const snapshot of snapshots) totals[snapshot.process]++;
  const seen = { mpf: 0, mc: 0 } satisfies Record<ProcessKind, number>;
  const inRange = new Map<string, number>();
  return snapshots.map((snapshot, index) => {
    const number = ++seen[snapshot.process];
    const total = totals[snapshot.process];
    const first = positionOf(options.from, total) ?? 1;
    const last = positionOf(options.to, total) ?? total;
    const run = runOf[index]!;
    let role: ReportSnapshot['role'] = 'excluded';
    if (!judgedRuns.has(run)) role = 'other-run';
    else if ((options.process === null || options.process === snapshot.process) && number >= first && number <= last) {
      const key = `${run} ${snapshot.process}`;
      const count = (inRange.get(key) ?? 0) + 1;
      inRange.set(key, count);
      role = count <= options.warmup ? 'warmup' : 'judged';
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
      run,
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
export function groupComparisons(snapshots: readonly ReportSnapshot[], byState: DiffOptions['byState'], rankOf?: readonly number[]): Comparison[] {
  const comparisons: Comparison[] = [];
  const runs = [...new Set(snapshots.map((snapshot) => snapshot.run))].sort((a, b) => a - b);
  for (const run of runs) {
    for (const process of PROCESSES) {
      const judged = snapshots.flatMap((snapshot, index) => (snapshot.run === run && snapshot.process === process && snapshot.role === 'judged' ? [index] : []));
      if (judged.length === 0) continue;
      // In the order the machine took them: logs named out of time order are read in time order.
      if (rankOf !== undefined) judged.sort((a, b) => rankOf[a]! - rankOf[b]!);
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
        for (const [state, group] of byStateGroups) comparisons.push({ run, process, state, snapshots: group });
      } else {
        comparisons.push({ run, process, state: null, snapshots: judged });
      }
    }
  }
  return comparisons;
}
