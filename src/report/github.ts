// `--format github`: GitHub Actions workflow commands. Each finding that fails the `--fail-on` gate
// is an `::error`, every other finding a `::warning`, a run with nothing failing ends in a
// `::notice`. The annotation points at the machine folder's line behind the finding when one is
// known (the line that registers its culprit), else at the log line of the finding's last dump.
// Names from a log are escaped as workflow-command data, so a name can never end the command or
// start another; names and file names alike have their control characters made visible first, as on a terminal.
// (The command appends the markdown report to $GITHUB_STEP_SUMMARY; a reporter does no I/O.)

import type { Finding, Report } from '../model.js';
import { annotatedSourceOf, describeCulprits, describeGrowthPlace, describeWithoutDumps } from './culprit-words.js';
import { escapeTerminal } from './escape.js';
import type { Reporter } from './reporter.js';
import { describeIncomplete, describeRunOf, describeSnapshotUnit, describeUnknownPoints, incompleteSnapshots } from './compared-words.js';
import {
  describeAttribution,
  describeBaselineStatus,
  describeCaveats,
  describeDelta,
  describeRule,
  describeSeries,
  describeSubject,
  describeSummary,
  failsGate,
  KIND_WORDS,
  plural,
} from './words.js';

type Level = 'error' | 'warning' | 'notice';

/** A workflow command's message: `%`, CR and LF are encoded (toolkit's `escapeData`). */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A workflow command's property value: as data, and `:` and `,` too (toolkit's `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** `::error file=…,line=…,title=…::message`; properties in the order given, values escaped. */
export function workflowCommand(level: Level, properties: Record<string, string | number>, message: string): string {
  const list = Object.entries(properties).map(([name, value]) => `${name}=${escapeProperty(String(value))}`);
  return `::${level}${list.length > 0 ? ` ${list.join(',')}` : ''}::${escapeData(message)}`;
}

export const renderGithub: Reporter = (report) => {
  const lines: string[] = [];
  const withoutDumps = describeWithoutDumps(report);
  if (withoutDumps !== null) lines.push(workflowCommand('notice', { title: 'leakdiff: no dump found' }, withoutDumps));
  if (report.incomplete) {
    const damaged = incompleteSnapshots(report).map((snapshot) => `${snapshot.process} #${snapshot.number} ${escapeTerminal(snapshot.file)}:${snapshot.line}`);
    lines.push(workflowCommand('warning', { title: 'leakdiff: incomplete dumps' }, `${describeIncomplete(report)}\n${damaged.join('\n')}`));
  }
  for (const problem of report.logProblems ?? []) {
    const where = problem.file === '-' ? {} : { file: escapeTerminal(problem.file), line: problem.line };
    lines.push(workflowCommand('warning', { ...where, title: 'leakdiff: log problem' }, escapeTerminal(problem.detail)));
  }
  for (const finding of report.findings) lines.push(findingCommand(report, finding));
  for (const caveat of describeCaveats(report)) lines.push(caveat);
  const failing = report.findings.some((finding) => failsGate(finding, report.options.failOn));
  const summary = `${escapeTerminal(describeSummary(report))} (${plural(report.snapshots.length, describeSnapshotUnit(report))} read)`;
  lines.push(failing ? `leakdiff: ${summary}` : workflowCommand('notice', { title: 'leakdiff' }, summary));
  return `${lines.join('\n')}\n`;
};

function findingCommand(report: Report, finding: Finding): string {
  const level = failsGate(finding, report.options.failOn) ? 'error' : 'warning';
  const last = report.snapshots[finding.points[finding.points.length - 1] ?? -1];
  // On the machine's code when a source line is known, so the pull request shows it there;
  // else on the dump. Standard input has no file an annotation could point at.
  const source = annotatedSourceOf(finding);
  const where = source !== null ? { file: escapeTerminal(source.file), line: source.line } : last === undefined || last.file === '-' ? {} : { file: escapeTerminal(last.file), line: last.line };
  const subject = escapeTerminal(describeSubject(finding));
  const run = describeRunOf(report, finding);
  const state = [finding.state, run].filter((part) => part !== null && part !== '').length === 0 ? '' : ` (${[finding.state === null ? '' : escapeTerminal(finding.state), run].filter(Boolean).join(', ')})`;
  const title = `leakdiff: ${finding.verdict} in ${finding.process} ${KIND_WORDS[finding.kind].short}: ${subject}${state}`;
  const details = [describeAttribution(finding) ?? '', describeUnknownPoints(report, finding) ?? '', describeBaselineStatus(finding) ?? ''].filter(Boolean).map((detail) => `; ${escapeTerminal(detail)}`);
  const culprits = describeCulprits(finding).map((line) => `\n${line.depth === 0 ? '' : '  '}${escapeTerminal(line.text)}`);
  const dump = source !== null && last !== undefined ? `\n${escapeTerminal(describeGrowthPlace(last.file, last.line))}` : '';
  const message = `${subject}${state}: ${describeSeries(finding.series)} (${describeDelta(finding.delta)}), ${escapeTerminal(describeRule(finding))}${details.join('')}${culprits.join('')}${dump}`;
  return workflowCommand(level, { ...where, title }, message);
}
