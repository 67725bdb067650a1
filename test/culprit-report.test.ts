// Culprits and source lines in every format, on a report with hand-built culprits: the words
// under a finding, the GitHub annotation on the code's line, the JSON schema.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import type { Culprit, Finding, HandlerGrowthFinding, Report, SourceLine } from '../src/model.js';
import { parseLog } from '../src/parse/parser.js';
import { annotatedSourceOf, describeCulprits, describeOwner } from '../src/report/culprit-words.js';
import { renderGithub } from '../src/report/github.js';
import { renderHtml } from '../src/report/html.js';
import { renderJson } from '../src/report/json.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderText } from '../src/report/text.js';
import { ROOT } from './helpers/cli.js';

const Ajv2020 = Ajv2020Module.default;
const validateReport = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(path.join(ROOT, 'schema', 'report.schema.json'), 'utf8')) as object);

const REGISTERS: SourceLine = {
  file: 'modes/skillshot/code/skillshot.py',
  line: 12,
  code: "        self.machine.events.add_handler('s_top_rollover_active', self._rollover_hit)",
  role: 'registers',
  method: 'Skillshot.mode_start',
  note: 'a global handler added each time the mode starts; MPF does not remove it when the mode stops (use self.add_mode_event_handler)',
};
const DEFINES: SourceLine = { file: 'modes/skillshot/code/skillshot.py', line: 14, code: '    def _rollover_hit(self, **kwargs):', role: 'defines' };

function culprit(counts: (number | null)[]): Culprit {
  return {
    callback: 'Skillshot._rollover_hit',
    owner: '<Mode.skillshot>',
    ownerKind: 'mode',
    priority: 1,
    counts,
    from: 'collision',
    cut: false,
    sources: [DEFINES, REGISTERS],
  };
}

/** The handler-growth fixture's report, its first leak given a culprit and its second none. */
function reportWithCulprits(): Report {
  const file = 'fixtures/diff-handler-growth/mpf-pinbox.log';
  const report = diffSnapshots(parseLog(readFileSync(path.join(ROOT, file)), file).snapshots, DEFAULT_DIFF_OPTIONS);
  // A third finding, a copy of the second, gives one with neither culprit nor sources beside one with sources only.
  const findings = [...report.findings, report.findings[1]!].map((finding, index): Finding => {
    if (finding.kind !== 'handler-growth') return finding;
    if (index === 0) return { ...finding, culprits: [culprit(finding.series.map((value) => (value < 10 ? null : value)))] };
    if (index === 2) return { ...finding, noCulprit: 'no-line', sources: [{ ...REGISTERS, line: 40, method: 'BallBumperTally.__init__', note: 'removed in BallBumperTally.close, but nothing calls close' }] };
    return finding;
  });
  return { ...report, findings, machine: { dir: 'fixtures/leaky-machine/machine', chosenBy: 'option', warnings: [{ file: 'fixtures/leaky-machine/machine/code/broken.py', message: 'not valid Python at line 5, skipped' }] } };
}

test('culprit words: the culprit, its owner and copies, then its source line and the others', () => {
  const report = reportWithCulprits();
  const lines = describeCulprits(report.findings[0]!);
  assert.deepEqual(lines, [
    {
      text: "culprit: Skillshot._rollover_hit (mode skillshot) ×15 — modes/skillshot/code/skillshot.py:12 self.machine.events.add_handler('s_top_rollover_active', self._rollover_hit) in Skillshot.mode_start: a global handler added each time the mode starts; MPF does not remove it when the mode stops (use self.add_mode_event_handler)",
      depth: 0,
    },
    { text: 'defined at modes/skillshot/code/skillshot.py:14 def _rollover_hit(self, **kwargs):', depth: 1 },
  ]);
  const none = describeCulprits(report.findings[2]!);
  assert.match(none[0]!.text, /^no culprit named: no Unordered handler line names a callback of timer_frenzy_timer_tick \(MPF names only handlers of one object that collide\)$/);
  assert.match(none[1]!.text, /^registered at modes\/skillshot\/code\/skillshot\.py:40 .* in BallBumperTally\.__init__: removed in/);
  assert.equal(none[1]!.depth, 1);
  assert.deepEqual(describeCulprits(report.findings[1]!), [], 'a finding with neither says nothing');
});

