// The line scanner (src/parse/fast-path/line-scanner.wat) reads most lines of a big log for the parser. It
// must change nothing: every test here parses the same bytes with it and without it
// (`lineScanner: false`, the parser reading every line itself) and wants the same result.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { generateLog } from '../bench/generate-log.js';
import { lineScannerModule, MODULE_PATH } from '../scripts/build-line-scanner.js';
import { createFastPath } from '../src/parse/fast-path/fast-path.js';
import { LineScanner } from '../src/parse/fast-path/line-scanner.js';
import { LINE_SCANNER_WASM } from '../src/parse/fast-path/line-scanner-wasm.js';
import { GRAMMAR_MARKERS } from '../src/parse/markers.js';
import { LogReading } from '../src/parse/log-reading.js';
import { LogParser, parseLog } from '../src/parse/parser.js';
import { fileChunks } from '../src/read/inputs.js';
import type { ParsedLog } from '../src/model.js';
import { ROOT } from './helpers/cli.js';

const RUNS = Number(process.env.FC_RUNS ?? 2500);

// Node has WebAssembly; its types come with TypeScript's DOM library, which this project does not load.
declare const WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object) => { exports: unknown } };
const PREFIX = '2026-11-25 03:39:32,920 : INFO : EventManager : ';

function parseWith(bytes: Buffer, lineScanner: boolean, chunkBytes = bytes.length): ParsedLog {
  const parser = new LogParser('x.log', { lineScanner });
  for (let at = 0; at < bytes.length; at += Math.max(1, chunkBytes)) parser.pushChunk(bytes.subarray(at, at + Math.max(1, chunkBytes)));
  return parser.end();
}

function assertScannerChangesNothing(bytes: Buffer, chunkSizes: readonly number[] = [bytes.length]): ParsedLog {
  const expected = parseWith(bytes, false);
  for (const size of chunkSizes) assert.deepEqual(parseWith(bytes, true, size), expected, `chunks of ${size} bytes`);
  return expected;
}

test('line-scanner-wasm.ts is what line-scanner.wat compiles to (npm run build:scanner)', async () => {
  assert.equal(readFileSync(MODULE_PATH, 'utf8'), await lineScannerModule());
});

test('this Node runs the scanner (WebAssembly SIMD): otherwise these tests would compare the parser with itself', () => {
  assert.notEqual(LineScanner.create(GRAMMAR_MARKERS), null);
});

test('the scanner reads posted events of a prefix the parser has read once, and stops at a dump', () => {
  const lines = [`${PREFIX}Event: ======'ball_started'====== Args={}`, `${PREFIX}Event: ======'ball_started'====== Args={}`, 'noise'];
  const bytes = Buffer.from(`${lines.join('\n')}\n${PREFIX}--- DEBUG DUMP EVENTS ---\n`);
  const scanner = LineScanner.create(GRAMMAR_MARKERS)!;
  const template = Buffer.from(`${PREFIX}Event: ==`);
  const digits = Array.from(template, (byte, i) => i < 23 && byte >= 0x30 && byte <= 0x39);
  assert.equal(scanner.addShape(template, digits), 0);
  scanner.load(bytes, 0);
  // Not taught the name yet: it stops there, and says where the name is.
  assert.equal(scanner.scan(0), 'name');
  assert.equal(bytes.toString('latin1', scanner.nameStart, scanner.nameEnd), 'ball_started');
  assert.equal(scanner.addName(7), true);
  assert.equal(scanner.scan(0), 'line');
  assert.equal(scanner.lines, 3, 'two posted events and the noise line');
  assert.deepEqual([...scanner.records()], [7 * 8 + 0, 7 * 8 + 0]);
  assert.equal(bytes.toString('latin1', scanner.at, scanner.lineEnd), `${PREFIX}--- DEBUG DUMP EVENTS ---`);
});

test('the fixtures and the real samples read the same with and without the scanner, in chunks of any size', () => {
  const folders = readdirSync(path.join(ROOT, 'fixtures')).map((name) => path.join(ROOT, 'fixtures', name));
  const logs = folders
    .filter((folder) => statSync(folder).isDirectory())
    .flatMap((folder) => readdirSync(folder).filter((file) => file.endsWith('.log') || file.endsWith('.txt')).map((file) => path.join(folder, file)));
  assert.ok(logs.length > 40, `${logs.length} logs`);
  for (const log of logs) {
    const bytes = readFileSync(log);
    assertScannerChangesNothing(bytes, [bytes.length, 4096, 333]);
  }
});

