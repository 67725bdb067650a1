// The default report, for a person at a terminal: what was compared, what grows (grouped by kind,
// biggest growth first), and one summary line at the end. The words come from the phrasebook
// (words.ts, compared-words.ts); this file lays them out and paints their tones with chalk.
// Every name from a log goes through escapeTerminal: event names and widget texts come from the
// machine's config and its players.

import { Chalk, type ChalkInstance } from 'chalk';
import type { Comparison, Finding, OtherKey, ProcessKind, Report, ReportSnapshot, TreeListing } from '../model.js';
import { columnWidths } from './columns.js';
import {
  describeBaselineCheck,
  describeDumpPairs,
  describeIgnored,
  describeIncomplete,
  describeJudged,
  describeLogProblems,
  describeLogs,
  describeMixedStates,
  describeNumbers,
  describeDumpRuns,
  describeRunOf,
  describeRuns,
  describeUnknownPoints,
  describeSnapshotUnit,
  incompleteSnapshots,
  LOG_PROBLEMS_HEADING,
} from './compared-words.js';
import { describeCulprits, describeMachine, describeMachineWarnings, describeWithoutDumps } from './culprit-words.js';
import { escapeTerminal } from './escape.js';
import { countChangedLines, patchTreeLines } from './tree-changes.js';
import type { Reporter } from './reporter.js';
import {
  describeAttribution,
  describeCountedLine,
  describeBaselineStatus,
  describeCaveats,
  describeChurn,
  describeDelta,
  describeEvidence,
  describeKeySubject,
  describeKindHeading,
  describeOtherKeys,
  describeRule,
  describeSeries,
  describeSubject,
  describeSummary,
  describeTrend,
  findingsByKind,
  isFilteredOut,
  KIND_WORDS,
  OUTCOME_WORDS,
  type Paint,
  plural,
  PROCESS_ORDER,
  type Tone,
  describeNoFinding,
  describeUnalignedTree,
} from './words.js';

/** Series longer than this get a sparkline too. */
const SPARKLINE_FROM = 6;
/** Sparklines longer than this show their first and last bars around a `…`, as series do. */
const MAX_SPARK_BARS = 40;
const SPARK_BARS = '▁▂▃▄▅▆▇█';

export const renderText: Reporter = (report, options) => {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const sections = [
    headerLines(report, chalk),
    incompleteLines(report, chalk),
    logProblemLines(report, chalk),
    [''],
    findingLines(report, chalk),
    quietLines(report, chalk),
    options.trees.length > 0 ? treeLines(report, options.trees, chalk) : [],
    baselineLines(report, chalk),
    [describeSummary(report, painter(chalk))],
  ];
  return `${sections.flat().join('\n')}\n`;
};

/** The terminal's colours for the phrasebook's tones. */
function painter(chalk: ChalkInstance): Paint {
  const styles = {
    leak: chalk.red.bold,
    suspect: chalk.yellow,
    clean: chalk.green,
    idle: (text: string) => text,
    plain: (text: string) => text,
  } satisfies Record<Tone, (text: string) => string>;
  return (text, tone) => styles[tone](text);
}

function headerLines(report: Report, chalk: ChalkInstance): string[] {
  const logs = describeLogs(report).map((log) => [escapeTerminal(log.file), log.dumps]);
  const withoutDumps = describeWithoutDumps(report);
  const lines = withoutDumps === null ? [] : [chalk.yellow(withoutDumps)];
  lines.push(chalk.bold(`${plural(report.snapshots.length, describeSnapshotUnit(report))} in ${plural(logs.length, 'log')}:`));
  const [width = 0] = columnWidths(logs);
  for (const [file, dumps] of logs) lines.push(`  ${file!.padEnd(width)}  ${dumps}`);
  const runs = describeRuns(report);
  if (runs !== null) {
    lines.push(escapeTerminal(runs.heading));
    for (const run of runs.runs) lines.push(`  ${escapeTerminal(run)}`);
  }
  const dumpRuns = describeDumpRuns(report);
  if (dumpRuns !== null) {
    lines.push(escapeTerminal(dumpRuns.heading));
    for (const run of dumpRuns.runs) lines.push(`  ${escapeTerminal(run)}`);
  }
  for (const process of PROCESS_ORDER) {
    const judged = describeJudged(report, process, true);
    if (judged !== null) for (const line of processLines(report, process, judged, chalk)) lines.push(line);
  }
  for (const pairs of describeDumpPairs(report)) lines.push(escapeTerminal(pairs));
  lines.push(`Rule: ${describeTrend(report, ' — ')}.`);
  // Two dumps are a leak's whole evidence only when they are all a run's dumps of their process,
  // or with `net`, which takes first and last whatever lies between.
  const pairs = report.comparisons.filter((comparison) => comparison.snapshots.length === 2);
  const onlyASuspect = (pair: Comparison): boolean =>
    report.options.trend !== 'net' && report.comparisons.some((other) => other !== pair && other.run === pair.run && other.process === pair.process);
  if (pairs.some((pair) => !onlyASuspect(pair))) lines.push(`      With two dumps of one state and the same modes, any growth above ${report.options.maxGrowth} is a leak.`);
  if (pairs.some(onlyASuspect)) lines.push('      Growth between the only two dumps of a state in a longer run is a suspect: a third would tell a step from a leak.');
  const ignored = describeIgnored(report);
  if (ignored.length > 0) lines.push(`Ignored: ${ignored.map(escapeTerminal).join(', ')}`);
  if (report.options.includeDumpHandlers) lines.push("The dump's own handlers (debug_dump_stats, bcp_debug_dump) are judged too.");
  const machine = describeMachine(report);
  if (machine !== null) lines.push(escapeTerminal(machine));
  for (const warning of describeMachineWarnings(report)) lines.push(chalk.yellow(`  ${escapeTerminal(warning)}`));
  return lines;
}

