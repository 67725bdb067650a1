import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LogParser, parseLog } from '../src/parse/parser.js';
import { eventsDumpLines } from './helpers/dump-lines.js';

const mpf = (message: string, time = '21:35:55,683'): string => `2018-12-10 ${time} : INFO : EventManager : ${message}`;
const mc = (logger: string, message: string, time = '21:35:55,705'): string => `2018-12-10 ${time} : ${logger} : ${message}`;

function mpfDump(handlers: Record<string, number>, time = '21:35:55,683'): string[] {
  return eventsDumpLines(handlers, (message) => mpf(message, time));
}

const mcDump: string[] = [
  mc('EventManager', '--- DEBUG DUMP EVENTS ---'),
  mc('EventManager', 'Total registered_handlers: 1. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0'),
  mc('EventManager', 'Registered Handlers:'),
  mc('EventManager', '  Total handlers: 2 (for debug_dump_stats)'),
  mc('EventManager', 'Queue events:'),
  mc('EventManager', '--- DEBUG DUMP EVENTS END ---'),
  mc('mpfmc', '--- DEBUG DUMP DISPLAYS ---'),
  mc('mpfmc', "Active slides: {'base': <Slide name=base, priority=0, id=3>} (Count: 1). Displays: {'window': <Display name=window[400, 300], current slide=base, total slides=1>} (Count: 1). Available Slides: 4"),
  mc('mpfmc', 'Iterating device collections directly is deprecated and will be removed.'),
  mc('mpfmc', 'Listing children for display: <Display name=window[400, 300], current slide=base, total slides=1>'),
  mc('mpfmc', '<Display name=window[400, 300], current slide=base, total slides=1>'),
  mc('mpfmc', '<Slide name=base, priority=0, id=3>'),
  mc('mpfmc', '<Text Widget text=BALL'),
  '1>',
  mc('mpfmc', 'Total children: 3'),
  mc('mpfmc', '--- DEBUG DUMP DISPLAYS END ---'),
  mc('mpfmc', '--- DEBUG DUMP OBJECTS ---', '21:35:55,732'),
  mc('mpfmc', 'Elements in list (may be dead): 5', '21:35:55,732'),
  mc('mpfmc', '<Slide name=base, priority=0, id=3>', '21:35:55,732'),
  mc('Asset Loader', 'Loading image drache', '21:35:55,732'),
  mc('mpfmc', '<Image name=drache, size=[128, 32], pos=[64, 16]>', '21:35:55,732'),
  mc('mpfmc', '--- DEBUG DUMP OBJECTS END ---', '21:35:55,737'),
  mc('mpfmc', '--- DEBUG DUMP CLOCK ---', '21:35:55,737'),
  mc('mpfmc', '<ClockEvent (9.0) callback=<bound method Widget.remove of <Image name=drache, size=[128, 32], pos=[60.0, 100.4]>>>', '21:35:55,737'),
  mc('mpfmc', '<ClockEvent (0.0) callback=<bound method MpfMc.tick of <mpfmc.core.mc.MpfMc object at 0x7fe7c8ab91e8>>>', '21:35:55,737'),
  mc('mpfmc', '--- DEBUG DUMP CLOCK END ---', '21:35:55,738'),
];

test('an MPF EVENTS dump becomes one complete mpf snapshot', () => {
  const log = parseLog(mpfDump({ ball_started: 24, ball_ending: 2 }).join('\n'), 'x.log');
  assert.equal(log.snapshots.length, 1);
  const [snapshot] = log.snapshots;
  assert.equal(snapshot!.process, 'mpf');
  assert.equal(snapshot!.time, '2018-12-10T21:35:55.683');
  assert.equal(snapshot!.complete, true);
  assert.deepEqual({ ...snapshot!.events!.handlers }, { ball_started: 24, ball_ending: 2 });
  assert.deepEqual(snapshot!.events!.totals, { registeredHandlers: 2, eventQueue: 0, callbackQueue: 0, queueTasks: 0 });
});