test('a generated MPF log with planted leaks reads the same with and without the scanner', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-scanner-'));
  try {
    const file = path.join(directory, 'big.log');
    const info = await generateLog(file, { bytes: 3_000_000, dumps: 6 });
    const bytes = readFileSync(file);
    // 1 MiB + 1: the scanner holds 1 MiB of a chunk at a time, so a line is cut between two loads.
    const log = assertScannerChangesNothing(bytes, [bytes.length, 1024 * 1024 + 1, 65536]);
    assert.equal(log.snapshots.length, info.dumps);
    assert.equal(log.lines, info.lines);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('a log read into the parser\'s own buffers (no copy) reads as parseLog reads it', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-scanner-'));
  try {
    const file = path.join(directory, 'big.log');
    await generateLog(file, { bytes: 3_000_000, dumps: 4 });
    const fastPath = createFastPath();
    const parser = new LogReading('x.log', { fastPath });
    const buffers = fastPath?.readBuffers() ?? null;
    assert.notEqual(buffers, null);
    for await (const chunk of fileChunks(file, 0, Number.POSITIVE_INFINITY, buffers)) {
      assert.ok(chunk.buffer === buffers![0].buffer, 'the chunk is in the scanner\'s memory');
      parser.pushChunk(chunk);
    }
    assert.deepEqual(parser.end(), parseLog(readFileSync(file), 'x.log'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('more event names than the scanner holds: the parser counts the rest', () => {
  // 40,000 names: more than the scanner's table takes (16,384), each posted twice.
  const names = Array.from({ length: 40_000 }, (_, i) => `event_${i}_${'x'.repeat(i % 40)}`);
  const posted = names.flatMap((name) => [`${PREFIX}Event: ======'${name}'====== Args={}`]);
  const dump = [`${PREFIX}--- DEBUG DUMP EVENTS ---`, `${PREFIX}  Total handlers: 1 (for ball_started)`, `${PREFIX}--- DEBUG DUMP EVENTS END ---`];
  const bytes = Buffer.from(`${[...posted, ...posted, ...dump, 'after'].join('\n')}\n`);
  const log = assertScannerChangesNothing(bytes);
  assert.equal(log.snapshots[0]!.posted[names[39_999]!], 2);
});

test('posts counted in the scanner are the counts the parser makes, across dumps, an empty dump, mode changes and two writers', () => {
  const MC_PREFIX = '2026-11-25 03:39:32,920 : EventManager : ';
  const post = (prefix: string, name: string): string => `${prefix}Event: ======'${name}'====== Args={}`;
  // MPF posts a and b, MC posts c; a mode starts and stops in the middle.
  const round = Array.from({ length: 600 }, (_, i) => (i === 200 ? post(PREFIX, 'mode_base_started') : i === 400 ? post(PREFIX, 'mode_base_stopped') : i % 3 === 2 ? post(MC_PREFIX, 'c') : post(PREFIX, i % 3 === 0 ? 'a' : 'b')));
  const mpfDump = [`${PREFIX}--- DEBUG DUMP EVENTS ---`, `${PREFIX}  Total handlers: 1 (for ball_started)`, `${PREFIX}--- DEBUG DUMP EVENTS END ---`];
  const emptyDump = [`${PREFIX}--- DEBUG DUMP EVENTS ---`, `${PREFIX}--- DEBUG DUMP EVENTS END ---`];
  // MC's EVENTS section alone: its dump is over only when a post of MC's comes.
  const mcDump = [`${MC_PREFIX}--- DEBUG DUMP EVENTS ---`, `${MC_PREFIX}  Total handlers: 1 (for ball_started)`, `${MC_PREFIX}--- DEBUG DUMP EVENTS END ---`];
  const lines = [...round, ...mpfDump, ...round, ...emptyDump, ...round, ...mcDump, ...round, ...mpfDump, ...round, ...mcDump, ...mpfDump];
  const bytes = Buffer.from(`${lines.join('\n')}\n`);
  let counted = 0;
  const takeCounts = LineScanner.prototype.takeCounts;
  LineScanner.prototype.takeCounts = function (take) {
    takeCounts.call(this, (key, times) => {
      counted += times;
      take(key, times);
    });
  };
  try {
    const log = assertScannerChangesNothing(bytes, [bytes.length, 4096, 1000, 333]);
    // The empty dump gives its counts to the next one.
    assert.deepEqual(log.snapshots.map((snapshot) => [snapshot.process, snapshot.posted.a ?? snapshot.posted.c]), [['mpf', 200], ['mc', 597], ['mpf', 600], ['mc', 398], ['mpf', 200]]);
  } finally {
    LineScanner.prototype.takeCounts = takeCounts;
  }
  assert.ok(counted > 1000, `posts counted in the scanner: ${counted}`);
});

test('names that differ in a few bytes anywhere spread over the name table: no family of names shares a few slots', () => {
  // The scanner's own module, for its slotOf: a name's slot in an empty table is where its hash points.
  const exports = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(LINE_SCANNER_WASM, 'base64'))).exports as unknown as {
    memory: { buffer: ArrayBuffer };
    copy: { value: number };
    slotOf(at: number, length: number): number;
  };
  const memory = new Uint8Array(exports.memory.buffer);
  const at = exports.copy.value;
  const slotsOf = (names: readonly string[]): number =>
    new Set(names.map((name) => {
      memory.fill(0, at, at + 64);
      memory.set(Buffer.from(name, 'latin1'), at);
      return exports.slotOf(at, name.length);
    })).size;
  const pairs = [...'abcdefghijklmnopqrstuvwxyz0123456789'].flatMap((a, _, all) => all.map((b) => `${a}${b}`));
  const families = {
    // up to 16 bytes, differing in bytes 6-7
    'light_XX_on': pairs.map((pair) => `light_${pair}_on`),
    // 24 bytes, differing in bytes 8-15, which are in both the head and the tail
    'sw_tgt__NNNNNNNN__active': Array.from({ length: 2000 }, (_, i) => `sw_tgt__${String(i * 7919).padStart(8, '0')}__active`),
    // longer than 32 bytes, differing only in the middle
    'mode_..._NNNN_..._started': Array.from({ length: 2000 }, (_, i) => `mode_${'x'.repeat(14)}_${String(i).padStart(4, '0')}_${'y'.repeat(14)}_started`),
    // differing in the first bytes
    'XX_light_on': pairs.map((pair) => `${pair}_light_on`),
  };
  for (const [family, names] of Object.entries(families)) {
    const slots = slotsOf(names);
    assert.ok(slots >= 0.9 * names.length, `${family}: ${names.length} names in ${slots} slots`);
  }
});

test('names alike in their first and last 16 bytes and their length are told apart', () => {
  const names = ['m', 'n', 'mn', 'nm', 'm'.repeat(20)].map((middle) => `${'h'.repeat(16)}${middle.padEnd(20, '_')}${'t'.repeat(16)}`);
  const lines = names.flatMap((name, i) => Array.from({ length: i + 1 }, () => `${PREFIX}Event: ======'${name}'====== Args={}`));
  const dump = [`${PREFIX}--- DEBUG DUMP EVENTS ---`, `${PREFIX}  Total handlers: 1 (for ball_started)`, `${PREFIX}--- DEBUG DUMP EVENTS END ---`];
  const log = assertScannerChangesNothing(Buffer.from(`${[...lines, ...dump].join('\n')}\n`));
  assert.deepEqual(Object.values(log.snapshots[0]!.posted), [1, 2, 3, 4, 5]);
});

test('lines longer than the scanner holds (1 MiB), with and without a marker, outside and inside a dump', () => {
  const long = 'y'.repeat(1024 * 1024 + 100);
  const bytes = Buffer.from(
    [
      `${PREFIX}Event: ======'a'====== Args={}`,
      `${PREFIX}Event: ======'a'====== Args={'text': '${long}'}`,
      `${PREFIX}${long}`,
      `${PREFIX}Event: ======'${long}'====== Args={}`,
      `${PREFIX}--- DEBUG DUMP EVENTS ---`,
      `${PREFIX}  Total handlers: 1 (for ${long})`,
      `${PREFIX}--- DEBUG DUMP EVENTS END ---`,
      '',
    ].join('\r\n'),
  );
  const log = assertScannerChangesNothing(bytes, [bytes.length, 1024 * 1024, 100_000]);
  assert.equal(log.snapshots[0]!.posted.a, 2);
});

// ---- property: logs made mostly of posted events, as the scanner sees them ----------------------

/** Prefixes of the formats that post events (file log, console, none), and stamps a byte off a digit. */
const PREFIXES = [
  PREFIX,
  '2026-11-25 03:39:3:,920 : INFO : EventManager : ',
  '2026-11-25 03:39:/2,920 : INFO : EventManager : ',
  '2026-11-25 03:39:3a,920 : INFO : EventManager : ',
  '2026-11-25 03:39:32,920 : DEBUG : EventManager : ',
  '03:39:32.920 : INFO [EventManager] ',
  'INFO : EventManager : ',
  '2026-11-25 03:39:32,920 : INFO : SwitchController : ',
  '2026-11-25 03:39:32,920 : EventManager : ',
];
/** Names around the scanner's 16-byte windows, with quotes, `=` and bytes above 0x7F inside. */
const nameText = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom('a', 'b', '_', '1') }, fc.constantFrom("'", '=', "'=", 'é', '\x80', ' ', 'DEBUG DUMP', 'Event: ==')), { maxLength: 48 }).map((parts) => parts.join('')) },
  // Events that change the machine's state, the dump's trigger and a restart.
  fc.constantFrom('mode_base_started', 'mode_base_stopped', 'ball_started', 'game_ended', 'debug_dump_stats', 'init_phase_1'),
);
const postedLine = fc
  .tuple(fc.nat(PREFIXES.length - 1), fc.constantFrom('======', '=', '==', ''), nameText, fc.constantFrom("'======", "'=", "'", '', "'x"))
  .map(([prefix, bar, name, end]) => `${PREFIXES[prefix]}Event: ${bar}'${name}${end} Args={}`);
