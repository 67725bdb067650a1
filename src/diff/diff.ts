// Snapshots in, a Report out: what grows, judged by the rules of issues 3 and 4. Pure: no I/O.

import { LeakdiffError } from '../errors.js';
import type {
  Comparison,
  DiffOptions,
  DumpRun,
  Finding,
  FindingKind,
  FindingRule,
  OtherKey,
  ProcessKind,
  ProcessSummary,
  QueueTotal,
  Report,
  ReportSnapshot,
  RunChoice,
  Snapshot,
} from '../model.js';
import { attribute } from './attribution.js';
import { dumpRunsOf } from './dump-runs.js';
import { withChurn } from './churn.js';
import { exitCodeOf } from './exit-code.js';
import { matcherOf } from './glob.js';
import { judgeSeries } from './judge.js';
import { countsOf, displayNamesOf, duplicateKindOf, type Source, type SourceCounts } from './keys.js';
import { pairDumps } from './pair-dumps.js';
import { groupComparisons, PROCESSES, selectSnapshots } from './select.js';

/** The order findings are reported in: the order of `FindingKind`. */
export const KIND_ORDER = {
  'handler-growth': 0,
  'duplicate-slide': 1,
  'duplicate-widget': 2,
  'object-growth': 3,
  'clock-growth': 4,
  'available-slides-growth': 5,
  'queue-growth': 6,
} as const satisfies Record<FindingKind, number>;

/** The finding kind each source's keys are judged as (OBJECTS keys may also be duplicates). */
const KIND_OF_SOURCE = {
  handlers: 'handler-growth',
  queue: 'queue-growth',
  'available-slides': 'available-slides-growth',
  clock: 'clock-growth',
  objects: 'object-growth',
  display: null,
} as const satisfies Record<Source, FindingKind | null>;

const SOURCES = ['handlers', 'queue', 'available-slides', 'clock', 'objects'] as const satisfies readonly Source[];

/** Settings a caller may leave out. */
export const DEFAULT_DIFF_OPTIONS: DiffOptions = {
  trend: 'monotonic',
  maxGrowth: 0,
  warmup: 0,
  byState: 'auto',
  failOn: 'leak',
  strict: false,
  ignore: [],
  includeDumpHandlers: false,
  process: null,
  from: null,
  to: null,
  all: false,
  run: 'all',
};

/** Compares snapshots (in input order) and says what grows. */
export function diffSnapshots(snapshots: readonly Snapshot[], options: DiffOptions): Report {
  const split = dumpRunsOf(snapshots);
  const judgedRuns = runsToJudge(split.runs, options.run);
  const dumpRuns = split.runs.map((run) => ({ ...run, judged: judgedRuns.has(run.number) }));
  const reportSnapshots = selectSnapshots(snapshots, options, split.runOf, judgedRuns);
  const comparisons = groupComparisons(reportSnapshots, options.byState, split.rankOf);
  const judged: Finding[] = [];
  const otherKeys: OtherKey[] = [];
  const isIgnored = matcherOf(options.ignore);
  for (const comparison of comparisons) {
    if (comparison.snapshots.length < 2) continue;
    judgeComparison(snapshots, comparison, options, isIgnored, judged, otherKeys);
  }
  const findings = judged.map((finding) => withChurn(attribute(finding, snapshots), snapshots)).sort(compareFindings);
  otherKeys.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.run - b.run || processRank(a.process) - processRank(b.process) || compareText(a.subject, b.subject) || compareText(a.state ?? '', b.state ?? ''));

  const compared = comparisons.filter((comparison) => comparison.snapshots.length > 1).flatMap((comparison) => comparison.snapshots);
  const incompleteCount = compared.filter((index) => !reportSnapshots[index]!.complete).length;
  const byProcess = {
    mpf: summaryOf('mpf', reportSnapshots, findings, otherKeys),
    mc: summaryOf('mc', reportSnapshots, findings, otherKeys),
  } satisfies Record<ProcessKind, ProcessSummary>;
  const incomplete = incompleteCount > 0;
  const dumpPairs = pairDumps(reportSnapshots);
  return {
    schemaVersion: 1,
    snapshots: reportSnapshots,
    dumpRuns,
    comparisons,
    findings,
    ...(options.all ? { otherKeys } : {}),
    summary: {
      leaks: byProcess.mpf.leaks + byProcess.mc.leaks,
      suspects: byProcess.mpf.suspects + byProcess.mc.suspects,
      unchanged: byProcess.mpf.unchanged + byProcess.mc.unchanged,
      shrinking: byProcess.mpf.shrinking + byProcess.mc.shrinking,
      withinBudget: byProcess.mpf.withinBudget + byProcess.mc.withinBudget,
      incomplete: incompleteCount,
      byProcess,
    },
    incomplete,
    // The choice echoed is the one applied: judging every run of one is judging `all`.
    options: { ...options, ignore: [...options.ignore], run: judgedRuns.size === dumpRuns.length ? 'all' : options.run },
    exitCode: exitCodeOf({ findings, incomplete }, options),
    ...(dumpPairs === null ? {} : { dumpPairs }),
  };
}