/** A process's dumps judged, then its comparisons: in order, or a table of states. */
function processLines(report: Report, process: ProcessKind, judged: string, chalk: ChalkInstance): string[] {
  const head = `${chalk.bold(process.padEnd(4))} ${judged}`;
  if (isFilteredOut(report, process)) return [head];
  const comparisons = report.comparisons.filter((comparison) => comparison.process === process);
  const byState = comparisons.some((comparison) => comparison.state !== null);
  const lines = [`${head}${byState ? ', each state on its own:' : ''}`];
  if (!byState) {
    for (const comparison of comparisons) {
      const states = escapeTerminal(describeMixedStates(report, comparison.snapshots));
      const run = describeRunOf(report, comparison);
      lines.push(`     ${run === '' ? '' : `${run}  `}compared in order: ${describeNumbers(report, comparison.snapshots)}${states}${aloneText(comparison)}`);
    }
    return lines;
  }
  const states = comparisons.map((comparison) => [[describeRunOf(report, comparison), escapeTerminal(comparison.state ?? 'all dumps')].filter(Boolean).join('  ')]);
  const [width = 0] = columnWidths(states);
  comparisons.forEach((comparison, index) => {
    lines.push(`     ${states[index]![0]!.padEnd(width)}  ${describeNumbers(report, comparison.snapshots)}${aloneText(comparison)}`);
  });
  return lines;
}

function aloneText(comparison: Comparison): string {
  if (comparison.snapshots.length > 1) return '';
  return comparison.state === null ? '  (one dump: nothing to compare)' : '  (alone in its state: not compared)';
}

function logProblemLines(report: Report, chalk: ChalkInstance): string[] {
  const problems = describeLogProblems(report);
  if (problems.length === 0) return [];
  return ['', chalk.yellow(LOG_PROBLEMS_HEADING), ...problems.map((problem) => chalk.yellow(`  ${escapeTerminal(problem)}`))];
}

function incompleteLines(report: Report, chalk: ChalkInstance): string[] {
  if (!report.incomplete) return [];
  const loud = (text: string): string => chalk.red.bold(text);
  const lines = ['', loud(`!! INCOMPLETE: ${describeIncomplete(report, false)}`)];
  for (const snapshot of incompleteSnapshots(report)) {
    lines.push(loud(`!!   ${snapshot.process} #${snapshot.number}  ${escapeTerminal(snapshot.file)}:${snapshot.line}  ${plural(snapshot.problems, 'problem')} (leakdiff list shows them)`));
  }
  return lines;
}

function findingLines(report: Report, chalk: ChalkInstance): string[] {
  if (report.findings.length === 0) {
    const none = describeNoFinding(report);
    return [painter(chalk)(none.text, none.tone), ''];
  }
  const lines: string[] = [];
  const showState = report.findings.some((finding) => finding.state !== null);
  const showRun = report.findings.some((finding) => describeRunOf(report, finding) !== '');
  for (const { kind, findings } of findingsByKind(report)) {
    lines.push(chalk.bold(describeKindHeading(kind, findings)));
    const rows = findings.map((finding) => [
      finding.verdict,
      finding.process,
      ...(showRun ? [describeRunOf(report, finding)] : []),
      escapeTerminal(describeSubject(finding)),
      ...(showState ? [escapeTerminal(finding.state ?? 'all dumps')] : []),
      seriesText(finding.series),
      describeDelta(finding.delta),
      escapeTerminal(describeRule(finding)),
    ]);
    const widths = columnWidths(rows);
    // Details go under the process column, so the row's verdict stays the first thing read.
    const indent = ' '.repeat(2 + widths[0]! + 2);
    rows.forEach((row, index) => {
      const cells = row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)));
      const verdict = findings[index]!.verdict === 'leak' ? chalk.red.bold(cells[0]!) : chalk.yellow(cells[0]!);
      lines.push(`  ${[verdict, ...cells.slice(1, -1), chalk.dim(cells[cells.length - 1]!)].join('  ')}`);
      for (const detail of evidenceLines(findings[index]!, chalk)) lines.push(`${indent}${detail}`);
      for (const detail of detailLines(report, findings[index]!, chalk)) lines.push(`${indent}${detail}`);
    });
    lines.push('');
  }
  for (const caveat of describeCaveats(report)) lines.push(caveat, '');
  return lines;
}