test('an MC dump: four sections, foreign lines skipped, multi-line Text joined', () => {
  const [snapshot, ...rest] = parseLog(mcDump.join('\n'), 'mc.log').snapshots;
  assert.equal(rest.length, 0);
  assert.equal(snapshot!.process, 'mc');
  assert.deepEqual(snapshot!.problems, []);
  const displays = snapshot!.displays!;
  assert.deepEqual(displays.activeSlides, [{ name: 'base', priority: 0, id: 3 }]);
  assert.equal(displays.availableSlides, 4);
  assert.equal(displays.displays[0]!.name, 'window');
  assert.deepEqual(displays.displays[0]!.children.map((child) => child.key), ['Display:window', 'Slide:base', 'Text:BALL\n#']);
  assert.equal(snapshot!.objects?.disabled, false);
  assert.deepEqual(snapshot!.objects!.disabled === false && snapshot!.objects!.entries.map((entry) => entry.key), ['Slide:base', 'Image:drache']);
  assert.deepEqual(snapshot!.clock!.entries.map((entry) => [entry.timeout, entry.key]), [[9, 'Widget.remove'], [0, 'MpfMc.tick']]);
});

/** Kivy's own log line: no time, no logger, yet an MC dump line (MC ≤0.56 writes the dump there too). */
const kivy = (message: string): string => `[INFO   ] ${message}`;

/**
 * mcDump with `objects` as its OBJECTS entries, an OBJECTS END without a time, and its CLOCK
 * section at `clockTime`: whether CLOCK continues the dump depends on the entries' times alone.
 */
function mcDumpWithObjects(objects: string[], clockTime: string): string[] {
  const elements = mcDump.findIndex((line) => line.includes('Elements in list'));
  const clock = mcDump.findIndex((line) => line.includes('--- DEBUG DUMP CLOCK ---'));
  const clockLines = mcDump.slice(clock).map((line) => line.replace(/^2018-12-10 [\d:,]+/, `2018-12-10 ${clockTime}`));
  return [...mcDump.slice(0, elements + 1), ...objects, kivy('--- DEBUG DUMP OBJECTS END ---'), ...clockLines];
}

test("an MC section joins the dump when it starts within 10 s of the dump's last line with a time; a line without a time or of another logger leaves that time", () => {
  const sectionsOf = (lines: string[]): string[][] => {
    const bytes = Buffer.from(lines.join('\n'));
    const asText = new LogParser('mc.log', { lineScanner: false });
    asText.pushChunk(bytes);
    const log = parseLog(bytes, 'mc.log');
    assert.deepEqual(asText.end(), log, 'the line scanner and dump lines read from their bytes change nothing');
    return log.snapshots.map((snapshot) => (['events', 'displays', 'objects', 'clock'] as const).filter((kind) => snapshot[kind] !== null));
  };
  const slide = kivy('<Slide name=base, priority=0, id=3>');
  const late = kivy('<Image name=late, size=[128, 32], pos=[64, 16]>');
  // OBJECTS opened at 21:35:55; its last dated entry is 21:36:20, and the lines after it have no time.
  const dated = mc('mpfmc', '<Image name=drache, size=[128, 32], pos=[64, 16]>', '21:36:20,000');
  assert.deepEqual(sectionsOf(mcDumpWithObjects([slide, dated, late], '21:36:25,000')), [['events', 'displays', 'objects', 'clock']]);
  assert.deepEqual(sectionsOf(mcDumpWithObjects([slide, dated, late], '21:36:31,000')), [['events', 'displays', 'objects'], ['clock']]);
  // Another thread's line inside the section is not the dump's: the dump's last time stays 21:35:55.
  const foreign = mc('Asset Loader', 'Loading image drache', '21:36:20,000');
  assert.deepEqual(sectionsOf(mcDumpWithObjects([slide, foreign, late], '21:36:25,000')), [['events', 'displays', 'objects'], ['clock']]);
  assert.deepEqual(sectionsOf(mcDumpWithObjects([slide, foreign, late], '21:35:58,000')), [['events', 'displays', 'objects', 'clock']]);
});

