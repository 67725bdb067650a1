// Dumps with nothing in them cost next to nothing: a header written over and over, or a header
// and its END with no line between, are no dumps but one problem of the log, however often they
// repeat. And a log with more dumps than leakdiff holds is one line, exit 2, not a crash.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parseLog } from '../src/parse/parser.js';
import { assertInputError, runCli, spawnCli } from './helpers/cli.js';
import { eventsDumpLines } from './helpers/dump-lines.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-empty-dumps-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const mpf = (message: string): string => `2026-11-25 03:39:33,853 : INFO : EventManager : ${message}`;
const mc = (message: string, logger = 'mpfmc'): string => `2026-11-25 03:39:33,900 : ${logger} : ${message}`;
const HEADER = mpf('--- DEBUG DUMP EVENTS ---');
const END = mpf('--- DEBUG DUMP EVENTS END ---');

/** `lines` repeated `times`, one line each, as a log. */
function repeated(lines: readonly string[], times: number): string {
  return `${lines.join('\n')}\n`.repeat(times);
}

test('an EVENTS header written over and over: no dump per header, one problem of the log', () => {
  const log = parseLog(repeated([HEADER], 200_000), 'headers.log');
  // The last header is cut off by the end of the log: a dump that began and was cut short.
  assert.equal(log.snapshots.length, 1);
  assert.equal(log.snapshots[0]!.line, 200_000);
  assert.deepEqual(log.snapshots[0]!.problems.map((problem) => problem.reason), ['truncated']);
  assert.deepEqual(log.problems, [{ line: 1, reason: 'empty-section', detail: 'an EVENTS section with no line in it, so no dump (199999 times in a row)' }]);
});

test('a header and its END with nothing between, over and over: no dump, one problem of the log', () => {
  const log = parseLog(repeated([HEADER, END], 100_000), 'empty.log');
  assert.equal(log.snapshots.length, 0);
  assert.deepEqual(log.problems, [{ line: 1, reason: 'empty-section', detail: 'an EVENTS section with no line in it, so no dump (100000 times in a row)' }]);
  const mcEmpty = parseLog(repeated([mc('--- DEBUG DUMP DISPLAYS ---'), mc('--- DEBUG DUMP DISPLAYS END ---')], 3), 'x-mc-pinbox.log', { processHint: 'mc' });
  assert.equal(mcEmpty.snapshots.length, 0);
  assert.deepEqual(mcEmpty.problems, [{ line: 1, reason: 'empty-section', detail: 'a DISPLAYS section with no line in it, so no dump (3 times in a row)' }]);
});

test('a dump between empty ones is read as ever, and a header cut off by a real dump stays a damaged dump', () => {
  const dump = eventsDumpLines({ ball_started: 3 }, mpf);
  const log = parseLog(`${repeated([HEADER, END], 2)}${dump.join('\n')}\n${HEADER}\n${dump.join('\n')}\n`, 'mixed.log');
  assert.deepEqual(log.snapshots.map((snapshot) => [snapshot.line, snapshot.complete, snapshot.events?.handlers.ball_started]), [
    [5, true, 3],
    [12, true, 3],
  ]);
  // The header on line 11 is followed by the next dump's header: it began no dump either, and
  // with a dump between, it is not the run of line 1 again.
  assert.deepEqual(log.problems, [
    { line: 1, reason: 'empty-section', detail: 'an EVENTS section with no line in it, so no dump (2 times in a row)' },
    { line: 11, reason: 'empty-section', detail: 'an EVENTS section with no line in it, so no dump' },
  ]);
  const cut = parseLog(`${dump.slice(0, 3).join('\n')}\n${dump.join('\n')}\n`, 'cut.log');
  assert.deepEqual(cut.snapshots.map((snapshot) => [snapshot.line, snapshot.complete]), [[1, false], [4, true]], 'a dump with lines, cut off, stays');
  assert.deepEqual(cut.problems, []);
});

test('an END line over and over, outside a dump or inside one: one problem each, with how often', () => {
  const outside = parseLog(repeated([END], 50_000), 'ends.log');
  assert.deepEqual(outside.problems, [{ line: 1, reason: 'end-without-header', detail: '"--- DEBUG DUMP EVENTS END ---" without its header (50000 times in a row)' }]);
  const events = (message: string): string => mc(message, 'EventManager');
  const inside = parseLog(
    `${events('--- DEBUG DUMP EVENTS ---')}\n${events('Total registered_handlers: 0. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0')}\n${repeated([mc('--- DEBUG DUMP CLOCK END ---')], 50_000)}${events('--- DEBUG DUMP EVENTS END ---')}\n`,
    'inside-mc-pinbox.log',
    { processHint: 'mc' },
  );
  assert.equal(inside.snapshots.length, 1);
  assert.deepEqual(
    inside.snapshots[0]!.problems.filter((problem) => problem.reason === 'end-without-header'),
    [{ line: 3, reason: 'end-without-header', detail: '"--- DEBUG DUMP CLOCK END ---" inside the EVENTS section (50000 times in a row)' }],
  );
});

