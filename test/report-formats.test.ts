// The markdown, github and html reporters on their own: escaping for each medium, and reports of
// logs whose names are hostile (HTML, attributes, table cells, workflow commands).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import { treeListingsOf } from '../src/diff/trees.js';
import type { Report, TreeListing } from '../src/model.js';
import { parseLog } from '../src/parse/parser.js';
import { escapeData, escapeProperty, renderGithub, workflowCommand } from '../src/report/github.js';
import { chartSvg, escapeHtml, renderHtml } from '../src/report/html.js';
import { REPORTERS } from '../src/report/index.js';
import { escapeMarkdown, renderMarkdown } from '../src/report/markdown.js';
import { HOSTILE, writeHostileLogs } from './helpers/hostile.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-report-formats-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function hostileReport(): { report: Report; trees: TreeListing[] } {
  const files = writeHostileLogs(scratch);
  const snapshots = [files.mpf, files.mc].flatMap((file) => parseLog(readFileSync(file), path.basename(file)).snapshots);
  const report = diffSnapshots(snapshots, DEFAULT_DIFF_OPTIONS);
  return { report, trees: treeListingsOf(snapshots, report) };
}

test('escapeMarkdown: table cells, code spans, emphasis, links and HTML stay text', () => {
  assert.equal(escapeMarkdown('a|b'), 'a\\|b');
  assert.equal(escapeMarkdown('`x`'), '\\`x\\`');
  assert.equal(escapeMarkdown('*a* _b_ ~c~ [d](e) \\'), '\\*a\\* \\_b\\_ \\~c\\~ \\[d\\](e) \\\\');
  assert.equal(escapeMarkdown('<script>&amp;'), '&lt;script&gt;&amp;amp;');
  assert.equal(escapeMarkdown('line\nbreak\u001b[31m'), 'line\\\\nbreak\\\\x1b\\[31m', 'control characters made visible');
});

test('workflow commands: data and properties escaped as the Actions toolkit does', () => {
  assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
  assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  assert.equal(escapeData('a:b,c'), 'a:b,c', 'the message keeps colons and commas');
  assert.equal(workflowCommand('error', { file: 'C:\\logs\\x,1.log', line: 7, title: 'leak: x' }, 'grew\n::error::fake'), '::error file=C%3A\\logs\\x%2C1.log,line=7,title=leak%3A x::grew%0A::error::fake');
  assert.equal(workflowCommand('notice', {}, 'clean'), '::notice::clean');
});

test('escapeHtml: & < > " \' and control characters', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(escapeHtml('\u202eevil'), '\\u202eevil');
});

test('markdown of hostile names: every row keeps its cells, no HTML, no code span', () => {
  const { report } = hostileReport();
  const markdown = renderMarkdown(report, { color: false, trees: [] });
  const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
  assert.equal(rows.length, report.findings.length + 2);
  // Cells split on pipes that are not escaped.
  for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length - 2, 8, row);
  assert.doesNotMatch(markdown, /<(script|img|svg|\/svg)/i);
  assert.doesNotMatch(markdown, /(?<!\\)`/, 'every backtick escaped');
  assert.match(markdown, /\| &lt;script&gt;document.title="pwned"&lt;\/script&gt; \|/);
});

test('github of hostile names: one command a line, none injected, properties escaped', () => {
  const { report } = hostileReport();
  const lines = renderGithub(report, { color: false, trees: [] }).trimEnd().split('\n');
  assert.equal(lines.filter((line) => /^::(error|warning) file=/.test(line)).length, report.findings.length);
  assert.equal(lines.filter((line) => line.startsWith('::')).length, report.findings.length);
  assert.ok(lines.every((line) => /^::(error|warning) file=[^:]*::/.test(line) || line.startsWith('leakdiff: ') || line.startsWith('Only two')), lines.join('\n'));
  const attribute = lines.find((line) => line.includes('onload'))!;
  assert.ok(attribute.includes('title=leakdiff%3A leak in mpf handlers%3A "onload=document.title=\'pwned\' x=\'|%250A%3A%3Aerror%3A%3Ainjected%2C a%3Ab `x` (attract)::'), attribute);
  assert.ok(attribute.includes(`::"onload=document.title='pwned' x='|%250A::error::injected, a:b \`x\` (attract): 0 → 2 → 4 (+4), never dropped, rose in 2 of 2 intervals`), attribute);
});