test("a section's END line and the OBJECTS DISABLED line are the dump's lines too: the next MC section is measured from their time", () => {
  const at = (marker: string): number => mcDump.findIndex((line) => line.includes(marker));
  const retimed = (lines: string[], time: string): string[] => lines.map((line) => line.replace(/^2018-12-10 [\d:,]+/, `2018-12-10 ${time}`));
  const dumpLines = (lines: string[]): number[] => parseLog(lines.join('\n'), 'mc.log').snapshots.map((snapshot) => snapshot.line);
  // Production: DISPLAYS, then the DISABLED line 8 s later, then CLOCK 8 s after that.
  const clock = retimed(mcDump.slice(at('DEBUG DUMP CLOCK ---')), '21:36:12,000');
  const production = (disabledTime: string): string[] => [
    ...mcDump.slice(0, at('DISPLAYS END') + 1),
    mc('mpfmc', '--- DEBUG DUMP OBJECTS DISABLED BECAUSE OF PRODUCTION FLAG ---', disabledTime),
    ...clock,
  ];
  assert.deepEqual(dumpLines(production('21:36:04,000')), [1]);
  assert.deepEqual(dumpLines(production('21:35:55,710')), [1, at('DISPLAYS END') + 3]);
  // EVENTS END 8 s after the last handler line, DISPLAYS and the rest 8 s after that.
  const eventsEnd = at('EVENTS END');
  const paused = [...mcDump.slice(0, eventsEnd), ...retimed([mcDump[eventsEnd]!], '21:36:04,000'), ...retimed(mcDump.slice(eventsEnd + 1), '21:36:12,000')];
  assert.deepEqual(dumpLines(paused), [1]);
});

test('any chunking gives the same snapshots', () => {
  const bytes = Buffer.from([...mpfDump({ a: 1 }), ...mcDump, ...mpfDump({ a: 2 }, '21:40:00,000')].join('\r\n'));
  const whole = parseLog(bytes, 'x.log');
  for (const size of [1, 2, 3, 7, 64, 4096]) {
    const parser = new LogParser('x.log');
    for (let at = 0; at < bytes.length; at += size) parser.pushChunk(bytes.subarray(at, at + size));
    assert.deepEqual(parser.end(), whole, `chunks of ${size}`);
  }
  assert.equal(whole.snapshots.length, 3);
});

test('CRLF and a BOM read like LF', () => {
  const lf = parseLog(mcDump.join('\n'), 'x.log');
  assert.deepEqual(parseLog(`\uFEFF${mcDump.join('\r\n')}\r\n`, 'x.log').snapshots, lf.snapshots);
});

test('a dump cut off at end of file is kept, marked truncated', () => {
  const lines = mcDump.slice(0, 12);
  const [snapshot] = parseLog(lines.join('\n'), 'x.log').snapshots;
  assert.equal(snapshot!.complete, false);
  assert.deepEqual(snapshot!.problems.map((problem) => [problem.reason, problem.line]), [['truncated', 12]]);
  assert.equal(snapshot!.displays!.displays[0]!.children.length, 2, 'what was read is kept');
});

test('[...] elisions mark the section; declared totals are then not checked', () => {
  const lines = mpfDump({ a: 3, b: 2, c: 1 });
  lines.splice(4, 1, '[...]');
  const [snapshot] = parseLog(lines.join('\n'), 'x.log').snapshots;
  assert.deepEqual(snapshot!.problems.map((problem) => problem.reason), ['elided']);
  assert.equal(Object.keys(snapshot!.events!.handlers).length, 2);
});

test('count mismatches, bad numbers and duplicate events are recorded', () => {
  const lines = mpfDump({ a: 3, b: 2 });
  lines[1] = mpf('Total registered_handlers: 5. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0');
  lines.splice(4, 0, mpf('  Total handlers: abc (for c)'), mpf(`  Total handlers: ${'9'.repeat(40)} (for d)`), mpf('  Total handlers: 7 (for a)'));
  const [snapshot] = parseLog(lines.join('\n'), 'x.log').snapshots;
  assert.deepEqual(snapshot!.problems.map((problem) => problem.reason), ['count-mismatch', 'bad-number', 'bad-number', 'duplicate-event']);
  assert.deepEqual({ ...snapshot!.events!.handlers }, { a: 3, b: 2 });
});

