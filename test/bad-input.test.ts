// End to end: what leakdiff does with bad input, damaged logs, hostile content and its own output
// files, run as `node bin/leakdiff.js` with colour off (build first: npx tsc -p tsconfig.json).
// Every case asserts exit code, stdout and stderr, and that stderr holds no stack trace: bad input
// is the user's problem to fix, told in one line; a stack is a leakdiff bug.
//
// Inputs are made in a temporary folder. Runs are spawned concurrently to keep the file fast.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { after, describe, test } from 'node:test';
import { readInputs } from '../src/analyze/read-inputs.js';
import { appendStepSummary } from '../src/commands/step-summary.js';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots, parseLog } from '../src/index.js';
import { assertInputError, assertNoStack, ROOT, spawnCli, type Run, type SpawnOptions } from './helpers/cli.js';
import { eventsDumpLines } from './helpers/dump-lines.js';

const REAL_MC = path.join(ROOT, 'fixtures/real-057-clean-run/mpf-0.57.3+mc-0.57.0-clean-3games-per-ball-13-dumps.mc.log');
/** Running as root, chmod 000 does not stop reading; such cases then run leakdiff as this user. */
const NOBODY = 65534;
const IS_ROOT = process.getuid?.() === 0;

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-bad-input-'));
// Readable by the unprivileged user that the permission cases run as.
chmodSync(scratch, 0o755);
after(() => {
  // Restore permissions so that everything can be removed.
  for (const locked of ['locked.log', 'locked-dir', 'tree/locked-sub']) if (existsSync(path.join(scratch, locked))) chmodSync(path.join(scratch, locked), 0o755);
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs `node bin/leakdiff.js args…`, in `scratch` unless told otherwise. */
function leakdiff(args: readonly string[], options: SpawnOptions = {}): Promise<Run> {
  return spawnCli(args, { cwd: scratch, ...options });
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(scratch, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

interface ExtractDocument {
  snapshots: Array<{
    file: string;
    line: number;
    complete: boolean;
    problems: Array<{ line: number; reason: string; detail: string }>;
    events: { totals: unknown; handlers: Record<string, number> } | null;
    objects: { entries: Array<{ repr: string }> } | null;
  }>;
  logs: Array<{ file: string; lines: number; problems: Array<{ line: number; reason: string; detail: string }> }>;
}

function extracted(run: Run): ExtractDocument {
  assertNoStack(run);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as ExtractDocument;
}

// ---- log builders -----------------------------------------------------------------------------

const mpf = (message: string, time = '16:16:02,311'): string => `2025-10-04 ${time} : INFO : EventManager : ${message}`;
const mc = (logger: string, message: string): string => `2025-10-04 16:16:14,447 : ${logger} : ${message}`;

/** The lines of one MPF EVENTS dump with these handler counts (counts as written, so they can be damaged). */
function mpfDump(handlers: Record<string, number | string>, time = '16:16:02,311'): string[] {
  return eventsDumpLines(handlers, (message) => mpf(message, time));
}

const lines = (...parts: Array<string | string[]>): string => `${parts.flat().join('\n')}\n`;
const HANDLERS = { shutdown: 24, ball_started: 9, debug_dump_stats: 2 };

// ---- the bad input matrix ---------------------------------------------------------------------

describe('bad input: one line naming the file, exit 2', { concurrency: true }, () => {
  test('a path that does not exist', async () => {
    assertInputError(await leakdiff(['list', 'missing.log']), 'missing.log: no such file or directory');
  });

  test('a directory with no logs in it', async () => {
    write('no-logs/notes.txt', 'not a log\n');
    assertInputError(await leakdiff(['list', 'no-logs']), 'no-logs: no *.log, *.log.gz or kivy_*.txt files in this directory');
  });

  test('a file that cannot be read (permissions)', async (t) => {
    write('locked.log', lines(mpfDump(HANDLERS)));
    chmodSync(path.join(scratch, 'locked.log'), 0o000);
    const run = await runUnprivileged(t, ['list', 'locked.log']);
    if (run !== null) assertInputError(run, 'locked.log: permission denied');
  });

  test('a directory that cannot be read, given or met by a glob', async (t) => {
    write('locked-dir/a.log', lines(mpfDump(HANDLERS)));
    chmodSync(path.join(scratch, 'locked-dir'), 0o000);
    write('tree/a.log', lines(mpfDump(HANDLERS)));
    write('tree/locked-sub/b.log', lines(mpfDump(HANDLERS)));
    chmodSync(path.join(scratch, 'tree/locked-sub'), 0o000);
    const given = await runUnprivileged(t, ['list', 'locked-dir']);
    if (given === null) return;
    assertInputError(given, 'locked-dir: permission denied');
    assertInputError(await runUnprivileged(t, ['list', 'locked-dir/*.log']) as Run, 'locked-dir/*.log: locked-dir: permission denied');
    // Skipping the folder would hide logs; leakdiff says which one it could not read.
    assertInputError(await runUnprivileged(t, ['list', 'tree/**/*.log']) as Run, 'tree/**/*.log: tree/locked-sub: permission denied');
  });

  test('a path through a file, as if it were a directory', async () => {
    write('plain.log', lines(mpfDump(HANDLERS)));
    assertInputError(await leakdiff(['list', 'plain.log/inner.log']), 'plain.log/inner.log: a part of the path is not a directory');
  });

  test('an empty file', async () => {
    write('empty.log', '');
    assertInputError(await leakdiff(['list', 'empty.log']), 'empty.log: the file is empty');
  });

  test('a binary file', async () => {
    const bytes = Buffer.alloc(4096);
    for (let at = 0; at < bytes.length; at++) bytes[at] = (at * 7919) % 251;
    write('image.log', bytes);
    assertInputError(await leakdiff(['list', 'image.log']), 'image.log: binary data, not an MPF log');
  });

  test('a crashed log with NUL blocks and no dump is a log without a dump, not "binary"', async () => {
    write('crashed.log', Buffer.concat([Buffer.from(lines(mpf("Event: ======'ball_started'====== Args={}"))), Buffer.alloc(4096), Buffer.from('\n')]));
    assertInputError(await leakdiff(['list', 'crashed.log']), /^leakdiff: crashed\.log: no DEBUG DUMP section found \(post the event debug_dump_stats .*\)\n$/);
  });

  test('a gzip of a binary file', async () => {
    const bytes = Buffer.alloc(4096);
    for (let at = 0; at < bytes.length; at++) bytes[at] = (at * 7919) % 251;
    write('image.log.gz', gzipSync(bytes));
    assertInputError(await leakdiff(['list', 'image.log.gz']), 'image.log.gz: binary data, not an MPF log');
  });

  test('standard input given twice', async () => {
    assertInputError(await leakdiff(['list', '-', '-'], { stdin: Buffer.from(lines(mpfDump(HANDLERS))) }), '-: standard input is given twice; it can be read only once');
  });

  test('a file that is not an MPF log at all', async () => {
    write('config.log', '# config_version=6\nswitches:\n  s_start:\n    number: 1\n');
    assertInputError(await leakdiff(['list', 'config.log']), /^leakdiff: config\.log: no DEBUG DUMP section found \(post the event debug_dump_stats while MPF runs, .*\(see README\)\)\n$/);
  });

  test('a file whose only dump line is an END without its header names the line', async () => {
    write('end-only.log', lines(mpf('Starting up'), mpf('--- DEBUG DUMP EVENTS END ---')));
    assertInputError(await leakdiff(['list', 'end-only.log']), 'end-only.log:2: "--- DEBUG DUMP EVENTS END ---" without its header; no whole DEBUG DUMP section found');
  });

  // A .gz cut off after some data is read up to the cut, with a warning; corrupt data is this error
  // too: test/gzip-damage.test.ts.
  test('a .gz that is cut short before anything in it could be decompressed', async () => {
    const gzip = gzipSync(readFileSync(REAL_MC));
    write('cut.log.gz', gzip.subarray(0, 8));
    assertInputError(await leakdiff(['list', 'cut.log.gz']), 'cut.log.gz: damaged gzip data (unexpected end of file)');
  });

  test('diff: the same one-line errors', async () => {
    write('diff-plain.log', lines(mpfDump(HANDLERS)));
    const gzip = gzipSync(readFileSync(REAL_MC));
    write('diff-cut.log.gz', gzip.subarray(0, 8));
    const [missing, cut] = await Promise.all([leakdiff(['diff-plain.log', 'missing.log']), leakdiff(['diff-plain.log', 'diff-cut.log.gz'])]);
    assertInputError(missing, 'missing.log: no such file or directory');
    assertInputError(cut, 'diff-cut.log.gz: damaged gzip data (unexpected end of file)');
  });

  test('a glob that matches nothing', async () => {
    assertInputError(await leakdiff(['list', 'nothing-*.log']), 'nothing-*.log: no file matches this pattern');
  });
});

/** Runs leakdiff as an unprivileged user when this test runs as root (root reads chmod 000 files). */
async function runUnprivileged(t: { skip(message: string): void }, args: string[]): Promise<Run | null> {
  if (!IS_ROOT) return leakdiff(args);
  try {
    const run = await leakdiff(args, { uid: NOBODY });
    // The unprivileged user must at least reach leakdiff itself (repository readable by others).
    if (/Cannot find module|EACCES.*leakdiff\.js/.test(run.stderr)) throw new Error(run.stderr);
    return run;
  } catch (error) {
    t.skip(`running as root, and leakdiff cannot be started as uid ${NOBODY} to make a file unreadable (${(error as Error).message.split('\n')[0]})`);
    return null;
  }
}

// ---- gzip, standard input, globs: must give what the plain file gives ---------------------------

describe('gzip, standard input and globs read like the plain file', { concurrency: true }, () => {
  const plainLog = readFileSync(REAL_MC);
  write('gz/1-plain.log', plainLog);
  write('gz/2-real.log.gz', gzipSync(plainLog));
  write('gz/3-fake.log.gz', plainLog);
  write('gz/4-rotated.log.1', gzipSync(plainLog));
  const files = readdirSync(path.join(scratch, 'gz')).sort().map((file) => `gz/${file}`);
  const byFile = leakdiff(['extract', ...files]).then((run) => {
    assert.equal(run.stderr, '');
    const document = extracted(run);
    // Each file's snapshots, with the file name taken out, to compare the same log under other names.
    return new Map(files.map((file) => [file, JSON.stringify(document.snapshots.filter((snapshot) => snapshot.file === file).map((snapshot) => ({ ...snapshot, file: 'NAME' })))]));
  });
  const withoutNames = (run: Run): string => JSON.stringify(extracted(run).snapshots.map((snapshot) => ({ ...snapshot, file: 'NAME' })));

  test('a real gzip of a real log', async () => {
    const snapshots = await byFile;
    assert.equal((JSON.parse(snapshots.get('gz/1-plain.log')!) as unknown[]).length, 13, 'the 13 dumps of the real run');
    assert.equal(snapshots.get('gz/2-real.log.gz'), snapshots.get('gz/1-plain.log'));
  });

  test('a gzip without the .gz name (gzip is known by its first bytes)', async () => {
    const snapshots = await byFile;
    assert.equal(snapshots.get('gz/4-rotated.log.1'), snapshots.get('gz/1-plain.log'));
  });

  test('a .gz name on a plain text log: read as text', async () => {
    const snapshots = await byFile;
    assert.equal(snapshots.get('gz/3-fake.log.gz'), snapshots.get('gz/1-plain.log'));
  });

  test('- reads standard input, plain and gzipped', async () => {
    const [plain, gzipped] = await Promise.all([leakdiff(['extract', '-'], { stdin: plainLog }), leakdiff(['extract', '-'], { stdin: gzipSync(plainLog) })]);
    assert.equal(extracted(plain).snapshots[0]!.file, '-');
    const expected = (await byFile).get('gz/1-plain.log');
    assert.equal(withoutNames(plain), expected);
    assert.equal(withoutNames(gzipped), expected);
  });

  test('a glob is expanded by leakdiff itself (quoted, as Windows shells pass it), in name order', async () => {
    write('globbed/2025-10-04-16-15-48-mpf-pinbox.log', lines(mpfDump(HANDLERS)));
    write('globbed/2025-10-04-18-00-00-mpf-pinbox.log', lines(mpfDump({ ...HANDLERS, ball_started: 12 })));
    write('globbed/notes.txt', 'not a log\n');
    const run = await leakdiff(['list', 'globbed/*.log']);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    const listed = [...run.stdout.matchAll(/^ *\d+(?: +\d+)? {2}(\S+)/gm)].map((match) => match[1]);
    assert.deepEqual(listed, ['globbed/2025-10-04-16-15-48-mpf-pinbox.log', 'globbed/2025-10-04-18-00-00-mpf-pinbox.log']);
    assert.match(run.stdout, /^2 dumps in 2 logs$/m);
  });
});

// ---- damaged dumps: parsed as far as sound, the snapshot marked incomplete ---------------------

interface DamageCase {
  name: string;
  log: string | Buffer;
  /** the STATUS column of `list`, for each dump */
  status: string[];
  /** the reasons in `extract`, for each dump */
  reasons: string[][];
  check?: (document: ExtractDocument, list: Run) => void;
}

const DAMAGE: DamageCase[] = [
  {
    name: 'cut off at the end of the file',
    log: lines(mpfDump(HANDLERS).slice(0, 4)),
    status: ['incomplete: count-mismatch (line 2), truncated (line 4)'],
    reasons: [['count-mismatch', 'truncated']],
    check: (document) => assert.deepEqual(document.snapshots[0]!.events!.handlers, { shutdown: 24 }, 'what was read is kept'),
  },
  {
    name: 'a header repeated without END',
    log: lines(mpfDump(HANDLERS).slice(0, 4), mpfDump(HANDLERS, '16:17:00,000')),
    status: ['incomplete: count-mismatch (line 2), header-repeated (line 5)', 'complete'],
    reasons: [['count-mismatch', 'header-repeated'], []],
  },
  {
    name: 'an END without its header',
    log: lines(mpf('--- DEBUG DUMP EVENTS END ---'), mpfDump(HANDLERS)),
    status: ['complete'],
    reasons: [[]],
    check: (document, list) => {
      assert.deepEqual(document.logs[0]!.problems.map((problem) => [problem.line, problem.reason]), [[1, 'end-without-header']]);
      assert.match(list.stdout, /^damaged\/an-end-without-its-header\.log:1: "--- DEBUG DUMP EVENTS END ---" without its header$/m);
    },
  },
  {
    name: 'counts that are not numbers, or absurdly large',
    log: lines(mpfDump({ shutdown: 24, ball_started: 'many', ball_ended: '99999999999999999999', debug_dump_stats: 2 })),
    status: ['incomplete: count-mismatch (line 2), bad-number (line 5), bad-number (line 6)'],
    reasons: [['count-mismatch', 'bad-number', 'bad-number']],
    check: (document) => assert.deepEqual(document.snapshots[0]!.events!.handlers, { shutdown: 24, debug_dump_stats: 2 }, 'no guessed numbers'),
  },
  {
    name: 'Total handlers lines outside a section',
    log: lines(mpf('  Total handlers: 500 (for ball_started)'), mpfDump(HANDLERS), mpf('  Total handlers: 900 (for shutdown)')),
    status: ['complete'],
    reasons: [[]],
    check: (document) => assert.deepEqual(document.snapshots[0]!.events!.handlers, HANDLERS),
  },
  {
    name: 'NUL bytes where a crash cut the dump',
    log: Buffer.concat([Buffer.from(lines(mpfDump(HANDLERS), mpfDump(HANDLERS, '16:17:00,000').slice(0, 4))), Buffer.from(mpf('  Total han')), Buffer.alloc(2000)]),
    status: ['complete', 'incomplete: count-mismatch (line 10), truncated (line 13)'],
    reasons: [[], ['count-mismatch', 'truncated']],
  },
  {
    name: 'NUL bytes inside a count',
    log: lines(mpfDump({ shutdown: '2\0\0', ball_started: 9 })),
    status: ['incomplete: count-mismatch (line 2), bad-number (line 4)'],
    reasons: [['count-mismatch', 'bad-number']],
  },
  {
    name: 'mixed CRLF and LF line endings',
    log: mpfDump(HANDLERS).map((line, index) => `${line}${index % 2 === 0 ? '\r\n' : '\n'}`).join(''),
    status: ['complete'],
    reasons: [[]],
    check: (document) => assert.deepEqual(document.snapshots[0]!.events!.handlers, HANDLERS),
  },
  {
    name: 'invalid UTF-8 (a cp1252 event name, stray bytes)',
    log: Buffer.concat([
      Buffer.from(lines(mpfDump(HANDLERS).slice(0, 5))),
      Buffer.from(`${mpf('  Total handlers: 1 (for caf')}\xe9_slide)\n`, 'latin1'),
      Buffer.from(`${mpf('  Total handlers: 1 (for bad')}\xff\xfe)\n`, 'latin1'),
      Buffer.from(lines(mpfDump(HANDLERS).slice(5))),
    ]),
    status: ['incomplete: count-mismatch (line 2)'],
    reasons: [['count-mismatch']],
    check: (document) => assert.deepEqual(Object.keys(document.snapshots[0]!.events!.handlers), ['shutdown', 'ball_started', 'café_slide', 'badÿþ', 'debug_dump_stats']),
  },
];

describe('damaged dumps: read as far as sound, marked incomplete with the reason, in list and extract', { concurrency: true }, () => {
  const fileOf = (damage: DamageCase): string => `damaged/${damage.name.replace(/[^a-z]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.log`;
  for (const damage of DAMAGE) write(fileOf(damage), damage.log);
  // One run of each command over the folder: starting node is what takes the time.
  const runs = Promise.all([leakdiff(['list', 'damaged']), leakdiff(['extract', 'damaged'])]);

  for (const damage of DAMAGE) {
    test(damage.name, async () => {
      const [list, extract] = await runs;
      assertNoStack(list);
      assert.equal(list.code, 0, list.stderr);
      assert.equal(list.stderr, '');
      const file = fileOf(damage);
      const status = [...list.stdout.matchAll(/^ *(?:\d+ +)?\d+ {2}(\S+) .*?(complete|incomplete: .*)$/gm)].filter((match) => match[1] === file).map((match) => match[2]);
      assert.deepEqual(status, damage.status);
      const all = extracted(extract);
      const document: ExtractDocument = { snapshots: all.snapshots.filter((snapshot) => snapshot.file === file), logs: all.logs.filter((log) => log.file === file) };
      assert.deepEqual(document.snapshots.map((snapshot) => snapshot.problems.map((problem) => problem.reason)), damage.reasons);
      assert.deepEqual(document.snapshots.map((snapshot) => snapshot.complete), damage.reasons.map((reasons) => reasons.length === 0));
      for (const problem of document.snapshots.flatMap((snapshot) => snapshot.problems)) assert.ok(problem.detail.length > 0, 'each reason is explained');
      damage.check?.(document, list);
    });
  }

  test('diff over the damaged logs: no crash, and the report says it rests on incomplete dumps', async () => {
    // Named one by one: each log is a run of its own, and every run is judged (a folder would
    // judge only the newest).
    const run = await leakdiff(DAMAGE.map(fileOf));
    assertNoStack(run);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    assert.match(run.stdout, /incomplete/i);
  });

  test('the summary line counts the incomplete dumps', async () => {
    const [list] = await runs;
    const dumps = DAMAGE.reduce((sum, damage) => sum + damage.status.length, 0);
    const incomplete = DAMAGE.reduce((sum, damage) => sum + damage.status.filter((text) => text !== 'complete').length, 0);
    assert.match(list.stdout, new RegExp(`^${dumps} dumps in ${DAMAGE.length} logs, ${incomplete} incomplete$`, 'm'));
  });

  // A dump line longer than 16 MiB (kept cut, marked line-too-long) is too big to spawn here: its
  // test is in test/parser-damage.test.ts.
});

describe('long lines', () => {
  test('a 10 MB line outside a dump is skipped; a 10 MB widget text inside one is read whole', async () => {
    const tenMegabytes = 10 * 1024 * 1024;
    const text = 'y'.repeat(tenMegabytes);
    write('long/foreign.log', lines(mpf(`Event: ball_started ${'x'.repeat(tenMegabytes)}`), mpfDump(HANDLERS)));
    write(
      'long/widget.log',
      lines(
        mc('mpfmc', '--- DEBUG DUMP OBJECTS ---'),
        mc('mpfmc', 'Elements in list (may be dead): 1'),
        mc('mpfmc', `<Text Widget text=${text}>`),
        mc('mpfmc', '--- DEBUG DUMP OBJECTS END ---'),
      ),
    );
    const document = extracted(await leakdiff(['extract', 'long']));
    const [foreign, widget] = document.snapshots;
    assert.equal(foreign!.file, 'long/foreign.log');
    assert.equal(foreign!.line, 2);
    assert.ok(foreign!.complete);
    assert.equal(widget!.objects!.entries[0]!.repr, `<Text Widget text=${text}>`);
  });
});

// ---- scale edges ------------------------------------------------------------------------------

describe('scale edges', { concurrency: true }, () => {
  const dumps: string[] = [];
  for (let index = 0; index < 10_000; index++) {
    const time = `${String(10 + Math.floor(index / 3600)).padStart(2, '0')}:${String(Math.floor(index / 60) % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')},000`;
    dumps.push(...mpfDump({ shutdown: 24, ball_started: 9 + index }, time));
  }
  write('scale/many-dumps.log', lines(dumps));
  const events = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`event_${index}`, 1]));
  write('scale/wide.log', lines(mpfDump({ ball_started: 100_000 }), mpfDump(events, '16:17:00,000')));
  const run = leakdiff(['list', 'scale']);

  test('10,000 dumps in one file', async () => {
    const { code, stdout, stderr } = await run;
    assertNoStack({ code, stdout, stderr });
    assert.equal(code, 0);
    assert.equal(stdout.split('\n').filter((line) => /^ *\d+ {2}scale\/many-dumps\.log .* complete$/.test(line)).length, 10_000);
    assert.match(stdout, /^10002 dumps in 2 logs$/m);
  });

  test('an event with 100,000 handlers, and a dump of 100,000 events', async () => {
    const { stdout } = await run;
    assert.match(stdout, /^10001 {2}scale\/wide\.log +1 .* {5}1 {4}100000 .* complete$/m);
    assert.match(stdout, /^10002 {2}scale\/wide\.log +7 .* 100000 {4}100000 .* complete$/m);
  });

  test('200 input files given as 200 arguments', async () => {
    const names: string[] = [];
    for (let index = 0; index < 200; index++) {
      const name = `two-hundred/2025-10-04-16-${String(Math.floor(index / 60)).padStart(2, '0')}-${String(index % 60).padStart(2, '0')}-mpf-pinbox.log`;
      write(name, lines(mpfDump(HANDLERS)));
      names.push(name);
    }
    const byArguments = await leakdiff(['list', ...names]);
    assertNoStack(byArguments);
    assert.equal(byArguments.code, 0);
    assert.match(byArguments.stdout, /^200 dumps in 200 logs$/m);
    assert.deepEqual([...byArguments.stdout.matchAll(/^ *\d+(?: +\d+)? {2}(\S+)/gm)].map((match) => match[1]), names, 'in the order given');
  });
});

// ---- hostile content --------------------------------------------------------------------------

/** Terminal control sequences and bidi overrides, as a machine's config or a player could write them. */
const CLEAR_SCREEN = '\x1b[2J';
const SET_TITLE = '\x1b]0;pwned\x07';
const RIGHT_TO_LEFT = '\u202e';
const ISOLATE = '\u2066';
const C1_CSI = '\x9b31m';
/** C0 controls but tab and newline, DEL, C1 controls, bidi overrides and isolates: never raw on a terminal. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const HOSTILE_EVENT = `ball${CLEAR_SCREEN}_started${RIGHT_TO_LEFT}x`;
const HOSTILE_SLIDE = `frenzy${SET_TITLE}${ISOLATE}`;
const HOSTILE_TEXT = `FRENZY${C1_CSI}${SET_TITLE}!`;

/** The diff fixtures with a growing event, slide and widget text renamed to hostile names. */
function writeHostileLogs(): { mpf: string; mc: string } {
  const mpfLog = readFileSync(path.join(ROOT, 'fixtures/diff-handler-growth/mpf-pinbox.log'), 'utf8').replaceAll('(for ball_started)', `(for ${HOSTILE_EVENT})`);
  const mcLog = readFileSync(path.join(ROOT, 'fixtures/diff-duplicate-slides/mc-pinbox.log'), 'utf8')
    .replaceAll('frenzy_slide', HOSTILE_SLIDE)
    .replaceAll('text=FRENZY!', `text=${HOSTILE_TEXT}`);
  assert.notEqual(mpfLog.indexOf(HOSTILE_EVENT), -1);
  assert.notEqual(mcLog.indexOf(HOSTILE_SLIDE), -1);
  assert.notEqual(mcLog.indexOf(HOSTILE_TEXT), -1);
  return { mpf: write('hostile/mpf-pinbox.log', mpfLog), mc: write('hostile/mc-pinbox.log', mcLog) };
}

function assertNoRawControl(text: string, where: string): void {
  const raw = RAW_CONTROL.exec(text);
  assert.equal(raw, null, `${where}: raw U+${raw?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${raw?.index}`);
}

describe('hostile names never reach the terminal raw', { concurrency: true }, () => {
  const hostile = writeHostileLogs();

  test('list: names in the table, in problems and in warnings are escaped', async () => {
    const damaged = write('hostile/damaged.log', lines(mpf(`--- DEBUG DUMP EVENTS END ---`), mpfDump({ [HOSTILE_EVENT]: 'lots' })));
    write(`hostile-names/a${CLEAR_SCREEN}${RIGHT_TO_LEFT}.log`, 'no dump here\n');
    write('hostile-names/b.log', lines(mpfDump(HANDLERS)));
    const run = await leakdiff(['list', hostile.mpf, hostile.mc, damaged, 'hostile-names']);
    assert.equal(run.code, 0, run.stderr);
    assertNoRawControl(run.stdout, 'list stdout');
    assertNoRawControl(run.stderr, 'list stderr');
    // Numbered in time order, as diff numbers them: the damaged dump is the oldest of its run.
    assert.match(run.stdout, /^ *1 {2}\S*damaged\.log +2 .* incomplete: count-mismatch \(line 3\), bad-number \(line 5\)$/m);
    assert.match(run.stdout, /^\S*damaged\.log:1: "--- DEBUG DUMP EVENTS END ---" without its header$/m);
    // A file name found in a directory is the filesystem's, not the user's: escaped too.
    assert.equal(run.stderr, 'leakdiff: warning: hostile-names/a\\x1b[2J\\u202e.log: no DEBUG DUMP section found (post the event debug_dump_stats while MPF runs, e.g. with a keyboard: key in the MC config (see README))\n');
  });

  test('extract: JSON escapes them, and reads back to the very names of the log', async () => {
    const run = await leakdiff(['extract', hostile.mpf, hostile.mc]);
    assertNoRawControl(run.stdout, 'extract stdout');
    const document = extracted(run);
    assert.ok(document.snapshots.some((snapshot) => snapshot.events !== null && HOSTILE_EVENT in snapshot.events.handlers));
    assert.ok(JSON.stringify(document).includes(JSON.stringify(HOSTILE_TEXT).slice(1, -1)));
  });

  test('a file name in an error is escaped', async () => {
    write(`hostile-error/a${CLEAR_SCREEN}${RIGHT_TO_LEFT}.log`, 'no dump here\n');
    const error = await leakdiff(['list', `hostile-error/a${CLEAR_SCREEN}${RIGHT_TO_LEFT}.log`]);
    assertInputError(error, /^leakdiff: hostile-error\/a\\x1b\[2J\\u202e\.log: no DEBUG DUMP section found/);
  });

  test('diff, in every format: text shows them escaped, no format carries them raw', async () => {
    const text = await leakdiff([hostile.mpf, hostile.mc]);
    assertNoStack(text);
    assert.equal(text.code, 1, text.stderr);
    assertNoRawControl(text.stdout, 'diff text');
    assert.ok(text.stdout.includes('ball\\x1b[2J_started\\u202ex'), 'the event shown with visible escapes');
    assert.ok(text.stdout.includes('Slide:frenzy\\x1b]0;pwned\\x07\\u2066'), 'the slide shown with visible escapes');
    // Text keys fold numbers (`Text:BALL #`), so the digits of the sequences show as #.
    assert.ok(text.stdout.includes('Text:FRENZY\\x9b#m\\x1b]#;pwned\\x07!'), 'the widget text shown with visible escapes');
    const formats = ['markdown', 'github', 'html'];
    const runs = await Promise.all(formats.map((format) => leakdiff([hostile.mpf, hostile.mc, '--format', format])));
    runs.forEach((run, index) => {
      assertNoStack(run);
      assert.equal(run.code, 1, `${formats[index]}: ${run.stderr}`);
      assertNoRawControl(run.stdout, `diff --format ${formats[index]}`);
    });
  });

  // JSON.stringify leaves bidi overrides and C1 controls raw; `extract` escapes them with
  // escapeJsonForTerminal (src/report/escape.ts), src/report/json.ts does not yet.
  test('diff --format json carries none raw either', async () => {
    const run = await leakdiff([hostile.mpf, hostile.mc, '--format', 'json']);
    assertNoStack(run);
    assert.equal(run.code, 1, run.stderr);
    assertNoRawControl(run.stdout, 'diff --format json');
  });
});

// ---- output files -----------------------------------------------------------------------------

/** Bytes and modification times of every file under `folder`. */
function snapshotFiles(folder: string): Map<string, { bytes: Buffer; mtimeMs: number }> {
  const files = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(folder, file), { bytes: readFileSync(file), mtimeMs: statSync(file).mtimeMs });
  }
  return files;
}