/** The runs `choice` judges, by number; a run number that does not exist is an input error. */
export function runsToJudge(runs: readonly DumpRun[], choice: RunChoice): Set<number> {
  if (choice === 'all') return new Set(runs.map((run) => run.number));
  if (choice === 'newest') return new Set(runs.length === 0 ? [] : [runs.length]);
  const number = choice < 0 ? runs.length + choice + 1 : choice;
  if (choice === 0 || number < 1 || number > runs.length) {
    const list = runs.map((run) => `${run.number} ${run.time?.replace('T', ' ') ?? `${run.file}:${run.line}`}`).join(', ');
    throw new LeakdiffError(`--run ${choice}: the dumps hold ${runs.length === 1 ? '1 run' : `${runs.length} runs`} (${list})`);
  }
  return new Set([number]);
}

/** One series of counts of one subject over the dumps of a comparison that have its source. */
interface Series {
  source: Source;
  subject: string;
  display: string | null;
  values: number[];
  points: number[];
  /** dumps of the comparison where the subject's count is unknown, left out of `values` */
  unknown: number[];
}

function judgeComparison(
  snapshots: readonly Snapshot[],
  comparison: Comparison,
  options: DiffOptions,
  isIgnored: (subject: string) => boolean,
  findings: Finding[],
  otherKeys: OtherKey[],
): void {
  const allSeries: Series[] = SOURCES.flatMap((source) => seriesOf(snapshots, comparison.snapshots, source, null, options));
  const displayNames = new Set(comparison.snapshots.flatMap((index) => displayNamesOf(snapshots[index]!)));
  for (const display of displayNames) allSeries.push(...seriesOf(snapshots, comparison.snapshots, 'display', display, options));

  for (const series of allSeries) {
    if (isIgnored(series.subject)) continue;
    const copies = Math.max(...series.values);
    const duplicateKind = series.source === 'objects' || series.source === 'display' ? duplicateKindOf(series.subject) : null;
    const isDuplicate = duplicateKind !== null && copies > 1;
    const kind = isDuplicate ? duplicateKind : KIND_OF_SOURCE[series.source];
    // A display tree is read for copies only: widgets come and go with the slide shown.
    if (kind === null) continue;

    const judgement = judgeSeries(series.values, options.trend, options.maxGrowth);
    const { process, state, run } = comparison;
    const { subject, values, points } = series;
    const unknown = series.unknown.length > 0 ? { unknown: series.unknown } : {};
    const delta = values[values.length - 1]! - values[0]!;
    // A key with copies is a finding even when their number holds: "a duplicate that does not grow".
    let verdict = 'verdict' in judgement ? judgement : isDuplicate ? ({ verdict: 'suspect', rule: 'duplicate' } as const) : null;
    if (verdict?.verdict === 'leak' && endsInAnotherState(snapshots, points, verdict.rule)) verdict = { verdict: 'suspect', rule: 'states-differ' };
    if (verdict === null) {
      if ('outcome' in judgement) otherKeys.push({ kind, process, run, state, subject, outcome: judgement.outcome, series: values, points, delta, ...unknown });
      continue;
    }
    const head = { verdict: verdict.verdict, rule: verdict.rule, process, run, subject, state, series: values, points, delta, ...unknown };
    if (kind === 'duplicate-slide' || kind === 'duplicate-widget') {
      findings.push({ kind, ...head, copies, where: series.source === 'display' ? 'display' : 'objects', display: series.display });
    } else if (kind === 'queue-growth') {
      findings.push({ kind, ...head, subject: subject as QueueTotal });
    } else {
      findings.push({ kind, ...head });
    }
  }
}