const otherLine = fc.oneof(
  fc.constantFrom(
    `${PREFIX}--- DEBUG DUMP EVENTS ---`,
    `${PREFIX}  Total handlers: 2 (for ball_started)`,
    `${PREFIX}--- DEBUG DUMP EVENTS END ---`,
    '2026-11-25 03:39:32,920 : EventManager : --- DEBUG DUMP EVENTS ---',
    '2026-11-25 03:39:32,920 : EventManager :   Total handlers: 3 (for ball_started)',
    '2026-11-25 03:39:32,920 : EventManager : --- DEBUG DUMP EVENTS END ---',
    "2026-11-25 03:39:32,920 : INFO : SwitchController : <<<<<<< 's_ramp' active >>>>>>>",
    '2026-11-25 03:39:32,920 : DEBUG : BCPClientSocket : Sending "switch?name=s_ramp&state=int:0" DEBUG DUM',
    '',
  ),
  nameText,
);
const scannedLog = fc
  .record({
    lines: fc.array(fc.oneof({ weight: 5, arbitrary: postedLine }, otherLine), { maxLength: 120 }),
    crlf: fc.boolean(),
    cuts: fc.array(fc.nat(), { maxLength: 6 }),
  })
  .map(({ lines, crlf, cuts }) => ({ bytes: Buffer.from(lines.join(crlf ? '\r\n' : '\n'), 'utf8'), cuts }));

