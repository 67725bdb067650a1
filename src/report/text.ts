// The default report, for a person at a terminal: what was compared, what grows (grouped by kind,
// biggest growth first), and one summary line at the end. Every name from a log goes through
// escapeTerminal: event names and widget texts come from the machine's config and its players.

import { Chalk, type ChalkInstance } from 'chalk';
import { structuredPatch } from 'diff';
import type {
  Comparison,
  Finding,
  FindingKind,
  KeyOutcome,
  OtherKey,
  ProcessKind,
  QueueTotal,
  Report,
  ReportSnapshot,
  TreeListing,
} from '../model.js';
import { escapeTerminal } from './escape.js';
import type { Reporter } from './reporter.js';
import {
  caveatsOf,
  attributionOf,
  baselineCheckOf,
  baselineCountsOf,
  baselineStatusOf,
  churnOf,
  deltaOf,
  dumpPairsOf,
  KIND_SHORT,
  KIND_TITLES,
  LOG_PROBLEMS_HEADING,
  logProblemsOf,
  mixedStatesOf,
  numbersOf,
  plural,
  QUEUE_WORDS,
  ruleOf,
  runsOf,
  seriesOf,
  subjectOf,
  timeSpanOf,
  trendOf,
} from './words.js';

const OUTCOME_WORDS = {
  unchanged: 'unchanged',
  shrinking: 'shrinking',
  'within-budget': 'within budget',
} as const satisfies Record<KeyOutcome, string>;

/** Series longer than this get a sparkline too. */
const SPARKLINE_FROM = 6;
const SPARK_BARS = '▁▂▃▄▅▆▇█';

export const renderText: Reporter = (report, options) => {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [...headerLines(report, chalk), ...incompleteLines(report, chalk), ...logProblemLines(report, chalk), ''];
  lines.push(...findingLines(report, chalk));
  lines.push(...quietLines(report, chalk));
  if (options.trees.length > 0) lines.push(...treeLines(report, options.trees, chalk));
  lines.push(...baselineLines(report, chalk));
  lines.push(summaryLine(report, chalk));
  return `${lines.join('\n')}\n`;
};

function headerLines(report: Report, chalk: ChalkInstance): string[] {
  const files = new Map<string, Record<ProcessKind, number>>();
  for (const snapshot of report.snapshots) {
    const counts = files.get(snapshot.file) ?? { mpf: 0, mc: 0 };
    counts[snapshot.process]++;
    files.set(snapshot.file, counts);
  }
  const lines = [chalk.bold(`${plural(report.snapshots.length, 'dump')} in ${plural(files.size, 'log')}:`)];
  const width = Math.max(...[...files.keys()].map((file) => escapeTerminal(file).length));
  for (const [file, counts] of files) {
    const parts = (['mpf', 'mc'] as const).filter((process) => counts[process] > 0).map((process) => plural(counts[process], `${process} dump`));
    lines.push(`  ${escapeTerminal(file).padEnd(width)}  ${parts.join(', ')}`);
  }
  lines.push(...runLines(report));
  for (const process of ['mpf', 'mc'] as const) {
    const mine = report.snapshots.filter((snapshot) => snapshot.process === process);
    if (mine.length > 0) lines.push(...processLines(report, process, chalk));
  }
  lines.push(...dumpPairsOf(report).map(escapeTerminal));
  lines.push(`Rule: ${trendOf(report, ' — ')}.`);
  if (report.comparisons.some((comparison) => comparison.snapshots.length === 2)) {
    lines.push(`      With two dumps, any growth above ${report.options.maxGrowth} is a leak.`);
  }
  if (report.options.ignore.length > 0) lines.push(`Ignored: ${report.options.ignore.map(escapeTerminal).join(', ')}`);
  if (report.options.includeDumpHandlers) lines.push("The dump's own handlers (debug_dump_stats, bcp_debug_dump) are judged too.");
  return lines;
}

function processLines(report: Report, process: ProcessKind, chalk: ChalkInstance): string[] {
  const indexes = report.snapshots.flatMap((snapshot, index) => (snapshot.process === process ? [index] : []));
  const judged = indexes.filter((index) => report.snapshots[index]!.role === 'judged');
  const notes: string[] = [];
  const warmup = indexes.filter((index) => report.snapshots[index]!.role === 'warmup');
  if (warmup.length > 0) notes.push(`${numbersOf(report, warmup)} left out as warm-up by --warmup ${report.options.warmup}`);
  const excluded = indexes.filter((index) => report.snapshots[index]!.role === 'excluded');
  if (report.options.process !== null && report.options.process !== process) {
    return [`${chalk.bold(process.padEnd(4))} ${plural(indexes.length, 'dump')}, not compared (--process ${report.options.process})`];
  }
  if (excluded.length > 0) notes.push(`${numbersOf(report, excluded)} outside --from/--to`);
  const comparisons = report.comparisons.filter((comparison) => comparison.process === process);
  const byState = comparisons.some((comparison) => comparison.state !== null);
  const head = `${chalk.bold(process.padEnd(4))} ${judged.length} of ${plural(indexes.length, 'dump')} judged${timeSpanOf(report, judged)}`;
  const lines = [`${head}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}${byState ? ', each state on its own:' : ''}`];
  if (!byState) {
    for (const comparison of comparisons) {
      lines.push(`     compared in order: ${numbersOf(report, comparison.snapshots)}${escapeTerminal(mixedStatesOf(report, comparison.snapshots))}${aloneText(comparison)}`);
    }
    return lines;
  }
  const width = Math.max(...comparisons.map((comparison) => escapeTerminal(comparison.state ?? '').length));
  for (const comparison of comparisons) {
    lines.push(`     ${escapeTerminal(comparison.state ?? '').padEnd(width)}  ${numbersOf(report, comparison.snapshots)}${aloneText(comparison)}`);
  }
  return lines;
}

