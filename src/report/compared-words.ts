// The phrasebook's words for what was read and compared: the logs, the dumps judged and left out,
// the runs the log names show, how MPF and MC dumps pair up, the damaged dumps, the problems of
// the logs and the baseline file. Plain text, as in words.ts: each format escapes them.

import { DUMP_PAIR_WINDOW_MS } from '../diff/pair-dumps.js';
import { excerptOfText } from '../excerpt.js';
import type { DumpRun, Finding, ProcessKind, Report, ReportSnapshot } from '../model.js';
import { columnWidths } from './columns.js';
import { describeRunNumbers } from './unread-runs.js';
import { describeBaselineCounts, describeDelta, isFilteredOut, plural, PROCESS_ORDER } from './words.js';

/** What `report.snapshots` are: dumps, or the points in time judged when no log held a dump. */
export function describeSnapshotUnit(report: Report): string {
  return report.withoutDumps === undefined ? 'dump' : 'point';
}

/** Each log read, in input order, with its dumps per process. */
export function describeLogs(report: Report): { file: string; dumps: string }[] {
  const unit = describeSnapshotUnit(report);
  const files = new Map<string, Record<ProcessKind, number>>();
  for (const snapshot of report.snapshots) {
    let counts = files.get(snapshot.file);
    if (counts === undefined) files.set(snapshot.file, (counts = { mpf: 0, mc: 0 }));
    counts[snapshot.process]++;
  }
  return Array.from(files, ([file, counts]) => ({
    file,
    dumps: PROCESS_ORDER.filter((process) => counts[process] > 0)
      .map((process) => plural(counts[process], `${process} ${unit}`))
      .join(', '),
  }));
}

/**
 * How many of a process's dumps were judged, when, and which were left out: `9 of 9 dumps
 * judged, 2026-11-25 03:39:33.853 → 03:40:30.607 (#1 left out as warm-up)`, or that none were
 * compared (`--process`); null when the inputs hold no dump of it. `namingWarmup` names the
 * option that left the warm-up out.
 */
