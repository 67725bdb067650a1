// Snapshots in, a Report out: what grows, judged by the verdict rules of judge.ts. Pure: no I/O.

import { LeakdiffError } from '../errors.js';
import type {
  Comparison,
  DiffOptions,
  DumpRun,
  Evidence,
  Finding,
  FindingKind,
  FindingRule,
  KeyOutcome,
  OtherKey,
  ProcessKind,
  ProcessSummary,
  QueueTotal,
  Report,
  ReportSnapshot,
  RunChoice,
  Snapshot,
  UnknownKey,
  Verdict,
} from '../model.js';
import { attribute, type LeadHint } from './attribution.js';
import { dumpRunsOf } from './dump-runs.js';
import { spanOf } from './span.js';
import { withChurn } from './churn.js';
import { exitCodeOf } from './exit-code.js';
import { matcherOf } from './glob.js';
import { judgeInContext, type JudgedSeries, type JudgeSettings, type StateJudgement } from './judge.js';
import { countsOf, displayNamesOf, duplicateKindOf, type Source } from './keys.js';
import { pairDumps } from './pair-dumps.js';
import { groupBy, runProcessKey } from './group-by.js';
import { groupComparisons, PROCESSES, selectSnapshots } from './select.js';
import { maxOf } from './max-of.js';

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

/** What other stages may add to the differ's judgement. */
export interface DiffHooks {
  /** events a finding's culprit names, preferred as its lead among events that fit equally */
  leadHint?: LeadHint;
  /** the most counts one comparison's series may hold (default `MAX_SERIES_VALUES`) */
  maxSeriesValues?: number;
}

/** Compares snapshots (in input order) and says what grows. */
export function diffSnapshots(snapshots: readonly Snapshot[], options: DiffOptions, hooks: DiffHooks = {}): Report {
  const split = dumpRunsOf(snapshots);
  const judgedRuns = runsToJudge(split.runs, options.run);
  const dumpRuns = split.runs.map((run) => ({ ...run, judged: PROCESSES.some((process) => judgedRuns.has(runProcessKey(run.number, process))) }));
  const reportSnapshots = selectSnapshots(snapshots, options, split.runOf, judgedRuns, split.rankOf);
  const comparisons = groupComparisons(reportSnapshots, options.byState, split.rankOf);
  const judged: Finding[] = [];
  const otherKeys: OtherKey[] = [];
  const unknownKeys: UnknownKey[] = [];
  const isIgnored = matcherOf(options.ignore);
  // The runs of each process compared without one handler count read: their verdict is unknown.
  const unknownRuns: Record<ProcessKind, number[]> = { mpf: [], mc: [] };
  // The comparisons of each run and process, in one pass: a log of many restarts has many runs.
  const groupsOf = groupBy(comparisons, (comparison) => runProcessKey(comparison.run, comparison.process));
  for (const run of dumpRuns) {
    for (const process of PROCESSES) {
      const groups = groupsOf.get(runProcessKey(run.number, process)) ?? [];
      const mine = groups.filter((comparison) => comparison.snapshots.length > 1);
      // The two-dump rule is for two dumps compared as they are; a state split that leaves two
      // dumps of a longer run together makes a series of two, which cannot tell a leak from a step.
      if (mine.length === 0) continue;
      const handlerSeries = judgeRunOfProcess(snapshots, mine, { trend: options.trend, budget: options.maxGrowth, twoDumpRule: groups.length === 1 }, { ...options, maxSeriesValues: hooks.maxSeriesValues ?? MAX_SERIES_VALUES }, isIgnored, judged, otherKeys, unknownKeys);
      if (handlerSeries === 0 && mine.some((comparison) => comparison.snapshots.some((index) => handlerCountsLost(snapshots[index]!, options)))) unknownRuns[process].push(run.number);
    }
  }
  const findings = judged.map((finding) => withChurn(attribute(finding, snapshots, hooks.leadHint), snapshots)).sort(compareFindings);
  otherKeys.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.run - b.run || processRank(a.process) - processRank(b.process) || compareText(a.subject, b.subject) || compareText(a.state ?? '', b.state ?? ''));

  const compared = comparisons.filter((comparison) => comparison.snapshots.length > 1).flatMap((comparison) => comparison.snapshots);
  const incompleteCount = compared.filter((index) => !reportSnapshots[index]!.complete).length;
  const byProcess = {
    mpf: summaryOf('mpf', reportSnapshots, findings, otherKeys, unknownKeys, unknownRuns.mpf),
    mc: summaryOf('mc', reportSnapshots, findings, otherKeys, unknownKeys, unknownRuns.mc),
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
    ...(unknownKeys.length > 0 ? { unknownKeys } : {}),
    summary: {
      leaks: byProcess.mpf.leaks + byProcess.mc.leaks,
      suspects: byProcess.mpf.suspects + byProcess.mc.suspects,
      unchanged: byProcess.mpf.unchanged + byProcess.mc.unchanged,
      shrinking: byProcess.mpf.shrinking + byProcess.mc.shrinking,
      withinBudget: byProcess.mpf.withinBudget + byProcess.mc.withinBudget,
      settled: byProcess.mpf.settled + byProcess.mc.settled,
      incomplete: incompleteCount,
      byProcess,
    },
    incomplete,
    // The choice echoed is the one applied: judging every run of one is judging `all`.
    options: { ...options, ignore: [...options.ignore], run: reportSnapshots.every((snapshot) => snapshot.role !== 'other-run') ? 'all' : options.run },
    exitCode: exitCodeOf({ findings, incomplete, unknown: unknownRuns.mpf.length + unknownRuns.mc.length > 0 }, options),
    ...(dumpPairs === null ? {} : { dumpPairs }),
  };
}

