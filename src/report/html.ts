// `--format html`: one self-contained page (inline CSS, inline SVG, no script, nothing fetched) to
// open in a browser or attach to a bug report: the summary, what was compared, each finding with
// a chart of its series over the dumps, the posted events that explain it, and the display trees
// and clock of the first and last dump of each group. Every text from a log goes through
// escapeHtml; the page also forbids scripts by its Content-Security-Policy, as a second wall.

import type { Finding, OtherKey, Report, ReportSnapshot, TreeListing } from '../model.js';
import { describeCulprits, describeMachine, describeMachineWarnings, describeWithoutDumps } from './culprit-words.js';
import { escapeTerminal } from './escape.js';
import type { Reporter } from './reporter.js';
import { alignTreeLines, countChangedLines } from './tree-changes.js';
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
  describeCountedLine,
  describeBaselineStatus,
  describeCaveats,
  describeChurn,
  describeDelta,
  describeKeySubject,
  describeKindHeading,
  describeOtherKeys,
  describeRule,
  describeSeries,
  describeSubject,
  describeSummary,
  describeTrend,
  failsGate,
  findingsByKind,
  KIND_WORDS,
  type Paint,
  plural,
  PROCESS_ORDER,
  type Tone,
  describeEvidence,
  describeNoFinding,
  describeUnalignedTree,
} from './words.js';

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML content and in quoted attributes; control characters made visible as in the terminal. */
export function escapeHtml(text: string): string {
  return escapeTerminal(text).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);
}

/** Chart geometry, in SVG user units. */
const CHART = { width: 640, height: 200, left: 56, right: 16, top: 14, bottom: 42 } as const;
/** At most this many dump numbers under a chart's x axis. */
const MAX_X_LABELS = 12;

const STYLE = `
:root { color-scheme: light; --leak: #c62828; --suspect: #b26a00; --ok: #2e7d32; --muted: #5f6368; --line: #dadce0; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 980px; padding: 24px; color: #202124; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
code, pre, .mono { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: 13px; }
.summary { font-size: 18px; font-weight: 600; margin: 4px 0 12px; }
.leak { color: var(--leak); } .suspect { color: var(--suspect); } .clean { color: var(--ok); }
.muted { color: var(--muted); }
.culprit { word-break: break-word; } ul.sources { margin: 0 0 6px; word-break: break-word; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
th { font-weight: 600; border-bottom: 1px solid var(--line); }
td.number, th.number { text-align: right; }
.warning { border-left: 4px solid var(--leak); background: #fdecea; padding: 8px 12px; margin: 12px 0; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--suspect); border-radius: 4px; padding: 10px 14px; margin: 12px 0; }
.finding.is-leak { border-left-color: var(--leak); }
.finding h4 { margin: 0 0 4px; font-size: 15px; word-break: break-all; }
.verdict { text-transform: uppercase; font-size: 12px; font-weight: 700; letter-spacing: .04em; margin-right: 6px; }
.chart { display: block; width: 100%; max-width: 640px; height: auto; margin: 6px 0; }
.chart .axis { stroke: #80868b; stroke-width: 1; }
.chart .grid { stroke: var(--line); stroke-width: 1; stroke-dasharray: 3 3; }
.chart text { font: 11px system-ui, sans-serif; fill: var(--muted); }
.chart .title { font-weight: 600; fill: #3c4043; }
.chart polyline { fill: none; stroke-width: 2; }
.chart.leak polyline { stroke: var(--leak); } .chart.leak circle { fill: var(--leak); }
.chart.suspect polyline { stroke: var(--suspect); } .chart.suspect circle { fill: var(--suspect); }
details { margin: 6px 0; } summary { cursor: pointer; }
pre.tree { background: #f8f9fa; border: 1px solid var(--line); padding: 8px; overflow-x: auto; max-height: 480px; }
pre.tree .line { display: block; min-height: 1.2em; }
pre.tree .added { color: var(--ok); background: #e6f4ea; }
pre.tree .removed { color: var(--leak); background: #fdecea; }
footer { margin-top: 40px; font-size: 13px; }
`;

