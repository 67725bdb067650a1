// The culprits of the leaky-machine sample (a real MPF 0.57.3 + MPF-MC 0.57.0 run with six leaks
// planted, and a clean run of the machine with the six fixes), against its ground truth: every
// leak MPF names gets its callback and the right file and line; the leak MPF cannot name says so
// and still gets its line; the YAML-only widget leak points at its widget_player entry; the clean
// run has no culprit.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadMachine } from '../src/machine/disk.js';
import type { Finding, HandlerGrowthFinding, Report, SourceLine } from '../src/model.js';
import { runCli } from './helpers/cli.js';
import { cleanMachineCopy, LEAKY_LOGS, LEAKY_MACHINE, reportOfRun, RUN_A, RUN_B } from './helpers/leaky-machine-culprits.js';

const CODE = LEAKY_MACHINE;

function findingsOf(report: Report, kind: Finding['kind'], subject: string): Finding[] {
  const found = report.findings.filter((finding) => finding.kind === kind && finding.subject === subject);
  assert.ok(found.length > 0, `a ${kind} finding on ${subject}`);
  return found;
}

function handlerFindings(report: Report, event: string): HandlerGrowthFinding[] {
  return findingsOf(report, 'handler-growth', event) as HandlerGrowthFinding[];
}

function sourceAt(sources: readonly SourceLine[] | undefined, role: SourceLine['role'], file: string, line: number): SourceLine {
  const found = (sources ?? []).filter((source) => source.role === role && source.file === `${CODE}/${file}` && source.line === line);
  assert.equal(found.length, 1, `one ${role} at ${file}:${line} in ${JSON.stringify(sources, null, 1)}`);
  return found[0]!;
}