export function describeJudged(report: Report, process: ProcessKind, namingWarmup = false): string | null {
  const indexes: number[] = [];
  const judged: number[] = [];
  const warmup: number[] = [];
  const excluded: number[] = [];
  const otherRun: number[] = [];
  report.snapshots.forEach((snapshot, index) => {
    if (snapshot.process !== process) return;
    indexes.push(index);
    if (snapshot.role === 'judged') judged.push(index);
    else if (snapshot.role === 'warmup') warmup.push(index);
    else if (snapshot.role === 'excluded') excluded.push(index);
    else if (snapshot.role === 'other-run') otherRun.push(index);
  });
  if (indexes.length === 0) return null;
  const unit = describeSnapshotUnit(report);
  if (isFilteredOut(report, process)) return `${plural(indexes.length, unit)}, not compared (--process ${report.options.process})`;
  const notes: string[] = [];
  if (warmup.length > 0) notes.push(`${describeNumbersByRun(report, warmup)} left out as warm-up${namingWarmup ? ` by --warmup ${report.options.warmup}` : ''}`);
  if (excluded.length > 0) notes.push(`${describeNumbersByRun(report, excluded)} outside --from/--to`);
  if (otherRun.length > 0) {
    const runs = [...new Set(otherRun.map((index) => report.snapshots[index]!.run))].sort((a, b) => a - b);
    notes.push(`${describeRunNumbers(runs)} not judged`);
  }
  // From the earliest to the latest: runs concatenated in any order are read in time order. A time
  // of day alone (console logs) does not sort across midnight: those go in the order taken.
  const dated = judged.every((index) => report.snapshots[index]!.time?.includes('T') === true);
  const byTime = (a: number, b: number): number => (report.snapshots[a]!.time! < report.snapshots[b]!.time! ? -1 : 1);
  const byOrderTaken = (a: number, b: number): number => report.snapshots[a]!.run - report.snapshots[b]!.run || report.snapshots[a]!.number - report.snapshots[b]!.number;
  const inTimeOrder = [...judged].sort(dated ? byTime : byOrderTaken);
  const head = `${judged.length} of ${plural(indexes.length, unit)} judged${describeTimeSpan(report, inTimeOrder)}`;
  return `${head}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/**
 * What was compared for one process, e.g. `9 of 9 dumps judged, 2026-11-25 03:39:33.853 → 03:40:30.607;
 * attract #1 #5 #9, game·ball #2–4 #6–8`, or null when the inputs hold no dump of it.
 */
export function describeCompared(report: Report, process: ProcessKind): string | null {
  const judged = describeJudged(report, process);
  if (judged === null || isFilteredOut(report, process)) return judged;
  const groups = report.comparisons
    .filter((comparison) => comparison.process === process)
    .map((comparison) =>
      comparison.state === null
        ? `in order ${describeNumbers(report, comparison.snapshots)}${describeMixedStates(report, comparison.snapshots)}`
        : `${comparison.state} ${describeNumbers(report, comparison.snapshots)}`,
    );
  return `${judged}; ${groups.join(', ')}`;
}

/** `, 2026-11-25 03:39:33.853 → 03:40:30.607` (the day once when both times share it), or '' without times. */
function describeTimeSpan(report: Report, indexes: readonly number[]): string {
  const first = report.snapshots[indexes[0] ?? -1]?.time;
  const last = report.snapshots[indexes[indexes.length - 1] ?? -1]?.time;
  if (!first || !last) return '';
  const from = first.replace('T', ' ');
  const to = last.replace('T', ' ');
  const sameDay = from.includes(' ') && from.slice(0, 10) === to.slice(0, 10);
  return `, ${from} → ${sameDay ? to.slice(11) : to}`;
}

/**
 * For dumps compared in order: `; states differ: attract #1 #3, game·ball #2` when they were taken
 * in more than one machine state, else ''.
 */
export function describeMixedStates(report: Report, indexes: readonly number[]): string {
  const byState = new Map<string, number[]>();
  for (const index of indexes) {
    const state = report.snapshots[index]!.state;
    const mine = byState.get(state);
    if (mine === undefined) byState.set(state, [index]);
    else mine.push(index);
  }
  if (byState.size < 2) return '';
  return `; states differ: ${Array.from(byState, ([state, mine]) => `${state} ${describeNumbers(report, mine)}`).join(', ')}`;
}

/**
 * `#1 #6–9`, or `run 1 #1 #6–9, run 2 #1` when the dumps are of several runs: dumps are numbered
 * within their run.
 */
export function describeNumbersByRun(report: Report, indexes: readonly number[]): string {
  const runs = [...new Set(indexes.map((index) => report.snapshots[index]!.run))].sort((a, b) => a - b);
  if (runs.length < 2) return describeNumbers(report, indexes);
  return runs.map((run) => `run ${run} ${describeNumbers(report, indexes.filter((index) => report.snapshots[index]!.run === run))}`).join(', ');
}

/** `#1 #5 #9` with runs shortened: `#2–4 #6–8`. */
export function describeNumbers(report: Report, indexes: readonly number[]): string {
  const numbers = indexes.map((index) => report.snapshots[index]!.number);
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    if (j - i >= 2) parts.push(`#${numbers[i]}–${numbers[j]}`);
    else for (let k = i; k <= j; k++) parts.push(`#${numbers[k]}`);
    i = j + 1;
  }
  return parts.join(' ');
}

/** How many `--ignore` globs a report echoes; a config may hold thousands. */
const MAX_ECHOED_GLOBS = 10;

/**
 * The `--ignore` globs as given, for the report to echo: the first few, each cut short, and
 * `… 40 more` for the rest. [] when nothing is ignored.
 */
export function describeIgnored(report: Report): string[] {
  const { ignore } = report.options;
  const shown = ignore.slice(0, MAX_ECHOED_GLOBS).map((glob) => excerptOfText(glob));
  if (ignore.length > MAX_ECHOED_GLOBS) shown.push(`… ${ignore.length - MAX_ECHOED_GLOBS} more`);
  return shown;
}

