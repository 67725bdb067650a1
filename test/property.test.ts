// Property tests (fast-check): whatever bytes a log holds, the parser never throws, always ends,
// gives the same snapshots for the same input however it is cut into chunks, and what it gives is
// valid JSON (against the published schema when there is one) and safe to print on a terminal.
//
// Inputs are built from real log lines (the MPF 0.57 run and the docs samples) around their dump
// headers, from dump-shaped lines with hostile values, and from arbitrary text and bytes; then
// damaged: lines dropped, duplicated, swapped, cut, re-prefixed, NUL and invalid bytes injected,
// CRLF mixed in. A failure prints fast-check's seed and shrunk counterexample; rerun one with
// FC_SEED=<seed> (and FC_PATH=<path>).

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import fc from 'fast-check';
import { LogParser, parseLog } from '../src/parse/parser.js';
import { parseRecord } from '../src/parse/prefix.js';
import { renderExtractJson } from '../src/report/extract-json.js';
import { renderListText } from '../src/report/list-text.js';

const fixtures = new URL('../fixtures/', import.meta.url);
const schemaFile = new URL('../schema/extract.schema.json', import.meta.url);

/** Runs per property; 5 properties × 2,500 = 12,500 generated cases in `npm test`. */
const RUNS = Number(process.env.FC_RUNS ?? 2500);
// One seed unless FC_SEED gives another (FC_SEED=random: a new one each run, to explore): a random
// seed found the divergence recorded as a todo below, and CI must not pass or fail by chance.
const SEED = process.env.FC_SEED === undefined ? 20261205 : process.env.FC_SEED === 'random' ? undefined : Number(process.env.FC_SEED);
const replay = { ...(SEED === undefined ? {} : { seed: SEED }), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) };
const runOptions = { numRuns: RUNS, includeErrorInReport: true, ...replay };

// ---- real lines -------------------------------------------------------------------------------

function linesOf(file: URL): Buffer[] {
  const bytes = readFileSync(file);
  const lines: Buffer[] = [];
  let start = 0;
  for (let newline = bytes.indexOf(10); newline !== -1; newline = bytes.indexOf(10, start)) {
    const end = newline > start && bytes[newline - 1] === 13 ? newline - 1 : newline;
    lines.push(bytes.subarray(start, end));
    start = newline + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

const sampleFolders = ['real-057-clean-run', ...readdirSync(fixtures).filter((name) => name.startsWith('docs-'))];
const sampleLines: Buffer[] = sampleFolders.flatMap((folder) =>
  readdirSync(new URL(`${folder}/`, fixtures))
    .filter((file) => file.endsWith('.log'))
    .sort()
    .flatMap((file) => linesOf(new URL(`${folder}/${file}`, fixtures))),
);
/** Where dumps start in the samples: runs of real lines are cut around these so they hold dump structure. */
const headerIndexes = sampleLines.flatMap((line, index) => (line.includes('--- DEBUG DUMP ') ? [index] : []));

const realRun: fc.Arbitrary<Buffer[]> = fc
  .record({ header: fc.constantFrom(...headerIndexes), back: fc.nat(6), length: fc.integer({ min: 1, max: 80 }) })
  .map(({ header, back, length }) => sampleLines.slice(Math.max(0, header - back), header - back + length));

// ---- dump-shaped lines with hostile values ----------------------------------------------------

const hostileText = fc.constantFrom('\x1b[2J', '\x1b]0;title\x07', '\u202e', '\u2066', '\x9b31m', '\r', '\0', '__proto__', 'constructor', 'toString', 'é', '💥');
const name = fc.oneof(
  fc.constantFrom('ball_started', 'debug_dump_stats', 'mode_base_started', 'game_started', 'window', 'dmd', 'base', '__proto__', 'hasOwnProperty'),
  fc.string({ maxLength: 12 }),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), hostileText), { maxLength: 4 }).map((parts) => parts.join('')),
);
const count = fc.oneof(
  fc.nat(300).map(String),
  fc.constantFrom('0', '-1', '1e5', 'NaN', '0x10', '', ' 3', '99999999999999999999999', '9'.repeat(400), '9007199254740993', '3.5'),
  fc.string({ maxLength: 5 }),
);
const headers = [
  'EVENTS', 'EVENTS END', 'DISPLAYS', 'DISPLAYS END', 'OBJECTS', 'OBJECTS END', 'CLOCK', 'CLOCK END', 'STATS', 'STATS END', 'LEAKS', 'LEAKS END',
  'OBJECTS DISABLED BECAUSE OF PRODUCTION FLAG', 'BOGUS',
].map((header) => `--- DEBUG DUMP ${header} ---`);

