// A .gz that does not end whole: cut off (a copy that did not finish, power lost while gzipping),
// followed by zeros or by bytes that are not gzip, or several members. What comes before the damage
// is read, as gunzip reads it, and said; corrupt data is an error. Run in-process with a fake io.
//
// The damaged files are made from a fixture in a temporary folder. What a cut file must give is
// known without leakdiff: zlib decompresses the same bytes with a sync flush, which never fails, to
// the text before the cut. leakdiff must read that text, written as a plain log, the same way.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { ROOT, runCli, type Run } from './helpers/cli.js';

const LOG = readFileSync(path.join(ROOT, 'fixtures/diff-handler-growth/mpf-pinbox.log'));
const GZIP = gzipSync(LOG);
const HEADER = '--- DEBUG DUMP EVENTS ---';
const END = '--- DEBUG DUMP EVENTS END ---';
const CUT_WARNING = 'the gzip stream ends early (the file is cut off); the log is read up to here';

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-gzip-damage-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the CLI in `scratch`; standard input arrives in the pieces given. */
function leakdiff(args: readonly string[], stdin: readonly Buffer[] = []): Promise<Run> {
  return runCli(args, { cwd: scratch, stdin });
}

function write(name: string, content: Buffer): string {
  mkdirSync(path.dirname(path.join(scratch, name)), { recursive: true });
  writeFileSync(path.join(scratch, name), content);
  return name;
}

/** What zlib can decompress of `gzip` up to its end, however it ends. */
function textBefore(gzip: Buffer): Buffer {
  return gunzipSync(gzip, { finishFlush: constants.Z_SYNC_FLUSH });
}

function count(text: Buffer, marker: string): number {
  return text.toString('latin1').split(marker).length - 1;
}

/** The shortest cut of GZIP whose text has `headers` dump headers and `ends` END lines. */
function cutWith(headers: number, ends: number): Buffer {
  for (let length = 10; length < GZIP.length; length++) {
    const text = textBefore(GZIP.subarray(0, length));
    if (count(text, HEADER) === headers && count(text, END) === ends) return GZIP.subarray(0, length);
  }
  throw new Error(`no cut of the fixture gives ${headers} headers and ${ends} ENDs`);
}

interface ExtractDocument {
  snapshots: Array<{ file: string; complete: boolean; problems: Array<{ line: number; reason: string; detail: string }> }>;
  logs: Array<{ file: string; lines: number; problems: Array<{ line: number; reason: string; detail: string }> }>;
}

function extracted(run: Run): ExtractDocument {
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as ExtractDocument;
}

/** The snapshots with the file name taken out, to compare one log under two names. */
function snapshotsOf(document: ExtractDocument): unknown[] {
  return document.snapshots.map((snapshot) => ({ ...snapshot, file: 'NAME' }));
}

/** `extract` of `name` and of the plain text `text` (written next to it), parsed. */
async function extractBoth(name: string, text: Buffer): Promise<{ gzip: ExtractDocument; plain: ExtractDocument; stderr: string }> {
  const plainName = write(`${name}.plain.log`, text);
  const [gzip, plain] = await Promise.all([leakdiff(['extract', name]), leakdiff(['extract', plainName])]);
  assert.equal(plain.stderr, '');
  return { gzip: extracted(gzip), plain: extracted(plain), stderr: gzip.stderr };
}