test('list and diff of 30 MB of EVENTS headers: a few lines, quickly, not a dump per header', async () => {
  const file = path.join(scratch, 'headers.log');
  writeFileSync(file, repeated([HEADER], 400_000));
  const list = await runCli(['list', file]);
  assert.equal(list.code, 0, list.stderr);
  assert.ok(list.stdout.split('\n').length < 20, list.stdout.slice(0, 2000));
  assert.match(list.stdout, /399999 times in a row/);
  const diff = await spawnCli(['diff', file]);
  assert.equal(diff.code, 2, diff.stderr);
  assert.match(diff.stderr, /^leakdiff: nothing to compare/m);
});

test('more dumps than leakdiff holds: one line naming the log and the first dump too many, exit 2', async () => {
  const dump = eventsDumpLines({ a: 1 }, mpf);
  const one = path.join(scratch, 'too-many.log');
  writeFileSync(one, repeated(dump, 1001));
  const limit = { LEAKDIFF_MAX_DUMPS: '1000' };
  const message = `${one}:${1000 * dump.length + 1}: more than 1000 dumps in one log, more than leakdiff holds in memory; split the log`;
  for (const command of ['list', 'diff', 'extract']) assertInputError(await runCli([command, one], { env: limit }), message);
  // Read on two threads, the second half's dumps are counted after the join.
  assertInputError(await spawnCli(['list', one], { env: { ...limit, LEAKDIFF_PARALLEL_MIN_BYTES: '0' } }), message);
  const half = path.join(scratch, 'half.log');
  writeFileSync(half, repeated(dump, 600));
  // extract streams its snapshots and keeps none: they are counted all the same.
  for (const command of ['list', 'extract']) {
    assertInputError(
      await runCli([command, half, half], { env: limit }),
      `${half}:${400 * dump.length + 1}: the inputs hold more than 1000 dumps, more than leakdiff holds in memory; compare fewer logs`,
    );
  }
  assert.equal((await runCli(['list', half], { env: limit })).code, 0);
});

test('read on two threads, a run of one problem across the split is still one, and a dump still ends it', async () => {
  const dump = eventsDumpLines({ a: 1 }, mpf);
  const logs = {
    'ends.log': repeated([END], 100_000),
    'ends-dump-ends.log': `${repeated([END], 60_000)}${dump.join('\n')}\n${repeated([END], 40_000)}`,
    'empty-sections.log': repeated([HEADER, END], 50_000),
  };
  for (const [name, text] of Object.entries(logs)) {
    const file = path.join(scratch, name);
    writeFileSync(file, text);
    const [one, two] = await Promise.all([
      spawnCli(['extract', file], { env: { LEAKDIFF_PARALLEL_MIN_BYTES: String(Number.MAX_SAFE_INTEGER) } }),
      spawnCli(['extract', file], { env: { LEAKDIFF_PARALLEL_MIN_BYTES: '0' } }),
    ]);
    assert.deepEqual(two, one, name);
    assert.match(one.stdout + one.stderr, /(100000|60000|50000) times in a row/, name);
  }
});

test('the events posted before a dump that turns out empty count for the next dump', () => {
  const posted = (name: string): string => mpf(`Event: ======'${name}'====== Args={}`);
  const dump = eventsDumpLines({ ball_started: 3 }, mpf);
  const log = parseLog([posted('ball_started'), posted('ball_started'), HEADER, END, posted('ball_started'), ...dump, ''].join('\n'), 'posted.log');
  assert.equal(log.snapshots.length, 1);
  assert.deepEqual({ ...log.snapshots[0]!.posted }, { ball_started: 3 });
});

test('handler lines are counted at the same dumps with or without empty dumps among them', () => {
  const registered = mpf("Registered BallBumperTally.on_bumper as a handler for 's_bumper_active', priority: 1, kwargs: {}");
  const dump = eventsDumpLines({ s_bumper_active: 1 }, mpf);
  const empty = [HEADER, END];
  const withEmpty = parseLog([...dump, registered, ...empty, registered, ...empty, ...empty, ...dump, registered, ...dump, ''].join('\n'), 'with.log');
  const without = parseLog([...dump, registered, registered, ...dump, registered, ...dump, ''].join('\n'), 'without.log');
  assert.equal(withEmpty.snapshots.length, 3);
  assert.ok(without.handlers !== undefined && without.handlers.series.length > 0);
  assert.deepEqual(withEmpty.handlers, without.handlers);
});