describe('run A, the leaky run, with its machine folder', () => {
  const report = reportOfRun(RUN_A, loadMachine(LEAKY_MACHINE));

  test('leak 1: Skillshot._rollover_hit of mode skillshot, added by mode_start at skillshot.py:12', () => {
    const findings = handlerFindings(report, 's_top_rollover_active');
    // One finding per subject: its states are evidence inside it.
    assert.deepEqual(findings.map((finding) => finding.state), ['attract']);
    for (const finding of findings) {
      assert.equal(finding.culprits?.length, 1, finding.state!);
      const [culprit] = finding.culprits!;
      assert.equal(culprit!.callback, 'Skillshot._rollover_hit');
      assert.equal(culprit!.owner, '<Mode.skillshot>');
      assert.equal(culprit!.ownerKind, 'mode');
      assert.equal(culprit!.priority, 1);
      assert.equal(culprit!.from, 'collision');
      const registers = sourceAt(culprit!.sources, 'registers', 'modes/skillshot/code/skillshot.py', 12);
      assert.equal(registers.method, 'Skillshot.mode_start');
      assert.match(registers.note!, /does not remove it when the mode stops/);
      sourceAt(culprit!.sources, 'defines', 'modes/skillshot/code/skillshot.py', 14);
    }
    const attract = findings.find((finding) => finding.state === 'attract')!;
    // Ball k adds the k-th copy; a dump before ball 2 has no line naming one.
    assert.deepEqual(attract.culprits![0]!.counts, [null, 3, 12, 15, 27]);
    assert.deepEqual(attract.series, [0, 3, 12, 15, 27]);
  });

  test('leak 2: OrbitCombos._orbit_made of MPF custom code, kept in a key never removed, at orbit_combos.py:19', () => {
    for (const finding of handlerFindings(report, 'orbit_left_hit')) {
      const [culprit] = finding.culprits!;
      assert.equal(culprit!.callback, 'OrbitCombos._orbit_made');
      assert.equal(culprit!.owner, '<Scriptlet.code.orbit_combos.OrbitCombos>');
      assert.equal(culprit!.ownerKind, 'custom-code');
      assert.match(sourceAt(culprit!.sources, 'registers', 'code/orbit_combos.py', 19).note!, /never passed to remove_handler_by_key/);
    }
    const attract = handlerFindings(report, 'orbit_left_hit').find((finding) => finding.state === 'attract')!;
    assert.deepEqual(attract.culprits![0]!.counts, [null, null, 3, 4, 7]);
  });

  test('leak 3: no Unordered handler line names it, and the code that registers s_bumper_active is bumper_stats.py:14', () => {
    for (const finding of handlerFindings(report, 's_bumper_active')) {
      assert.equal(finding.culprits, undefined);
      assert.equal(finding.noCulprit, 'no-line');
      const registers = sourceAt(finding.sources, 'registers', 'code/bumper_stats.py', 14);
      assert.equal(registers.method, 'BallBumperTally.__init__');
      assert.match(registers.note!, /nothing in the machine's code calls close/);
    }
  });

  test('leak 4: the widget leak of the MC config points at its widget_player entry, mc.yaml:76', () => {
    const findings = findingsOf(report, 'duplicate-widget', 'Text:SPINNER BONUS');
    assert.equal(findings.length, 1);
    for (const finding of findings) {
      assert.match(sourceAt(finding.sources, 'plays', 'config/mc.yaml', 76).note!, /with no expire and no removal/);
      sourceAt(finding.sources, 'defines', 'config/mc.yaml', 46);
    }
  });

  test('leaks 5 and 6: the clock interval at mc_hurry_up.py:25, the anonymous slide at mc_greeting.py:15', () => {
    for (const finding of findingsOf(report, 'clock-growth', 'HurryUpDisplay._count_down')) {
      assert.match(sourceAt(finding.sources, 'schedules', 'code/mc_hurry_up.py', 25).note!, /nothing cancels it/);
    }
    for (const finding of findingsOf(report, 'available-slides-growth', 'availableSlides')) {
      assert.match(sourceAt(finding.sources, 'plays', 'code/mc_greeting.py', 15).note!, /without slide_name/);
    }
  });

  test("MPF's own lines that do not grow name no culprit: Auditor, BCP Interface, McConfigPlayer", () => {
    const named = report.findings.flatMap((finding) => (finding.kind === 'handler-growth' ? finding.culprits ?? [] : []));
    assert.deepEqual([...new Set(named.map((culprit) => culprit.callback))].sort(), ['OrbitCombos._orbit_made', 'Skillshot._rollover_hit']);
    // slide_hud_created rose once and held: a settled step, not a finding, so nothing to name.
    assert.equal(report.findings.some((finding) => finding.subject === 'slide_hud_created'), false);
  });

  test('the lead names what the culprit names: the mode\'s start for leak 1, game_started for leak 2, ball_started for leak 3', () => {
    const lead = (event: string): string | undefined => handlerFindings(report, event)[0]!.lead?.events[0];
    assert.equal(lead('s_top_rollover_active'), 'mode_skillshot_started');
    assert.equal(lead('orbit_left_hit'), 'game_started');
    assert.equal(lead('s_bumper_active'), 'ball_started');
    for (const finding of handlerFindings(report, 's_top_rollover_active')) assert.equal(finding.lead?.basis, 'culprit');
  });

  test('the lead of leaks 5 and 6 is the event that runs the code scheduling the clock and adding the slide', () => {
    const clock = findingsOf(report, 'clock-growth', 'HurryUpDisplay._count_down')[0]!;
    assert.deepEqual([clock.lead?.basis, clock.lead?.events[0]], ['culprit', 'ball_started']);
    const slides = findingsOf(report, 'available-slides-growth', 'availableSlides')[0]!;
    assert.deepEqual([slides.lead?.basis, slides.lead?.events[0]], ['culprit', 'game_started']);
  });
});

describe('run A without a machine folder: the culprits from the log alone', () => {
  const report = reportOfRun(RUN_A, null);

  test('callbacks, owners and counts, no source lines, no notes', () => {
    const [culprit] = handlerFindings(report, 's_top_rollover_active')[0]!.culprits!;
    assert.equal(culprit!.callback, 'Skillshot._rollover_hit');
    assert.deepEqual(culprit!.sources, []);
    assert.equal(culprit!.note, undefined);
    assert.equal(handlerFindings(report, 's_bumper_active')[0]!.sources, undefined);
    assert.ok(report.findings.every((finding) => finding.sources === undefined));
  });
});

describe('run B, the clean run, with the fixed machine folder', () => {
  let copy: { dir: string; machine: string };
  let report: Report;
  before(() => {
    copy = cleanMachineCopy();
    report = reportOfRun(RUN_B, loadMachine(copy.machine));
  });
  after(() => rmSync(copy.dir, { recursive: true, force: true }));

  test('no finding has a culprit, and none points at a line of the machine', () => {
    // The one-time steps are settled, not findings: the clean run has no leak.
    assert.ok(report.findings.every((finding) => finding.verdict !== 'leak'));
    for (const finding of report.findings) {
      if (finding.kind === 'handler-growth') assert.equal(finding.culprits, undefined, finding.subject);
      assert.equal(finding.sources, undefined, finding.subject);
    }
  });
});

describe('run A with an old copy of a class left beside the one the config loads', () => {
  let dir = '';
  let report: Report;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'leakdiff-stale-class-'));
    cpSync(LEAKY_MACHINE, dir, { recursive: true, filter: (source) => !source.includes('/logs') });
    // Never loaded (mc.yaml names code.mc_hurry_up), sorted first, the same class and method.
    writeFileSync(join(dir, 'code', 'aaa_old_hurry.py'), [
      'from kivy.clock import Clock',
      '',
      '',
      'class HurryUpDisplay:',
      '    def _ball_started(self, **kwargs):',
      '        self._countdown = Clock.schedule_interval(self._count_down, 0.25)',
      '',
      '    def _count_down(self, dt):',
      '        pass',
      '',
    ].join('\n'));
    // The mode's config points at a new file; the old skillshot.py stays in the folder.
    const config = join(dir, 'modes', 'skillshot', 'config', 'skillshot.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('code: skillshot.Skillshot', 'code: skillshot_v2.Skillshot'));
    writeFileSync(join(dir, 'modes', 'skillshot', 'code', 'skillshot_v2.py'), [
      'from mpf.core.mode import Mode',
      '',
      '',
      'class Skillshot(Mode):',
      '    def mode_start(self, **kwargs):',
      '        super().mode_start(**kwargs)',
      "        self.add_mode_event_handler('s_top_rollover_active', self._rollover_hit)",
      '',
      '    def _rollover_hit(self, **kwargs):',
      '        del kwargs',
      '',
    ].join('\n'));
    report = reportOfRun(RUN_A, loadMachine(dir, dir));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the clock callback is followed into the module its owner names, code/mc_hurry_up.py, not the old copy', () => {
    const [clock] = findingsOf(report, 'clock-growth', 'HurryUpDisplay._count_down');
    assert.deepEqual(clock!.sources?.map((source) => `${source.file}:${source.line}:${source.role}`), [
      'code/mc_hurry_up.py:27:defines',
      'code/mc_hurry_up.py:25:schedules',
    ]);
  });

  test('through the CLI, which reads dumps without their reprs, the github annotation is on the owner\'s module too', async () => {
    const result = await runCli([`${LEAKY_LOGS}/${RUN_A}-mpf-pinbox.log`, `${LEAKY_LOGS}/${RUN_A}-mc-pinbox.log`, '--machine', dir, '--format', 'github']);
    const clock = result.stdout.split('\n').find((line) => line.includes('leak in mc clock%3A HurryUpDisplay._count_down'));
    assert.match(clock ?? '', /^::error file=[^,]*code\/mc_hurry_up\.py,line=25,/);
  });

  test("the mode's culprit is followed into the file its config's code: names, not the old skillshot.py", () => {
    const [finding] = handlerFindings(report, 's_top_rollover_active');
    assert.deepEqual(finding!.culprits?.[0]?.sources.map((source) => `${source.file}:${source.line}:${source.role}`), [
      'modes/skillshot/code/skillshot_v2.py:9:defines',
      'modes/skillshot/code/skillshot_v2.py:7:registers',
    ]);
  });
});