function aloneText(comparison: Comparison): string {
  if (comparison.snapshots.length > 1) return '';
  return comparison.state === null ? '  (one dump: nothing to compare)' : '  (alone in its state: not compared)';
}

function logProblemLines(report: Report, chalk: ChalkInstance): string[] {
  const problems = logProblemsOf(report);
  if (problems.length === 0) return [];
  return ['', chalk.yellow(LOG_PROBLEMS_HEADING), ...problems.map((problem) => chalk.yellow(`  ${escapeTerminal(problem)}`))];
}

function incompleteLines(report: Report, chalk: ChalkInstance): string[] {
  if (!report.incomplete) return [];
  const compared = new Set(report.comparisons.filter((comparison) => comparison.snapshots.length > 1).flatMap((comparison) => comparison.snapshots));
  const damaged = [...compared].sort((a, b) => a - b).filter((index) => !report.snapshots[index]!.complete);
  const loud = (text: string): string => chalk.red.bold(text);
  const lines = [
    '',
    loud(`!! INCOMPLETE: ${plural(damaged.length, 'compared dump')} ${damaged.length === 1 ? 'is' : 'are'} damaged or cut off; findings may be missing or wrong.`),
  ];
  for (const index of damaged) {
    const snapshot = report.snapshots[index]!;
    lines.push(loud(`!!   ${snapshot.process} #${snapshot.number}  ${escapeTerminal(snapshot.file)}:${snapshot.line}  ${plural(snapshot.problems, 'problem')} (leakdiff list shows them)`));
  }
  return lines;
}

function findingLines(report: Report, chalk: ChalkInstance): string[] {
  if (report.findings.length === 0) return [chalk.green('Nothing grows.'), ''];
  const lines: string[] = [];
  const showState = report.findings.some((finding) => finding.state !== null);
  for (const kind of Object.keys(KIND_TITLES) as FindingKind[]) {
    const mine = report.findings.filter((finding) => finding.kind === kind);
    if (mine.length === 0) continue;
    const leaks = mine.filter((finding) => finding.verdict === 'leak').length;
    const counts = [leaks > 0 ? plural(leaks, 'leak') : '', mine.length - leaks > 0 ? plural(mine.length - leaks, 'suspect') : ''].filter(Boolean).join(', ');
    lines.push(chalk.bold(`${KIND_TITLES[kind]}: ${counts}`));
    const rows = mine.map((finding) => [
      finding.verdict,
      finding.process,
      subjectText(finding),
      ...(showState ? [escapeTerminal(finding.state ?? 'all dumps')] : []),
      seriesText(finding.series),
      deltaOf(finding.delta),
      wordsOf(finding),
    ]);
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
    rows.forEach((row, index) => {
      const cells = row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)));
      const verdict = mine[index]!.verdict === 'leak' ? chalk.red.bold(cells[0]!) : chalk.yellow(cells[0]!);
      lines.push(`  ${[verdict, ...cells.slice(1, -1), chalk.dim(cells[cells.length - 1]!)].join('  ')}`);
      // Under the process column, so the row's verdict stays the first thing read.
      const indent = ' '.repeat(2 + widths[0]! + 2);
      for (const detail of detailsOf(report, mine[index]!, chalk)) lines.push(`${indent}${detail}`);
    });
    lines.push('');
  }
  for (const caveat of caveatsOf(report)) lines.push(caveat, '');
  return lines;
}

function subjectText(finding: Finding): string {
  return escapeTerminal(subjectOf(finding));
}

function wordsOf(finding: Finding): string {
  return escapeTerminal(ruleOf(finding));
}

/** `24 → 26 → 28`; long series elide their middle and get a sparkline. */
export function seriesText(series: readonly number[]): string {
  const text = seriesOf(series);
  return series.length >= SPARKLINE_FROM ? `${text}  ${sparkline(series)}` : text;
}

/** `▁▂▄█`: one bar per value, scaled from the smallest to the largest. */
export function sparkline(series: readonly number[]): string {
  const low = Math.min(...series);
  const high = Math.max(...series);
  const top = SPARK_BARS.length - 1;
  return series.map((value) => SPARK_BARS[high === low ? 0 : Math.round(((value - low) / (high - low)) * top)]).join('');
}