test('property: logs of posted events read the same with and without the scanner, however they are cut', () => {
  fc.assert(
    fc.property(scannedLog, ({ bytes, cuts }) => {
      const expected = parseWith(bytes, false);
      const parser = new LogParser('x.log');
      let previous = 0;
      for (const cut of cuts.map((at) => at % (bytes.length + 1)).sort((a, b) => a - b)) {
        parser.pushChunk(bytes.subarray(previous, cut));
        previous = cut;
      }
      parser.pushChunk(bytes.subarray(previous));
      assert.deepEqual(parser.end(), expected);
    }),
    { numRuns: RUNS, includeErrorInReport: true },
  );
});

test('the scanner stops at lines holding any of the markers it is given, wherever they are in the line', () => {
  const markers = ['DEBUG DUMP', 'Unordered handler', 'Registered ', 'Removing '];
  const scanner = LineScanner.create(markers)!;
  const lines = [
    'noise without any',
    'RegisteredHandler(callback=x), no marker: the word runs on',
    `${PREFIX}Unordered handler for class <Mode.x> on event e with priority 1. Handlers: []`,
    'x'.repeat(37) + 'Removing method A.b from event e',
    'Removin',
  ];
  const bytes = Buffer.from(`${lines.join('\n')}\n`);
  scanner.load(bytes, 0);
  assert.equal(scanner.scan(0), 'line');
  assert.equal(bytes.toString('latin1', scanner.at, scanner.lineEnd), lines[2]);
  assert.equal(scanner.scan(scanner.lineEnd + 1), 'line');
  assert.equal(bytes.toString('latin1', scanner.at, scanner.lineEnd), lines[3]);
  assert.equal(scanner.scan(scanner.lineEnd + 1), 'end', 'a marker cut by the line end is none');
  assert.equal(LineScanner.create(['a', 'bb']), null, 'a marker of one byte is not taken');
  assert.equal(LineScanner.create(Array.from({ length: 9 }, (_, i) => `m${i}`)), null, 'nor more than eight');
});