test('a header repeated without END closes the first dump as incomplete', () => {
  const first = mpfDump({ a: 1 }).slice(0, 4);
  const log = parseLog([...first, ...mpfDump({ a: 2 })].join('\n'), 'x.log');
  assert.equal(log.snapshots.length, 2);
  assert.deepEqual(log.snapshots[0]!.problems.map((problem) => problem.reason), ['header-repeated']);
  assert.equal(log.snapshots[1]!.complete, true);
});

test('an END without header is a log problem, not a snapshot', () => {
  const log = parseLog(mpfDump({ a: 1 }).slice(1).join('\n'), 'x.log');
  assert.equal(log.snapshots.length, 0);
  assert.deepEqual(log.problems.map((problem) => [problem.reason, problem.line]), [['end-without-header', 5]]);
});

test('posted events between dumps are counted and give the state', () => {
  const lines = [
    mpf("Event: ======'mode_attract_started'====== Args={}"),
    ...mpfDump({ a: 1 }),
    mpf("Event: ======'game_started'====== Args={}"),
    mpf("Event: ======'ball_started'====== Args={'ball': 1}"),
    mpf("Event: ======'ball_started'====== Args={'ball': 2}"),
    mpf("Event: ===='debug_dump_stats'==== Type: EventType.NONE"),
    ...mpfDump({ a: 2 }),
  ];
  const [first, second] = parseLog(lines.join('\n'), 'x.log').snapshots;
  assert.equal(first!.state, 'attract');
  assert.deepEqual(first!.activeModes, ['attract']);
  assert.equal(second!.state, 'game·ball');
  assert.deepEqual({ ...second!.posted }, { game_started: 1, ball_started: 2, debug_dump_stats: 1 });
});

test('one file written by MPF and MC together: each line goes to its own writer', () => {
  const mpfLines = mpfDump({ a: 1 }, '21:35:55,690');
  const mixed = [mcDump[0]!, mpfLines[0]!, ...mcDump.slice(1, 4), ...mpfLines.slice(1), ...mcDump.slice(4)];
  const log = parseLog(mixed.join('\n'), 'x.log');
  assert.deepEqual(log.snapshots.map((snapshot) => [snapshot.process, snapshot.complete]), [['mc', true], ['mpf', true]]);
});

test('names from the log cannot touch prototypes', () => {
  const [snapshot] = parseLog(mpfDump({ __proto__x: 1, constructor: 2 }).join('\n').replace('__proto__x', '__proto__'), 'x.log').snapshots;
  assert.equal(snapshot!.events!.handlers['__proto__'], 1);
  assert.equal(snapshot!.events!.handlers['constructor'], 2);
  assert.equal(snapshot!.complete, true);
});

test('names from the log cannot touch prototypes in records of many names either, kept in the order read', () => {
  // Past a few dozen names a record is a hash table rather than a compact object: both kinds must
  // hold `__proto__` as a key and keep the order of the log.
  const names = ['__proto__', ...Array.from({ length: 100 }, (_, i) => `event_${i}`), 'constructor'];
  const handlers = Object.fromEntries(names.map((name, i) => [name.replace('__proto__', '__proto__x'), 1000 - i]));
  const posts = names.map((name) => mpf(`Event: ======'${name}'====== Args={}`, '21:35:54,000'));
  const text = [...posts, ...mpfDump(handlers)].join('\n').replace('__proto__x', '__proto__');
  const [snapshot] = parseLog(text, 'x.log').snapshots;
  for (const record of [snapshot!.events!.handlers, snapshot!.posted]) {
    assert.equal(Object.getPrototypeOf(record), null);
    assert.deepEqual(Object.keys(record), names);
  }
  assert.equal(snapshot!.events!.handlers['__proto__'], 1000);
  assert.equal(snapshot!.posted['__proto__'], 1);
  assert.equal(snapshot!.posted['constructor'], 1);
});