function quietLines(report: Report, chalk: ChalkInstance): string[] {
  const { unchanged, shrinking, withinBudget } = report.summary;
  const parts = [`${unchanged} unchanged`, `${shrinking} shrinking`];
  if (withinBudget > 0 || report.options.maxGrowth > 0) parts.push(`${withinBudget} within the budget of ${report.options.maxGrowth}`);
  if (!report.otherKeys) return [chalk.dim(`Other keys: ${parts.join(', ')} (--all lists them)`)];
  const lines = [chalk.bold(`Other keys: ${parts.join(', ')}`)];
  const rows = report.otherKeys.map((key: OtherKey) => [
    OUTCOME_WORDS[key.outcome],
    key.process,
    escapeTerminal(key.state ?? 'all dumps'),
    KIND_SHORT[key.kind],
    key.kind === 'queue-growth' ? QUEUE_WORDS[key.subject as QueueTotal] ?? key.subject : escapeTerminal(key.subject),
    seriesText(key.series),
  ]);
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) lines.push(`  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`);
  return lines;
}

function treeLines(report: Report, trees: readonly TreeListing[], chalk: ChalkInstance): string[] {
  const lines = ['', chalk.bold('Trees, first against last dump of each group (normalised keys):')];
  for (const tree of trees) {
    const name = (index: number): string => {
      const snapshot: ReportSnapshot = report.snapshots[index]!;
      const part = tree.part === 'clock' ? 'clock' : `display ${escapeTerminal(tree.display ?? '(unnamed)')}`;
      return `${snapshot.process} #${snapshot.number}${tree.state === null ? '' : ` ${escapeTerminal(tree.state)}`} ${part}`;
    };
    lines.push(chalk.bold(`--- ${name(tree.before)}`), chalk.bold(`+++ ${name(tree.after)}`));
    const patch = structuredPatch('', '', textOf(tree.beforeLines), textOf(tree.afterLines), '', '', { context: 3 });
    if (patch.hunks.length === 0) lines.push(chalk.dim('  (no change)'));
    for (const hunk of patch.hunks) {
      lines.push(chalk.cyan(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
      for (const line of hunk.lines) {
        const text = escapeTerminal(line);
        lines.push(line.startsWith('+') ? chalk.green(text) : line.startsWith('-') ? chalk.red(text) : text);
      }
    }
  }
  lines.push('');
  return lines;
}

function textOf(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function summaryLine(report: Report, chalk: ChalkInstance): string {
  const parts: string[] = [];
  for (const process of ['mpf', 'mc'] as const) {
    const summary = report.summary.byProcess[process];
    if (summary.dumps === 0) continue;
    const compared = report.comparisons.some((comparison) => comparison.process === process && comparison.snapshots.length > 1);
    if (!compared) {
      const filtered = report.options.process !== null && report.options.process !== process;
      parts.push(`${process}: not compared${filtered ? ` (--process ${report.options.process})` : ''}`);
      continue;
    }
    if (summary.leaks === 0 && summary.suspects === 0) {
      parts.push(`${process}: ${chalk.green('clean')}`);
      continue;
    }
    const counts = [summary.leaks > 0 ? chalk.red.bold(plural(summary.leaks, 'leak')) : '', summary.suspects > 0 ? chalk.yellow(plural(summary.suspects, 'suspect')) : ''];
    parts.push(`${process}: ${counts.filter(Boolean).join(', ')}`);
  }
  if (report.incomplete) parts.push(chalk.red.bold(`${plural(report.summary.incomplete, 'incomplete dump')} compared`));
  if (report.baseline) parts.push(`baseline: ${baselineCountsOf(report)}`);
  return parts.join(' · ');
}

/** Which runs the log names show, and which was read (only when there is something to say). */
function runLines(report: Report): string[] {
  const runs = runsOf(report);
  return runs === null ? [] : [escapeTerminal(runs.heading), ...runs.runs.map((run) => `  ${escapeTerminal(run)}`)];
}

/** The lines under a finding: the events that explain it, slide churn, its baseline status. */
function detailsOf(report: Report, finding: Finding, chalk: ChalkInstance): string[] {
  const details: string[] = [];
  const attribution = attributionOf(finding);
  if (attribution !== null) details.push(chalk.cyan(escapeTerminal(attribution)));
  const churn = churnOf(report, finding);
  if (churn !== null) details.push(`slides: ${escapeTerminal(churn)}`);
  const baseline = baselineStatusOf(finding);
  if (baseline !== null) details.push(finding.baseline?.status === 'within-budget' ? chalk.dim(baseline) : chalk.red.bold(baseline));
  return details;
}

/** The baseline's verdict over all findings, and its stale entries with what to do about them. */
function baselineLines(report: Report, chalk: ChalkInstance): string[] {
  const check = baselineCheckOf(report);
  if (check === null) return [];
  const lines = [chalk.bold(escapeTerminal(check.heading))];
  if (check.staleHeading !== null) lines.push(`  ${escapeTerminal(check.staleHeading)}`);
  for (const entry of check.stale) lines.push(`    ${escapeTerminal(entry)}`);
  lines.push('');
  return lines;
}