test('html of hostile names: no tag or attribute from a log, one chart per finding', () => {
  const { report, trees } = hostileReport();
  const html = renderHtml(report, { color: false, trees });
  assert.ok(trees.length > 0, 'the display trees are shown');
  assert.doesNotMatch(html, /<script|<img/i);
  for (const name of Object.values(HOSTILE)) assert.ok(!html.includes(name), `raw: ${name}`);
  assert.ok(!html.includes('"onload=') && !html.includes('onerror="'), 'no quote from a log closes an attribute');
  assert.equal(html.match(/<svg /g)?.length, report.findings.length);
  assert.equal(html.match(/<\/svg>/g)?.length, report.findings.length);
  assert.ok(html.includes(escapeHtml(HOSTILE.script)) && html.includes(escapeHtml(`Text:${HOSTILE.svg}`)) && html.includes(escapeHtml(`Text:${HOSTILE.image}`)));
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  assert.doesNotMatch(html, /https?:|\s(src|href)=["']|url\(|@import/i, 'nothing to fetch');
});

test('html charts: one circle per value, higher values higher up, x labelled with dump numbers, axes named', () => {
  const { report } = hostileReport();
  const finding = report.findings.find((candidate) => candidate.series.length >= 3 && new Set(candidate.series).size > 1)!;
  const svg = chartSvg(report, finding);
  const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((match) => Number(match[1]));
  assert.equal(ys.length, finding.series.length);
  for (let i = 1; i < ys.length; i++) assert.equal(Math.sign(ys[i - 1]! - ys[i]!), Math.sign(finding.series[i]! - finding.series[i - 1]!));
  const labels = [...svg.matchAll(/text-anchor="middle">(#\d+)</g)].map((match) => match[1]);
  assert.deepEqual(labels, finding.points.map((point) => `#${report.snapshots[point]!.number}`));
  assert.match(svg, />mpf dump<\/text>/);
  assert.match(svg, />handlers<\/text>/);
});

test('html: the posted events that explain a finding, and slide churn, when the report has them', () => {
  const { report } = hostileReport();
  // Without a lead, the one event listed is the one named.
  const { lead: _lead, unlistedFits: _unlisted, ...unled } = report.findings[0]!;
  const finding = {
    ...unled,
    explainedBy: [{ event: '<b>ball_started</b>', ratio: 1, intervals: [0, 1], posted: 7, steady: false }],
    churn: { created: 40, alive: 1, createdPerInterval: [20, 20] },
  };
  const html = renderHtml({ ...report, findings: [finding] }, { color: false, trees: [] });
  assert.match(html, /<p class="attribution">Explained by posted events: ≈ \+1 handler per &lt;b&gt;ball_started&lt;\/b&gt; \(7 posted\)<\/p>/);
  const first = report.snapshots[finding.points[0]!]!.number;
  const last = report.snapshots[finding.points.at(-1)!]!.number;
  assert.ok(html.includes(`<p class="churn">Slides: 40 created from #${first} to #${last} (all names), 1 `), 'churn in the page');
  const markdown = renderMarkdown({ ...report, findings: [finding] }, { color: false, trees: [] });
  assert.match(markdown, /^- mpf &lt;script&gt;.*: ≈ \+1 handler per &lt;b&gt;ball\\_started&lt;\/b&gt; \(7 posted\)$/m);
});

/** The hostile report with its first finding stretched over `count` dumps of one comparison. */
function stretchedReport(count: number): Report {
  const { report } = hostileReport();
  const finding = report.findings[0]!;
  const template = report.snapshots[finding.points[0]!]!;
  const snapshots = Array.from({ length: count }, (_, index) => ({ ...template, number: index + 1, line: 10 * (index + 1) }));
  const points = Array.from({ length: count }, (_, index) => index);
  const series = points.map((index) => 100 + index);
  const comparison = { ...report.comparisons.find((candidate) => candidate.process === finding.process)!, snapshots: points };
  return { ...report, snapshots, comparisons: [comparison], findings: [{ ...finding, series, points, delta: count - 1 }] };
}

test('every format renders a finding over 200,000 dumps: no argument list or call stack overflows', () => {
  const report = stretchedReport(200_000);
  for (const [format, render] of Object.entries(REPORTERS)) {
    const output = render(report, { color: false, trees: [] });
    assert.ok(output.includes(`${report.findings[0]!.delta}`), `${format} shows the finding`);
  }
  const text = REPORTERS.text(report, { color: false, trees: [] });
  assert.ok(text.length < 5000, `the text report elides the series and its sparkline: ${text.length} characters`);
  assert.match(text, / 100 → 101 → … → 200098 → 200099 {2}▁{20}…█{20} /);
});