/**
 * The runs `choice` judges, as the keys of each run and process judged (`runProcessKey`). `newest`:
 * the newest run of each process, for MPF-MC may start again on its own, or MPF without it (a run
 * then holds one of them, and the other's newest dumps are in the run before). A run number that
 * does not exist is an input error.
 */
export function runsToJudge(runs: readonly DumpRun[], choice: RunChoice): Set<string> {
  const both = (number: number): string[] => PROCESSES.map((process) => runProcessKey(number, process));
  if (choice === 'all') return new Set(runs.flatMap((run) => both(run.number)));
  if (choice === 'newest') {
    return new Set(PROCESSES.flatMap((process) => {
      const newest = runs.findLast((run) => run.dumps[process] > 0);
      return newest === undefined ? [] : [runProcessKey(newest.number, process)];
    }));
  }
  const number = choice < 0 ? runs.length + choice + 1 : choice;
  if (choice === 0 || number < 1 || number > runs.length) {
    const list = runs.map((run) => `${run.number} ${run.time?.replace('T', ' ') ?? `${run.file}:${run.line}`}`).join(', ');
    throw new LeakdiffError(`--run ${choice}: the dumps hold ${runs.length === 1 ? '1 run' : `${runs.length} runs`} (${list})`);
  }
  return new Set(both(number));
}

/** One series of counts of one subject over the dumps of a comparison that have its source. */
interface Series extends JudgedSeries {
  source: Source;
  subject: string;
  /** the state group of the comparison, or null */
  state: string | null;
  display: string | null;
  values: number[];
  points: number[];
  /** dumps of the comparison where the subject's count is unknown, left out of `values` */
  unknown: number[];
}

/** The subject's kind family: OBJECTS keys and display-tree keys are one subject, a widget or slide. */
type Family = 'handlers' | 'queue' | 'available-slides' | 'clock' | 'objects';

/** Every series of one subject in one run of one process, before judging. */
interface Subject {
  family: Family;
  subject: string;
  series: Series[];
}

/** Ranks of what a series amounts to: the strongest decides a subject's verdict. */
const STRENGTH = { leak: 6, suspect: 5, settled: 4, 'within-budget': 3, unchanged: 2, shrinking: 1 } as const satisfies Record<Verdict | KeyOutcome, number>;

/**
 * Judges one process's dumps in one run: each subject once, whatever the state groups and places
 * it was counted in. Every series is judged on its own (`evidence`); the subject's verdict is the
 * strongest among them, so a leak in attract is a leak even where a ball in play hides it.
 */