const message: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...headers) },
  { weight: 4, arbitrary: fc.tuple(count, name).map(([n, event]) => `  Total handlers: ${n} (for ${event})`) },
  fc.tuple(count, count, count, count).map(([a, b, c, d]) => `Total registered_handlers: ${a}. Total event_queue: ${b}. Total callback_queue: ${c}. Total _queue_tasks: ${d}`),
  fc.constantFrom('Registered Handlers:', 'Queue events:', " <Task pending name='Task-2' coro=<EventManager._run_handlers_sequential()>>:"),
  fc.tuple(name, count, count, count, count, count).map(
    ([slide, priority, id, n, m, available]) =>
      `Active slides: {'${slide}': <Slide name=${slide}, priority=${priority}, id=${id}>} (Count: ${n}). Displays: {'window': <Display name=window[1, 1], current slide=${slide}, total slides=1>} (Count: ${m}). Available Slides: ${available}`,
  ),
  fc.tuple(name, name).map(([display, slide]) => `Listing children for display: <Display name=${display}[128, 32], current slide=${slide}, total slides=1>`),
  fc.tuple(name, count, count).map(([slide, priority, id]) => `<Slide name=${slide}, priority=${priority}, id=${id}>`),
  fc.tuple(name, name).map(([text, key]) => `<Text Widget text=${text}, key=${key}, pos=[1.5, 2]>`),
  fc.tuple(name, count).map(([image, size]) => `<Image name=${image}, size=[${size}, 32], pos=[64, 16]>`),
  fc.constantFrom('<WidgetContainer id=None z=2 key=None>', '<kivy.uix.effectwidget.EffectWidget object at 0x7f0a2c1b2e80>', '<Images Asset: drache, loaded=True>'),
  count.map((n) => `Total children: ${n}`),
  count.map((n) => `Elements in list (may be dead): ${n}`),
  fc.tuple(count, name).map(([timeout, method]) => `<ClockEvent (${timeout}) callback=<bound method ${method}.tick of <X object at 0x7f00>>>`),
  fc.tuple(name, fc.constantFrom('======', '=', '')).map(([event, bar]) => `Event: ${bar}'${event}'${bar} Args={}`),
  // Posted events as the line scanner reads them: names around its 16-byte windows, quotes and
  // `=` inside names, bytes above 0x7F, lines cut in the name.
  fc.tuple(fc.array(fc.constantFrom('a', '_', "'", '=', "'=", 'é', '\x80', ' '), { maxLength: 40 }), fc.constantFrom("'======", "'=", "'", '')).map(
    ([parts, end]) => `Event: ======'${parts.join('')}${end} Args={}`,
  ),
  fc.constantFrom('[...]', '  [...]', '[…]', 'Iterating device collections directly is deprecated and will be removed.'),
  fc.string({ maxLength: 40 }),
);

const logger = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('EventManager', 'mpfmc') }, fc.constantFrom('BCP', 'Asset Loader', 'Machine', 'INFO'), name);

/** Each log line format of the format doc §5.3, from its parts. */
const FORMATS = [
  (l: string, m: string) => `2025-10-04 16:16:02,311 : INFO : ${l} : ${m}`,
  (l: string, m: string) => `2025-10-04 16:16:02,311 : ${l} : ${m}`,
  (l: string, m: string) => `16:16:02.311 : INFO [${l}] ${m}`,
  (l: string, m: string) => `INFO : ${l} : ${m}`,
  (l: string, m: string) => `02.311 : INFO : ${l} : ${m}`,
  (l: string, m: string) => `${l}: ${m}`,
  (_l: string, m: string) => `[INFO   ] ${m}`,
  (l: string, m: string) => JSON.stringify({ timestamp: '2025-10-04T16:16:02.311.427883', name: l, level: 'INFO', message: m }),
  (l: string, m: string) => `   2025-10-04 16:16:02,311 : INFO : ${l} : ${m}`,
] as const;
const format = fc.nat(FORMATS.length - 1);

/** A line without a prefix: an elision, the rest of a multi-line Text repr, or noise. */
const bareLine = fc.oneof(fc.constantFrom('[...]', '  [...]', '[…]', "1>", ''), name);

const dumpShapedLine: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 9, arbitrary: fc.tuple(format, logger, message).map(([which, loggerName, text]) => FORMATS[which]!(loggerName, text)) },
  { weight: 1, arbitrary: bareLine },
).map((text) => Buffer.from(text, 'utf8'));

