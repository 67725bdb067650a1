// The words the markdown, github and html reports share: kinds, rules, subjects, what was
// compared and the summary line. Plain text with names as the log has them: each format escapes
// for its own medium (markdown, workflow commands, HTML) after calling these.

import type { FailOn, Finding, FindingKind, FindingRule, ProcessKind, QueueTotal, Report, ReportSnapshot, TrendRule } from '../model.js';

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
} as const satisfies Record<FindingRule, (shape: Shape) => string>;

const TREND_WORDS = {
  monotonic: (budget: number) => `monotonic: a leak never drops, rises in at least two intervals and ends more than ${budget} above its start`,
  strict: (budget: number) => `strict: a leak rises in every interval and ends more than ${budget} above its start`,
  net: (budget: number) => `net: a leak ends more than ${budget} above its start`,
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

export function trendOf(report: Report): string {
  return TREND_WORDS[report.options.trend](report.options.maxGrowth);
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

/** Whether this finding fails the CI gate (`--fail-on`), as `exitCodeOf` decides for the report. */
export function failsGate(finding: Pick<Finding, 'verdict'>, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return failOn === 'suspect' || finding.verdict === 'leak';
}

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
    .map((comparison) => `${comparison.state === null ? 'in order' : comparison.state} ${numbersOf(report, comparison.snapshots)}`);
  const head = `${judged.length} of ${plural(indexes.length, 'dump')} judged${timeSpanOf(report, judged)}`;
  return `${head}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}; ${groups.join(', ')}`;
}

/** `, 2026-11-25 03:39:33.853 → 03:40:30.607` (the day once when both times share it), or '' without times. */
function timeSpanOf(report: Report, indexes: readonly number[]): string {
  const first = report.snapshots[indexes[0] ?? -1]?.time;
  const last = report.snapshots[indexes[indexes.length - 1] ?? -1]?.time;
  if (!first || !last) return '';
  const from = first.replace('T', ' ');
  const to = last.replace('T', ' ');
  const sameDay = from.includes(' ') && from.slice(0, 10) === to.slice(0, 10);
  return `, ${from} → ${sameDay ? to.slice(11) : to}`;
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
  return parts.join(' · ');
}

/** `121 unchanged, 0 shrinking` (and within the budget, when there is one). */
export function otherKeysOf(report: Report): string {
  const { unchanged, shrinking, withinBudget } = report.summary;
  const parts = [`${unchanged} unchanged`, `${shrinking} shrinking`];
  if (withinBudget > 0 || report.options.maxGrowth > 0) parts.push(`${withinBudget} within the budget of ${report.options.maxGrowth}`);
  return parts.join(', ');
}

/** Processes whose findings rest on two dumps only: a third would tell a one-time step from a leak. */
export function twoDumpProcessesOf(report: Report): ProcessKind[] {
  return PROCESS_ORDER.filter((process) => report.findings.some((finding) => finding.rule === 'two-dumps' && finding.process === process));
}

/** The kinds that have findings, in report order. */
export function kindsOf(report: Report): FindingKind[] {
  return (Object.keys(KIND_TITLES) as FindingKind[]).filter((kind) => report.findings.some((finding) => finding.kind === kind));
}

/** The posted events that explain a finding's growth, one phrase each: `+1 handlers per post of ball_started (fits 2 intervals)`. */
export function attributionsOf(finding: Finding): string[] {
  return (finding.explainedBy ?? []).map(
    (attribution) => `+${attribution.ratio} ${KIND_UNITS[finding.kind]} per post of ${attribution.event} (fits ${plural(attribution.intervals, 'interval')})`,
  );
}

/** `12 created, 1 alive`: slide churn, when computed. */
export function churnOf(finding: Finding): string | null {
  return finding.churn === undefined ? null : `${finding.churn.created} created, ${finding.churn.alive} alive at the last dump`;
}