test('non-UTF-8 bytes read as latin-1; NUL bytes and a 10 MB line do not stop the parser', () => {
  const dump = mpfDump({ 'caf\u00e9': 1 }).join('\n');
  const latin1 = parseLog(Buffer.from(dump, 'latin1'), 'x.log');
  assert.deepEqual(Object.keys(latin1.snapshots[0]!.events!.handlers), ['caf\u00e9']);
  const noisy = `${'x'.repeat(10 * 1024 * 1024)}\n\u0000\u0000\n${dump}\n`;
  assert.equal(parseLog(noisy, 'x.log').snapshots[0]!.complete, true);
});

test('the real MPF docs sample: 42 declared events, 4 displays, 152 declared objects, elided', () => {
  const text = readFileSync(new URL('../fixtures/docs-mc-full-dump/mpf-docs-2018-12-10-mc-full-dump.log', import.meta.url));
  const [snapshot, ...rest] = parseLog(text, 'docs.log').snapshots;
  assert.equal(rest.length, 0);
  assert.equal(snapshot!.events!.totals!.registeredHandlers, 42);
  assert.equal(snapshot!.displays!.displayCount, 4);
  assert.equal(snapshot!.displays!.activeSlides.length, 8);
  assert.equal(snapshot!.objects!.disabled === false && snapshot!.objects!.declaredCount, 152);
  assert.equal(snapshot!.clock!.entries.length, 18);
  assert.deepEqual(snapshot!.problems.map((problem) => problem.reason), ['elided', 'elided', 'elided']);
});

test('a Windows-1252 line keeps its typographic quote (0x92 is ’, not a control code)', () => {
  const dump = mpfDump({ 'player\u2019s_bonus': 1 }).join('\n');
  const bytes = Buffer.from(dump.replace('\u2019', '\u0000'), 'latin1');
  bytes[bytes.indexOf(0)] = 0x92;
  assert.deepEqual(Object.keys(parseLog(bytes, 'x.log').snapshots[0]!.events!.handlers), ['player\u2019s_bonus']);
});

test('posted-event lines counted on the fast path and the slow path agree (odd names, \\r inside, other loggers)', () => {
  const lines = [
    mpf("Event: ======'ball_started'====== Args={}"),
    mpf("Event: ======'\rodd'====== Args={'x': '\r'}"),
    '2018-12-10 21:35:55,683 : INFO : Other : Event: ======\'not_counted\'====== Args={}',
    mpf("Event: ======'caf\u00e9'====== Args={}"),
    mpf("Event: ======'unclosed====== Args={}"),
    ...mpfDump({ a: 1 }),
  ];
  const bytes = Buffer.from(lines.join('\n'));
  const whole = parseLog(bytes, 'x.log');
  const parser = new LogParser('x.log');
  for (const byte of bytes) parser.pushChunk(Uint8Array.of(byte));
  assert.deepEqual(parser.end(), whole);
  assert.deepEqual({ ...whole.snapshots[0]!.posted }, { ball_started: 1, '\rodd': 1, 'caf\u00e9': 1 });
});

test('streamed snapshots come in line order, also when one writer ends its dump before another that began earlier', () => {
  // `mpf both -l`: MC's dump begins, MPF's begins and ends inside it, then MC's ends.
  const lines = [...mcDump.slice(0, 6), ...mpfDump({ ball_started: 9 }, '21:35:55,700'), ...mcDump.slice(6), ...mpfDump({ ball_started: 10 }, '21:35:56,000')];
  const whole = parseLog(lines.join('\n'), 'x.log');
  const finished: number[] = [];
  const streamed: number[] = [];
  const parser = new LogParser('x.log', { onSnapshot: (snapshot) => finished.push(snapshot.line), streamSnapshots: (snapshot) => streamed.push(snapshot.line) });
  parser.pushChunk(Buffer.from(lines.join('\n')));
  const log = parser.end();
  assert.deepEqual(finished, [7, 1, 33], 'MPF finished its first dump before MC finished the one it began in');
  assert.deepEqual(streamed, whole.snapshots.map((snapshot) => snapshot.line));
  assert.deepEqual(log.snapshots, [], 'streamed snapshots are not kept');
  assert.equal(log.lines, whole.lines);
});