const arbitraryLine: fc.Arbitrary<Buffer> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }).map((text) => Buffer.from(text, 'utf8')),
  fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes)),
);

// ---- damage -----------------------------------------------------------------------------------

const INVALID_BYTES = [[0], [0xff], [0xc3], [0x80], [0xe2, 0x82], [0xef, 0xbb, 0xbf], [13], [0x1b]] as const;

type LineDamage = (line: Buffer) => Buffer;
const lineDamage: fc.Arbitrary<LineDamage> = fc.oneof(
  fc.nat().map((at): LineDamage => (line) => line.subarray(0, at % (line.length + 1))),
  fc.tuple(fc.nat(), fc.constantFrom(...INVALID_BYTES)).map(([at, bytes]): LineDamage => (line) => {
    const cut = at % (line.length + 1);
    return Buffer.concat([line.subarray(0, cut), Buffer.from(bytes), line.subarray(cut)]);
  }),
  fc.string({ maxLength: 8 }).map((prefix): LineDamage => (line) => Buffer.concat([Buffer.from(prefix), line])),
  format.map((which): LineDamage => (line) => {
    const record = parseRecord(line.toString('utf8'));
    return record === null ? line : Buffer.from(FORMATS[which]!(record.logger ?? 'EventManager', record.message), 'utf8');
  }),
);

type LogDamage = (lines: Buffer[]) => void;
const logDamage: fc.Arbitrary<LogDamage> = fc.oneof(
  fc.nat().map((at): LogDamage => (lines) => void lines.splice(at % (lines.length + 1), 1)),
  fc.nat().map((at): LogDamage => (lines) => {
    const line = lines[at % (lines.length + 1)];
    if (line) lines.splice(at % lines.length, 0, line);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): LogDamage => (lines) => {
    if (lines.length < 2) return;
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }),
  fc.tuple(fc.nat(), lineDamage).map(([at, damage]): LogDamage => (lines) => {
    if (lines.length > 0) lines[at % lines.length] = damage(lines[at % lines.length]!);
  }),
  fc.tuple(fc.nat(), fc.oneof(dumpShapedLine, arbitraryLine)).map(([at, line]): LogDamage => (lines) => void lines.splice(at % (lines.length + 1), 0, line)),
);

const block: fc.Arbitrary<Buffer[]> = fc.oneof(
  { weight: 5, arbitrary: realRun },
  { weight: 4, arbitrary: fc.array(dumpShapedLine, { maxLength: 30 }) },
  { weight: 1, arbitrary: fc.array(arbitraryLine, { maxLength: 8 }) },
);

/** A whole log: blocks of lines, damaged, joined with LF, CRLF or a mix, with or without a last newline. */
const logBytes: fc.Arbitrary<Buffer> = fc.oneof(
  {
    weight: 19,
    arbitrary: fc
      .record({
        blocks: fc.array(block, { minLength: 1, maxLength: 4 }),
        damage: fc.array(logDamage, { maxLength: 8 }),
        crlf: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        lastNewline: fc.boolean(),
        bom: fc.boolean(),
      })
      .map(({ blocks, damage, crlf, lastNewline, bom }) => {
        const lines = blocks.flat();
        for (const apply of damage) apply(lines);
        const parts: Buffer[] = bom ? [Buffer.from([0xef, 0xbb, 0xbf])] : [];
        lines.forEach((line, index) => {
          parts.push(line);
          if (index < lines.length - 1 || lastNewline) parts.push(Buffer.from(crlf[index % crlf.length] ? '\r\n' : '\n'));
        });
        return Buffer.concat(parts);
      }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)) },
).map(readable);

/** Counterexamples print as readable, pasteable text rather than an array of byte values. */
function readable(bytes: Buffer): Buffer {
  return Object.assign(bytes, { [fc.toStringMethod]: () => `Buffer.from(${JSON.stringify(bytes.toString('latin1'))}, 'latin1')` });
}

// ---- the properties ---------------------------------------------------------------------------

function parseInChunks(bytes: Buffer, cuts: readonly number[], options: { lineScanner?: boolean } = {}): ReturnType<LogParser['end']> {
  const parser = new LogParser('x.log', options);
  let previous = 0;
  for (const cut of [...cuts.map((at) => at % (bytes.length + 1))].sort((a, b) => a - b)) {
    // Copies, so a parser that kept a view into a chunk would see it change under it.
    parser.pushChunk(Buffer.from(bytes.subarray(previous, cut)));
    previous = cut;
  }
  parser.pushChunk(Buffer.from(bytes.subarray(previous)));
  return parser.end();
}

