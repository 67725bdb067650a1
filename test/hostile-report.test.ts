// Reports of hostile names and hostile arguments: characters that print as nothing are made
// visible, a file name cannot carry control characters into a workflow command, echoed user input
// stays short, and an incomplete comparison is said on stderr whatever the format.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { escapeJsonForTerminal, escapeTerminal } from '../src/report/escape.js';
import { ROOT, runCli } from './helpers/cli.js';

const LOG_TEXT = readFileSync(path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log'), 'utf8');
const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-hostile-report-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2028', '\u2029', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\ufeff'];

test('characters that print as nothing are shown escaped, for the terminal and in JSON', () => {
  for (const char of INVISIBLE) {
    const escaped = `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    assert.equal(escapeTerminal(`ball${char}started`), `ball${escaped}started`);
    assert.equal(escapeJsonForTerminal(JSON.stringify(`ball${char}started`)), `"ball${escaped}started"`);
    assert.equal(JSON.parse(escapeJsonForTerminal(JSON.stringify(char))), char, 'JSON reads back the same name');
  }
  assert.equal(escapeTerminal('ball_started'), 'ball_started');
});

test('a leaking event whose name holds a zero-width space or a BOM is told apart from the real one', async () => {
  const log = write('zero-width.log', LOG_TEXT.replaceAll('(for ball_started)', '(for ball\u200b_started)').replaceAll('(for timer_frenzy_timer_tick)', '(for \ufefftimer_frenzy_timer_tick)'));
  const run = await runCli(['diff', log]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /ball\\u200b_started/);
  assert.match(run.stdout, /\\ufefftimer_frenzy_timer_tick/);
  assert.doesNotMatch(run.stdout, /[\u200b\ufeff]/);
});

test('an event whose name holds a line separator is read, judged and shown escaped, not dropped', async () => {
  const log = write('line-separator.log', LOG_TEXT.replaceAll('(for ball_started)', '(for ball\u2028started)'));
  const list = await runCli(['list', log]);
  assert.doesNotMatch(list.stdout, /incomplete/, 'the handler line is read: no count mismatch');
  const run = await runCli(['diff', log]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /leak +mpf +ball\\u2028started /);
  assert.doesNotMatch(run.stdout, /\u2028/);
});

test('--format github: control characters in a file name never reach file=', async () => {
  const log = write('a\u001b[31m\u0007b.log', LOG_TEXT);
  const run = await runCli(['diff', log, '--format', 'github']);
  assert.equal(run.code, 1, run.stderr);
  const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::error file='));
  assert.ok(annotations.length > 0, run.stdout);
  for (const line of annotations) {
    assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f]/, JSON.stringify(line));
    assert.ok(line.includes('a\\x1b[31m\\x07b.log'), line);
  }
});

test('long --ignore globs are echoed short, in every human format', async () => {
  const log = path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log');
  const stars = '*'.repeat(40_000);
  const many = Array.from({ length: 500 }, (_, index) => ['--ignore', `glob_${index}_*`]).flat();
  for (const format of ['text', 'markdown', 'html']) {
    const run = await runCli(['diff', log, '--format', format, '--ignore', `${stars}z`, ...many]);
    assert.equal(run.code, 1, run.stderr);
    const echoed = run.stdout.split('\n').find((line) => line.includes('Ignored'));
    assert.ok(echoed !== undefined, `${format}: the globs are echoed`);
    assert.ok(echoed.length < 1000, `${format}: ${echoed.length} characters`);
    assert.match(echoed, /glob\\?_0/, `${format}: the first globs are shown: ${echoed}`);
    assert.match(echoed, /491 more/, `${format}: says how many are not shown`);
  }
  const short = await runCli(['diff', log, '--ignore', 'timer_*', '--ignore', 'ball_*']);
  assert.match(short.stdout, /^Ignored: timer_\*, ball_\*$/m);
});

test('text output warns on stderr for an incomplete comparison, as the other formats do', async () => {
  const lines = LOG_TEXT.split('\n');
  const lastEnd = lines.findLastIndex((line) => line.includes('--- DEBUG DUMP EVENTS END ---'));
  const cut = write('cut.log', `${lines.slice(0, lastEnd - 3).join('\n')}\n`);
  for (const format of ['text', 'json']) {
    const run = await runCli(['diff', cut, '--format', format]);
    assert.match(run.stderr, /^leakdiff: warning: the comparison rests on 1 incomplete dump; findings may be missing or wrong$/m, `${format}: ${run.stderr}`);
  }
});
