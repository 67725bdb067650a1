import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyPatch, parsePatch } from 'diff';
import { findMachineFolder, loadMachine } from '../src/machine/disk.js';
import { Machine, type MachineFiles, type SourceLine } from '../src/machine/machine.js';
import { spawnCli } from './helpers/cli.js';
import { buildFailingIoLibrary } from './helpers/failing-io.js';

const LEAKY = 'fixtures/leaky-machine/machine';
const KINDS = 'fixtures/culprit-machine-kinds/machine';

function only(lines: SourceLine[], role: SourceLine['role'], file: string, line: number): SourceLine {
  const found = lines.filter((one) => one.role === role && one.file === file && one.line === line);
  assert.equal(found.length, 1, `one ${role} at ${file}:${line} in ${JSON.stringify(lines, null, 1)}`);
  return found[0]!;
}

function inMemory(files: Record<string, string>): MachineFiles {
  return {
    list: () => Object.keys(files),
    read: (path) => (path in files ? { text: files[path]! } : { error: 'no such file' }),
  };
}

describe('the leaky machine: every planted leak gets its file and line', () => {
  // Paths relative to the machine folder, as the ground truth writes them.
  const machine = loadMachine(LEAKY, LEAKY);

  test('every file parses', () => {
    assert.deepEqual(machine.warnings, []);
  });

  test('leak 1: the mode\'s class, its def, and the global add_handler in mode_start', () => {
    const owner = machine.ownerOf('<Mode.skillshot>');
    assert.equal(owner.kind, 'mode');
    assert.equal(owner.className, 'Skillshot');
    assert.deepEqual(owner.config, { file: 'modes/skillshot/config/skillshot.yaml', line: 7, code: '  code: skillshot.Skillshot', role: 'defines' });
    assert.equal(owner.source?.file, 'modes/skillshot/code/skillshot.py');
    assert.equal(owner.source?.line, 5);
    const lines = machine.handlerSources({ callback: 'Skillshot._rollover_hit', owner: '<Mode.skillshot>', event: 's_top_rollover_active' });
    only(lines, 'defines', 'modes/skillshot/code/skillshot.py', 14);
    const registers = only(lines, 'registers', 'modes/skillshot/code/skillshot.py', 12);
    assert.equal(registers.code, "        self.machine.events.add_handler('s_top_rollover_active', self._rollover_hit)");
    assert.equal(registers.method, 'Skillshot.mode_start');
    assert.match(registers.note!, /added each time the mode starts/);
    assert.match(registers.note!, /does not remove it when the mode stops/);
    assert.match(registers.note!, /add_mode_event_handler/);
  });

  test('leak 2: custom code keeps the key and never removes it', () => {
    const owner = machine.ownerOf('<Scriptlet.code.orbit_combos.OrbitCombos>');
    assert.equal(owner.kind, 'custom-code');
    assert.deepEqual(owner.config, { file: 'config/config.yaml', line: 135, code: '  - code.orbit_combos.OrbitCombos', role: 'defines' });
    const lines = machine.handlerSources({
      callback: 'OrbitCombos._orbit_made', owner: '<Scriptlet.code.orbit_combos.OrbitCombos>', event: 'orbit_left_hit',
    });
    only(lines, 'defines', 'code/orbit_combos.py', 21);
    const registers = only(lines, 'registers', 'code/orbit_combos.py', 19);
    assert.match(registers.note!, /kept in self\._orbit_key but never passed to remove_handler_by_key/);
    assert.match(registers.note!, /OrbitCombos\._game_started/);
    assert.equal(lines.length, 2);
  });

  test('leak 3: with no callback named, the event still finds the code that registers it', () => {
    const lines = machine.handlerSources({ callback: null, owner: null, event: 's_bumper_active' });
    assert.equal(lines.length, 1);
    const registers = only(lines, 'registers', 'code/bumper_stats.py', 14);
    assert.equal(registers.code, "        self.key = machine.events.add_handler('s_bumper_active', self.on_bumper)");
    assert.equal(registers.method, 'BallBumperTally.__init__');
    assert.match(registers.note!, /removed in BallBumperTally\.close, but nothing in the machine's code calls close/);
  });

  test('leak 4: the text, the widget that pulls it in, and the widget_player entry without expire', () => {
    const lines = machine.widgetSources('Text:SPINNER BONUS');
    assert.equal(only(lines, 'defines', 'config/mc.yaml', 46).code, '      text: SPINNER BONUS');
    assert.match(only(lines, 'defines', 'config/mc.yaml', 51).note!, /spin_award \(lines 50–55\) pulls in spin_banner/);
    const plays = only(lines, 'plays', 'config/mc.yaml', 76);
    assert.equal(plays.code, '  s_spinner_active:');
    assert.match(plays.note!, /spin_award on slide hud \(lines 76–78\) with no expire/);
    assert.equal(lines.filter((one) => one.role === 'plays').length, 1);
  });

  test('leak 5: the clock interval is scheduled at each ball and never cancelled', () => {
    const lines = machine.clockSources('HurryUpDisplay._count_down');
    only(lines, 'defines', 'code/mc_hurry_up.py', 27);
    const schedules = only(lines, 'schedules', 'code/mc_hurry_up.py', 25);
    assert.match(schedules.note!, /nothing cancels it \(kept in self\._countdown\)/);
    assert.match(schedules.note!, /HurryUpDisplay\._ball_started/);
    assert.equal(machine.ownerOf('<CustomCode.code.mc_hurry_up.HurryUpDisplay>').kind, 'mc-custom-code');
  });

  test('leak 6: the slide added without slide_name', () => {
    const lines = machine.anonymousSlideSources();
    assert.equal(lines.length, 1);
    assert.match(only(lines, 'plays', 'code/mc_greeting.py', 15).note!, /without slide_name/);
  });

  test('MPF\'s own objects and modes are said to be MPF\'s', () => {
    const auditor = machine.ownerOf('<Auditor>');
    assert.equal(auditor.kind, 'mpf');
    assert.equal(auditor.source, null);
    assert.match(auditor.note!, /MPF's own object/);
    assert.match(machine.ownerOf('<Mode.attract>').note!, /MPF's own/);
    assert.match(machine.ownerOf('<Mode.base>').note!, /no mode: code:/);
    assert.deepEqual(machine.handlerSources({ callback: 'Auditor.disable', owner: '<Auditor>', event: 'game_ended' }), []);
    // BumperStats registers its own _ball_started for ball_started: not MPF's BcpInterface method.
    assert.deepEqual(machine.handlerSources({ callback: 'BcpInterface._ball_started', owner: '<BCP Interface>', event: 'ball_started' }), []);
    assert.deepEqual(machine.handlerSources({ callback: 'BcpInterface._ball_started', owner: null, event: 'ball_started' }), []);
    assert.equal(machine.handlerSources({ callback: 'BumperStats._ball_started', owner: null, event: 'ball_started' }).length, 2);
  });

  test('paths are relative to the base directory given', () => {
    const fromRepo = loadMachine(LEAKY);
    const lines = fromRepo.handlerSources({ callback: null, owner: null, event: 's_bumper_active' });
    assert.equal(lines[0]?.file, `${LEAKY}/code/bumper_stats.py`);
  });
});

describe('the same machine with the six fixes: every note says the leak is gone', () => {
  let dir = '';
  let machine: Machine;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'leakdiff-clean-machine-'));
    cpSync(LEAKY, join(dir, 'machine'), { recursive: true });
    for (const patch of parsePatch(readFileSync('fixtures/leaky-machine/clean-variant.patch', 'utf8'))) {
      const path = join(dir, patch.newFileName!.replace(/^b\//, ''));
      const patched = applyPatch(readFileSync(path, 'utf8'), patch);
      assert.ok(patched !== false, path);
      writeFileSync(path, patched);
    }
    machine = loadMachine(join(dir, 'machine'), join(dir, 'machine'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('leaks 1–3: a mode handler, a removed key, a close that is called', () => {
    const skillshot = machine.handlerSources({ callback: 'Skillshot._rollover_hit', owner: '<Mode.skillshot>', event: 's_top_rollover_active' });
    assert.match(only(skillshot, 'registers', 'modes/skillshot/code/skillshot.py', 12).note!, /MPF removes it when the mode stops/);
    const orbit = machine.handlerSources({ callback: 'OrbitCombos._orbit_made', owner: '<Scriptlet.code.orbit_combos.OrbitCombos>', event: 'orbit_left_hit' });
    assert.equal(only(orbit, 'registers', 'code/orbit_combos.py', 19).note, 'removed in OrbitCombos._game_ended');
    const bumper = machine.handlerSources({ callback: null, owner: null, event: 's_bumper_active' });
    assert.equal(only(bumper, 'registers', 'code/bumper_stats.py', 14).note, 'removed in BallBumperTally.close');
  });

  test('leaks 4–6: an entry with expire, a cancelled interval, a named slide', () => {
    assert.match(only(machine.widgetSources('Text:SPINNER BONUS'), 'plays', 'config/mc.yaml', 76).note!, /expire 1s/);
    assert.equal(only(machine.clockSources('HurryUpDisplay._count_down'), 'schedules', 'code/mc_hurry_up.py', 25).note, 'cancelled in HurryUpDisplay._ball_will_end');
    assert.deepEqual(machine.anonymousSlideSources(), []);
  });
});

describe('one case per kind of owner and per damage', () => {
  const machine = loadMachine(KINDS, KINDS);

  test('a Python file and a mode config that do not parse are skipped with a warning', () => {
    assert.deepEqual(machine.warnings.map((warning) => warning.file), ['code/broken.py', 'modes/broken_mode/config/broken_mode.yaml']);
    assert.match(machine.warnings[0]!.message, /not valid Python at line 5/);
    assert.match(machine.warnings[1]!.message, /not valid YAML at line 4/);
    assert.match(machine.ownerOf('<Scriptlet.code.broken.NeverLoaded>').note!, /class NeverLoaded is in code\/broken\.py, which was not valid Python/);
    assert.match(machine.ownerOf('<Mode.broken_mode>').note!, /its config modes\/broken_mode\/config\/broken_mode\.yaml was not valid YAML/);
  });

  test('a mode whose code path starts at the machine folder, and a subclass that drops the removal', () => {
    const owner = machine.ownerOf('<Mode.target_bonus_v2>');
    assert.equal(owner.className, 'TargetBonusV2');
    assert.equal(owner.source?.file, 'code/bonus.py');
    assert.equal(owner.source?.line, 24);
    // The log names the method by the class that defines it, the base class.
    const lines = machine.handlerSources({ callback: 'TargetBonus._on_hit', owner: '<Mode.target_bonus_v2>', event: 'target_hit' });
    only(lines, 'defines', 'code/bonus.py', 14);
    assert.equal(
      only(lines, 'registers', 'code/bonus.py', 12).note,
      'TargetBonusV2.mode_stop overrides TargetBonus.mode_stop, which removed it, and does not call super().mode_stop()',
    );
  });

  test('MPF custom code: keyword arguments, a condition on the event, a removal by method', () => {
    const lines = machine.handlerSources({ callback: 'TargetTally._count', owner: '<Scriptlet.code.tally.TargetTally>', event: 'target_hit' });
    assert.equal(only(lines, 'registers', 'code/tally.py', 15).note, 'removed in TargetTally._game_ended');
  });

  test('MC custom code: an unscheduled interval, a partial scheduled once, a named slide', () => {
    assert.equal(machine.ownerOf('<CustomCode.code.mc_banner.BonusBanner>').config?.line, 3);
    assert.equal(only(machine.clockSources('BonusBanner._blink'), 'schedules', 'code/mc_banner.py', 19).note, 'cancelled in BonusBanner._stop');
    assert.match(only(machine.clockSources('partial(BonusBanner._flash)'), 'schedules', 'code/mc_banner.py', 20).note!, /runs once/);
    assert.deepEqual(machine.anonymousSlideSources(), []);
  });

  test('widgets: keyed as the dump keys them, in a slide by reference, images, and removal by another entry', () => {
    const bonus = machine.widgetSources('Text:BONUS #');
    assert.match(only(bonus, 'defines', 'config/mc.yaml', 9).note!, /slide bonus_slide/);
    assert.match(only(bonus, 'plays', 'config/mc.yaml', 32).note!, /slide_player bonus_started shows bonus_slide/);
    const extraBall = machine.widgetSources('Text:EXTRA BALL');
    assert.match(only(extraBall, 'defines', 'config/mc.yaml', 10).note!, /slide bonus_slide \(lines 6–10\) pulls in extra_ball_banner/);
    assert.match(only(extraBall, 'plays', 'config/mc.yaml', 21).note!, /expire 2s/);
    const image = machine.widgetSources('Image:lit_arrow');
    assert.match(only(image, 'defines', 'config/mc.yaml', 18).note!, /image widget of widget lit_banner/);
    assert.match(only(image, 'plays', 'config/mc.yaml', 26).note!, /extra_ball_unlit removes it/);
    assert.deepEqual(machine.widgetSources('Text:NOT ON THIS MACHINE'), []);
  });

  test('slides: the definition and the slide_player that shows it', () => {
    const lines = machine.slideSources('Slide:bonus_slide');
    only(lines, 'defines', 'config/mc.yaml', 6);
    only(lines, 'plays', 'config/mc.yaml', 32);
  });
});

describe('damage: no machine folder, unreadable files, anything in the files', () => {
  test('a missing machine folder gives a warning and no lines, never a throw', () => {
    const machine = loadMachine('fixtures/no-such-machine-folder', '.');
    assert.deepEqual(machine.warnings, [{ file: 'fixtures/no-such-machine-folder', message: 'no such folder: no source lines are shown' }]);
    assert.deepEqual(loadMachine('fixtures/culprit-machine-kinds', '.').warnings[0], { file: 'fixtures/culprit-machine-kinds', message: 'no machine folder: it holds no config/ folder' });
    assert.deepEqual(machine.handlerSources({ callback: 'A.b', owner: '<Mode.x>', event: 'e' }), []);
    assert.match(machine.ownerOf('<Mode.x>').note!, /MPF's own/);
    assert.deepEqual(machine.widgetSources('Text:X'), []);
  });

  test('a file that cannot be read is a warning', () => {
    const files: MachineFiles = { list: () => ['code/a.py'], read: () => ({ error: 'unreadable (EACCES), skipped' }) };
    const machine = new Machine('m', files, '.');
    assert.deepEqual(machine.warnings, [{ file: 'm/code/a.py', message: 'unreadable (EACCES), skipped' }]);
  });

  test('a folder that could not be looked into makes its modes and classes unknown, never MPF\'s own or missing', () => {
    const why = 'unreadable (EACCES), skipped';
    const files: MachineFiles = {
      ...inMemory({ 'config/config.yaml': 'modes:\n  - skillshot\n  - lanes\n', 'modes/lanes/config/lanes.yaml': 'mode:\n  code: lanes.Lanes\n' }),
      unlistedFolders: new Map([['modes/skillshot', why], ['modes/lanes/code', why]]),
    };
    const machine = new Machine('m', files, '.');
    assert.equal(machine.ownerOf('<Mode.skillshot>').note, `the folder m/modes/skillshot, where its config would be, was ${why}`);
    assert.equal(machine.ownerOf('<Mode.lanes>').note, `class Lanes may be in m/modes/lanes/code, which was ${why}`);
    // A mode of no folder at all is still MPF's own.
    assert.match(machine.ownerOf('<Mode.attract>').note!, /MPF's own/);
  });

  test('a folder of the machine that cannot be listed is a warning, and the culprits in it are said to be unknown', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'leakdiff-machine-io-'));
    try {
      const library = await buildFailingIoLibrary(dir);
      if (library === null) {
        t.skip('no C compiler to build the failing-I/O library with');
        return;
      }
      const run = await spawnCli(['fixtures/diff-real-leaky-run/logs/', '--run', '1', '--machine', LEAKY, '--format', 'json'], { env: { LD_PRELOAD: library, EACCES_DIR: 'modes/skillshot' } });
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout) as { machine: { warnings: { file: string; message: string }[] } };
      assert.deepEqual(report.machine.warnings, [{ file: `${LEAKY}/modes/skillshot`, message: 'unreadable (EACCES), skipped' }]);
      assert.match(run.stdout, /the folder fixtures\/leaky-machine\/machine\/modes\/skillshot, where its config would be, was unreadable \(EACCES\), skipped/);
      assert.doesNotMatch(run.stdout, /no modes\/skillshot in the machine folder/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('hostile text in Python and YAML files never throws', () => {
    const samples = [
      '', '\u0000\u0001', 'class', 'def f(:', '((((((((((((((((((((', 'x = """', "a: 'b", '- - - [', '{a: [}', ': :',
      'a:\n\tb: 1', '&a [*a]', '\ufeffmodes: [x]', 'widgets: {a: [{type: text, text: !!binary x}]}',
      'widget_player: {e: {w: {widget_settings: [1]}}}', 'slides: [1, 2]', 'mode: {code: [a]}',
      'self.machine.events.add_handler(*args)', 'Clock.schedule_interval()', 'x.add_and_show_slide(**k)',
    ];
    for (const text of samples) {
      const machine = new Machine('m', inMemory({
        'code/x.py': text, 'config/config.yaml': text, 'modes/x/config/x.yaml': text, 'code/y.py': 'class A(B):\n    def m(self): pass\n',
      }), '.');
      machine.ownerOf('<Mode.x>');
      machine.ownerOf('<Scriptlet.code.x.A>');
      machine.handlerSources({ callback: 'A.m', owner: '<Mode.x>', event: 'e' });
      machine.handlerSources({ callback: null, owner: null, event: 'e' });
      machine.clockSources('A.m');
      machine.anonymousSlideSources();
      machine.widgetSources('Text:X');
      machine.slideSources('Slide:x');
    }
  });
});

describe('finding the machine folder from the log paths', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'leakdiff-find-machine-'));
    mkdirSync(join(dir, 'pinbox', 'config'), { recursive: true });
    mkdirSync(join(dir, 'pinbox', 'logs'), { recursive: true });
    mkdirSync(join(dir, 'loose', 'logs'), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the folder above logs/ when it holds config/', () => {
    assert.equal(findMachineFolder([join(dir, 'pinbox', 'logs', 'x-mpf-pinbox.log')]), join(dir, 'pinbox'));
    assert.equal(findMachineFolder([join(dir, 'pinbox', 'logs')]), join(dir, 'pinbox'));
    assert.equal(findMachineFolder([`${LEAKY}/logs/2026-12-05-15-38-37-mpf-pinbox.log`]), LEAKY);
  });

  test('none when the folder above logs/ has no config/, or the log is not in logs/', () => {
    assert.equal(findMachineFolder([join(dir, 'loose', 'logs', 'a.log')]), null);
    assert.equal(findMachineFolder([join(dir, 'pinbox', 'a.log'), 'fixtures/truncated-dump/2025-10-04-16-15-48-mc-pinbox.log']), null);
    assert.equal(findMachineFolder([]), null);
  });

  test('the first input with a machine folder wins', () => {
    assert.equal(findMachineFolder([join(dir, 'loose', 'logs', 'a.log'), join(dir, 'pinbox', 'logs', 'b.log')]), join(dir, 'pinbox'));
  });
});
