// `--format markdown`: a compact report to paste into a forum post or a pull-request comment (and
// what `--format github` appends to the job summary). Names from a log are escaped so that they
// can neither break the table (`|`), open a code span (`` ` ``) nor smuggle in HTML.

import type { Finding, Report } from '../model.js';
import { describeCulprits, describeMachine, describeMachineWarnings, describeWithoutDumps } from './culprit-words.js';
import { escapeTerminal } from './escape.js';
import type { Reporter } from './reporter.js';
import {
  describeBaselineCheck,
  describeCompared,
  describeDumpPairs,
  describeIgnored,
  describeIncomplete,
  describeLogProblems,
  describeLogs,
  describeRuns,
  incompleteSnapshots,
  LOG_PROBLEMS_HEADING,
  describeUnknownPoints,
  describeDumpRuns,
  describeRunOf,
} from './compared-words.js';
import {
  describeAttribution,
  describeBaselineStatus,
  describeCaveats,
  describeChurn,
  describeDelta,
  describeOtherKeys,
  describeRule,
  describeSeries,
  describeSubject,
  describeSummary,
  describeTrend,
  KIND_WORDS,
  plural,
  PROCESS_ORDER,
  describeEvidence,
  describeNoFinding,
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
  const logProblems = describeLogProblems(report);
  const sections = [
    [`### leakdiff: ${escapeMarkdown(describeSummary(report))}`, '', ...comparedLines(report), ''],
    report.incomplete ? [...incompleteLines(report), ''] : [],
    logProblems.length > 0 ? [`> **${LOG_PROBLEMS_HEADING}**`, ...logProblems.map((problem) => `> - ${escapeMarkdown(problem)}`), ''] : [],
    findingLines(report),
    evidenceLines(report),
    attributionLines(report),
    churnLines(report),
    culpritLines(report),
    baselineLines(report),
    describeCaveats(report).flatMap((caveat) => [caveat, '']),
    [`**Summary:** ${escapeMarkdown(describeSummary(report))}. Other keys: ${escapeMarkdown(describeOtherKeys(report))}.`],
  ];
  return `${sections.flat().join('\n')}\n`;
};

function comparedLines(report: Report): string[] {
  const logs = describeLogs(report).map((log) => `${escapeMarkdown(log.file)} (${log.dumps})`);
  const shown = logs.length > MAX_LISTED_LOGS ? [logs[0]!, `… ${logs.length - 2} more …`, logs[logs.length - 1]!] : logs;
  const withoutDumps = describeWithoutDumps(report);
  const lines = withoutDumps === null ? [] : [`- **${escapeMarkdown(withoutDumps)}**`];
  lines.push(`- **Logs:** ${shown.join('; ')}`);
  for (const process of PROCESS_ORDER) {
    const compared = describeCompared(report, process);
    if (compared !== null) lines.push(`- **${process}:** ${escapeMarkdown(compared)}`);
  }
  const runs = describeRuns(report);
  if (runs !== null) lines.push(`- **${escapeMarkdown(runs.heading)}** ${runs.runs.map((run) => escapeMarkdown(run.replace(/ {2,}/g, ' '))).join('; ')}`);
  const dumpRuns = describeDumpRuns(report);
  if (dumpRuns !== null) lines.push(`- **${escapeMarkdown(dumpRuns.heading)}** ${dumpRuns.runs.map((run) => escapeMarkdown(run.replace(/ {2,}/g, ' '))).join('; ')}`);
  for (const pairs of describeDumpPairs(report)) lines.push(`- ${escapeMarkdown(pairs)}`);
  lines.push(`- **Rule:** ${describeTrend(report)}`);
  const ignored = describeIgnored(report);
  if (ignored.length > 0) lines.push(`- **Ignored:** ${ignored.map(escapeMarkdown).join(', ')}`);
  const machine = describeMachine(report);
  if (machine !== null) lines.push(`- ${escapeMarkdown(machine)}`);
  for (const warning of describeMachineWarnings(report)) lines.push(`  - ${escapeMarkdown(warning)}`);
  return lines;
}

function incompleteLines(report: Report): string[] {
  const lines = [`> **Incomplete:** ${describeIncomplete(report)}`];
  for (const snapshot of incompleteSnapshots(report)) {
    lines.push(`> - ${snapshot.process} #${snapshot.number}: ${escapeMarkdown(snapshot.file)}:${snapshot.line}, ${plural(snapshot.problems, 'problem')}`);
  }
  return lines;
}