test('handler lines read the same with and without the scanner, and are counted', () => {
  const collision = (copies: number) => `${PREFIX}Unordered handler for class <Mode.x> on event e with priority 1. Handlers: [${Array.from({ length: copies }, () => 'RegisteredHandler(callback=<bound method X.m of <Mode.x>>, priority=1, kwargs={}, key=None, condition=None, blocking_facility=None)').join(', ')}]`;
  const dump = [`${PREFIX}--- DEBUG DUMP EVENTS ---`, `${PREFIX}  Total handlers: 3 (for e)`, `${PREFIX}--- DEBUG DUMP EVENTS END ---`];
  const noise = Array.from({ length: 50 }, () => `${PREFIX}Event: ======'ball_started'====== Args={}`);
  const bytes = Buffer.from(`${[...noise, collision(2), ...noise, ...dump, collision(3), collision(3), ...noise, ...dump].join('\n')}\n`);
  const log = assertScannerChangesNothing(bytes, [bytes.length, 4096, 333]);
  assert.deepEqual(log.handlers?.series.map((series) => series.counts), [[2, 3]]);
});

// What scan() answers, read the plain way: split the line at its newline first, then try each
// template within the line (without its `\r`), then the name, or the markers. The scanner reads
// most lines in one pass instead, and must answer exactly this.
interface Shape {
  template: Buffer;
  digits: boolean[];
}

type ScanTrace = (string | number)[];

function modelScan(bytes: Buffer, shapes: readonly Shape[], markers: readonly string[], names: Map<string, number>): ScanTrace {
  const trace: ScanTrace = [];
  let nextId = 0;
  let p = 0;
  let records: number[] = [];
  let lines = 0;
  const stop = (...what: (string | number)[]) => {
    trace.push(...what, 'lines', lines, 'records', ...records);
    lines = 0;
    records = [];
  };
  for (;;) {
    const newline = bytes.indexOf(10, p);
    if (newline < 0) {
      stop('end', p);
      return trace;
    }
    const lineEnd = newline > p && bytes[newline - 1] === 13 ? newline - 1 : newline;
    const s = shapes.findIndex(({ template, digits }) => p + template.length < lineEnd
      && template.every((byte, i) => (digits[i] ? bytes[p + i]! >= 0x30 && bytes[p + i]! <= 0x39 : bytes[p + i] === byte)));
    if (s >= 0) {
      let q = p + shapes[s]!.template.length;
      while (bytes[q] === 0x3d) q++;
      let nameEnd = -1;
      if (bytes[q] === 0x27) {
        q++;
        for (let i = q; i + 1 < lineEnd; i++) {
          if (bytes[i]! > 0x7f) break;
          if (bytes[i] === 0x27 && bytes[i + 1] === 0x3d) {
            nameEnd = i;
            break;
          }
        }
      }
      if (nameEnd < 0) {
        stop('line', p, newline);
        p = newline + 1;
        continue;
      }
      const name = bytes.toString('latin1', q, nameEnd);
      if (!names.has(name)) {
        stop('name', p, newline, s, q, nameEnd);
        names.set(name, nextId++);
        p = newline + 1;
        continue;
      }
      if (records.length === 16384) {
        stop('full', p);
        continue;
      }
      records.push(names.get(name)! * 8 + s);
    } else if (markers.some((marker) => bytes.subarray(p, newline).includes(marker))) {
      stop('line', p, newline);
      p = newline + 1;
      continue;
    }
    lines++;
    p = newline + 1;
  }
}

