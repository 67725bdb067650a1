// The words the markdown, github and html reports share: kinds, rules, subjects, what was
// compared and the summary line. Plain text with names as the log has them: each format escapes
// for its own medium (markdown, workflow commands, HTML) after calling these.

import { DUMP_PAIR_WINDOW_MS } from '../diff/pair-dumps.js';
import type { Attribution, Finding, FindingKind, FindingRule, ProcessKind, QueueTotal, Report, ReportSnapshot, TrendRule } from '../model.js';

/** Processes in the order reports show them. */
export const PROCESS_ORDER = ['mpf', 'mc'] as const satisfies readonly ProcessKind[];

export const KIND_TITLES = {
  'handler-growth': 'Handler growth (EVENTS)',
  'duplicate-slide': 'Duplicate slides',
  'duplicate-widget': 'Duplicate widgets',
  'object-growth': 'Object growth (OBJECTS)',
  'clock-growth': 'Clock growth (CLOCK)',
  'available-slides-growth': 'Available Slides growth (anonymous slides)',
  'queue-growth': 'Queue growth (EVENTS totals)',
} as const satisfies Record<FindingKind, string>;

/** One word per kind, for table columns. */
export const KIND_SHORT = {
  'handler-growth': 'handlers',
  'duplicate-slide': 'slides',
  'duplicate-widget': 'widgets',
  'object-growth': 'objects',
  'clock-growth': 'clock',
  'available-slides-growth': 'available',
  'queue-growth': 'queue',
} as const satisfies Record<FindingKind, string>;

/** What a finding's series counts, for a chart's y axis. */
export const KIND_UNITS = {
  'handler-growth': 'handlers',
  'duplicate-slide': 'copies',
  'duplicate-widget': 'copies',
  'object-growth': 'objects',
  'clock-growth': 'clock events',
  'available-slides-growth': 'available slides',
  'queue-growth': 'queued',
} as const satisfies Record<FindingKind, string>;

/** What one unit of growth is, per kind: `+1 handler per ball_started`. */
const UNIT_WORDS = {
  'handler-growth': ['handler', 'handlers'],
  'duplicate-slide': ['copy', 'copies'],
  'duplicate-widget': ['copy', 'copies'],
  'object-growth': ['object', 'objects'],
  'clock-growth': ['clock event', 'clock events'],
  'available-slides-growth': ['available slide', 'available slides'],
  'queue-growth': ['queued item', 'queued items'],
} as const satisfies Record<FindingKind, readonly [string, string]>;

/** `1 handler`, `2 handlers`: `count` units of growth of a finding of this kind, without the count. */
export function unitOf(kind: FindingKind, count: number): string {
  return UNIT_WORDS[kind][count === 1 ? 0 : 1];
}

/** The queue totals as MPF writes them in the dump. */
export const QUEUE_WORDS = {
  eventQueue: 'event_queue',
  callbackQueue: 'callback_queue',
  queueTasks: '_queue_tasks',
} as const satisfies Record<QueueTotal, string>;

interface Shape {
  rises: number;
  intervals: number;
}

const RULE_WORDS = {
  'two-dumps': () => 'grew between the two dumps',
  monotonic: (shape) => `never dropped, rose in ${shape.rises} of ${shape.intervals} intervals`,
  strict: () => 'rose in every interval',
  net: () => 'ends above its start (net rule)',
  'one-time-step': () => 'one-time step: rose once, then held',
  'up-and-down': () => 'went up and down, ends higher',
  'not-every-interval': (shape) => `rose in ${shape.rises} of ${shape.intervals} intervals, not in every one`,
  duplicate: () => 'more than one copy, not growing',
  'states-differ': () => 'grew, but the dumps were taken in different machine states',
} as const satisfies Record<FindingRule, (shape: Shape) => string>;

/** What makes a leak under each `--trend` rule, after the rule's name. */
const TREND_WORDS = {
  monotonic: (budget: number) => `a leak never drops, rises in at least two intervals and ends more than ${budget} above its start`,
  strict: (budget: number) => `a leak rises in every interval and ends more than ${budget} above its start`,
  net: (budget: number) => `a leak ends more than ${budget} above its start`,
} as const satisfies Record<TrendRule, (budget: number) => string>;