describe('a .gz cut off: the dumps before the cut are read, the one cut off is incomplete', { concurrency: true }, () => {
  const insideDump = write('inside.log.gz', cutWith(6, 5));
  const betweenDumps = write('between.log.gz', cutWith(6, 6));

  test('extract: the same dumps as the plain text before the cut, and a problem of the log at its last line', async () => {
    const { gzip, plain, stderr } = await extractBoth(insideDump, textBefore(cutWith(6, 5)));
    assert.equal(gzip.snapshots.length, 6);
    assert.deepEqual(snapshotsOf(gzip), snapshotsOf(plain));
    assert.deepEqual(
      gzip.snapshots.map((snapshot) => snapshot.complete),
      [true, true, true, true, true, false],
    );
    assert.ok(gzip.snapshots[5]!.problems.some((problem) => problem.reason === 'truncated'), 'cut off as at the end of a plain file');
    const lastLine = plain.logs[0]!.lines;
    assert.equal(gzip.logs[0]!.lines, lastLine);
    assert.deepEqual(plain.logs[0]!.problems, []);
    assert.deepEqual(gzip.logs[0]!.problems, [{ line: lastLine, reason: 'truncated', detail: CUT_WARNING }]);
    assert.equal(stderr, `leakdiff: warning: inside.log.gz:${lastLine}: ${CUT_WARNING}\n`);
  });

  test('list: five complete dumps, the sixth incomplete, the log problem in the output and a warning on stderr', async () => {
    const run = await leakdiff(['list', insideDump]);
    assert.equal(run.code, 0, run.stderr);
    const status = [...run.stdout.matchAll(/^\d+ {2}inside\.log\.gz .* {2}(complete|incomplete: .*)$/gm)].map((match) => match[1]);
    assert.equal(status.length, 6);
    assert.deepEqual(status.slice(0, 5), ['complete', 'complete', 'complete', 'complete', 'complete']);
    assert.match(status[5]!, /^incomplete: .*truncated \(line \d+\)$/);
    assert.match(run.stdout, new RegExp(`^6 dumps in 1 log, 1 incomplete\ninside\\.log\\.gz:\\d+: ${escapeRegExp(CUT_WARNING)}\n$`, 'm'));
    assert.match(run.stderr, new RegExp(`^leakdiff: warning: inside\\.log\\.gz:\\d+: ${escapeRegExp(CUT_WARNING)}\n$`));
  });

  test('diff: compares the dumps before the cut as the plain text gives them, says the comparison rests on a cut dump; --strict is exit 2', async () => {
    const plainName = write('inside-diff.plain.log', textBefore(cutWith(6, 5)));
    const [gzip, plain, text, strict] = await Promise.all([
      leakdiff([insideDump, '--format', 'json']),
      leakdiff([plainName, '--format', 'json']),
      leakdiff([insideDump]),
      leakdiff([insideDump, '--strict']),
    ]);
    assert.equal(gzip.code, plain.code);
    assert.equal(gzip.code, 1, 'the handler leaks of the fixture are found in the dumps before the cut');
    const report = JSON.parse(gzip.stdout) as { snapshots: unknown[]; incomplete: boolean; logProblems?: unknown[] };
    const { logProblems, ...rest } = report;
    assert.deepEqual(rest, JSON.parse(plain.stdout.replaceAll(plainName, insideDump)), 'the report of the plain text, and the problem of the log');
    assert.deepEqual(logProblems, [{ line: extracted(await leakdiff(['extract', plainName])).logs[0]!.lines, reason: 'truncated', detail: CUT_WARNING, file: insideDump }]);
    assert.equal(report.snapshots.length, 6);
    assert.equal(report.incomplete, true);
    const cutWarning = new RegExp(`^leakdiff: warning: inside\\.log\\.gz:\\d+: ${escapeRegExp(CUT_WARNING)}$`);
    const stderrLines = gzip.stderr.trimEnd().split('\n');
    assert.equal(stderrLines.length, 2, gzip.stderr);
    assert.match(stderrLines[0]!, cutWarning);
    assert.equal(stderrLines[1], 'leakdiff: warning: the comparison rests on 1 incomplete dump; findings may be missing or wrong');
    assert.match(text.stdout, /^!! INCOMPLETE: 1 compared dump is damaged or cut off/m);
    assert.equal(strict.code, 2);
    assert.match(strict.stderr, /^leakdiff: --strict: the comparison rests on 1 incomplete dump/m);
  });

  test('cut between two dumps: every dump before it is complete, and the log still says it ends early', async () => {
    const { gzip, plain, stderr } = await extractBoth(betweenDumps, textBefore(cutWith(6, 6)));
    assert.deepEqual(snapshotsOf(gzip), snapshotsOf(plain));
    assert.deepEqual(
      gzip.snapshots.map((snapshot) => snapshot.complete),
      [true, true, true, true, true, true],
    );
    const lastLine = plain.logs[0]!.lines;
    assert.deepEqual(gzip.logs[0]!.problems, [{ line: lastLine, reason: 'truncated', detail: CUT_WARNING }]);
    assert.equal(stderr, `leakdiff: warning: between.log.gz:${lastLine}: ${CUT_WARNING}\n`);
    // No dump is incomplete, yet the dumps after the cut are missing: the report says so, and
    // --strict, which refuses damaged input, refuses it.
    const [json, text, strict] = await Promise.all([leakdiff([betweenDumps, '--json']), leakdiff([betweenDumps]), leakdiff([betweenDumps, '--strict'])]);
    const report = JSON.parse(json.stdout) as { incomplete: boolean; exitCode: number; logProblems: unknown[] };
    assert.equal(report.incomplete, false);
    assert.deepEqual(report.logProblems, [{ line: lastLine, reason: 'truncated', detail: CUT_WARNING, file: betweenDumps }]);
    assert.equal(json.code, 1);
    assert.match(text.stdout, new RegExp(`^Problems of the logs outside their dumps:\n {2}between\.log\.gz:${lastLine}: ${escapeRegExp(CUT_WARNING)}$`, 'm'));
    assert.equal(strict.code, 2);
    assert.match(strict.stderr, /^leakdiff: --strict: a log ends early, so the dumps after its end are missing$/m);
    assert.equal(JSON.parse((await leakdiff([betweenDumps, '--json', '--strict'])).stdout).exitCode, 2, 'the report states the exit code');
  });

  test('standard input in small pieces: the same, named - (zlib loses what it makes of the piece it fails on: none is lost)', async () => {
    const cut = cutWith(6, 5);
    const pieces = Array.from({ length: Math.ceil(cut.length / 64) }, (_, index) => cut.subarray(index * 64, index * 64 + 64));
    const [gzip, plain] = await Promise.all([leakdiff(['extract', '-'], pieces), leakdiff(['extract', write('stdin.plain.log', textBefore(cut))])]);
    assert.deepEqual(snapshotsOf(extracted(gzip)), snapshotsOf(extracted(plain)));
    assert.equal(gzip.stderr, `leakdiff: warning: -:${extracted(plain).logs[0]!.lines}: ${CUT_WARNING}\n`);
  });

  test('a .gz found in a folder and cut before its first dump is a log without a dump: a warning naming the cut', async () => {
    write('folder/1-whole.log', LOG);
    const early = GZIP.subarray(0, 200);
    assert.equal(count(textBefore(early), HEADER), 0);
    write('folder/2-early.log.gz', early);
    const run = await leakdiff(['list', 'folder']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^9 dumps in 2 logs$/m);
    assert.match(run.stderr, new RegExp(`^leakdiff: warning: folder/2-early\\.log\\.gz:\\d+: ${escapeRegExp(CUT_WARNING)}; no whole DEBUG DUMP section found\n$`));
  });
});

