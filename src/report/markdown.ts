// `--format markdown`: a compact report to paste into a forum post or a pull-request comment (and
// what `--format github` appends to the job summary). Names from a log are escaped so that they
// can neither break the table (`|`), open a code span (`` ` ``) nor smuggle in HTML.

import type { Finding, Report } from '../model.js';
import { escapeTerminal } from './escape.js';
import type { Reporter } from './reporter.js';
import {
  caveatsOf,
  attributionOf,
  baselineCheckOf,
  baselineStatusOf,
  churnOf,
  dumpPairsOf,
  runsOf,
  comparedOf,
  deltaOf,
  incompleteOf,
  incompleteSentence,
  KIND_SHORT,
  LOG_PROBLEMS_HEADING,
  logProblemsOf,
  logsOf,
  otherKeysOf,
  PROCESS_ORDER,
  ruleOf,
  seriesOf,
  subjectOf,
  summaryOf,
  trendOf,
} from './words.js';

/** Logs listed one by one; more are shown as the first and the last. */
const MAX_LISTED_LOGS = 4;

const MARKDOWN_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text that markdown shows as it is: control characters made visible, HTML characters as entities,
 * and the characters that start emphasis, code, links or table cells backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  return escapeTerminal(text).replace(/[\\`*_[\]|~&<>]/g, (char) => MARKDOWN_ENTITIES[char] ?? `\\${char}`);
}

export const renderMarkdown: Reporter = (report) => {
  const lines = [`### leakdiff: ${escapeMarkdown(summaryOf(report))}`, '', ...comparedLines(report), ''];
  if (report.incomplete) lines.push(...incompleteLines(report), '');
  const logProblems = logProblemsOf(report);
  if (logProblems.length > 0) lines.push(`> **${LOG_PROBLEMS_HEADING}**`, ...logProblems.map((problem) => `> - ${escapeMarkdown(problem)}`), '');
  lines.push(...findingLines(report), ...attributionLines(report), ...churnLines(report), ...baselineLines(report));
  for (const caveat of caveatsOf(report)) lines.push(caveat, '');
  lines.push(`**Summary:** ${escapeMarkdown(summaryOf(report))}. Other keys: ${otherKeysOf(report)}.`);
  return `${lines.join('\n')}\n`;
};

function comparedLines(report: Report): string[] {
  const logs = logsOf(report).map((log) => `${escapeMarkdown(log.file)} (${log.dumps})`);
  const shown = logs.length > MAX_LISTED_LOGS ? [logs[0]!, `… ${logs.length - 2} more …`, logs[logs.length - 1]!] : logs;
  const lines = [`- **Logs:** ${shown.join('; ')}`];
  for (const process of PROCESS_ORDER) {
    const compared = comparedOf(report, process);
    if (compared !== null) lines.push(`- **${process}:** ${escapeMarkdown(compared)}`);
  }
  const runs = runsOf(report);
  if (runs !== null) lines.push(`- **${escapeMarkdown(runs.heading)}** ${runs.runs.map((run) => escapeMarkdown(run.replace(/ {2,}/g, ' '))).join('; ')}`);
  for (const pairs of dumpPairsOf(report)) lines.push(`- ${escapeMarkdown(pairs)}`);
  lines.push(`- **Rule:** ${trendOf(report)}`);
  if (report.options.ignore.length > 0) lines.push(`- **Ignored:** ${report.options.ignore.map(escapeMarkdown).join(', ')}`);
  return lines;
}

function incompleteLines(report: Report): string[] {
  const lines = [`> **Incomplete:** ${incompleteSentence(report)}`];
  for (const snapshot of incompleteOf(report)) {
    lines.push(`> - ${snapshot.process} #${snapshot.number}: ${escapeMarkdown(snapshot.file)}:${snapshot.line}, ${snapshot.problems} problem${snapshot.problems === 1 ? '' : 's'}`);
  }
  return lines;
}

function findingLines(report: Report): string[] {
  if (report.findings.length === 0) return ['Nothing grows.', ''];
  const showState = report.findings.some((finding) => finding.state !== null);
  const showBaseline = report.baseline !== undefined;
  const header = ['verdict', 'process', 'kind', 'subject', ...(showState ? ['state'] : []), 'series', 'delta', 'rule', ...(showBaseline ? ['baseline'] : [])];
  const lines = [row(header), row(header.map((name) => (name === 'delta' ? '--:' : '---')))];
  for (const finding of report.findings) {
    const baseline = showBaseline ? [escapeMarkdown(baselineStatusOf(finding)?.replace('baseline: ', '') ?? '')] : [];
    lines.push(row([...cellsOf(finding, showState), ...baseline]));
  }
  lines.push('');
  return lines;
}

function attributionLines(report: Report): string[] {
  const explained = report.findings.flatMap((finding) => {
    const attribution = attributionOf(finding);
    return attribution === null ? [] : [{ finding, attribution }];
  });
  if (explained.length === 0) return [];
  const lines = ['**Explained by posted events:**'];
  for (const { finding, attribution } of explained) {
    const name = `${finding.process} ${subjectOf(finding)}${finding.state === null ? '' : ` (${finding.state})`}`;
    lines.push(`- ${escapeMarkdown(name)}: ${escapeMarkdown(attribution)}`);
  }
  lines.push('');
  return lines;
}

function churnLines(report: Report): string[] {
  const churned = report.findings.flatMap((finding) => {
    const churn = churnOf(report, finding);
    return churn === null ? [] : [`- ${escapeMarkdown(`${finding.process} ${subjectOf(finding)}${finding.state === null ? '' : ` (${finding.state})`}: ${churn}`)}`];
  });
  return churned.length === 0 ? [] : ['**Slides created versus alive:**', ...churned, ''];
}

function baselineLines(report: Report): string[] {
  const check = baselineCheckOf(report);
  if (check === null) return [];
  const lines = [`**${escapeMarkdown(check.heading)}**`];
  if (check.staleHeading !== null) lines.push('', escapeMarkdown(check.staleHeading));
  for (const entry of check.stale) lines.push(`- ${escapeMarkdown(entry)}`);
  lines.push('');
  return lines;
}

function cellsOf(finding: Finding, showState: boolean): string[] {
  return [
    finding.verdict === 'leak' ? '**leak**' : 'suspect',
    finding.process,
    KIND_SHORT[finding.kind],
    escapeMarkdown(subjectOf(finding)),
    ...(showState ? [escapeMarkdown(finding.state ?? 'all dumps')] : []),
    seriesOf(finding.series),
    deltaOf(finding.delta),
    escapeMarkdown(ruleOf(finding)),
  ];
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