function findingLines(report: Report): string[] {
  if (report.findings.length === 0) return [describeNoFinding(report).text, ''];
  const showState = report.findings.some((finding) => finding.state !== null);
  const showBaseline = report.baseline !== undefined;
  const header = ['verdict', 'process', 'kind', 'subject', ...(showState ? ['state'] : []), 'series', 'delta', 'rule', ...(showBaseline ? ['baseline'] : [])];
  const lines = [row(header), row(header.map((name) => (name === 'delta' ? '--:' : '---')))];
  for (const finding of report.findings) {
    const baseline = showBaseline ? [escapeMarkdown(describeBaselineStatus(finding)?.replace('baseline: ', '') ?? '')] : [];
    lines.push(row([...cellsOf(report, finding, showState), ...baseline]));
  }
  lines.push('');
  return lines;
}

/** Each finding's other series (other states, other places counted) and the dumps left out, a line each. */
function evidenceLines(report: Report): string[] {
  const lines = report.findings.flatMap((finding) => {
    const name = `${finding.process} ${describeSubject(finding)}${finding.state === null ? '' : ` (${finding.state})`}`;
    const others = describeEvidence(finding).map((one) => `- ${escapeMarkdown(`${name}, also ${one.where}: ${one.series} (${one.delta}), ${one.judgement}`)}`);
    const unknown = describeUnknownPoints(report, finding);
    return unknown === null ? others : [...others, `- ${escapeMarkdown(`${name}: ${unknown}`)}`];
  });
  return lines.length === 0 ? [] : ['**Other states and dumps left out:**', ...lines, ''];
}

function attributionLines(report: Report): string[] {
  const explained = report.findings.flatMap((finding) => {
    const attribution = describeAttribution(finding);
    return attribution === null ? [] : [{ finding, attribution }];
  });
  if (explained.length === 0) return [];
  const lines = ['**Explained by posted events:**'];
  for (const { finding, attribution } of explained) {
    const name = `${finding.process} ${describeSubject(finding)}${finding.state === null ? '' : ` (${finding.state})`}`;
    lines.push(`- ${escapeMarkdown(name)}: ${escapeMarkdown(attribution)}`);
  }
  lines.push('');
  return lines;
}

function churnLines(report: Report): string[] {
  const churned = report.findings.flatMap((finding) => {
    const churn = describeChurn(report, finding);
    return churn === null ? [] : [`- ${escapeMarkdown(`${finding.process} ${describeSubject(finding)}${finding.state === null ? '' : ` (${finding.state})`}: ${churn}`)}`];
  });
  return churned.length === 0 ? [] : ['**Slides created versus alive:**', ...churned, ''];
}

function culpritLines(report: Report): string[] {
  const lines: string[] = [];
  for (const finding of report.findings) {
    const culprits = describeCulprits(finding);
    if (culprits.length === 0) continue;
    lines.push(`- ${escapeMarkdown(`${finding.process} ${describeSubject(finding)}${finding.state === null ? '' : ` (${finding.state})`}`)}`);
    for (const line of culprits) lines.push(`${line.depth === 0 ? '  - ' : '    - '}${escapeMarkdown(line.text)}`);
  }
  return lines.length === 0 ? [] : ['**Culprits and source lines:**', ...lines, ''];
}

function baselineLines(report: Report): string[] {
  const check = describeBaselineCheck(report);
  if (check === null) return [];
  const lines = [`**${escapeMarkdown(check.heading)}**`];
  if (check.staleHeading !== null) lines.push('', escapeMarkdown(check.staleHeading));
  for (const entry of check.stale) lines.push(`- ${escapeMarkdown(entry)}`);
  lines.push('');
  return lines;
}

function cellsOf(report: Report, finding: Finding, showState: boolean): string[] {
  return [
    finding.verdict === 'leak' ? '**leak**' : 'suspect',
    finding.process,
    KIND_WORDS[finding.kind].short,
    escapeMarkdown([describeSubject(finding), describeRunOf(report, finding)].filter(Boolean).join(', ')),
    ...(showState ? [escapeMarkdown(finding.state ?? 'all dumps')] : []),
    describeSeries(finding.series),
    describeDelta(finding.delta),
    escapeMarkdown(describeRule(finding)),
  ];
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
