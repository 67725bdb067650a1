// How the runs of a process that could not be judged are named: in the summary, on stderr, and by
// `leakdiff baseline`, which records nothing from them. A small module of its own: the commands
// use it without loading the reporters.

import type { ProcessKind, Report } from '../model.js';

/** `run 2`, `runs 1, 3`. */
export function describeRunNumbers(runs: readonly number[]): string {
  return runs.length === 1 ? `run ${runs[0]}` : `runs ${runs.join(', ')}`;
}

/**
 * `mpf: not one handler count could be read in two of the compared dumps of run 2` (the run named
 * when the dumps hold several), or null when every compared run of `process` had counts to judge.
 */
export function describeUnreadCounts(report: Report, process: ProcessKind): string | null {
  const { unknown, unknownRuns = [] } = report.summary.byProcess[process];
  if (unknown !== true) return null;
  const where = report.dumpRuns.length > 1 ? ` of ${describeRunNumbers(unknownRuns)}` : '';
  return `${process}: not one handler count could be read in two of the compared dumps${where}`;
}