export const renderHtml: Reporter = (report, options) => {
  const summary = describeSummary(report);
  const body = [
    '<header>',
    '<h1>leakdiff report</h1>',
    `<p class="summary" id="summary">${summaryHtml(report)}</p>`,
    '</header>',
    ...comparedHtml(report),
    ...incompleteHtml(report),
    ...logProblemsHtml(report),
    ...findingsHtml(report),
    ...baselineHtml(report),
    ...treesHtml(report, options.trees),
    ...otherKeysHtml(report),
    `<footer class="muted">Made by leakdiff from ${plural(report.snapshots.length, 'dump')}. Settings: --trend ${report.options.trend}, --max-growth ${report.options.maxGrowth}, --fail-on ${report.options.failOn}, --warmup ${report.options.warmup}, --by-state ${report.options.byState}; exit code ${report.exitCode}.</footer>`,
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>leakdiff: ${escapeHtml(summary)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
};

/** The page's CSS class for each of the phrasebook's tones; plain words get no span. */
const TONE_CLASSES = {
  leak: 'leak',
  suspect: 'suspect',
  clean: 'clean',
  idle: 'muted',
  plain: null,
} as const satisfies Record<Tone, string | null>;

/** Escapes the words and wraps them in their tone's class. */
const paintHtml: Paint = (text, tone) => {
  const css = TONE_CLASSES[tone];
  return css === null ? escapeHtml(text) : `<span class="${css}">${escapeHtml(text)}</span>`;
};

/** The summary line, each process's verdict in its tone. */
function summaryHtml(report: Report): string {
  return describeSummary(report, paintHtml, 'verdict');
}

function baselineHtml(report: Report): string[] {
  const check = describeBaselineCheck(report);
  if (check === null) return [];
  const lines = ['<section id="baseline">', `<h2>${escapeHtml(check.heading)}</h2>`];
  if (check.staleHeading !== null) lines.push(`<p>${escapeHtml(check.staleHeading)}</p>`);
  if (check.stale.length > 0) lines.push(`<ul class="mono">${check.stale.map((entry) => `<li>${escapeHtml(entry)}</li>`).join('')}</ul>`);
  lines.push('</section>');
  return lines;
}

function comparedHtml(report: Report): string[] {
  const rows = describeLogs(report).map((log) => `<tr><td class="mono">${escapeHtml(log.file)}</td><td>${escapeHtml(log.dumps)}</td></tr>`);
  const processes = PROCESS_ORDER.flatMap((process) => {
    const compared = describeCompared(report, process);
    return compared === null ? [] : [`<li><b>${process}</b>: ${escapeHtml(compared)}</li>`];
  });
  const counts = PROCESS_ORDER.filter((process) => report.summary.byProcess[process].dumps > 0).map((process) => {
    const summary = report.summary.byProcess[process];
    const cells = [summary.dumps, summary.judged, summary.leaks, summary.suspects, summary.unchanged, summary.shrinking, summary.withinBudget];
    return `<tr><th>${process}</th>${cells.map((cell) => `<td class="number">${cell}</td>`).join('')}</tr>`;
  });
  const lines = [
    '<section id="compared">',
    '<h2>What was compared</h2>',
    ...nullable(describeWithoutDumps(report), (text) => `<p class="suspect" id="without-dumps"><b>${escapeHtml(text)}</b></p>`),
    `<table><thead><tr><th>log</th><th>dumps</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    `<ul>${processes.join('')}</ul>`,
    `<p>Rule: ${escapeHtml(describeTrend(report))}.</p>`,
  ];
  const runs = describeRuns(report);
  if (runs !== null) lines.push(`<p>${escapeHtml(runs.heading)}</p>`, `<ul class="mono">${runs.runs.map((run) => `<li>${escapeHtml(run)}</li>`).join('')}</ul>`);
  const dumpRuns = describeDumpRuns(report);
  if (dumpRuns !== null) lines.push(`<p>${escapeHtml(dumpRuns.heading)}</p>`, `<ul class="mono">${dumpRuns.runs.map((run) => `<li>${escapeHtml(run)}</li>`).join('')}</ul>`);
  for (const pairs of describeDumpPairs(report)) lines.push(`<p>${escapeHtml(pairs)}</p>`);
  const ignored = describeIgnored(report);
  if (ignored.length > 0) lines.push(`<p>Ignored: <span class="mono">${ignored.map(escapeHtml).join(', ')}</span></p>`);
  const machine = describeMachine(report);
  if (machine !== null) lines.push(`<p id="machine">${escapeHtml(machine)}</p>`);
  const warnings = describeMachineWarnings(report);
  if (warnings.length > 0) lines.push(`<ul class="mono suspect">${warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join('')}</ul>`);
  const head = ['dumps', 'judged', 'leaks', 'suspects', 'unchanged', 'shrinking', 'within budget'].map((name) => `<th class="number">${name}</th>`);
  lines.push(`<table id="counts"><thead><tr><th></th>${head.join('')}</tr></thead><tbody>${counts.join('')}</tbody></table>`, '</section>');
  return lines;
}

function incompleteHtml(report: Report): string[] {
  if (!report.incomplete) return [];
  const items = incompleteSnapshots(report).map(
    (snapshot) => `<li>${snapshot.process} #${snapshot.number}: <span class="mono">${escapeHtml(snapshot.file)}:${snapshot.line}</span>, ${plural(snapshot.problems, 'problem')}</li>`,
  );
  return [`<section class="warning" id="incomplete"><b>Incomplete:</b> ${escapeHtml(describeIncomplete(report))}<ul>${items.join('')}</ul></section>`];
}

function logProblemsHtml(report: Report): string[] {
  const problems = describeLogProblems(report);
  if (problems.length === 0) return [];
  return [`<section class="warning" id="log-problems"><b>${LOG_PROBLEMS_HEADING}</b><ul>${problems.map((problem) => `<li class="mono">${escapeHtml(problem)}</li>`).join('')}</ul></section>`];
}

function findingsHtml(report: Report): string[] {
  const lines = ['<section id="findings">', '<h2>Findings</h2>'];
  if (report.findings.length === 0) {
    const none = describeNoFinding(report);
    lines.push(`<p class="${TONE_CLASSES[none.tone] ?? ''}">${escapeHtml(none.text)}</p>`);
  }
  // Each finding's anchor is its place in the report, whatever its kind.
  const places = new Map(report.findings.map((finding, index) => [finding, index]));
  for (const { kind, findings } of findingsByKind(report)) {
    lines.push(`<h3>${escapeHtml(describeKindHeading(kind, findings))}</h3>`);
    for (const finding of findings) for (const line of findingHtml(report, finding, places.get(finding)!)) lines.push(line);
  }
  for (const caveat of describeCaveats(report)) lines.push(`<p>${escapeHtml(caveat)}</p>`);
  lines.push('</section>');
  return lines;
}

function findingHtml(report: Report, finding: Finding, index: number): string[] {
  const fails = failsGate(finding, report.options.failOn);
  const run = describeRunOf(report, finding);
  const state = `${finding.state === null ? '' : ` <span class="muted">in ${escapeHtml(finding.state)}</span>`}${run === '' ? '' : ` <span class="muted">(${run})</span>`}`;
  const lines = [
    `<article class="finding is-${finding.verdict}" id="finding-${index + 1}" data-kind="${finding.kind}" data-verdict="${finding.verdict}">`,
    `<h4><span class="verdict ${finding.verdict}">${finding.verdict}</span>${finding.process} ${KIND_WORDS[finding.kind].short}: <span class="subject mono">${escapeHtml(describeSubject(finding))}</span>${state}</h4>`,
    `<p><span class="series mono">${describeSeries(finding.series)}</span> <b class="delta">${describeDelta(finding.delta)}</b>: ${escapeHtml(describeRule(finding))}${fails ? ' <span class="leak">(fails the gate)</span>' : ''}</p>`,
    chartSvg(report, finding),
  ];
  for (const one of describeEvidence(finding)) {
    lines.push(`<p class="evidence">Also ${escapeHtml(one.where)}: <span class="series mono">${escapeHtml(one.series)}</span> <b class="delta">${one.delta}</b>: ${escapeHtml(one.judgement)}</p>`);
  }
  const unknown = describeUnknownPoints(report, finding);
  if (unknown !== null) lines.push(`<p class="unknown">${escapeHtml(unknown)}</p>`);
  const attribution = describeAttribution(finding);
  if (attribution !== null) lines.push(`<p class="attribution">Explained by posted events: ${escapeHtml(attribution)}</p>`);
  const churn = describeChurn(report, finding);
  if (churn !== null) lines.push(`<p class="churn">Slides: ${escapeHtml(churn)}</p>`);
  const baseline = describeBaselineStatus(finding);
  if (baseline !== null) lines.push(`<p class="baseline${finding.baseline?.status === 'within-budget' ? ' muted' : ' leak'}">${escapeHtml(baseline)}</p>`);
  for (const line of culpritsHtml(finding)) lines.push(line);
  lines.push('</article>');
  return lines;
}

/** `[render(text)]`, or `[]` for null. */
function nullable(text: string | null, render: (text: string) => string): string[] {
  return text === null ? [] : [render(text)];
}

/** The finding's culprits and source lines: a paragraph each, the other source lines listed under it. */
function culpritsHtml(finding: Finding): string[] {
  const lines: string[] = [];
  let more: string[] = [];
  const flush = (): void => {
    if (more.length > 0) lines.push(`<ul class="sources mono">${more.join('')}</ul>`);
    more = [];
  };
  for (const line of describeCulprits(finding)) {
    if (line.depth === 1) {
      more.push(`<li>${escapeHtml(line.text)}</li>`);
      continue;
    }
    flush();
    lines.push(`<p class="culprit">${escapeHtml(line.text)}</p>`);
  }
  flush();
  return lines;
}

/** A line chart of the finding's series: one point per judged dump, x labelled by dump number, y by count. */
export function chartSvg(report: Report, finding: Finding): string {
  const { width, height, left, right, top, bottom } = CHART;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const values = finding.series;
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  // A flat series sits in the middle of a range of one either side.
  const [from, to] = high === low ? [low - 1, high + 1] : [low, high];
  const x = (i: number): number => round(left + (values.length === 1 ? plotWidth / 2 : (i * plotWidth) / (values.length - 1)));
  const y = (value: number): number => round(top + plotHeight - ((value - from) / (to - from)) * plotHeight);
  const snapshots = finding.points.map((point) => report.snapshots[point]);
  const label = (snapshot: ReportSnapshot | undefined): string => (snapshot === undefined ? '?' : `#${snapshot.number}`);

  const yTicks = [...new Set([low, high, Math.round((low + high) / 2)])].sort((a, b) => a - b);
  const every = Math.ceil(values.length / MAX_X_LABELS);
  const xTicks = values.map((_, i) => i).filter((i) => i % every === 0 || i === values.length - 1);
  const unit = KIND_WORDS[finding.kind].axis;
  const name = `${finding.process} ${KIND_WORDS[finding.kind].short} ${describeSubject(finding)}${finding.state === null ? '' : ` (${finding.state})`}`;
  const parts = [
    `<svg class="chart ${finding.verdict}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(`${name}: ${describeSeries(values)}`)}" data-points="${values.length}">`,
    ...yTicks.map((tick) => `<line class="grid" x1="${left}" x2="${width - right}" y1="${y(tick)}" y2="${y(tick)}"/><text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick}</text>`),
    `<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${top + plotHeight}"/>`,
    `<line class="axis" x1="${left}" x2="${width - right}" y1="${top + plotHeight}" y2="${top + plotHeight}"/>`,
    ...xTicks.map((i) => `<text x="${x(i)}" y="${top + plotHeight + 16}" text-anchor="middle">${label(snapshots[i])}</text>`),
    `<text class="title" x="${left + plotWidth / 2}" y="${height - 4}" text-anchor="middle">${finding.process} dump</text>`,
    `<text class="title" transform="translate(14 ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${unit}</text>`,
    `<polyline points="${values.map((value, i) => `${x(i)},${y(value)}`).join(' ')}"/>`,
    ...values.map((value, i) => {
      const snapshot = snapshots[i];
      const time = snapshot?.time ? ` at ${snapshot.time.replace('T', ' ')}` : '';
      const tip = `${label(snapshot)}${snapshot ? ` ${snapshot.state}` : ''}${time}: ${value} ${unit}`;
      return `<circle cx="${x(i)}" cy="${y(value)}" r="3.5"><title>${escapeHtml(tip)}</title></circle>`;
    }),
    '</svg>',
  ];
  return parts.join('');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function treesHtml(report: Report, trees: readonly TreeListing[]): string[] {
  if (trees.length === 0) return [];
  const lines = ['<section id="trees">', '<h2>Display trees and clock</h2>', '<p class="muted">First against last dump of each compared group, normalised keys; added lines green, removed lines red.</p>'];
  for (const tree of trees) {
    const name = (index: number): string => {
      const snapshot = report.snapshots[index];
      return snapshot === undefined ? '?' : `${snapshot.process} #${snapshot.number}`;
    };
    const part = tree.part === 'clock' ? 'clock' : `display ${tree.display ?? '(unnamed)'}`;
    const state = tree.state === null ? '' : ` in ${tree.state}`;
    const changes = alignTreeLines(tree.beforeLines, tree.afterLines);
    let changed: boolean;
    let body: string[];
    if (changes === null) {
      const counted = countChangedLines(tree.beforeLines, tree.afterLines);
      changed = true;
      body = [`<span class="line muted">${escapeHtml(describeUnalignedTree(counted.length))}</span>`];
      for (const one of counted) {
        const added = one.after > one.before;
        body.push(`<span class="line ${added ? 'added' : 'removed'}">${added ? '+ ' : '- '}${escapeHtml(describeCountedLine(one))}</span>`);
      }
    } else {
      changed = changes.some((change) => change.added || change.removed);
      body = changes.flatMap((change) => {
        const mark = change.added ? '+ ' : change.removed ? '- ' : '  ';
        const css = change.added ? 'line added' : change.removed ? 'line removed' : 'line';
        return change.value.map((line) => `<span class="${css}">${mark}${escapeHtml(line)}</span>`);
      });
    }
    const title = `${part}${state}: ${name(tree.before)} → ${name(tree.after)}, ${tree.beforeLines.length} → ${tree.afterLines.length} lines${changed ? '' : ', no change'}`;
    lines.push(`<details class="tree-listing" data-part="${tree.part}"${changed ? ' open' : ''}><summary>${escapeHtml(title)}</summary><pre class="tree">${body.join('')}</pre></details>`);
  }
  lines.push('</section>');
  return lines;
}

function otherKeysHtml(report: Report): string[] {
  const lines = ['<section id="other-keys">', '<h2>Other keys</h2>', `<p>${escapeHtml(describeOtherKeys(report))}${report.otherKeys ? '' : ' (--all lists them)'}.</p>`];
  if (report.otherKeys && report.otherKeys.length > 0) {
    const rows = report.otherKeys.map((key: OtherKey) => {
      const cells = [key.outcome, key.process, key.state ?? 'all dumps', KIND_WORDS[key.kind].short, describeKeySubject(key), describeSeries(key.series)];
      return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
    });
    lines.push(`<table><thead><tr><th>outcome</th><th>process</th><th>state</th><th>kind</th><th>subject</th><th>series</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  }
  lines.push('</section>');
  return lines;
}