describe('run A with the event name of the leaking registration held in a variable', () => {
  let dir = '';
  let report: Report;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'leakdiff-event-variable-'));
    cpSync(LEAKY_MACHINE, dir, { recursive: true, filter: (source) => !source.includes('/logs') });
    const code = join(dir, 'modes', 'skillshot', 'code', 'skillshot.py');
    const registering = "        self.machine.events.add_handler('s_top_rollover_active', self._rollover_hit)";
    const text = readFileSync(code, 'utf8');
    assert.ok(text.includes(registering));
    writeFileSync(code, text.replace(registering, "        ev = 's_top_rollover_active'\n        self.machine.events.add_handler(ev, self._rollover_hit)"));
    report = reportOfRun(RUN_A, loadMachine(dir, dir));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the culprit points at the registering line, with why it leaks', () => {
    const [finding] = handlerFindings(report, 's_top_rollover_active');
    const registers = finding!.culprits?.[0]?.sources.filter((source) => source.role === 'registers');
    assert.deepEqual(registers?.map((source) => `${source.file}:${source.line} ${source.code.trim()}`), [
      'modes/skillshot/code/skillshot.py:13 self.machine.events.add_handler(ev, self._rollover_hit)',
    ]);
    assert.match(registers![0]!.note ?? '', /^a global handler added each time the mode starts/);
  });
});
