// The parser on every folder of fixtures/: the facts each case is about, counted by hand (or by a
// plain scan in this file) from the fixture text, never copied from the parser's own output.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ClockSection, DisplaysSection, EventsSection, ObjectEntry, ParsedLog, ProblemReason, Snapshot } from '../src/model.js';
import { LogParser, parseLog } from '../src/parse/parser.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
// Inputs only: a golden file (expected JSON) may sit beside them later.
const INPUT = /\.(log|txt|yaml)$/;
const CHUNK_SIZES = [1, 7, 4096];

function folders(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    // diff-* folders are the differ's cases, checked by its golden test; culprit-* and
    // leaky-machine are the culprit and machine-folder tests' cases, excerpts and a machine folder.
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('diff-') && !isCulpritCase(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function isCulpritCase(name: string): boolean {
  return name.startsWith('culprit-') || name === 'leaky-machine';
}

function inputs(folder: string): string[] {
  return readdirSync(`${FIXTURES}${folder}`).filter((name) => INPUT.test(name)).sort();
}

function bytesOf(folder: string, name: string): Uint8Array {
  return readFileSync(`${FIXTURES}${folder}/${name}`);
}

/** The file name the parser is given: relative, as a user would type it. */
const fileArg = (folder: string, name: string): string => `fixtures/${folder}/${name}`;

function parse(folder: string, name?: string): ParsedLog {
  const names = inputs(folder);
  const chosen = name ?? names[0];
  if (name === undefined) assert.equal(names.length, 1, `${folder} should hold one input`);
  assert.ok(chosen !== undefined && names.includes(chosen), `${folder}/${String(chosen)} is an input`);
  return parseLog(bytesOf(folder, chosen), fileArg(folder, chosen));
}

function parseInChunks(bytes: Uint8Array, file: string, size: number): ParsedLog {
  const parser = new LogParser(file);
  for (let offset = 0; offset < bytes.length; offset += size) parser.pushChunk(bytes.slice(offset, offset + size));
  return parser.end();
}

/** The text of a fixture as latin-1, so that byte offsets and line numbers match whatever the encoding. */
function linesOf(folder: string, name: string): string[] {
  const text = Buffer.from(bytesOf(folder, name)).toString('latin1');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** 1-based number of the `nth` line (1-based) that contains `needle`. */
function lineOf(folder: string, name: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = linesOf(folder, name);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === nth) return i + 1;
  }
  throw new Error(`${folder}/${name}: no line ${nth} with ${JSON.stringify(needle)}`);
}

function only(log: ParsedLog): Snapshot {
  assert.equal(log.snapshots.length, 1, `${log.file}: one snapshot`);
  return log.snapshots[0]!;
}

const reasons = (snapshot: Snapshot): ProblemReason[] => snapshot.problems.map((problem) => problem.reason);
const keys = (entries: readonly { key: string }[]): string[] => entries.map((entry) => entry.key);

function eventsOf(snapshot: Snapshot): EventsSection {
  assert.ok(snapshot.events, `${snapshot.file}:${snapshot.line}: has EVENTS`);
  return snapshot.events;
}

function displaysOf(snapshot: Snapshot): DisplaysSection {
  assert.ok(snapshot.displays, `${snapshot.file}:${snapshot.line}: has DISPLAYS`);
  return snapshot.displays;
}

function objectEntriesOf(snapshot: Snapshot): ObjectEntry[] {
  assert.ok(snapshot.objects, `${snapshot.file}:${snapshot.line}: has OBJECTS`);
  assert.equal(snapshot.objects.disabled, false);
  return snapshot.objects.disabled ? [] : snapshot.objects.entries;
}

function declaredObjects(snapshot: Snapshot): number | null {
  assert.ok(snapshot.objects && !snapshot.objects.disabled);
  return snapshot.objects.disabled ? null : snapshot.objects.declaredCount;
}

function clockOf(snapshot: Snapshot): ClockSection {
  assert.ok(snapshot.clock, `${snapshot.file}:${snapshot.line}: has CLOCK`);
  return snapshot.clock;
}

/** A snapshot without the input name, to compare the same dump read from two files. */
function withoutFile(snapshot: Snapshot): Omit<Snapshot, 'file'> {
  const { file: _file, ...rest } = snapshot;
  return rest;
}

/** Removes every `line` field, to compare the same dump at different places in two files. */
function withoutLines(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLines);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'line')
        .map(([key, inner]) => [key, withoutLines(inner)]),
    );
  }
  return value;
}

function assertSameAsTwin(folder: string, twin: string): void {
  const log = parse(folder);
  const reference = parse(twin);
  assert.deepEqual(log.snapshots.map(withoutFile), reference.snapshots.map(withoutFile));
  assert.deepEqual(log.problems, reference.problems);
  assert.equal(log.lines, reference.lines);
  assert.deepEqual(log.formats, reference.formats);
}