test('culprit words: owners of each kind, a cut line, MPF\'s own object without source lines', () => {
  const base = culprit([2, 3]);
  assert.equal(describeOwner({ ...base, owner: '<Scriptlet.code.orbit_combos.OrbitCombos>', ownerKind: 'custom-code' }), 'custom code code.orbit_combos.OrbitCombos');
  assert.equal(describeOwner({ ...base, owner: '<CustomCode.code.mc_hurry_up.HurryUpDisplay>', ownerKind: 'mc-custom-code' }), 'MC custom code code.mc_hurry_up.HurryUpDisplay');
  assert.equal(describeOwner({ ...base, owner: '<Auditor>', ownerKind: 'mpf' }), "MPF's <Auditor>");
  assert.equal(describeOwner({ ...base, owner: null, ownerKind: null, from: 'registered' }), null);
  const finding = reportWithCulprits().findings[0] as HandlerGrowthFinding;
  const cut = describeCulprits({ ...finding, culprits: [{ ...base, cut: true, sources: [] }] });
  assert.deepEqual(cut.map((line) => line.text), ['culprit: Skillshot._rollover_hit (mode skillshot) ×3 or more (a line that names it is cut off)']);
  const own = describeCulprits({ ...finding, culprits: [{ ...base, owner: '<Auditor>', ownerKind: 'mpf', callback: 'Auditor.audit_event', sources: [], note: "<Auditor> is MPF's own object, not the machine's code" }] });
  assert.deepEqual(own.map((line) => line.text), ["culprit: Auditor.audit_event (MPF's <Auditor>) ×3 — <Auditor> is MPF's own object, not the machine's code"]);
  const { culprits: _culprits, ...without } = finding;
  assert.equal(describeCulprits({ ...without, noCulprit: 'not-logged' })[0]!.text, 'no culprit named: the log has no EventManager lines (its INFO logging is off)');
  assert.equal(describeCulprits({ ...without, noCulprit: 'not-growing' })[0]!.text, 'no culprit named: the Unordered handler lines name no callback of ball_started whose copies keep growing');
  assert.deepEqual(describeCulprits({ ...without, verdict: 'suspect', noCulprit: 'no-line' }), [], 'a suspect with no source line says nothing of it');
  const yaml: SourceLine = { file: 'config/mc.yaml', line: 76, code: '  s_spinner_active:', role: 'plays', note: 'widget_player s_spinner_active shows spin_award' };
  assert.deepEqual(describeCulprits({ ...without, kind: 'object-growth', subject: 'Text:X', sources: [DEFINES, yaml] }), [
    { text: 'shown at config/mc.yaml:76 s_spinner_active: — widget_player s_spinner_active shows spin_award', depth: 0 },
    { text: 'defined at modes/skillshot/code/skillshot.py:14 def _rollover_hit(self, **kwargs):', depth: 0 },
  ]);
});