function judgeRunOfProcess(
  snapshots: readonly Snapshot[],
  comparisons: readonly Comparison[],
  settings: JudgeSettings,
  options: DiffOptions & { maxSeriesValues: number },
  isIgnored: (subject: string) => boolean,
  findings: Finding[],
  otherKeys: OtherKey[],
  unknownKeys: UnknownKey[],
): number {
  const { run, process } = comparisons[0]!;
  const subjects = new Map<string, Subject>();
  let handlerSeries = 0;
  const add = (series: Series): void => {
    if (series.source === 'handlers') handlerSeries++;
    if (isIgnored(series.subject)) return;
    const family: Family = series.source === 'display' ? 'objects' : series.source;
    const key = `${family}\u0000${series.subject}`;
    const subject = subjects.get(key) ?? { family, subject: series.subject, series: [] };
    subject.series.push(series);
    subjects.set(key, subject);
  };
  // Subjects read in fewer than two dumps of a comparison, their count unknown in the others.
  const unread = new Set<string>();
  for (const comparison of comparisons) {
    for (const source of SOURCES) for (const series of seriesOf(snapshots, comparison, source, null, options, unread)) add(series);
    const displayNames = new Set(comparison.snapshots.flatMap((index) => displayNamesOf(snapshots[index]!)));
    for (const display of displayNames) for (const series of seriesOf(snapshots, comparison, 'display', display, options, unread)) add(series);
  }
  const judgedSubjects = new Set([...subjects.values()].map((one) => one.subject));
  for (const subject of unread) if (!judgedSubjects.has(subject) && !isIgnored(subject)) unknownKeys.push({ process, run, subject });

  for (const { family, subject, series: all } of subjects.values()) {
    const duplicateKind = family === 'objects' ? duplicateKindOf(subject) : null;
    // A display tree is read for copies only: widgets come and go with the slide shown.
    const series = all.filter((one) => one.source !== 'display' || maxOf(one.values) > 1);
    if (series.length === 0) continue;
    const copies = duplicateKind === null ? 0 : maxOf(series.map((one) => maxOf(one.values)));
    const isDuplicate = duplicateKind !== null && copies > 1;
    const kind: FindingKind = isDuplicate ? duplicateKind : KIND_OF_FAMILY[family];
    const evidence = series.map((one) => evidenceOf(one, judgeInContext(one, snapshots, settings)));
    let deciding = strongest(evidence);
    let verdict: { verdict: Verdict; rule: FindingRule } | null = deciding.verdict === null ? null : { verdict: deciding.verdict, rule: deciding.rule! };
    if (verdict === null && isDuplicate) {
      // A key with copies is a finding even when their number holds: "a duplicate that does not grow".
      deciding = evidence.reduce((most, one) => (maxOf(one.series) > maxOf(most.series) ? one : most));
      verdict = { verdict: 'suspect', rule: 'duplicate' };
    }
    const { state, series: values, points, delta } = deciding;
    // Every dump where the subject could not be read, in whichever of its series.
    const unknownPoints = [...new Set(evidence.flatMap((one) => one.unknown ?? []))].sort((a, b) => a - b);
    const unknown = unknownPoints.length === 0 ? {} : { unknown: unknownPoints };
    if (verdict === null) {
      otherKeys.push({ kind, process, run, state, subject, outcome: deciding.outcome!, series: values, points, delta, ...unknown });
      continue;
    }
    const differs = verdict.rule === 'states-differ' && deciding.differs !== undefined ? { differs: deciding.differs } : {};
    // The deciding series first, then the others in the order the groups were compared.
    const ordered = [deciding, ...evidence.filter((one) => one !== deciding)];
    const span = spanOf(points, snapshots);
    const head = { verdict: verdict.verdict, rule: verdict.rule, process, run, subject, state, series: values, points, delta, ...unknown, evidence: ordered, ...differs, span };
    if (kind === 'duplicate-slide' || kind === 'duplicate-widget') {
      findings.push({ kind, ...head, copies, where: deciding.where ?? 'objects', display: deciding.display });
    } else if (kind === 'queue-growth') {
      findings.push({ kind, ...head, subject: subject as QueueTotal });
    } else {
      findings.push({ kind, ...head });
    }
  }
  return handlerSeries;
}

/** The finding kind of each family's subjects (OBJECTS keys may also be duplicates). */
const KIND_OF_FAMILY = {
  handlers: 'handler-growth',
  queue: 'queue-growth',
  'available-slides': 'available-slides-growth',
  clock: 'clock-growth',
  objects: 'object-growth',
} as const satisfies Record<Family, FindingKind>;

function evidenceOf(series: Series, judgement: StateJudgement): Evidence {
  const where = series.source === 'display' ? 'display' : series.source === 'objects' ? 'objects' : null;
  const delta = series.values[series.values.length - 1]! - series.values[0]!;
  const judged =
    'outcome' in judgement
      ? { verdict: null, rule: null, outcome: judgement.outcome }
      : { verdict: judgement.verdict, rule: judgement.rule, outcome: null, ...(judgement.differs === undefined ? {} : { differs: judgement.differs }) };
  return {
    state: series.state,
    where,
    display: series.display,
    series: series.values,
    points: series.points,
    delta,
    ...judged,
    ...(series.unknown.length > 0 ? { unknown: series.unknown } : {}),
  };
}

/** The evidence that decides: the strongest verdict or outcome, then the biggest growth, then the longest series. */
function strongest(evidence: readonly Evidence[]): Evidence {
  const strength = (one: Evidence): number => STRENGTH[one.verdict ?? one.outcome!];
  return evidence.reduce((best, one) =>
    strength(one) > strength(best) || (strength(one) === strength(best) && (one.delta > best.delta || (one.delta === best.delta && one.series.length > best.series.length))) ? one : best,
  );
}

/**
 * The series of every subject of one source over the dumps that have that source. A dump where a
 * subject's count is unknown (its section damaged or cut off) leaves that subject's series and is
 * named in `unknown`: an unknown count read as 0 would turn a leak into a drop.
 */