const cases: Record<string, () => void> = {
  'docs-mpf-events-dump': () => {
    const name = 'mpf-docs-2018-12-10-mpf-events-dump.log';
    const log = parse('docs-mpf-events-dump');
    assert.equal(log.lines, 9);
    assert.deepEqual(log.formats, ['A']);
    const snapshot = only(log);
    assert.equal(snapshot.process, 'mpf');
    assert.equal(snapshot.line, 2);
    assert.equal(snapshot.time, '2018-12-10T21:35:55.683');
    assert.equal(snapshot.complete, false);
    assert.deepEqual(reasons(snapshot), ['elided']);
    assert.equal(snapshot.problems[0]!.line, lineOf('docs-mpf-events-dump', name, '[...]'));
    const events = eventsOf(snapshot);
    assert.deepEqual(events.totals, { registeredHandlers: 265, eventQueue: 0, callbackQueue: 0, queueTasks: 0 });
    assert.deepEqual({ ...events.handlers }, { ball_starting: 24, balldevice_bd_scoop_front_ball_eject_failed: 1 });
    assert.deepEqual(events.queue, []);
    assert.equal(snapshot.displays, null);
    assert.equal(snapshot.objects, null);
    assert.equal(snapshot.clock, null);
    assert.equal(snapshot.state, 'unknown');
    assert.deepEqual({ ...snapshot.posted }, { debug_dump_stats: 1 });
  },

  'docs-mc-full-dump': () => {
    const folder = 'docs-mc-full-dump';
    const name = 'mpf-docs-2018-12-10-mc-full-dump.log';
    const log = parse(folder);
    assert.equal(log.lines, 65);
    assert.deepEqual(log.formats, ['B']);
    const snapshot = only(log);
    assert.equal(snapshot.process, 'mc');
    assert.equal(snapshot.line, 2);
    assert.equal(snapshot.time, '2018-12-10T21:35:55.702');
    assert.equal(snapshot.complete, false);
    // Each of the three `[...]` lines of the docs page is reported where it is.
    const elided = snapshot.problems.filter((problem) => problem.reason === 'elided').map((problem) => problem.line);
    assert.deepEqual(elided, [1, 2, 3].map((nth) => lineOf(folder, name, '[...]', nth)));

    const events = eventsOf(snapshot);
    assert.deepEqual(events.totals, { registeredHandlers: 42, eventQueue: 0, callbackQueue: 0, queueTasks: 0 });
    assert.equal(Object.keys(events.handlers).length, 9);
    assert.equal(events.handlers['service_power_off'], 2);
    assert.equal(events.handlers['debug_dump_stats'], 2);
    assert.equal(events.handlers['service_door_opened'], 1);

    const displays = displaysOf(snapshot);
    assert.equal(displays.displayCount, 4);
    assert.equal(displays.activeSlideCount, 8);
    assert.equal(displays.availableSlides, null);
    assert.deepEqual(
      displays.activeSlides.map((slide) => slide.name),
      ['playfield_blank', 'transparent_playfield', 'dmd_back_blank', 'window_slide_1', 'dmd_front', 'dmd_front_blank', 'window_blank', 'dmd_back'],
    );
    assert.deepEqual(displays.activeSlides[4], { name: 'dmd_front', priority: 10, id: 8 });
    // Two trees were printed: dmd_front whole, and the tail of another one after `[...]`, whose
    // `Listing children` line was cut away.
    assert.equal(displays.displays.length, 2);
    const [front, tail] = displays.displays;
    assert.equal(front!.name, 'dmd_front');
    assert.equal(front!.repr, '<Display name=dmd_front[128, 32], current slide=dmd_front, total slides=2>');
    assert.deepEqual(keys(front!.children), ['Display:dmd_front', 'Slide:dmd_front', 'WidgetContainer:None', 'Image:drache']);
    assert.equal(front!.totalChildren, 4);
    assert.equal(front!.children[3]!.line, lineOf(folder, name, '<Image name=drache'));
    assert.equal(tail!.name, null);
    assert.equal(tail!.totalChildren, 6);
    assert.deepEqual(keys(tail!.children), [
      'Slide:transparent_playfield',
      'WidgetContainer:None',
      'Image:nyannyan',
      'WidgetContainer:None',
      'Image:nyannyan',
    ]);

    assert.equal(declaredObjects(snapshot), 152);
    assert.deepEqual(keys(objectEntriesOf(snapshot)), [
      'Display:playfield',
      'Display:dmd_back',
      'Display:window',
      'Display:dmd_front',
      'DisplayWidget:window',
      'Slide:playfield_blank',
      'Image:drache',
      'Image:nyannyan',
      'Image:nyannyan',
    ]);

    const clock = clockOf(snapshot);
    const printed = linesOf(folder, name).filter((line) => line.includes(' : mpfmc : <ClockEvent (')).length;
    assert.equal(printed, 18);
    assert.equal(clock.entries.length, printed);
    assert.deepEqual(keys(clock.entries).slice(0, 5), [
      'Cache._purge_by_timeout',
      'SoundSystem.tick',
      'BcpProcessor._get_from_queue',
      'MpfMc._check_crash_queue',
      'MpfMc.tick',
    ]);
    assert.equal(clock.entries.filter((entry) => entry.key === 'Widget.remove').length, 2);
    assert.equal(clock.entries.filter((entry) => entry.key === 'Animation._update').length, 2);
    assert.equal(clock.entries.filter((entry) => entry.key === 'EffectWidget._update_glsl').length, 4);
    assert.deepEqual(clock.entries[0], {
      timeout: 1,
      callback: '<function Cache._purge_by_timeout at 0x7fe7c73eeae8>',
      key: 'Cache._purge_by_timeout',
      line: 47,
    });
    assert.equal(clock.entries.find((entry) => entry.key === 'Widget.remove')!.timeout, 9);
    assert.equal(clock.entries.find((entry) => entry.key === 'WindowSDL._check_keyboard_shown')!.timeout, 0.2);
    assert.equal(snapshot.state, 'unknown');
    assert.deepEqual({ ...snapshot.posted }, { debug_dump_stats: 1 });
  },

  'real-057-clean-run': () => {
    const folder = 'real-057-clean-run';
    const [mcName, mpfName] = inputs(folder);
    assert.ok(mcName!.endsWith('.mc.log') && mpfName!.endsWith('.mpf.log'));
    const mpfLog = parse(folder, mpfName);
    const mcLog = parse(folder, mcName);
    assert.equal(mpfLog.snapshots.length, 13);
    assert.equal(mcLog.snapshots.length, 13);
    assert.deepEqual(mpfLog.formats, ['A']);
    assert.deepEqual(mcLog.formats, ['B']);
    assert.deepEqual(mpfLog.problems, []);
    assert.deepEqual(mcLog.problems, []);
    for (const snapshot of [...mpfLog.snapshots, ...mcLog.snapshots]) {
      assert.equal(snapshot.complete, true, `${snapshot.file}:${snapshot.line} complete`);
      assert.deepEqual(snapshot.problems, []);
    }
    assert.ok(mpfLog.snapshots.every((snapshot) => snapshot.process === 'mpf'));
    assert.ok(mcLog.snapshots.every((snapshot) => snapshot.process === 'mc'));

    // The states the scenario driver wrote before each MPF dump.
    const checkpoints = linesOf(folder, mpfName!)
      .map((line) => /Scenario checkpoint (\d+): (.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null);
    assert.equal(checkpoints.length, 13);
    const expected = checkpoints.map(([, , what]) => (what!.startsWith('attract') ? 'attract' : / ball \d in play/.test(what!) ? 'game·ball' : '?'));
    assert.deepEqual(mpfLog.snapshots.map((snapshot) => snapshot.state), expected);
    // MC is told about games and balls, not about attract mode: outside a game, once events flow
    // (slides played at start-up), the machine is taken to be in attract, as the checkpoints say.
    assert.deepEqual(mcLog.snapshots.map((snapshot) => snapshot.state), expected);
    assert.deepEqual(mpfLog.snapshots[0]!.activeModes, ['attract']);
    assert.deepEqual(mpfLog.snapshots[1]!.activeModes, ['base', 'game', 'lane_bonus']);
    assert.deepEqual(mpfLog.snapshots[4]!.activeModes, ['attract']);

    for (const [name, log] of [
      [mpfName!, mpfLog],
      [mcName!, mcLog],
    ] as const) {
      const scan = scanDumps(linesOf(folder, name));
      assert.equal(scan.length, 13);
      log.snapshots.forEach((snapshot, i) => {
        const dump = scan[i]!;
        assert.equal(snapshot.line, dump.header, `${name} dump ${i + 1} line`);
        assert.equal(snapshot.time, dump.time);
        const events = eventsOf(snapshot);
        assert.equal(events.totals?.registeredHandlers, dump.handlerLines, `${name} dump ${i + 1}: declared = printed`);
        assert.deepEqual({ ...events.handlers }, dump.handlers);
        assert.deepEqual({ ...snapshot.posted }, dump.posted, `${name} dump ${i + 1} posted`);
      });
    }
    mcLog.snapshots.forEach((snapshot, i) => {
      const dump = scanDumps(linesOf(folder, mcName!))[i]!;
      const displays = displaysOf(snapshot);
      assert.equal(displays.displayCount, 1);
      assert.equal(displays.availableSlides, 5);
      assert.equal(displays.displays.length, 1);
      assert.equal(displays.displays[0]!.name, 'window');
      assert.equal(displays.displays[0]!.children.length, displays.displays[0]!.totalChildren);
      assert.equal(displays.displays[0]!.children.length, dump.children);
      assert.equal(objectEntriesOf(snapshot).length, dump.objects);
      assert.equal(clockOf(snapshot).entries.length, dump.clock);
      assert.ok(clockOf(snapshot).entries.some((entry) => entry.key === 'MpfMc.tick'));
    });
    const first = mcLog.snapshots[0]!;
    assert.deepEqual(keys(displaysOf(first).displays[0]!.children), [
      'Display:window',
      'Slide:attract_slide',
      'WidgetContainer:None',
      'Rectangle Widget',
      'WidgetContainer:None',
      'Text:PINBOX',
      'WidgetContainer:None',
      'Text:PRESS START',
    ]);
    assert.equal(declaredObjects(first), 7);
  },

  'prefix-a-mpf-file': () => {
    const log = parse('prefix-a-mpf-file');
    assert.equal(log.lines, 27);
    assert.deepEqual(log.formats, ['A']);
    assert.deepEqual(log.problems, []);
    const snapshot = only(log);
    assert.equal(snapshot.file, 'fixtures/prefix-a-mpf-file/2025-10-04-16-15-48-mpf-pinbox.log');
    assert.equal(snapshot.process, 'mpf');
    assert.equal(snapshot.line, 14);
    assert.equal(snapshot.time, '2025-10-04T16:16:02.311');
    assert.equal(snapshot.complete, true);
    const events = eventsOf(snapshot);
    assert.equal(events.line, 14);
    assert.deepEqual(events.totals, { registeredHandlers: 7, eventQueue: 0, callbackQueue: 0, queueTasks: 0 });
    assert.deepEqual(Object.entries(events.handlers), [
      ['shutdown', 24],
      ['ball_started', 9],
      ['service_mode_entered', 7],
      ['game_ended', 3],
      ['debug_dump_stats', 2],
      ['mode_attract_started', 1],
      ['balldevice_bd_trough_ejecting_ball', 1],
    ]);
    assert.deepEqual(events.queue, []);
    assert.equal(snapshot.displays, null);
    assert.equal(snapshot.objects, null);
    assert.equal(snapshot.clock, null);
    assert.equal(snapshot.state, 'attract');
    assert.deepEqual(snapshot.activeModes, ['attract']);
    assert.deepEqual(
      { ...snapshot.posted },
      {
        reset_complete: 1,
        mode_attract_will_start: 1,
        mode_attract_starting: 1,
        modes_active_modes_changed: 1,
        mode_attract_started: 1,
        slide_attract_slide_active: 1,
        debug_dump_stats: 1,
      },
    );
  },

  'prefix-b-mc-file': () => {
    const folder = 'prefix-b-mc-file';
    const name = '2025-10-04-16-15-48-mc-pinbox.log';
    const log = parse(folder);
    assert.equal(log.lines, 54);
    assert.deepEqual(log.formats, ['B']);
    const snapshot = only(log);
    assert.equal(snapshot.process, 'mc');
    assert.equal(snapshot.line, 13);
    assert.equal(snapshot.time, '2025-10-04T16:16:14.447');
    assert.equal(snapshot.complete, true);
    assert.deepEqual(snapshot.problems, []);
    const events = eventsOf(snapshot);
    assert.deepEqual(events.totals, { registeredHandlers: 6, eventQueue: 0, callbackQueue: 0, queueTasks: 0 });
    assert.deepEqual(
      { ...events.handlers },
      { debug_dump_stats: 2, shutdown: 2, player_score: 2, slides_play: 1, widgets_play: 1, ball_started: 1 },
    );
    const displays = displaysOf(snapshot);
    assert.equal(displays.line, lineOf(folder, name, '--- DEBUG DUMP DISPLAYS ---'));
    assert.deepEqual(displays.activeSlides, [
      { name: 'window_blank', priority: 0, id: 1 },
      { name: 'attract_slide', priority: 0, id: 2 },
      { name: 'base_slide', priority: 0, id: 3 },
    ]);
    assert.equal(displays.activeSlideCount, 3);
    assert.equal(displays.displayCount, 1);
    assert.equal(displays.availableSlides, 5);
    assert.equal(displays.displays.length, 1);
    const tree = displays.displays[0]!;
    assert.equal(tree.name, 'window');
    assert.equal(tree.repr, '<Display name=window[400, 300], current slide=base_slide, total slides=3>');
    assert.equal(tree.totalChildren, 6);
    assert.deepEqual(keys(tree.children), [
      'Display:window',
      'Slide:base_slide',
      'WidgetContainer:None',
      'Text:BALL #',
      'WidgetContainer:None',
      'Text:#',
    ]);
    assert.deepEqual(tree.children[3], { repr: '<Text Widget text=BALL 1>', key: 'Text:BALL #', line: lineOf(folder, name, '<Text Widget text=BALL 1>') });
    assert.equal(snapshot.objects?.line, lineOf(folder, name, '--- DEBUG DUMP OBJECTS ---'));
    assert.equal(declaredObjects(snapshot), 12);
    assert.deepEqual(keys(objectEntriesOf(snapshot)), [
      'Display:window',
      'DisplayWidget:window',
      'Slide:window_blank',
      'Slide:attract_slide',
      'Text:PRESS START',
      'Text:PINBOX',
      'Rectangle Widget',
      'Slide:base_slide',
      'Text:#',
      'Text:BALL #',
    ]);
    assert.equal(objectEntriesOf(snapshot)[6]!.repr, '<Rectangle Widget id=140522942265984>');
    const clock = clockOf(snapshot);
    assert.deepEqual(
      clock.entries.map((entry) => [entry.timeout, entry.key]),
      [
        [1, 'Cache._purge_by_timeout'],
        [0, 'BcpProcessor._get_from_queue'],
        [1, 'MpfMc._check_crash_queue'],
        [0, 'MpfMc.tick'],
      ],
    );
    assert.equal(clock.entries[3]!.callback, '<bound method MpfMc.tick of <mpfmc.core.mc.MpfMc object at 0x7fce0ce51160>>');
    assert.equal(snapshot.state, 'game·ball');
    assert.deepEqual(snapshot.activeModes, []);
    assert.deepEqual(
      { ...snapshot.posted },
      { mc_reset_complete: 1, game_started: 1, player_added: 1, ball_started: 1, slide_base_slide_active: 1, player_score: 2, debug_dump_stats: 1 },
    );
  },

  'prefix-c-console-057': () => {
    const log = parse('prefix-c-console-057');
    assert.deepEqual(log.formats, ['C']);
    // `mpf both -t` prints both processes; MC's EVENTS is the one followed by its DISPLAYS.
    assert.equal(log.snapshots.length, 2);
    const [mpf, mc] = log.snapshots;
    assert.equal(mpf!.process, 'mpf');
    assert.equal(mpf!.line, 6);
    assert.equal(mpf!.time, '16:16:02.311');
    assert.equal(mpf!.complete, true);
    assert.deepEqual({ ...eventsOf(mpf!).handlers }, { shutdown: 24, ball_started: 9, debug_dump_stats: 2, mode_attract_started: 1 });
    assert.equal(mpf!.displays, null);
    assert.equal(mc!.process, 'mc');
    assert.equal(mc!.line, 16);
    assert.equal(mc!.time, '16:16:02.324');
    assert.equal(mc!.complete, true);
    assert.deepEqual({ ...eventsOf(mc!).handlers }, { debug_dump_stats: 2, shutdown: 2, slides_play: 1 });
    const displays = displaysOf(mc!);
    assert.equal(displays.displayCount, 1);
    assert.equal(displays.availableSlides, 5);
    assert.deepEqual(keys(displays.displays[0]!.children), ['Display:window', 'Slide:attract_slide', 'WidgetContainer:None', 'Text:PRESS START']);
    assert.equal(displays.displays[0]!.totalChildren, 4);
    assert.equal(objectEntriesOf(mc!).length, 5);
    assert.deepEqual(keys(clockOf(mc!).entries), ['Cache._purge_by_timeout', 'MpfMc.tick']);
  },

  'prefix-d-mpf-console-050': () => {
    const log = parse('prefix-d-mpf-console-050');
    assert.deepEqual(log.formats, ['D']);
    const snapshot = only(log);
    assert.equal(snapshot.process, 'mpf');
    assert.equal(snapshot.line, 6);
    assert.equal(snapshot.time, null);
    assert.equal(snapshot.complete, true);
    assert.deepEqual(eventsOf(snapshot).totals, { registeredHandlers: 4, eventQueue: 0, callbackQueue: 0, queueTasks: 0 });
    assert.deepEqual({ ...eventsOf(snapshot).handlers }, { shutdown: 22, ball_started: 8, debug_dump_stats: 2, mode_attract_started: 1 });
    assert.equal(snapshot.state, 'attract');
  },

  'prefix-e-mpf-console-dev': () => {
    const log = parse('prefix-e-mpf-console-dev');
    assert.deepEqual(log.formats, ['E']);
    const snapshot = only(log);
    assert.equal(snapshot.process, 'mpf');
    assert.equal(snapshot.line, 4);
    // Seconds and milliseconds alone are not a time of day.
    assert.equal(snapshot.time, null);
    assert.equal(snapshot.complete, true);
    assert.deepEqual({ ...eventsOf(snapshot).handlers }, { shutdown: 23, ball_started: 9, debug_dump_stats: 2, mode_attract_started: 1 });
    assert.equal(snapshot.state, 'attract');
  },

  'prefix-f-mc-console-033': () => {
    const log = parse('prefix-f-mc-console-033');
    assert.deepEqual(log.formats, ['F']);
    const snapshot = only(log);
    assert.equal(snapshot.process, 'mc');
    assert.equal(snapshot.line, 4);
    assert.equal(snapshot.time, null);
    assert.equal(snapshot.complete, true);
    assert.deepEqual({ ...eventsOf(snapshot).handlers }, { debug_dump_stats: 2, shutdown: 2, slides_play: 1 });
    const displays = displaysOf(snapshot);
    assert.equal(displays.availableSlides, 4);
    assert.deepEqual(keys(displays.displays[0]!.children), ['Display:window', 'Slide:base_slide', 'WidgetContainer:None', 'Text:BALL #']);
    assert.equal(declaredObjects(snapshot), 6);
    assert.equal(objectEntriesOf(snapshot).length, 5);
    assert.equal(clockOf(snapshot).entries.length, 2);
    assert.equal(snapshot.state, 'game·ball');
  },

  'prefix-g-json-logging': () => {
    const folder = 'prefix-g-json-logging';
    const mpfLog = parse(folder, '2025-10-04-16-15-48-mpf-pinbox.log');
    const mcLog = parse(folder, '2025-10-04-16-15-48-mc-pinbox.log');
    assert.deepEqual(mpfLog.formats, ['G']);
    assert.deepEqual(mcLog.formats, ['G']);
    const mpf = only(mpfLog);
    assert.equal(mpf.process, 'mpf');
    assert.equal(mpf.line, 4);
    // `…T16:16:02.311.402832`: the two-dot timestamp of MPF's JSONFormatter, cut to milliseconds.
    assert.equal(mpf.time, '2025-10-04T16:16:02.311');
    assert.equal(mpf.complete, true);
    assert.deepEqual({ ...eventsOf(mpf).handlers }, { shutdown: 24, ball_started: 9, debug_dump_stats: 2, mode_attract_started: 1 });
    assert.equal(mpf.state, 'attract');

    const mc = only(mcLog);
    assert.equal(mc.process, 'mc');
    assert.equal(mc.line, 4);
    assert.equal(mc.time, '2025-10-04T16:16:14.447');
    assert.equal(mc.complete, true);
    assert.deepEqual({ ...eventsOf(mc).handlers }, { debug_dump_stats: 2, shutdown: 2, player_score: 1 });
    const tree = displaysOf(mc).displays[0]!;
    assert.equal(tree.totalChildren, 4);
    assert.deepEqual(keys(tree.children), ['Display:window', 'Slide:base_slide', 'WidgetContainer:None', 'Text:PLAYER #\nBALL #\nSCORE #']);
    assert.equal(tree.children[3]!.repr, '<Text Widget text=PLAYER 1\nBALL 1\nSCORE 10,470>');
    assert.equal(tree.children[3]!.line, 18);
    assert.deepEqual(keys(objectEntriesOf(mc)), [
      'Display:window',
      'DisplayWidget:window',
      'Slide:window_blank',
      'Slide:base_slide',
      'Text:PLAYER #\nBALL #\nSCORE #',
    ]);
    assert.equal(clockOf(mc).entries.length, 2);
    assert.equal(mc.state, 'game·ball');
  },

  'prefix-h-kivy-log': () => {
    const log = parse('prefix-h-kivy-log');
    assert.deepEqual(log.formats, ['H']);
    const snapshot = only(log);
    assert.equal(snapshot.process, 'mc');
    assert.equal(snapshot.line, 9);
    assert.equal(snapshot.time, null);
    assert.equal(snapshot.complete, true);
    assert.deepEqual({ ...eventsOf(snapshot).handlers }, { debug_dump_stats: 2, shutdown: 2, slides_play: 1 });
    const displays = displaysOf(snapshot);
    assert.equal(displays.availableSlides, 3);
    assert.deepEqual(keys(displays.displays[0]!.children), ['Display:window', 'Slide:attract_slide', 'WidgetContainer:None', 'Text:PRESS START']);
    assert.equal(displays.displays[0]!.totalChildren, 4);
    assert.equal(objectEntriesOf(snapshot).length, 5);
    assert.deepEqual(keys(clockOf(snapshot).entries), ['Cache._purge_by_timeout', 'MpfMc.tick']);
  },

  'mixed-mpf-mc-one-file': () => {
    const log = parse('mixed-mpf-mc-one-file');
    assert.deepEqual(log.formats, ['A', 'B']);
    assert.equal(log.snapshots.length, 2);
    const [mpf, mc] = log.snapshots;
    // The file is named `-mpf-` (only `-l` was given), yet half of it is MC's.
    assert.equal(mpf!.process, 'mpf');
    assert.equal(mpf!.line, 13);
    assert.equal(mpf!.time, '2025-10-04T16:16:02.311');
    assert.equal(mpf!.complete, true);
    assert.deepEqual({ ...eventsOf(mpf!).handlers }, { shutdown: 24, ball_started: 9, debug_dump_stats: 2, mode_attract_started: 1 });
    assert.equal(mpf!.displays, null);
    assert.deepEqual({ ...mpf!.posted }, { reset_complete: 1, mode_attract_started: 1, debug_dump_stats: 1 });
    assert.equal(mpf!.state, 'attract');

    assert.equal(mc!.process, 'mc');
    assert.equal(mc!.line, 19);
    assert.equal(mc!.time, '2025-10-04T16:16:02.312');
    assert.equal(mc!.complete, true);
    assert.deepEqual({ ...eventsOf(mc!).handlers }, { debug_dump_stats: 2, shutdown: 2, slides_play: 1 });
    const tree = displaysOf(mc!).displays[0]!;
    assert.deepEqual(keys(tree.children), ['Display:window', 'Slide:attract_slide', 'WidgetContainer:None', 'Text:PRESS START']);
    assert.equal(tree.totalChildren, 4);
    assert.equal(objectEntriesOf(mc!).length, 5);
    assert.equal(clockOf(mc!).entries.length, 2);
    assert.deepEqual({ ...mc!.posted }, { mc_reset_complete: 1, slides_play: 1, debug_dump_stats: 1 });
  },

  'indented-pasted': () => {
    const log = parse('indented-pasted');
    assert.deepEqual(log.formats, ['B']);
    const snapshot = only(log);
    assert.equal(snapshot.process, 'mc');
    assert.equal(snapshot.line, 6);
    assert.equal(snapshot.time, '2025-10-04T16:16:14.447');
    assert.equal(snapshot.complete, true);
    // The same dump as prefix-b-mc-file, only indented by three spaces and at other lines.
    const twin = only(parse('prefix-b-mc-file'));
    assert.deepEqual(withoutLines(snapshot.events), withoutLines(twin.events));
    assert.deepEqual(withoutLines(snapshot.displays), withoutLines(twin.displays));
    assert.deepEqual(withoutLines(snapshot.objects), withoutLines(twin.objects));
    assert.deepEqual(withoutLines(snapshot.clock), withoutLines(twin.clock));
    assert.equal(eventsOf(snapshot).handlers['player_score'], 2);
  },

  'mc-pre-054-no-available-slides': () => {
    const snapshot = only(parse('mc-pre-054-no-available-slides'));
    assert.equal(snapshot.process, 'mc');
    assert.equal(snapshot.time, '2020-02-16T20:13:41.503');
    assert.equal(snapshot.complete, true);
    const displays = displaysOf(snapshot);
    assert.equal(displays.availableSlides, null);
    assert.equal(displays.activeSlideCount, 3);
    assert.equal(displays.displayCount, 2);
    assert.deepEqual(displays.activeSlides.map((slide) => slide.name), ['dmd_blank', 'attract_dmd', 'window_blank']);
    assert.deepEqual(displays.displays.map((tree) => [tree.name, tree.totalChildren, tree.children.length]), [
      ['dmd', 4, 4],
      ['window', 4, 4],
    ]);
    assert.deepEqual(keys(displays.displays[1]!.children), ['Display:window', 'Slide:window_blank', 'WidgetContainer:None', 'DisplayWidget:dmd']);
    assert.equal(declaredObjects(snapshot), 9);
    assert.deepEqual(keys(objectEntriesOf(snapshot)).slice(-3), ['DisplayWidget:dmd', 'Asset:bitmap_fonts:F1fuv', 'Sound:coin']);
    assert.deepEqual(keys(clockOf(snapshot).entries), ['Cache._purge_by_timeout', 'MpfMc.tick', 'DmdBase.tick']);
  },

  'mc-057-deprecation-warning': () => {
    const folder = 'mc-057-deprecation-warning';
    const snapshot = only(parse(folder));
    assert.equal(snapshot.complete, true);
    assert.deepEqual(snapshot.problems, []);
    const displays = displaysOf(snapshot);
    assert.equal(displays.availableSlides, 5);
    assert.equal(displays.displays.length, 1);
    const tree = displays.displays[0]!;
    assert.equal(tree.name, 'window');
    assert.equal(tree.totalChildren, 6);
    assert.deepEqual(keys(tree.children), [
      'Display:window',
      'Slide:attract_slide',
      'WidgetContainer:None',
      'Rectangle Widget',
      'WidgetContainer:None',
      'Text:PRESS START',
    ]);
    assert.ok(tree.children.every((child) => !child.repr.includes('Iterating device collections')));
    assert.equal(objectEntriesOf(snapshot).length, 6);
    assert.equal(clockOf(snapshot).entries.length, 2);
  },

  'mc-production-flag': () => {
    const folder = 'mc-production-flag';
    const snapshot = only(parse(folder));
    assert.equal(snapshot.process, 'mc');
    // Production mode is a choice, not damage: the dump is whole, just without OBJECTS.
    assert.equal(snapshot.complete, true);
    assert.deepEqual(snapshot.problems, []);
    assert.deepEqual(snapshot.objects, { line: lineOf(folder, inputs(folder)[0]!, 'OBJECTS DISABLED BECAUSE OF PRODUCTION FLAG'), disabled: true });
    assert.equal(displaysOf(snapshot).displays[0]!.children.length, 6);
    assert.deepEqual(keys(clockOf(snapshot).entries), ['Cache._purge_by_timeout', 'MpfMc.tick']);
  },

  'mc-widgetcontainer-050-id': () => {
    const snapshot = only(parse('mc-widgetcontainer-050-id'));
    assert.equal(snapshot.complete, true);
    const displays = displaysOf(snapshot);
    assert.equal(displays.availableSlides, null);
    const tree = displays.displays[0]!;
    assert.equal(tree.totalChildren, 9);
    assert.deepEqual(keys(tree.children), [
      'Display:window',
      'Slide:attract',
      'WidgetContainer:None',
      'Rectangle Widget',
      'WidgetContainer:None',
      'Image:nyannyan',
      'WidgetContainer:ball_save_overlay',
      'Text:BALL SAVE',
      'kivy.uix.effectwidget.EffectWidget',
    ]);
    assert.equal(tree.children[2]!.repr, '<WidgetContainer id=None z=0 key=None>');
    assert.equal(declaredObjects(snapshot), 8);
    assert.deepEqual(keys(objectEntriesOf(snapshot)).slice(4), ['Rectangle Widget', 'Asset:images:nyannyan', 'Image:nyannyan', 'Text:BALL SAVE']);
    assert.deepEqual(keys(clockOf(snapshot).entries), [
      'Cache._purge_by_timeout',
      'MpfMc.tick',
      'EffectWidget._update_glsl',
      'Animation._update',
    ]);
  },

  'multiline-text-widget': () => {
    const folder = 'multiline-text-widget';
    const name = inputs(folder)[0]!;
    const log = parse(folder);
    assert.equal(log.lines, 37);
    const snapshot = only(log);
    assert.equal(snapshot.complete, true);
    assert.deepEqual(snapshot.problems, []);
    const text = 'Text:PLAYER #\nBALL #\nSCORE #';
    const tree = displaysOf(snapshot).displays[0]!;
    assert.equal(tree.totalChildren, 6);
    assert.deepEqual(keys(tree.children), ['Display:window', 'Slide:base_slide', 'WidgetContainer:None', text, 'WidgetContainer:None', 'Text:PRESS START']);
    assert.equal(tree.children[3]!.repr, '<Text Widget text=PLAYER 1\nBALL 2\nSCORE 15,470>');
    assert.equal(tree.children[3]!.line, lineOf(folder, name, '<Text Widget text=PLAYER 1', 1));
    const entries = objectEntriesOf(snapshot);
    assert.deepEqual(keys(entries), ['Display:window', 'DisplayWidget:window', 'Slide:window_blank', 'Slide:base_slide', text, 'Text:PRESS START']);
    assert.equal(entries[4]!.line, lineOf(folder, name, '<Text Widget text=PLAYER 1', 2));
    assert.equal(clockOf(snapshot).entries.length, 1);
  },

  'queue-tasks': () => {
    const snapshot = only(parse('queue-tasks'));
    assert.equal(snapshot.complete, true);
    const events = eventsOf(snapshot);
    assert.deepEqual(events.totals, { registeredHandlers: 4, eventQueue: 2, callbackQueue: 1, queueTasks: 1 });
    assert.deepEqual({ ...events.handlers }, { shutdown: 24, ball_will_end: 6, ball_ending: 2, debug_dump_stats: 2 });
    // The repr without the one leading space and the trailing colon that the dump adds.
    assert.deepEqual(events.queue, [
      "<Task pending name='Task-2' coro=<EventManager._run_handlers_sequential() running at /opt/mpf/mpf/core/events.py:695> wait_for=<Future pending cb=[Task.task_wakeup()]> cb=[EventManager._queue_task_done()]>",
    ]);
  },

  'legacy-stats-leaks-headers': () => {
    const folder = 'legacy-stats-leaks-headers';
    // MC 0.50.0-dev.26–30: `STATS` is what later became DISPLAYS, and nothing else was dumped.
    const stats = only(parse(folder, '2018-03-10-18-02-44-mc-pinbox.log'));
    assert.equal(stats.process, 'mc');
    assert.equal(stats.line, 3);
    assert.equal(stats.time, '2018-03-10T18:04:12.550');
    assert.equal(stats.events, null);
    assert.equal(stats.objects, null);
    assert.equal(stats.clock, null);
    const tree = displaysOf(stats).displays[0]!;
    assert.deepEqual(keys(tree.children), ['Display:window', 'Slide:attract', 'WidgetContainer:None', 'Text:INSERT COIN']);
    assert.equal(tree.totalChildren, 4);
    // Those builds wrote no more; a section their version never had is not missing.
    assert.equal(stats.complete, true);

    // MC 0.50.0-dev.34: `LEAKS` is what later became OBJECTS, without the "Elements in list" line; no CLOCK yet.
    const leaks = only(parse(folder, '2018-03-27-21-15-03-mc-pinbox.log'));
    assert.equal(leaks.process, 'mc');
    assert.equal(leaks.line, 3);
    assert.deepEqual({ ...eventsOf(leaks).handlers }, { debug_dump_stats: 2, slides_play: 1 });
    assert.equal(displaysOf(leaks).displays[0]!.totalChildren, 4);
    assert.equal(declaredObjects(leaks), null);
    assert.deepEqual(keys(objectEntriesOf(leaks)), ['Slide:window_blank', 'Slide:attract', 'Text:INSERT COIN']);
    assert.equal(leaks.clock, null);
    assert.equal(leaks.complete, true);
  },

  'windows-addresses': () => {
    const snapshot = only(parse('windows-addresses'));
    assert.equal(snapshot.complete, true);
    const tree = displaysOf(snapshot).displays[0]!;
    assert.deepEqual(keys(tree.children), [
      'Display:window',
      'Slide:attract_slide',
      'WidgetContainer:None',
      'Rectangle Widget',
      'kivy.uix.effectwidget.EffectWidget',
    ]);
    assert.equal(tree.children[4]!.repr, '<kivy.uix.effectwidget.EffectWidget object at 0x000001E0D2B4A3C0>');
    assert.deepEqual(keys(objectEntriesOf(snapshot)).slice(-2), ['Rectangle Widget', 'mpfmc.widgets.text.BitmapFontLabel']);
    assert.deepEqual(keys(clockOf(snapshot).entries), [
      'Cache._purge_by_timeout',
      'MpfMc._check_crash_queue',
      'MpfMc.tick',
      'EffectWidget._update_glsl',
    ]);
  },

  'many-dumps-one-file': () => {
    const log = parse('many-dumps-one-file');
    assert.equal(log.lines, 91);
    assert.equal(log.snapshots.length, 5);
    assert.ok(log.snapshots.every((snapshot) => snapshot.process === 'mpf' && snapshot.complete));
    assert.deepEqual(log.snapshots.map((snapshot) => snapshot.line), [6, 30, 46, 61, 83]);
    assert.deepEqual(log.snapshots.map((snapshot) => snapshot.state), ['attract', 'game·ball', 'game', 'game·ball', 'attract']);
    assert.deepEqual(log.snapshots.map((snapshot) => snapshot.activeModes), [['attract'], ['base', 'game'], ['game'], ['base', 'game'], ['attract']]);
    assert.deepEqual(log.snapshots.map((snapshot) => eventsOf(snapshot).handlers['s_ramp_active']), [1, 2, 3, 4, 5]);
    assert.deepEqual(log.snapshots.map((snapshot) => eventsOf(snapshot).handlers['player_score']), [undefined, 3, undefined, 3, undefined]);
    assert.equal(eventsOf(log.snapshots[2]!).totals?.eventQueue, 1);
    assert.deepEqual(
      log.snapshots.map((snapshot) => ({ ...snapshot.posted })),
      [
        { reset_complete: 1, mode_attract_started: 1, debug_dump_stats: 1 },
        {
          request_to_start_game: 1,
          mode_attract_stopped: 1,
          mode_game_started: 1,
          game_started: 1,
          player_added: 1,
          mode_base_started: 1,
          ball_started: 1,
          player_score: 3,
          debug_dump_stats: 1,
        },
        { ball_will_end: 1, ball_ending: 1, mode_base_stopped: 1, ball_ended: 1, debug_dump_stats: 1 },
        { mode_base_started: 1, ball_started: 1, player_score: 2, debug_dump_stats: 1 },
        {
          ball_will_end: 1,
          ball_ending: 1,
          mode_base_stopped: 1,
          ball_ended: 1,
          game_ending: 1,
          game_ended: 1,
          mode_attract_started: 1,
          mode_game_stopped: 1,
          debug_dump_stats: 1,
        },
      ],
    );
  },

  'crlf-line-endings': () => {
    assertSameAsTwin('crlf-line-endings', 'prefix-b-mc-file');
    const snapshot = only(parse('crlf-line-endings'));
    assert.ok(Object.keys(eventsOf(snapshot).handlers).every((event) => !event.includes('\r')));
    assert.ok(objectEntriesOf(snapshot).every((entry) => !entry.repr.includes('\r') && !entry.key.includes('\r')));
  },

  'utf8-bom': () => {
    assertSameAsTwin('utf8-bom', 'prefix-a-mpf-file');
  },

  'mixed-crlf-lf': () => {
    assertSameAsTwin('mixed-crlf-lf', 'multiline-text-widget');
    const tree = displaysOf(only(parse('mixed-crlf-lf'))).displays[0]!;
    assert.equal(tree.children[3]!.key, 'Text:PLAYER #\nBALL #\nSCORE #');
  },

  'latin1-bytes': () => {
    const log = parse('latin1-bytes');
    const snapshot = only(log);
    assert.equal(snapshot.complete, true);
    assert.deepEqual({ ...eventsOf(snapshot).handlers }, { debug_dump_stats: 2, 'défi_complete': 2, slides_play: 1 });
    const displays = displaysOf(snapshot);
    assert.deepEqual(displays.activeSlides.map((slide) => slide.name), ['window_blank', 'défi_slide']);
    assert.deepEqual(keys(displays.displays[0]!.children), ['Display:window', 'Slide:défi_slide', 'WidgetContainer:None', 'Text:DÉFI RÉUSSI']);
    assert.ok(keys(objectEntriesOf(snapshot)).includes('Text:DÉFI RÉUSSI'));
    assert.equal(snapshot.posted['défi_complete'], 1);
    assert.ok(!JSON.stringify(log).includes('\uFFFD'), 'no replacement characters');
  },

  'elided-lines': () => {
    const folder = 'elided-lines';
    const snapshot = only(parse(folder));
    assert.equal(snapshot.complete, false);
    assert.deepEqual(reasons(snapshot), ['elided']);
    assert.equal(snapshot.problems[0]!.line, lineOf(folder, inputs(folder)[0]!, '[...]'));
    // Printed entries, around the cut; `[...]` itself is neither an entry nor part of one.
    assert.equal(declaredObjects(snapshot), 12);
    assert.deepEqual(keys(objectEntriesOf(snapshot)), ['Display:window', 'DisplayWidget:window', 'Slide:window_blank', 'Text:#', 'Text:BALL #']);
    assert.ok(objectEntriesOf(snapshot).every((entry) => !entry.repr.includes('[...]')));
    assert.equal(clockOf(snapshot).entries.length, 4);
  },

  'truncated-dump': () => {
    const folder = 'truncated-dump';
    const log = parse(folder);
    const snapshot = only(log);
    assert.equal(snapshot.process, 'mc');
    assert.equal(snapshot.complete, false);
    assert.ok(reasons(snapshot).includes('truncated'));
    const truncated = snapshot.problems.find((problem) => problem.reason === 'truncated')!;
    assert.ok(truncated.line >= lineOf(folder, inputs(folder)[0]!, '--- DEBUG DUMP DISPLAYS ---') && truncated.line <= log.lines);
    // What was written before the cut is kept.
    assert.equal(Object.keys(eventsOf(snapshot).handlers).length, 6);
    const tree = displaysOf(snapshot).displays[0]!;
    assert.equal(tree.name, 'window');
    assert.deepEqual(keys(tree.children), ['Display:window', 'Slide:base_slide', 'WidgetContainer:None']);
    assert.equal(tree.totalChildren, null);
    assert.equal(snapshot.objects, null);
    assert.equal(snapshot.clock, null);
  },

  'header-repeated': () => {
    const log = parse('header-repeated');
    assert.equal(log.snapshots.length, 2);
    const [cut, whole] = log.snapshots;
    assert.equal(cut!.line, 4);
    assert.equal(cut!.complete, false);
    assert.ok(cut!.problems.some((problem) => problem.reason === 'header-repeated' && problem.line === 9));
    assert.deepEqual({ ...eventsOf(cut!).handlers }, { shutdown: 24, ball_started: 9 });
    assert.equal(whole!.line, 9);
    assert.equal(whole!.time, '2025-10-04T16:16:40.902');
    assert.equal(whole!.complete, true);
    assert.equal(Object.keys(eventsOf(whole!).handlers).length, 4);
  },

  'end-without-header': () => {
    const log = parse('end-without-header');
    assert.ok(log.problems.some((problem) => problem.reason === 'end-without-header' && problem.line === 4));
    const snapshot = only(log);
    assert.equal(snapshot.line, 11);
    assert.equal(snapshot.complete, true);
    assert.deepEqual({ ...eventsOf(snapshot).handlers }, { shutdown: 24, ball_started: 11, debug_dump_stats: 2, mode_attract_started: 1 });
    assert.equal(snapshot.state, 'game·ball');
  },

  'foreign-lines-inside-sections': () => {
    const snapshot = only(parse('foreign-lines-inside-sections'));
    assert.equal(snapshot.complete, true);
    assert.deepEqual(snapshot.problems, []);
    assert.deepEqual({ ...eventsOf(snapshot).handlers }, { debug_dump_stats: 2, shutdown: 2, slides_play: 1 });
    const tree = displaysOf(snapshot).displays[0]!;
    assert.deepEqual(keys(tree.children), ['Display:window', 'Slide:attract_slide', 'WidgetContainer:None', 'Image:drache']);
    assert.equal(tree.totalChildren, 4);
    const entries = objectEntriesOf(snapshot);
    assert.deepEqual(keys(entries), ['Display:window', 'DisplayWidget:window', 'Slide:window_blank', 'Slide:attract_slide', 'Asset:images:drache', 'Image:drache']);
    assert.ok(entries.every((entry) => !/Traceback|OSError|Loading Asset|MTDev/.test(entry.repr)));
    assert.equal(entries[2]!.repr, '<Slide name=window_blank, priority=0, id=1>');
    assert.deepEqual(keys(clockOf(snapshot).entries), ['Cache._purge_by_timeout', 'MpfMc.tick']);
  },

  'count-mismatch': () => {
    const folder = 'count-mismatch';
    const name = inputs(folder)[0]!;
    const snapshot = only(parse(folder));
    assert.equal(snapshot.complete, false);
    const mismatches = snapshot.problems.filter((problem) => problem.reason === 'count-mismatch');
    assert.equal(mismatches.length, 2);
    const eventsLine = mismatches[0]!.line;
    assert.ok(eventsLine >= lineOf(folder, name, 'Total registered_handlers') && eventsLine <= lineOf(folder, name, 'DEBUG DUMP EVENTS END'));
    assert.equal(mismatches[1]!.line, lineOf(folder, name, 'Total children: 7'));
    // The numbers stay as written and as read; the problem says that they disagree.
    assert.equal(eventsOf(snapshot).totals?.registeredHandlers, 5);
    assert.equal(Object.keys(eventsOf(snapshot).handlers).length, 4);
    const tree = displaysOf(snapshot).displays[0]!;
    assert.equal(tree.totalChildren, 7);
    assert.equal(tree.children.length, 6);
  },

  'bad-numbers': () => {
    const folder = 'bad-numbers';
    const name = inputs(folder)[0]!;
    const snapshot = only(parse(folder));
    assert.equal(snapshot.complete, false);
    const bad = snapshot.problems.filter((problem) => problem.reason === 'bad-number').map((problem) => problem.line);
    assert.deepEqual(bad, [lineOf(folder, name, '9O (for ball_started)'), lineOf(folder, name, '(for player_score)')]);
    // A count that cannot be read is left out, never guessed (no NaN, no rounded 1e39).
    assert.deepEqual({ ...eventsOf(snapshot).handlers }, { shutdown: 24, debug_dump_stats: 2 });
  },

  'nul-bytes': () => {
    const log = parse('nul-bytes');
    assert.equal(log.lines, 35);
    assert.equal(log.snapshots.length, 2);
    const [first, cut] = log.snapshots;
    assert.equal(first!.line, 7);
    assert.equal(first!.complete, true);
    assert.deepEqual({ ...eventsOf(first!).handlers }, { shutdown: 24, ball_started: 9, debug_dump_stats: 2, s_ramp_active: 1 });
    assert.equal(cut!.line, 31);
    assert.equal(cut!.complete, false);
    assert.ok(reasons(cut!).includes('truncated'));
    assert.deepEqual(Object.keys(eventsOf(cut!).handlers), ['shutdown']);
    assert.ok(!JSON.stringify(log).includes('\u0000'));
  },

  'no-dump': () => {
    const log = parse('no-dump');
    assert.equal(log.lines, 35);
    assert.deepEqual(log.snapshots, []);
    assert.deepEqual(log.problems, []);
    // It is an MPF log, just without a dump: that is what the error message can say.
    assert.deepEqual(log.formats, ['A']);
  },

  'empty-file': () => {
    const log = parse('empty-file');
    assert.deepEqual(log, { file: 'fixtures/empty-file/2025-10-04-16-15-48-mpf-pinbox.log', lines: 0, snapshots: [], problems: [], formats: [], continuity: { ends: [], openDumps: [], copies: [] } });
  },

  'not-a-log': () => {
    const log = parse('not-a-log');
    assert.equal(log.lines, 15);
    assert.deepEqual(log.snapshots, []);
    assert.deepEqual(log.formats, []);
  },

  'handlers-outside-section': () => {
    const folder = 'handlers-outside-section';
    const paste = parse(folder, 'forum-paste-handlers-only.log');
    assert.deepEqual(paste.snapshots, []);
    const snapshot = only(parse(folder, '2025-10-04-16-15-48-mpf-pinbox.log'));
    assert.equal(snapshot.line, 6);
    assert.equal(snapshot.complete, true);
    assert.deepEqual({ ...eventsOf(snapshot).handlers }, { shutdown: 24, ball_started: 9, debug_dump_stats: 2 });
  },
};

interface ScannedDump {
  header: number;
  time: string;
  handlerLines: number;
  handlers: Record<string, number>;
  posted: Record<string, number>;
  children: number;
  objects: number;
  clock: number;
}

/** A plain scan of a clean file log (formats A/B), to check the parser on the long real logs. */
function scanDumps(lines: string[]): ScannedDump[] {
  const dumps: ScannedDump[] = [];
  let posted: Record<string, number> = {};
  let section: string | null = null;
  let current: ScannedDump | null = null;
  lines.forEach((line, index) => {
    const message = / : (?:INFO : )?(?:EventManager|mpfmc) : (.*)$/.exec(line)?.[1];
    if (message === undefined) return;
    const header = /^--- DEBUG DUMP (EVENTS|DISPLAYS|OBJECTS|CLOCK)( END)? ---$/.exec(message);
    if (header) {
      if (header[1] === 'EVENTS' && !header[2]) {
        const time = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3})/.exec(line)!;
        current = { header: index + 1, time: `${time[1]}T${time[2]}.${time[3]}`, handlerLines: 0, handlers: {}, posted, children: 0, objects: 0, clock: 0 };
        dumps.push(current);
        posted = {};
      }
      section = header[2] ? null : header[1]!;
      return;
    }
    const event = /^Event: ======'(.+)'======/.exec(message);
    if (event && section === null) {
      posted[event[1]!] = (posted[event[1]!] ?? 0) + 1;
      return;
    }
    if (current === null || section === null) return;
    const dump: ScannedDump = current;
    const handler = /^ {2}Total handlers: (\d+) \(for (.+)\)$/.exec(message);
    if (section === 'EVENTS' && handler) {
      dump.handlerLines++;
      dump.handlers[handler[2]!] = Number(handler[1]);
    }
    if (section === 'DISPLAYS' && message.startsWith('<')) dump.children++;
    if (section === 'OBJECTS' && message.startsWith('<')) dump.objects++;
    if (section === 'CLOCK' && message.startsWith('<ClockEvent (')) dump.clock++;
  });
  return dumps;
}