/**
 * Whether a leak by first-versus-last growth (two dumps, `--trend net`) compares dumps taken in two
 * known machine states: attract and a ball in play differ on dozens of counts for no fault, so
 * such growth is only a suspect. Rules that look at every interval are not fooled by one change.
 */
function endsInAnotherState(snapshots: readonly Snapshot[], points: readonly number[], rule: FindingRule): boolean {
  if (rule !== 'two-dumps' && rule !== 'net') return false;
  const first = snapshots[points[0]!]!.state;
  const last = snapshots[points[points.length - 1]!]!.state;
  return first !== last && first !== 'unknown' && last !== 'unknown';
}

/**
 * The series of every subject of one source over the dumps that have that source. A dump where a
 * subject's count is unknown (its section damaged or cut off) leaves that subject's series and is
 * named in `unknown`: an unknown count read as 0 would turn a leak into a drop.
 */
function seriesOf(snapshots: readonly Snapshot[], indexes: readonly number[], source: Source, display: string | null, options: DiffOptions): Series[] {
  const points: number[] = [];
  const found: SourceCounts[] = [];
  for (const index of indexes) {
    const counts = countsOf(snapshots[index]!, source, { includeDumpHandlers: options.includeDumpHandlers, display });
    if (counts === null) continue;
    points.push(index);
    found.push(counts);
  }
  if (points.length < 2) return [];
  const subjects = new Set(found.flatMap((counts) => (counts.known ? [...counts.counts.keys()] : [])));
  const all: Series[] = [];
  for (const subject of subjects) {
    const series: Series = { source, subject, display: source === 'display' ? display : null, values: [], points: [], unknown: [] };
    found.forEach((counts, i) => {
      const value = counts.known ? counts.counts.get(subject) : undefined;
      if (value !== undefined) {
        series.values.push(value);
        series.points.push(points[i]!);
      } else if (!counts.known || counts.absentUnknown) {
        series.unknown.push(points[i]!);
      } else {
        // A key absent from a whole dump counts 0: an event with no handlers is not listed at all.
        series.values.push(0);
        series.points.push(points[i]!);
      }
    });
    if (series.points.length >= 2) all.push(series);
  }
  return all;
}

function summaryOf(process: ProcessKind, snapshots: readonly ReportSnapshot[], findings: readonly Finding[], otherKeys: readonly OtherKey[]): ProcessSummary {
  const mine = findings.filter((finding) => finding.process === process);
  const quiet = otherKeys.filter((key) => key.process === process);
  return {
    dumps: snapshots.filter((snapshot) => snapshot.process === process).length,
    judged: snapshots.filter((snapshot) => snapshot.process === process && snapshot.role === 'judged').length,
    leaks: mine.filter((finding) => finding.verdict === 'leak').length,
    suspects: mine.filter((finding) => finding.verdict === 'suspect').length,
    unchanged: quiet.filter((key) => key.outcome === 'unchanged').length,
    shrinking: quiet.filter((key) => key.outcome === 'shrinking').length,
    withinBudget: quiet.filter((key) => key.outcome === 'within-budget').length,
  };
}

/** Kind, then biggest growth first; ties: leaks first, more copies first, mpf first, then by name. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    a.run - b.run ||
    b.delta - a.delta ||
    (a.verdict === b.verdict ? 0 : a.verdict === 'leak' ? -1 : 1) ||
    copiesOf(b) - copiesOf(a) ||
    processRank(a.process) - processRank(b.process) ||
    compareText(a.subject, b.subject) ||
    compareText(a.state ?? '', b.state ?? '') ||
    compareText(a.kind === 'duplicate-slide' || a.kind === 'duplicate-widget' ? a.where : '', b.kind === 'duplicate-slide' || b.kind === 'duplicate-widget' ? b.where : '')
  );
}

function copiesOf(finding: Finding): number {
  return finding.kind === 'duplicate-slide' || finding.kind === 'duplicate-widget' ? finding.copies : 0;
}

function processRank(process: ProcessKind): number {
  return PROCESSES.indexOf(process);
}

/** Code-point order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