/** Series longer than this show their two first and two last values around a `…`. */
const MAX_SHOWN_VALUES = 7;

/** The subject as people know it: `event_queue` rather than `eventQueue`. */
export function subjectOf(finding: Finding): string {
  switch (finding.kind) {
    case 'queue-growth':
      return QUEUE_WORDS[finding.subject];
    case 'available-slides-growth':
      return 'Available Slides';
    default:
      return finding.subject;
  }
}

/** Why the finding has its verdict, in words (duplicates: how many copies, and where). */
export function ruleOf(finding: Finding): string {
  let rises = 0;
  for (let i = 1; i < finding.series.length; i++) if (finding.series[i]! > finding.series[i - 1]!) rises++;
  const words = RULE_WORDS[finding.rule]({ rises, intervals: finding.series.length - 1 });
  if (finding.kind !== 'duplicate-slide' && finding.kind !== 'duplicate-widget') return words;
  const where = finding.where === 'objects' ? 'in OBJECTS' : `in display ${finding.display ?? '(unnamed)'}`;
  return `${words}; up to ${finding.copies} copies ${where}`;
}

/** `monotonic: a leak never drops, …`; `separator` goes between the rule's name and its words. */
export function trendOf(report: Report, separator = ': '): string {
  return `${report.options.trend}${separator}${TREND_WORDS[report.options.trend](report.options.maxGrowth)}`;
}

/** `24 → 26 → 28`; long series elide their middle. */
export function seriesOf(series: readonly number[]): string {
  return (series.length > MAX_SHOWN_VALUES ? [...series.slice(0, 2), '…', ...series.slice(-2)] : series).join(' → ');
}