test('every fixture folder has its facts checked here', () => {
  assert.deepEqual(folders(), Object.keys(cases).sort());
});

for (const [folder, check] of Object.entries(cases)) {
  test(`fixture ${folder}`, check);
}

test('no fixture makes the parser throw, and the same input gives the same result', () => {
  for (const folder of folders()) {
    for (const name of inputs(folder)) {
      const bytes = bytesOf(folder, name);
      const file = fileArg(folder, name);
      let first: ParsedLog | undefined;
      assert.doesNotThrow(() => {
        first = parseLog(bytes, file);
      }, `${file}`);
      assert.deepEqual(parseLog(bytes, file), first, `${file}: deterministic`);
    }
  }
});

test('every snapshot is consistent with itself', () => {
  for (const folder of folders()) {
    for (const name of inputs(folder)) {
      const log = parseLog(bytesOf(folder, name), fileArg(folder, name));
      assert.equal(log.file, fileArg(folder, name));
      for (const problem of log.problems) assert.ok(problem.line >= 1 && problem.line <= log.lines, `${log.file}: log problem line`);
      for (const snapshot of log.snapshots) {
        const where = `${snapshot.file}:${snapshot.line}`;
        assert.equal(snapshot.file, log.file);
        assert.equal(snapshot.complete, snapshot.problems.length === 0, `${where}: complete means no problem`);
        const problemLines = snapshot.problems.map((problem) => problem.line);
        assert.deepEqual(problemLines, [...problemLines].sort((a, b) => a - b), `${where}: problems in line order`);
        for (const problem of snapshot.problems) {
          assert.ok(problem.line >= 1 && problem.line <= log.lines, `${where}: problem line`);
          assert.ok(problem.detail.length > 0, `${where}: problem detail`);
        }
        const entries = [
          ...(snapshot.displays?.displays.flatMap((tree) => tree.children) ?? []),
          ...(snapshot.objects && !snapshot.objects.disabled ? snapshot.objects.entries : []),
          ...(snapshot.clock?.entries ?? []),
        ];
        for (const entry of entries) {
          assert.ok(entry.key.length > 0, `${where}: key of line ${entry.line}`);
          assert.ok(!/0x[0-9a-f]{6,}/i.test(entry.key), `${where}: no address in key ${entry.key}`);
          assert.ok(entry.line >= snapshot.line && entry.line <= log.lines, `${where}: entry line ${entry.line}`);
        }
        for (const count of Object.values(snapshot.events?.handlers ?? {})) assert.ok(Number.isSafeInteger(count) && count >= 0);
      }
    }
  }
});

test('streaming in chunks of 1, 7 and 4096 bytes gives what parseLog gives, on every fixture', () => {
  for (const folder of folders()) {
    for (const name of inputs(folder)) {
      const bytes = bytesOf(folder, name);
      const file = fileArg(folder, name);
      const whole = parseLog(bytes, file);
      for (const size of CHUNK_SIZES) assert.deepEqual(parseInChunks(bytes, file, size), whole, `${file} in chunks of ${size}`);
    }
  }
});

test('a string input gives what its UTF-8 bytes give', () => {
  for (const folder of ['prefix-a-mpf-file', 'docs-mc-full-dump', 'prefix-g-json-logging']) {
    for (const name of inputs(folder)) {
      const bytes = bytesOf(folder, name);
      const file = fileArg(folder, name);
      assert.deepEqual(parseLog(Buffer.from(bytes).toString('utf8'), file), parseLog(bytes, file));
    }
  }
});