test('the parser never throws, ends, and gives the same snapshots for the same input', () => {
  fc.assert(
    fc.property(logBytes, (bytes) => {
      const first = parseLog(bytes, 'x.log');
      const second = parseLog(Buffer.from(bytes), 'x.log');
      assert.deepEqual(second, first);
      for (const snapshot of first.snapshots) {
        assert.equal(snapshot.complete, snapshot.problems.length === 0, 'complete exactly when no problem was recorded');
        for (const problem of snapshot.problems) assert.ok(problem.line >= 1 && problem.line <= first.lines, `problem line ${problem.line} is in the file`);
      }
    }),
    runOptions,
  );
});

test('any chunking of the same bytes gives identical results', () => {
  fc.assert(
    fc.property(logBytes, fc.array(fc.nat(), { maxLength: 24 }), (bytes, cuts) => {
      assert.deepEqual(parseInChunks(bytes, cuts), parseLog(bytes, 'x.log'));
    }),
    runOptions,
  );
});

// Inside EVENTS, a dated line of MC's stamped a year earlier, then a Kivy line without a time, read
// from their bytes in one run: the dated line's time is the dump's last, so the year between it and
// the CLOCK header after it makes CLOCK a dump of its own, on both paths.
test('the line scanner changes nothing when a dump line without a time follows a dated one, whose time decides whether a later MC section continues the dump', () => {
  const bytes = readFileSync(new URL('data/scanner-divergence.log', import.meta.url));
  const log = parseLog(bytes, 'x.log');
  assert.deepEqual(parseInChunks(bytes, [], { lineScanner: false }), log);
  assert.deepEqual(log.snapshots.map((snapshot) => [snapshot.line, snapshot.events !== null, snapshot.clock !== null]), [[64, true, false], [70, false, true]]);
});

test('the line scanner changes nothing: the parser reading every line itself gives the same result', () => {
  fc.assert(
    fc.property(logBytes, fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
      assert.deepEqual(parseInChunks(bytes, cuts, { lineScanner: false }), parseLog(bytes, 'x.log'));
    }),
    runOptions,
  );
});

test('extract JSON is valid JSON and validates against schema/extract.schema.json', async (t) => {
  const validate = await loadSchemaValidator();
  if (validate === null) t.diagnostic('schema/extract.schema.json does not exist yet: checking only that the output is JSON that reads back the same');
  else assert.equal(validate({ schemaVersion: 1 }), false, 'the schema is loaded and rejects a document without snapshots');
  fc.assert(
    fc.property(logBytes, (bytes) => {
      const log = parseLog(bytes, 'x.log');
      const text = renderExtractJson([log]);
      const document = JSON.parse(text) as { snapshots: unknown[] };
      assert.equal(document.snapshots.length, log.snapshots.length);
      // No number became null on the way through JSON (NaN, Infinity).
      assert.deepEqual(document, JSON.parse(JSON.stringify(document)));
      assertNumbersAreFinite(log);
      if (validate && !validate(document)) assert.fail(`schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }),
    runOptions,
  );
});

// C0 controls but tab and newline, DEL, C1 controls and bidi overrides: the table must hold none raw.
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('list output never carries a control character from the log to the terminal', () => {
  fc.assert(
    fc.property(logBytes, (bytes) => {
      const text = renderListText([parseLog(bytes, 'x.log')], { color: false });
      const raw = RAW_CONTROL.exec(text);
      assert.equal(raw, null, `raw U+${raw?.[0].charCodeAt(0).toString(16).padStart(4, '0')} in list output`);
    }),
    runOptions,
  );
});

function assertNumbersAreFinite(value: unknown, path = '$'): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} is ${value}`);
  else if (Array.isArray(value)) value.forEach((item, index) => assertNumbersAreFinite(item, `${path}[${index}]`));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) assertNumbersAreFinite(item, `${path}.${key}`);
}

type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };

async function loadSchemaValidator(): Promise<Validator | null> {
  if (!existsSync(schemaFile)) return null;
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as { $schema?: string };
  // ajv's draft-2020-12 build is a separate entry point; ajv is CommonJS, hence require.
  const require = createRequire(import.meta.url);
  const entry = schema.$schema?.includes('2020-12') ? 'ajv/dist/2020' : 'ajv';
  const Ajv = (require(entry) as { default: new (options: object) => { compile(schema: object): Validator } }).default;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}