export function deltaOf(delta: number): string {
  return delta > 0 ? `+${delta}` : delta === 0 ? '±0' : String(delta);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Whether this finding fails the CI gate (`--fail-on`, `--baseline`), as `exitCodeOf` decides for the report. */
export { failsGate } from '../diff/exit-code.js';

/** Each log read, in input order, with its dumps per process. */
export function logsOf(report: Report): { file: string; dumps: string }[] {
  const files = new Map<string, Record<ProcessKind, number>>();
  for (const snapshot of report.snapshots) {
    const counts = files.get(snapshot.file) ?? { mpf: 0, mc: 0 };
    counts[snapshot.process]++;
    files.set(snapshot.file, counts);
  }
  return [...files].map(([file, counts]) => ({
    file,
    dumps: PROCESS_ORDER.filter((process) => counts[process] > 0)
      .map((process) => plural(counts[process], `${process} dump`))
      .join(', '),
  }));
}

/**
 * What was compared for one process, e.g. `9 of 9 dumps judged, 2026-11-25 03:39:33.853 → 03:40:30.607;
 * attract #1 #5 #9, game·ball #2–4 #6–8`, or null when the inputs hold no dump of it.
 */
export function comparedOf(report: Report, process: ProcessKind): string | null {
  const indexes = report.snapshots.flatMap((snapshot, index) => (snapshot.process === process ? [index] : []));
  if (indexes.length === 0) return null;
  if (report.options.process !== null && report.options.process !== process) {
    return `${plural(indexes.length, 'dump')}, not compared (--process ${report.options.process})`;
  }
  const judged = indexes.filter((index) => report.snapshots[index]!.role === 'judged');
  const notes: string[] = [];
  const warmup = indexes.filter((index) => report.snapshots[index]!.role === 'warmup');
  if (warmup.length > 0) notes.push(`${numbersOf(report, warmup)} left out as warm-up`);
  const excluded = indexes.filter((index) => report.snapshots[index]!.role === 'excluded');
  if (excluded.length > 0) notes.push(`${numbersOf(report, excluded)} outside --from/--to`);
  const groups = report.comparisons
    .filter((comparison) => comparison.process === process)
    .map((comparison) =>
      comparison.state === null
        ? `in order ${numbersOf(report, comparison.snapshots)}${mixedStatesOf(report, comparison.snapshots)}`
        : `${comparison.state} ${numbersOf(report, comparison.snapshots)}`,
    );
  const head = `${judged.length} of ${plural(indexes.length, 'dump')} judged${timeSpanOf(report, judged)}`;
  return `${head}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}; ${groups.join(', ')}`;
}

/** `, 2026-11-25 03:39:33.853 → 03:40:30.607` (the day once when both times share it), or '' without times. */
export function timeSpanOf(report: Report, indexes: readonly number[]): string {
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
export function mixedStatesOf(report: Report, indexes: readonly number[]): string {
  const byState = new Map<string, number[]>();
  for (const index of indexes) {
    const state = report.snapshots[index]!.state;
    byState.set(state, [...(byState.get(state) ?? []), index]);
  }
  if (byState.size < 2) return '';
  return `; states differ: ${[...byState].map(([state, mine]) => `${state} ${numbersOf(report, mine)}`).join(', ')}`;
}

/** `#1 #5 #9` with runs shortened: `#2–4 #6–8`. */
export function numbersOf(report: Report, indexes: readonly number[]): string {
  const numbers = indexes.map((index) => report.snapshots[index]!.number);
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    parts.push(j - i >= 2 ? `#${numbers[i]}–${numbers[j]}` : numbers.slice(i, j + 1).map((number) => `#${number}`).join(' '));
    i = j + 1;
  }
  return parts.join(' ');
}

/** `LOG_PROBLEMS_HEADING`, then `x.log.gz:367: the gzip stream ends early …`, one per problem of the logs outside their dumps. */
export const LOG_PROBLEMS_HEADING = 'Problems of the logs outside their dumps:';

export function logProblemsOf(report: Report): string[] {
  return (report.logProblems ?? []).map((problem) => `${problem.file}:${problem.line}: ${problem.detail}`);
}

/** The compared dumps that are damaged or cut off, in input order. */
export function incompleteOf(report: Report): ReportSnapshot[] {
  const compared = new Set(report.comparisons.filter((comparison) => comparison.snapshots.length > 1).flatMap((comparison) => comparison.snapshots));
  return [...compared]
    .sort((a, b) => a - b)
    .map((index) => report.snapshots[index]!)
    .filter((snapshot) => !snapshot.complete);
}

/** `INCOMPLETE: 1 compared dump is damaged or cut off; findings may be missing or wrong.` */
export function incompleteSentence(report: Report): string {
  const count = incompleteOf(report).length;
  return `${plural(count, 'compared dump')} ${count === 1 ? 'is' : 'are'} damaged or cut off; findings may be missing or wrong (leakdiff list shows what is wrong).`;
}

/** The summary's part for each process that has dumps: `clean`, `3 leaks, 1 suspect`, `not compared`. */
export function verdictsOf(report: Report): { process: ProcessKind; text: string; leaks: number; suspects: number }[] {
  return PROCESS_ORDER.filter((process) => report.summary.byProcess[process].dumps > 0).map((process) => {
    const { leaks, suspects } = report.summary.byProcess[process];
    const compared = report.comparisons.some((comparison) => comparison.process === process && comparison.snapshots.length > 1);
    let text: string;
    if (!compared) {
      const filtered = report.options.process !== null && report.options.process !== process;
      text = `not compared${filtered ? ` (--process ${report.options.process})` : ''}`;
    } else if (leaks === 0 && suspects === 0) {
      text = 'clean';
    } else {
      text = [leaks > 0 ? plural(leaks, 'leak') : '', suspects > 0 ? plural(suspects, 'suspect') : ''].filter(Boolean).join(', ');
    }
    return { process, text, leaks, suspects };
  });
}

/** `mpf: 3 leaks, 1 suspect · mc: clean`, the same line the text report ends with. */
export function summaryOf(report: Report): string {
  const parts = verdictsOf(report).map((part) => `${part.process}: ${part.text}`);
  if (report.incomplete) parts.push(`${plural(report.summary.incomplete, 'incomplete dump')} compared`);
  if (report.baseline) parts.push(`baseline: ${baselineCountsOf(report)}`);
  return parts.join(' · ');
}

const BASELINE_STATUS_WORDS = {
  new: 'baseline: new',
  'within-budget': 'baseline: within its budget',
  'over-budget': 'baseline: over its budget',
} as const satisfies Record<NonNullable<Finding['baseline']>['status'], string>;

/** `3 within budget, 1 new, 0 over budget`: the findings against `--baseline`. */
export function baselineCountsOf(report: Report): string {
  const count = (status: NonNullable<Finding['baseline']>['status']): number => report.findings.filter((finding) => finding.baseline?.status === status).length;
  return `${count('within-budget')} within budget, ${count('new')} new, ${count('over-budget')} over budget`;
}

/** `baseline: within its budget of +3`, or null without `--baseline`. */
export function baselineStatusOf(finding: Finding): string | null {
  if (!finding.baseline) return null;
  const { status, budget } = finding.baseline;
  return `${BASELINE_STATUS_WORDS[status]}${budget === null ? '' : ` of ${deltaOf(budget)}`}`;
}

/** `baseline.json (4 entries): 3 within budget, 1 new, 0 over budget`, and a line per stale entry. */
export function baselineCheckOf(report: Report): { heading: string; staleHeading: string | null; stale: string[] } | null {
  const check = report.baseline;
  if (!check) return null;
  const heading = `Baseline ${check.file} (${check.entries} ${check.entries === 1 ? 'entry' : 'entries'}): ${baselineCountsOf(report)}`;
  let staleHeading: string | null = null;
  if (check.stale.length > 0) {
    staleHeading = check.updated
      ? `Tightened in ${check.file} (--update-baseline):`
      : `Stale: now smaller or gone (leakdiff … --baseline ${check.file} --update-baseline tightens them):`;
  } else if (check.updated) {
    staleHeading = `${check.file} rewritten: every budget already matches what is seen now.`;
  }
  const stale = check.stale.map((entry) => {
    const now = entry.growth === null ? (check.updated ? 'gone: removed' : 'gone') : `now ${deltaOf(entry.growth)}`;
    return `${entry.fingerprint}  budget ${deltaOf(entry.budget)}, ${now}`;
  });
  return { heading, staleHeading, stale };
}

const RUN_CHOICE_WORDS = {
  only: 'one run',
  newest: 'the newest run read (--run picks another)',
  'run-option': 'the run chosen by --run read',
  named: 'every log named was read, and dumps of different runs compared across restarts (--run picks one run)',
} as const satisfies Record<NonNullable<Report['runs']>['chosenBy'], string>;

/**
 * Which runs the log names show and which was read, a heading and a line per run; null when
 * there is nothing to say (one run, both of its logs read).
 */
export function runsOf(report: Report): { heading: string; runs: string[] } | null {
  const selection = report.runs;
  if (!selection) return null;
  const unpaired = selection.runs.some((run) => run.mpf === null || run.mc === null);
  if (selection.runs.length === 1 && !unpaired) return null;
  const heading = `Runs by log name: ${selection.runs.length === 1 ? 'one run' : `${selection.runs.length} runs, ${RUN_CHOICE_WORDS[selection.chosenBy]}`}:`;
  const hostWidth = Math.max(...selection.runs.map((run) => run.host.length));
  const runs = selection.runs.map((run) => {
    const logs = run.mpf !== null && run.mc !== null ? 'mpf + mc' : run.mpf !== null ? 'mpf only: no MC log of this run among the inputs' : 'mc only: no MPF log of this run among the inputs';
    return `#${run.number}  ${run.start}  ${run.host.padEnd(hostWidth)}  ${run.read ? 'read    ' : 'not read'}  ${logs}`;
  });
  return { heading, runs };
}

/** How MPF and MC dumps pair up in time, and the dumps without a partner; [] when the report is of one process. */
export function dumpPairsOf(report: Report): string[] {
  const pairing = report.dumpPairs;
  if (!pairing) return [];
  const lines: string[] = [];
  if (pairing.pairs.length > 0) {
    const offsets = pairing.pairs.map((pair) => pair.offsetMs);
    const low = Math.min(...offsets);
    const high = Math.max(...offsets);
    const span = low === high ? `${low} ms` : `${low} to ${high} ms`;
    lines.push(`mpf and mc dumps taken together: ${plural(pairing.pairs.length, 'pair')} (mc ${span} after mpf)`);
  }
  const unpaired = PROCESS_ORDER.flatMap((process) => {
    const mine = pairing.unpaired.filter((index) => report.snapshots[index]!.process === process);
    return mine.length === 0 ? [] : [`${process} ${numbersOf(report, mine)}`];
  });
  if (unpaired.length > 0) lines.push(`Dumps without a partner of the other process within ${DUMP_PAIR_WINDOW_MS / 1000} s: ${unpaired.join(', ')}`);
  return lines;
}

/** `121 unchanged, 0 shrinking` (and within the budget, when there is one). */
export function otherKeysOf(report: Report): string {
  const { unchanged, shrinking, withinBudget } = report.summary;
  const parts = [`${unchanged} unchanged`, `${shrinking} shrinking`];
  if (withinBudget > 0 || report.options.maxGrowth > 0) parts.push(`${withinBudget} within the budget of ${report.options.maxGrowth}`);
  return parts.join(', ');
}

/**
 * What to keep in mind when reading the findings, a sentence each: that some rest on two dumps
 * only, that some compare dumps taken in different machine states. Empty when neither applies.
 */
export function caveatsOf(report: Report): string[] {
  const caveats: string[] = [];
  const twoDumps = PROCESS_ORDER.filter((process) => report.findings.some((finding) => finding.rule === 'two-dumps' && finding.process === process));
  if (twoDumps.length > 0) caveats.push(`Only two dumps were compared (${twoDumps.join(', ')}): a third dump would tell a one-time step from a leak.`);
  if (report.findings.some((finding) => finding.rule === 'states-differ')) {
    caveats.push('Dumps taken in different machine states (attract, a ball in play, …) differ on dozens of counts for no fault, so growth between them is only a suspect: dump again in the same state to tell a leak.');
  }
  return caveats;
}

/** The kinds that have findings, in report order. */
export function kindsOf(report: Report): FindingKind[] {
  return (Object.keys(KIND_TITLES) as FindingKind[]).filter((kind) => report.findings.some((finding) => finding.kind === kind));
}

/** `≈ +1 handler per ball_started (12 posted)`: one attribution, without the others that fit. */
function fitOf(finding: Finding, attribution: Attribution): string {
  return `≈ +${attribution.ratio} ${unitOf(finding.kind, attribution.ratio)} per ${attribution.event} (${attribution.posted} posted)`;
}

/**
 * The posted events that explain a finding's growth in one line, or null: `≈ +1 handler per
 * lanes_complete (11 posted); also fit: lanes_unlit_hit, player_shot_lane_left`. A steady fit says
 * that it rests on the name: other events posted as often fit as well.
 */
export function attributionOf(finding: Finding): string | null {
  const [best, ...others] = finding.explainedBy ?? [];
  if (best === undefined) return null;
  const more = finding.unlistedFits ?? 0;
  let text = fitOf(finding, best);
  if (others.length > 0) {
    const names = others.map((other) => (other.ratio === best.ratio ? other.event : `${other.event} (×${other.ratio})`));
    text += `; also fit: ${names.join(', ')}`;
  }
  if (best.steady) {
    // Posted as often in every interval: the dumps cannot tell these events apart.
    text += more > 0 ? ` — by name only: ${plural(more, 'other event')} posted as often fit as well` : ' — by name only: posted as often in every interval';
  } else if (more > 0) {
    text += others.length > 0 ? ` and ${more} more` : `; ${plural(more, 'other event')} fit as well`;
  }
  return text;
}

/** `21 created from #1 to #13 (all names), 2 Slide:attract_slide alive at #13`: slide churn, when computed. */
export function churnOf(report: Report, finding: Finding): string | null {
  if (finding.churn === undefined) return null;
  const first = report.snapshots[finding.points[0]!]!.number;
  const last = report.snapshots[finding.points[finding.points.length - 1]!]!.number;
  const alive = finding.kind === 'available-slides-growth' ? plural(finding.churn.alive, 'anonymous slide') : `${finding.churn.alive} ${subjectOf(finding)}`;
  return `${finding.churn.created} created from #${first} to #${last} (all names), ${alive} alive at #${last}`;
}