function scannerScan(bytes: Buffer, shapes: readonly Shape[], markers: readonly string[]): ScanTrace {
  const scanner = LineScanner.create(markers)!;
  for (const { template, digits } of shapes) assert.notEqual(scanner.addShape(template, digits), -1);
  scanner.load(bytes, 0);
  const trace: ScanTrace = [];
  let nextId = 0;
  let p = 0;
  for (;;) {
    const stop = scanner.scan(p);
    trace.push(stop, scanner.at);
    if (stop === 'line') trace.push(scanner.lineEnd);
    if (stop === 'name') trace.push(scanner.lineEnd, scanner.shape, scanner.nameStart, scanner.nameEnd);
    trace.push('lines', scanner.lines, 'records', ...scanner.records());
    if (stop === 'end') return trace;
    if (stop === 'name') assert.equal(scanner.addName(nextId++), true);
    p = stop === 'full' ? scanner.at : scanner.lineEnd + 1;
  }
}

const SCAN_MARKERS = ['DEBUG DUMP', 'Unordered handler', 'Registered ', 'Removing ', 'ab'];
const shortShape: Shape = { template: Buffer.from('00 Event: =='), digits: [true, true, ...Array<boolean>(10).fill(false)] };
const longShape: Shape = {
  template: Buffer.from(`${PREFIX}Event: ==`),
  digits: Array.from(Buffer.from(`${PREFIX}Event: ==`), (byte, i) => i < 23 && byte >= 0x30 && byte <= 0x39),
};
const SCAN_SHAPES = [longShape, { template: Buffer.from('12 Event: =='), digits: Array<boolean>(12).fill(false) }, shortShape];

function assertScansAsModel(bytes: Buffer): void {
  assert.deepEqual(scannerScan(bytes, SCAN_SHAPES, SCAN_MARKERS), modelScan(bytes, SCAN_SHAPES, SCAN_MARKERS, new Map()));
}

test('scan answers as reading each line split at its newline first would, on lines made to sit at the edges', () => {
  const cases = [
    // a marker whose first bytes are in the last window before the newline, or cut by it
    `${'x'.repeat(14)}ab\n${'x'.repeat(15)}a\nb\n${'x'.repeat(30)}Removing \n${'x'.repeat(31)}Removing\n`,
    // a posted line whose name runs into the next line, or whose quote closes there
    `${PREFIX}Event: ======'abc\n'=x\n${PREFIX}Event: ======'abc'\n=\n`,
    // a line that is all of a template (with and without \r), then one a shorter template starts
    `${PREFIX}Event: ==\n${PREFIX}Event: ==\r\n12 Event: ==\r\n12 Event: ==\r'a'=\n12 Event: ==='\r\n`,
    // a name with a byte above 0x7F, in it or right before the line's end; `'=` in the name
    `${PREFIX}Event: ==='caf\xe9'=\n${PREFIX}Event: ==='ab\xe9\n${PREFIX}Event: =='it'='s'==\n`,
    // empty lines, CR LF, no newline at the end, in the middle of the `=` or of the name
    `\n\r\n\n${PREFIX}Event: ==='a'==\r\n${PREFIX}Event: ====`,
    `${PREFIX}Event: ==='na`,
    `${PREFIX}Event: ==='na'`,
    `12 Event: ==`,
    `1`,
  ];
  for (const text of cases) {
    const bytes = Buffer.from(text, 'latin1');
    for (let cut = 0; cut <= bytes.length; cut++) assertScansAsModel(bytes.subarray(0, cut));
  }
});

test('property: scan answers as reading each line split at its newline first would', () => {
  const piece = fc.constantFrom(
    '\n', '\r\n', '\r', '=', "'", "'=", '\xe9', 'a', 'b', 'ab', 'x'.repeat(13), 'DEBUG DUMP', 'Removing ', 'Registered', 'Unordered handler',
    `${PREFIX}Event: ==`, `${PREFIX.replace('3', '7')}Event: ==`, '12 Event: ==', '45 Event: ==', "=='name'==", "'name'=", 'RECORD',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => assertScansAsModel(Buffer.from(pieces.join(''), 'latin1'))),
    { numRuns: RUNS, includeErrorInReport: true },
  );
});