/** `24 → 26 → 28`; long series elide their middle and get a sparkline. */
export function seriesText(series: readonly number[]): string {
  const text = describeSeries(series);
  return series.length >= SPARKLINE_FROM ? `${text}  ${sparkline(series)}` : text;
}

/**
 * `▁▂▄█`: one bar per value, scaled from the smallest to the largest of the whole series; a long
 * series shows its first and last bars around a `…`.
 */
export function sparkline(series: readonly number[]): string {
  let low = Infinity;
  let high = -Infinity;
  for (const value of series) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  const top = SPARK_BARS.length - 1;
  const bar = (value: number): string => SPARK_BARS[high === low ? 0 : Math.round(((value - low) / (high - low)) * top)]!;
  if (series.length <= MAX_SPARK_BARS) return series.map(bar).join('');
  const edge = MAX_SPARK_BARS / 2;
  return `${series.slice(0, edge).map(bar).join('')}…${series.slice(-edge).map(bar).join('')}`;
}

function quietLines(report: Report, chalk: ChalkInstance): string[] {
  const counts = escapeTerminal(describeOtherKeys(report));
  if (!report.otherKeys) return [chalk.dim(`Other keys: ${counts} (--all lists them)`)];
  const lines = [chalk.bold(`Other keys: ${counts}`)];
  const rows = report.otherKeys.map((key: OtherKey) => [
    OUTCOME_WORDS[key.outcome],
    key.process,
    escapeTerminal(key.state ?? 'all dumps'),
    KIND_WORDS[key.kind].short,
    escapeTerminal(describeKeySubject(key)),
    seriesText(key.series),
  ]);
  const widths = columnWidths(rows);
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
    const patch = patchTreeLines(tree.beforeLines, tree.afterLines);
    if (patch === null) {
      const counted = countChangedLines(tree.beforeLines, tree.afterLines);
      lines.push(chalk.dim(`  ${describeUnalignedTree(counted.length)}`));
      for (const one of counted) {
        const text = escapeTerminal(describeCountedLine(one));
        lines.push(one.after > one.before ? chalk.green(`+${text}`) : chalk.red(`-${text}`));
      }
      continue;
    }
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

/** The finding's other series, aligned: `game·ball  3 → 11 → 19 → 26  +23  leak`. */
function evidenceLines(finding: Finding, chalk: ChalkInstance): string[] {
  const rows = describeEvidence(finding).map((one) => [escapeTerminal(one.where), one.series, one.delta, escapeTerminal(one.judgement)]);
  const widths = columnWidths(rows);
  return rows.map((row) => chalk.dim(row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')));
}

/** The lines under a finding: the events that explain it, slide churn, its baseline status, its culprits and source lines. */
function detailLines(report: Report, finding: Finding, chalk: ChalkInstance): string[] {
  const details: string[] = [];
  const attribution = describeAttribution(finding);
  if (attribution !== null) details.push(chalk.cyan(escapeTerminal(attribution)));
  const churn = describeChurn(report, finding);
  if (churn !== null) details.push(`slides: ${escapeTerminal(churn)}`);
  const unknown = describeUnknownPoints(report, finding);
  if (unknown !== null) details.push(chalk.yellow(unknown));
  const baseline = describeBaselineStatus(finding);
  if (baseline !== null) details.push(finding.baseline?.status === 'within-budget' ? chalk.dim(baseline) : chalk.red.bold(baseline));
  for (const line of describeCulprits(finding)) details.push(`${line.depth === 0 ? '' : '  '}${escapeTerminal(line.text)}`);
  return details;
}

/** The baseline's verdict over all findings, and its stale entries with what to do about them. */
function baselineLines(report: Report, chalk: ChalkInstance): string[] {
  const check = describeBaselineCheck(report);
  if (check === null) return [];
  const lines = [chalk.bold(escapeTerminal(check.heading))];
  if (check.staleHeading !== null) lines.push(`  ${escapeTerminal(check.staleHeading)}`);
  for (const entry of check.stale) lines.push(`    ${escapeTerminal(entry)}`);
  lines.push('');
  return lines;
}