describe('leakdiff never writes to its inputs; --output is written whole or not at all', { concurrency: true }, () => {
  const dump = lines(mpfDump(HANDLERS), mpfDump({ ...HANDLERS, ball_started: 12 }, '16:17:00,000'));
  const commands = [['list'], ['extract'], ['diff']];
  const log = 'logs/2025-10-04-16-15-48-mpf-pinbox.log';

  /**
   * A machine folder under scratch holding `log` and `link.log`, a symbolic link to it: the log's
   * path, its bytes and the folder. With `config/`, nothing but the refusal is said about it.
   */
  const folderWithLog = (name: string): { input: string; original: Buffer; cwd: string } => {
    const cwd = path.join(scratch, name);
    const input = write(path.join(name, log), dump);
    mkdirSync(path.join(cwd, 'config'));
    symlinkSync(input, path.join(cwd, 'link.log'));
    return { input, original: readFileSync(input), cwd };
  };

  test('--output naming an input, by any path to it, is refused and the input stays byte for byte', async () => {
    const { input, original, cwd } = folderWithLog('own');
    const attempts = [
      { input: log, output: log },
      { input: log, output: `./logs/../${log}` },
      { input: 'logs', output: log },
      { input: 'logs/*.log', output: log },
      { input: 'logs', output: 'link.log' },
    ];
    // Each way of naming the input once, the commands taking turns: every start of node costs time.
    const runs = await Promise.all(attempts.map(({ input: given, output }, index) => leakdiff([...commands[index % commands.length]!, given, '--output', output], { cwd })));
    runs.forEach((run, index) => assertInputError(run, `${attempts[index]!.output}: is one of the inputs; leakdiff never writes to its inputs`));
    assert.deepEqual(readFileSync(input), original);
    // A shell redirect (`- < file`) is found too; a pipe cannot be traced back to its file.
    const redirected = await leakdiff(['extract', '-', '--output', input], { cwd, stdinFile: input });
    assertInputError(redirected, `${input}: is one of the inputs; leakdiff never writes to its inputs`);
    assert.deepEqual(readFileSync(input), original);
  });

  test('--output naming another file that was read (the baseline, the config file, the machine folder\'s config or code) is refused and the file stays byte for byte', async () => {
    const { cwd } = folderWithLog('other-inputs');
    const machineConfig = write('other-inputs/config/config.yaml', 'modes:\n  - base\n');
    const code = write('other-inputs/modes/base/code/base.py', 'class Base:\n    pass\n');
    const config = write('other-inputs/leakdiff.config.json', '{}\n');
    const recorded = await leakdiff(['baseline', log, '--output', 'known.json'], { cwd });
    assert.equal(recorded.code, 0, recorded.stderr);
    const baseline = path.join(cwd, 'known.json');
    const files = [baseline, config, machineConfig, code];
    const before = files.map((file) => readFileSync(file));
    const attempts = [
      { argv: [log, '--baseline', 'known.json', '--output', 'known.json'], output: 'known.json' },
      { argv: [log, '--baseline', 'known.json', '--update-baseline', '--output', './known.json'], output: './known.json' },
      { argv: [log, '--output', 'leakdiff.config.json'], output: 'leakdiff.config.json' },
      { argv: ['list', log, '--output', 'leakdiff.config.json'], output: 'leakdiff.config.json' },
      { argv: [log, '--output', 'config/config.yaml'], output: 'config/config.yaml' },
      { argv: [log, '--format', 'html', '--output', 'modes/base/code/base.py'], output: 'modes/base/code/base.py' },
      { argv: ['baseline', log, '--output', 'config/config.yaml'], output: 'config/config.yaml' },
    ];
    const runs = await Promise.all(attempts.map(({ argv }) => leakdiff(argv, { cwd })));
    runs.forEach((run, index) => assertInputError(run, `${attempts[index]!.output}: is one of the inputs; leakdiff never writes to its inputs`));
    assert.deepEqual(files.map((file) => readFileSync(file)), before);
    // $GITHUB_STEP_SUMMARY is refused over them too.
    const summaries = ['known.json', 'leakdiff.config.json', 'config/config.yaml', 'modes/base/code/base.py'];
    const summaryRuns = await Promise.all(summaries.map((summary) => leakdiff([log, '--baseline', 'known.json', '--format', 'github'], { cwd, env: { GITHUB_STEP_SUMMARY: summary } })));
    summaryRuns.forEach((run, index) => assertInputError(run, `GITHUB_STEP_SUMMARY ${summaries[index]}: is one of the inputs; leakdiff never writes to its inputs`));
    // A refused write refuses them all: the baseline is not tightened either, nor its hard link taken for another file.
    linkSync(baseline, path.join(cwd, 'known-link.json'));
    for (const argv of [['--output', log], ['--output', 'known-link.json'], ['--format', 'github'], ['--output', 'no-such-folder/report.txt']]) {
      const run = await leakdiff([log, '--baseline', 'known.json', '--update-baseline', ...argv], { cwd, env: { GITHUB_STEP_SUMMARY: 'config/config.yaml' } });
      assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
    }
    // --output naming the job summary would replace what the steps before wrote there.
    const summaryFile = write('other-inputs/summary.md', '## Build\nok\n');
    const overSummary = await leakdiff([log, '--format', 'github', '--output', 'summary.md'], { cwd, env: { GITHUB_STEP_SUMMARY: 'summary.md' } });
    assertInputError(overSummary, 'summary.md: is the job summary ($GITHUB_STEP_SUMMARY); give --output another file');
    assert.equal(readFileSync(summaryFile, 'utf8'), '## Build\nok\n');
    assert.deepEqual(files.map((file) => readFileSync(file)), before);
    // A new file beside them is written.
    const written = await leakdiff([log, '--baseline', 'known.json', '--output', 'config/report.txt'], { cwd });
    assert.equal(written.stderr, '');
    assert.ok(existsSync(path.join(cwd, 'config', 'report.txt')));
  });

  test('--output in a folder that cannot be (a file, a name too long) is one line and exit 2', async () => {
    const { cwd } = folderWithLog('no-folder');
    const long = `out/${'a'.repeat(300)}.json`;
    mkdirSync(path.join(cwd, 'out'));
    const runs = await Promise.all([leakdiff([log, '--output', `${log}/report.json`], { cwd }), leakdiff(['list', log, '--output', long], { cwd })]);
    assertInputError(runs[0]!, `${log}/report.json: cannot write (a part of the path is not a directory)`);
    assertInputError(runs[1]!, `${long}: cannot write (the name is too long)`);
    // A name near the longest allowed is written: the temporary file beside it has a short name.
    const longest = `out/${'a'.repeat(250)}.json`;
    const written = await leakdiff([log, '--output', longest], { cwd });
    assert.equal(written.stderr, '');
    assert.deepEqual(readdirSync(path.join(cwd, 'out')), [path.basename(longest)]);
  });

  test('$GITHUB_STEP_SUMMARY naming an input, by any path to it, is refused as --output is, and the input stays byte for byte', async () => {
    const { input, original, cwd } = folderWithLog('summary');
    const attempts = [
      { input: log, summary: log },
      { input: log, summary: `./logs/../${log}` },
      { input: 'logs', summary: path.join(cwd, log) },
      { input: 'logs/*.log', summary: log },
      { input: 'logs', summary: 'link.log' },
    ];
    const runs = await Promise.all(attempts.map(({ input: given, summary }) => leakdiff([given, '--format', 'github'], { cwd, env: { GITHUB_STEP_SUMMARY: summary } })));
    // Refused before anything is printed.
    runs.forEach((run, index) => assertInputError(run, `GITHUB_STEP_SUMMARY ${attempts[index]!.summary}: is one of the inputs; leakdiff never writes to its inputs`));
    assert.deepEqual(readFileSync(input), original);
    // A shell redirect (`- < file`) is found too.
    const redirected = await leakdiff(['-', '--format', 'github'], { cwd, env: { GITHUB_STEP_SUMMARY: input }, stdinFile: input });
    assertInputError(redirected, `GITHUB_STEP_SUMMARY ${input}: is one of the inputs; leakdiff never writes to its inputs`);
    assert.deepEqual(readFileSync(input), original);
    // A summary file that is no input is appended to, in the same folder.
    const summary = write('summary/step-summary.md', '## Build\nok\n');
    const appended = await leakdiff(['logs', '--format', 'github'], { cwd, env: { GITHUB_STEP_SUMMARY: 'step-summary.md' } });
    assert.equal(appended.code, 1, appended.stderr);
    assert.equal(appended.stderr, '');
    assert.match(readFileSync(summary, 'utf8'), /^## Build\nok\n### leakdiff: mpf: 1 leak\n/);
  });

  test('appendStepSummary given the sources the read returned refuses any file they stand for, also a log without dumps in a folder', async () => {
    const { input, cwd } = folderWithLog('summary-inputs');
    const notes = write('summary-inputs/logs/notes.log', 'no dump here\n');
    const report = diffSnapshots(parseLog(readFileSync(input), log).snapshots, DEFAULT_DIFF_OPTIONS);
    const ctx = { io: { stdout: { write: () => true }, stderr: { write: () => true }, stdin: Readable.from([]), env: { GITHUB_STEP_SUMMARY: 'logs/notes.log' }, cwd }, exitCode: 0, configFiles: [] };
    const { sources } = await readInputs(['logs'], { cwd, stdin: Readable.from([]), env: {}, warn: () => undefined });
    await assert.rejects(appendStepSummary(ctx, report, sources), { name: 'LeakdiffError', message: 'GITHUB_STEP_SUMMARY logs/notes.log: is one of the inputs; leakdiff never writes to its inputs' });
    assert.equal(readFileSync(notes, 'utf8'), 'no dump here\n');
    await appendStepSummary({ ...ctx, io: { ...ctx.io, env: { GITHUB_STEP_SUMMARY: 'summary.md' } } }, report, sources);
    assert.match(readFileSync(path.join(cwd, 'summary.md'), 'utf8'), /^### leakdiff: mpf: 1 leak\n/);
  });

  test('a write that fails half-way leaves the old output file whole, and no temporary file', async () => {
    write('failing/logs/mc.log', readFileSync(REAL_MC));
    const old = write('failing/out.json', '{"old": "report"}\n');
    // ulimit -f 1: no file may grow past 512 bytes, so the JSON write fails part-way (EFBIG),
    // as on a full disk. A write in place would leave out.json cut; the rename never happens.
    const run = await leakdiff(['extract', 'logs/mc.log', '--output', 'out.json'], { cwd: path.join(scratch, 'failing'), shellPrefix: 'ulimit -f 1' });
    assertInputError(run, 'out.json: cannot write (file too large for this file system or limit)');
    assert.equal(readFileSync(old, 'utf8'), '{"old": "report"}\n');
    assert.deepEqual(readdirSync(path.join(scratch, 'failing')).sort(), ['logs', 'out.json']);
  });

  test('--output replaces the old file whole when the write succeeds', async () => {
    write('replaced/in.log', dump);
    const out = write('replaced/out.txt', 'old report that is longer than the new one would be, surely\n'.repeat(100));
    const run = await leakdiff(['list', 'in.log', '--output', 'out.txt'], { cwd: path.join(scratch, 'replaced') });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const written = readFileSync(out, 'utf8');
    assert.match(written, /^# {2}FILE {4}LINE .*\n1 {2}in\.log {2}1 .*\n2 {2}in\.log {2}9 .*\n\n2 dumps in 1 log\n$/);
    assert.deepEqual(readdirSync(path.join(scratch, 'replaced')).sort(), ['in.log', 'out.txt'], 'no temporary file left');
  });

  test('--output to a pipe or device writes into it and leaves it one (a rename would make /dev/null a plain file)', async () => {
    write('special/in.log', dump);
    const fifo = path.join(scratch, 'special/out.fifo');
    execFileSync('mkfifo', [fifo]);
    // The reader is a child process, so that it can be ended if leakdiff never opens the pipe.
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    const run = await leakdiff(['list', 'in.log', '--output', 'out.fifo'], { cwd: path.join(scratch, 'special') });
    const ended = setTimeout(() => reader.kill(), 5000);
    await readerDone;
    clearTimeout(ended);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(lstatSync(fifo).isFIFO(), 'still a pipe');
    assert.match(received, /^# {2}FILE .*\n\n2 dumps in 1 log\n$/s);
  });

  test('--output through a symlink writes the file it names and keeps the link', async () => {
    write('linked/in.log', dump);
    const real = write('linked/real-report.txt', 'old\n');
    symlinkSync('real-report.txt', path.join(scratch, 'linked/report.txt'));
    const run = await leakdiff(['list', 'in.log', '--output', 'report.txt'], { cwd: path.join(scratch, 'linked') });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(lstatSync(path.join(scratch, 'linked/report.txt')).isSymbolicLink(), 'still a link');
    assert.match(readFileSync(real, 'utf8'), /\n2 dumps in 1 log\n$/);
  });

  test('list, extract and diff leave every input file as it was: bytes and modification times', async () => {
    const copy = path.join(scratch, 'fixtures-copy');
    cpSync(path.join(ROOT, 'fixtures'), copy, { recursive: true, preserveTimestamps: true });
    copyFileSync(REAL_MC, path.join(copy, 'real-057-clean-run', 'copy-of-mc.log'));
    write('fixtures-copy/gz/mc.log.gz', gzipSync(readFileSync(REAL_MC)));
    const before = snapshotFiles(copy);
    const folders = ['real-057-clean-run', 'docs-mc-full-dump', 'truncated-dump', 'nul-bytes', 'gz'];
    const runs = await Promise.all([
      leakdiff(['list', ...folders], { cwd: copy }),
      leakdiff(['extract', ...folders, '--output', path.join(scratch, 'extract-of-copy.json')], { cwd: copy }),
      leakdiff([...folders, '--format', 'json', '--output', path.join(scratch, 'diff-of-copy.json')], { cwd: copy }),
    ]);
    for (const run of runs) assertNoStack(run);
    assert.equal(runs[0]!.code, 0, runs[0]!.stderr);
    assert.equal(runs[1]!.code, 0, runs[1]!.stderr);
    const after = snapshotFiles(copy);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no file added or removed among the inputs');
    for (const [file, { bytes, mtimeMs }] of before) {
      assert.deepEqual(after.get(file)!.bytes, bytes, `${file}: bytes`);
      assert.equal(after.get(file)!.mtimeMs, mtimeMs, `${file}: modification time`);
    }
  });
});