/** The heading of `describeLogProblems`. */
export const LOG_PROBLEMS_HEADING = 'Problems of the logs outside their dumps:';

/** `x.log.gz:367: the gzip stream ends early …`, one per problem of the logs outside their dumps. */
export function describeLogProblems(report: Report): string[] {
  return (report.logProblems ?? []).map((problem) => `${problem.file}:${problem.line}: ${problem.detail}`);
}

/** The compared dumps that are damaged or cut off, in input order. */
export function incompleteSnapshots(report: Report): ReportSnapshot[] {
  const compared = new Set<number>();
  for (const comparison of report.comparisons) {
    if (comparison.snapshots.length > 1) for (const index of comparison.snapshots) compared.add(index);
  }
  return Array.from(compared)
    .sort((a, b) => a - b)
    .map((index) => report.snapshots[index]!)
    .filter((snapshot) => !snapshot.complete);
}

/**
 * `1 compared dump is damaged or cut off; findings may be missing or wrong (leakdiff list shows
 * what is wrong).`; without `pointingToList`, the sentence ends after `wrong`.
 */
export function describeIncomplete(report: Report, pointingToList = true): string {
  const count = incompleteSnapshots(report).length;
  const sentence = `${plural(count, 'compared dump')} ${count === 1 ? 'is' : 'are'} damaged or cut off; findings may be missing or wrong`;
  return pointingToList ? `${sentence} (leakdiff list shows what is wrong).` : `${sentence}.`;
}

/** `baseline.json (4 entries): 3 within budget, 1 new, 0 over budget`, and a line per stale entry. */
export function describeBaselineCheck(report: Report): { heading: string; staleHeading: string | null; stale: string[] } | null {
  const check = report.baseline;
  if (!check) return null;
  const heading = `Baseline ${check.file} (${check.entries} ${check.entries === 1 ? 'entry' : 'entries'}): ${describeBaselineCounts(report)}`;
  let staleHeading: string | null = null;
  if (check.stale.length > 0) {
    staleHeading = check.updated
      ? `Tightened in ${check.file} (--update-baseline):`
      : `Stale: now smaller or gone (leakdiff … --baseline ${check.file} --update-baseline tightens them):`;
  } else if (check.updated) {
    staleHeading = `${check.file} rewritten: every budget already matches what is seen now.`;
  }
  const per = (entry: { per?: string }): string => (entry.per === undefined ? '' : ` per ${entry.per}`);
  const stale = check.stale.map((entry) => {
    const now = entry.growth === null ? (check.updated ? 'gone: removed' : 'gone') : `now ${describeDelta(entry.growth)}${per(entry)}`;
    return `${entry.fingerprint}  budget ${describeDelta(entry.budget)}${per(entry)}, ${now}`;
  });
  return { heading, staleHeading, stale };
}

const RUN_CHOICE_WORDS = {
  only: 'one run',
  newest: 'the newest run of each process read (--run picks another)',
  'run-option': 'the run chosen by --run read',
  named: 'every log named was read, each run judged on its own (--run picks one run)',
} as const satisfies Record<NonNullable<Report['runs']>['chosenBy'], string>;

/**
 * Which runs the log names show and which was read, a heading and a line per run; null when
 * there is nothing to say (one run, both of its logs read).
 */
export function describeRuns(report: Report): { heading: string; runs: string[] } | null {
  const selection = report.runs;
  if (!selection) return null;
  const unpaired = selection.runs.some((run) => run.mpf === null || run.mc === null);
  if (selection.runs.length === 1 && !unpaired) return null;
  const heading = `Runs by log name: ${selection.runs.length === 1 ? 'one run' : `${selection.runs.length} runs, ${RUN_CHOICE_WORDS[selection.chosenBy]}`}:`;
  const hostWidth = selection.runs.reduce((widest, run) => Math.max(widest, run.host.length), 0);
  const runs = selection.runs.map((run) => {
    const logs = run.mpf !== null && run.mc !== null ? 'mpf + mc' : run.mpf !== null ? 'mpf only: no MC log of this run among the inputs' : 'mc only: no MPF log of this run among the inputs';
    return `#${run.number}  ${run.start}  ${run.host.padEnd(hostWidth)}  ${run.read ? 'read    ' : 'not read'}  ${logs}`;
  });
  return { heading, runs };
}