describe('several gzip members, and bytes after the gzip data', { concurrency: true }, () => {
  const half = LOG.indexOf('\n', LOG.length / 2) + 1;
  const members = Buffer.concat([gzipSync(LOG.subarray(0, half)), gzipSync(LOG.subarray(half))]);

  test('a gzip of several members (gzip a b > c, or appended rotations) reads every member', async () => {
    const { gzip, plain, stderr } = await extractBoth(write('members.log.gz', members), LOG);
    assert.equal(gzip.snapshots.length, 9);
    assert.deepEqual(snapshotsOf(gzip), snapshotsOf(plain));
    assert.deepEqual(gzip.logs[0]!.problems, []);
    assert.equal(stderr, '');
  });

  test('cut off in the second member: the first member and what the second holds before the cut', async () => {
    const cut = members.subarray(0, members.length - 1000);
    const text = textBefore(cut);
    assert.ok(text.length > half, 'the cut is inside the second member');
    const { gzip, plain, stderr } = await extractBoth(write('members-cut.log.gz', cut), text);
    assert.ok(gzip.snapshots.length > count(LOG.subarray(0, half), HEADER), 'dumps of the second member are read');
    assert.deepEqual(snapshotsOf(gzip), snapshotsOf(plain));
    assert.equal(stderr, `leakdiff: warning: members-cut.log.gz:${plain.logs[0]!.lines}: ${CUT_WARNING}\n`);
  });

  test('zeros after the gzip data (a copy tool padding the file): every dump, and a warning', async () => {
    const name = write('zeros.log.gz', Buffer.concat([GZIP, Buffer.alloc(4096)]));
    const { gzip, plain, stderr } = await extractBoth(name, LOG);
    assert.equal(gzip.snapshots.length, 9);
    assert.deepEqual(snapshotsOf(gzip), snapshotsOf(plain));
    assert.deepEqual(gzip.logs[0]!.problems, [], 'nothing of the log is lost');
    assert.equal(stderr, 'leakdiff: warning: zeros.log.gz: 4096 bytes after the end of the gzip data are not gzip; ignored, as gunzip does\n');
    const diff = await leakdiff([name]);
    assert.equal(diff.code, 1, 'the leaks of the fixture');
    assert.equal(diff.stderr, stderr);
  });

  test('bytes that are not gzip after the gzip data (an error page appended to a download): the dumps read, and a warning', async () => {
    // zlib fails on those bytes and drops what it made in that step (up to 1 MiB of the log): lines
    // that are no dump follow the last dump here, so that what is dropped is theirs.
    const filler = '2026-11-25 03:40:31,000 : INFO : SwitchController : <Switch.s_left_flipper>: 1\n'.repeat(20000);
    const log = Buffer.concat([LOG, Buffer.from(filler)]);
    const name = write('garbage.log.gz', Buffer.concat([gzipSync(log), Buffer.from('<html><body>404 Not Found</body></html>\n')]));
    const { gzip, plain, stderr } = await extractBoth(name, log);
    assert.equal(gzip.snapshots.length, 9);
    assert.deepEqual(snapshotsOf(gzip), snapshotsOf(plain));
    const lastLine = gzip.logs[0]!.lines;
    assert.ok(lastLine > count(LOG, '\n') && lastLine < plain.logs[0]!.lines, `read into the lines after the last dump, not to the end (line ${lastLine})`);
    const detail = 'the gzip data is followed by bytes that are not gzip; the log is read up to here, and up to 1 MiB of it before those bytes may be missing';
    assert.deepEqual(gzip.logs[0]!.problems, [{ line: lastLine, reason: 'truncated', detail }]);
    assert.equal(stderr, `leakdiff: warning: garbage.log.gz:${lastLine}: ${detail}\n`);
  });

  test('bytes that are not gzip after a small .gz: zlib drops all of the log, an error naming the file', async () => {
    const run = await leakdiff(['list', write('garbage-small.log.gz', Buffer.concat([GZIP, Buffer.from('<html>')]))]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'leakdiff: garbage-small.log.gz: damaged gzip data (incorrect header check)\n');
  });
});

test('corrupt gzip data is an error naming the file, exit 2: what zlib decompresses of it may be wrong', async () => {
  const corrupt = Buffer.from(GZIP);
  for (let at = 2000; at < 2050; at++) corrupt[at] = corrupt[at]! ^ 0x5a;
  const run = await leakdiff(['list', write('corrupt.log.gz', corrupt)]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^leakdiff: corrupt\.log\.gz: damaged gzip data \([a-z ]+\)\n$/);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