test('text, markdown and html show the machine folder, its warnings, the culprit and its source lines', () => {
  const report = reportWithCulprits();
  const text = renderText(report, { color: false, trees: [] });
  assert.match(text, /^Machine folder: fixtures\/leaky-machine\/machine \(--machine\)\n {2}fixtures\/leaky-machine\/machine\/code\/broken\.py: not valid Python at line 5, skipped$/m);
  assert.match(text, /^ {8}culprit: Skillshot\._rollover_hit \(mode skillshot\) ×15 — modes\/skillshot\/code\/skillshot\.py:12 self\.machine/m);
  assert.match(text, /^ {10}defined at modes\/skillshot\/code\/skillshot\.py:14 def _rollover_hit/m);
  assert.match(text, /^ {8}no culprit named: /m);
  assert.match(text, /^ {10}registered at modes\/skillshot\/code\/skillshot\.py:40 /m);
  const markdown = renderMarkdown(report, { color: false, trees: [] });
  assert.match(markdown, /^\*\*Culprits and source lines:\*\*\n- mpf ball\\_started \(attract\)\n {2}- culprit: Skillshot\.\\_rollover\\_hit \(mode skillshot\) ×15 — modes\/skillshot\/code\/skillshot\.py:12 /m);
  assert.match(markdown, /^ {4}- defined at modes\/skillshot\/code\/skillshot\.py:14 /m);
  assert.match(markdown, /^- Machine folder: fixtures\/leaky-machine\/machine \(--machine\)\n {2}- fixtures\/leaky-machine\/machine\/code\/broken\.py: /m);
  const html = renderHtml(report, { color: false, trees: [] });
  assert.match(html, /<p class="culprit">culprit: Skillshot\._rollover_hit \(mode skillshot\) ×15 — modes\/skillshot\/code\/skillshot\.py:12 self\.machine\.events\.add_handler\(&#39;s_top_rollover_active&#39;, self\._rollover_hit\)/);
  assert.match(html, /<ul class="sources mono"><li>defined at modes\/skillshot\/code\/skillshot\.py:14 /);
  assert.match(html, /<p id="machine">Machine folder: fixtures\/leaky-machine\/machine \(--machine\)<\/p>/);
});

test('github: the annotation goes on the line that registers the culprit, and names the dump', () => {
  const report = reportWithCulprits();
  assert.deepEqual(annotatedSourceOf(report.findings[0]!), REGISTERS);
  const lines = renderGithub(report, { color: false, trees: [] }).split('\n');
  const first = lines.find((line) => line.includes('ball_started (attract)'))!;
  assert.match(first, /^::error file=modes\/skillshot\/code\/skillshot\.py,line=12,title=leakdiff%3A leak in mpf handlers%3A ball_started \(attract\)::/);
  assert.match(first, /%0Aculprit: Skillshot\._rollover_hit \(mode skillshot\) ×15 — /);
  assert.match(first, /%0A {2}defined at modes\/skillshot\/code\/skillshot\.py:14 /);
  assert.match(first, /%0Ashown by the log at fixtures\/diff-handler-growth\/mpf-pinbox\.log:\d+$/);
  const plain = lines.find((line) => line.includes('timer_frenzy_timer_tick'))!;
  assert.match(plain, /^::error file=fixtures\/diff-handler-growth\/mpf-pinbox\.log,line=\d+,/, 'a finding without source lines stays on its dump');
});

test('json: culprits, sources and the machine folder as the model has them, valid by the schema', () => {
  const report = reportWithCulprits();
  const json = JSON.parse(renderJson(report, { color: false, trees: [] })) as Report;
  assert.deepEqual((json.findings[0] as HandlerGrowthFinding).culprits, (report.findings[0] as HandlerGrowthFinding).culprits);
  assert.ok(validateReport(json), JSON.stringify(validateReport.errors?.slice(0, 3)));
  const both = structuredClone(json);
  (both.findings[0] as HandlerGrowthFinding).noCulprit = 'no-line';
  assert.equal(validateReport(both), false, 'a finding has culprits or says why it has none, not both');
  const onClock = structuredClone(json);
  (onClock.findings[0] as Finding).kind = 'clock-growth';
  assert.equal(validateReport(onClock), false, 'only handler-growth findings have culprits');
  const badRole = structuredClone(json);
  (badRole.findings[0] as HandlerGrowthFinding).culprits![0]!.sources[0]!.role = 'calls' as SourceLine['role'];
  assert.equal(validateReport(badRole), false);
  const emptySources = structuredClone(json);
  emptySources.findings[2]!.sources = [];
  assert.equal(validateReport(emptySources), false, 'sources are absent rather than empty');
});