function seriesOf(
  snapshots: readonly Snapshot[],
  comparison: Comparison,
  source: Source,
  display: string | null,
  options: DiffOptions & { maxSeriesValues: number },
  unread: Set<string>,
): Series[] {
  const points: number[] = [];
  /** per dump of `points`: what a subject it does not list counts there (0, or unknown) */
  const absentUnknown: boolean[] = [];
  // Subjects in the order first listed, each with the dumps (of `points`) it has a value or an
  // unknown for so far: the dumps after those that did not list it are filled in when it comes
  // again, or at the end. One dump's counts are read at a time; a series has room for every dump
  // of the comparison from the start, as nearly every subject gets a value in each. A series has a
  // value in every dump of `points` but those where it is unknown, so its points are those of
  // `points`, and the series with no unknown share that one array.
  const room = comparison.snapshots.length;
  const all = new Map<string, Building>();
  const append = (entry: Building, value: number): void => {
    entry.series.values[entry.length] = value;
    entry.length++;
  };
  const fill = (entry: Building, upTo: number): void => {
    for (let dump = entry.filled; dump < upTo; dump++) {
      if (absentUnknown[dump]) entry.series.unknown.push(points[dump]!);
      // A key absent from a whole dump counts 0: an event with no handlers is not listed at all.
      else append(entry, 0);
    }
    entry.filled = upTo;
  };
  for (const index of comparison.snapshots) {
    const counts = countsOf(snapshots[index]!, source, { includeDumpHandlers: options.includeDumpHandlers, display });
    if (counts === null) continue;
    const dump = points.length;
    points.push(index);
    absentUnknown.push(!counts.known || counts.absentUnknown);
    if (!counts.known) continue;
    const { subjects, values } = counts.counts;
    for (let i = 0; i < subjects.length; i++) {
      const subject = subjects[i]!;
      let entry = all.get(subject);
      if (entry === undefined) {
        if ((all.size + 1) * room > options.maxSeriesValues) throw tooMuchToCompare(comparison, all.size + 1, room, options.maxSeriesValues);
        const series: Series = {
          source,
          subject,
          state: comparison.state,
          display: source === 'display' ? display : null,
          values: new Array<number>(room),
          points,
          unknown: [],
        };
        all.set(subject, (entry = { series, filled: 0, length: 0 }));
      }
      fill(entry, dump);
      append(entry, values[i]!);
      entry.filled = dump + 1;
    }
  }
  if (points.length < 2) return [];
  const found: Series[] = [];
  for (const entry of all.values()) {
    fill(entry, points.length);
    const { series } = entry;
    series.values.length = entry.length;
    if (series.unknown.length > 0) {
      const unknown = new Set(series.unknown);
      series.points = points.filter((point) => !unknown.has(point));
    }
    if (entry.length >= 2) found.push(series);
    else if (series.unknown.length > 0) unread.add(series.subject);
  }
  return found;
}

/**
 * The most counts one comparison's series may hold (keys × dumps): beyond it memory, not the
 * machine, would decide the verdict. A week of dumps every two minutes of a machine with a few
 * thousand keys stays below it.
 */
export const MAX_SERIES_VALUES = 30_000_000;

function tooMuchToCompare(comparison: Comparison, subjects: number, dumps: number, most: number): LeakdiffError {
  const state = comparison.state === null ? '' : ` in ${comparison.state}`;
  return new LeakdiffError(
    `too much to compare: ${subjects.toLocaleString('en-US')} keys over ${dumps.toLocaleString('en-US')} ${comparison.process} dumps${state} (more than ${most.toLocaleString('en-US')} counts); compare fewer dumps (--from, --to) or leave keys out (--ignore)`,
  );
}

/** A series being filled: its values and points hold `length` dumps, and it is read up to dump `filled`. */
interface Building {
  series: Series;
  filled: number;
  length: number;
}

function summaryOf(
  process: ProcessKind,
  snapshots: readonly ReportSnapshot[],
  findings: readonly Finding[],
  otherKeys: readonly OtherKey[],
  unknownKeys: readonly UnknownKey[],
  unknownRuns: readonly number[],
): ProcessSummary {
  const unread = unknownKeys.filter((key) => key.process === process).length;
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
    settled: quiet.filter((key) => key.outcome === 'settled').length,
    ...(unread > 0 ? { unknownKeys: unread } : {}),
    ...(unknownRuns.length > 0 ? { unknown: true, unknownRuns: [...unknownRuns] } : {}),
  };
}

/** Whether a dump's EVENTS section lost handler counts: it has one, damaged where its counts are. */
function handlerCountsLost(snapshot: Snapshot, options: DiffOptions): boolean {
  const counts = countsOf(snapshot, 'handlers', { includeDumpHandlers: options.includeDumpHandlers });
  return counts !== null && (!counts.known || counts.absentUnknown);
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