/** How MPF and MC dumps pair up in time, and the dumps without a partner; [] when the report is of one process. */
export function describeDumpPairs(report: Report): string[] {
  const pairing = report.dumpPairs;
  if (!pairing) return [];
  const lines: string[] = [];
  if (pairing.pairs.length > 0) {
    let low = Infinity;
    let high = -Infinity;
    for (const pair of pairing.pairs) {
      low = Math.min(low, pair.offsetMs);
      high = Math.max(high, pair.offsetMs);
    }
    const span = low === high ? `${low} ms` : `${low} to ${high} ms`;
    lines.push(`mpf and mc dumps taken together: ${plural(pairing.pairs.length, 'pair')} (mc ${span} after mpf)`);
  }
  const unpaired = PROCESS_ORDER.flatMap((process) => {
    const mine = pairing.unpaired.filter((index) => report.snapshots[index]!.process === process);
    return mine.length === 0 ? [] : [`${process} ${describeNumbers(report, mine)}`];
  });
  if (unpaired.length > 0) lines.push(`Dumps without a partner of the other process within ${DUMP_PAIR_WINDOW_MS / 1000} s: ${unpaired.join(', ')}`);
  return lines;
}

/**
 * `left out: #9, count unknown (dump damaged or cut off)`: the dumps a finding's series skips
 * because the subject's count cannot be read there, or null when it skips none.
 */
export function describeUnknownPoints(report: Report, finding: Pick<Finding, 'unknown'>): string | null {
  const unknown = finding.unknown ?? [];
  if (unknown.length === 0) return null;
  return `left out: ${describeNumbers(report, unknown)}, count unknown (dump damaged or cut off)`;
}

const RUN_START_WORDS = {
  first: 'the oldest dumps read',
  'start-up': 'a start-up logged before it',
  'time-went-back': 'its time goes back from the dump before it',
  'log-name': 'its log is named for another start',
} as const satisfies Record<DumpRun['start'], string>;

/**
 * The runs among the dumps, a heading and a line per run, or null when the dumps are of one run:
 * `run 2  2026-12-05 15:43:20.292  all.log:7436  9 mpf dumps  a start-up logged before it`.
 */
export function describeDumpRuns(report: Report): { heading: string; runs: string[] } | null {
  if (report.dumpRuns.length < 2) return null;
  const judged = report.dumpRuns.filter((run) => run.judged).length;
  // A run is judged when some of its dumps are: a folder judges each process on its own newest run.
  const choice = report.snapshots.every((snapshot) => snapshot.role !== 'other-run')
    ? 'each judged on its own; no comparison crosses a restart'
    : `${plural(judged, 'run')} judged (${report.options.run === 'newest' ? 'the newest of each process: a folder of logs; --run N picks another' : `--run ${report.options.run}`})`;
  const unit = describeSnapshotUnit(report);
  const heading = `${report.dumpRuns.length} runs among the ${unit}s, ${choice}:`;
  const rows = report.dumpRuns.map((run) => [
    `run ${run.number}`,
    run.time?.replace('T', ' ') ?? '',
    `${run.file}:${run.line}`,
    PROCESS_ORDER.filter((process) => run.dumps[process] > 0)
      .map((process) => plural(run.dumps[process], `${process} ${unit}`))
      .join(', '),
    `${run.judged ? '' : 'not judged; '}${RUN_START_WORDS[run.start]}`,
  ]);
  const widths = columnWidths(rows);
  return { heading, runs: rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd()) };
}

/** `run 2` for a finding or comparison when the report judged more than one run, else ''. */
export function describeRunOf(report: Report, item: { run: number }): string {
  return report.dumpRuns.filter((run) => run.judged).length > 1 ? `run ${item.run}` : '';
}
