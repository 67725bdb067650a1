// Config and baseline files written to hurt: too large, endless, a byte order mark, numbers too
// large to be finite, and values whose echo would flood the terminal.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parseBaseline } from '../src/baseline.js';
import { settingsFromConfig } from '../src/config.js';
import { LeakdiffError } from '../src/errors.js';
import { assertInputError, HANG_GUARD_MS, ROOT, spawnCli, type Run } from './helpers/cli.js';

const LOG = path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log');
/** An error message that quotes the input keeps to a short excerpt of it. */
const MAX_MESSAGE_CHARS = 300;

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-config-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(scratch, name);
  writeFileSync(file, content);
  return file;
}

function assertOneShortLine(run: Run, message: RegExp): void {
  assertInputError(run, message);
  assert.ok(run.stderr.length <= MAX_MESSAGE_CHARS, `${run.stderr.length} characters: ${run.stderr.slice(0, 400)}`);
}

/** The message of the LeakdiffError that `run` throws. */
function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof LeakdiffError, String(error));
    return error.message;
  }
  assert.fail('no error');
}

test('a config file of more than 1 MiB is one line naming it, without reading or echoing it', async () => {
  const big = write('big.json', JSON.stringify({ ignore: Array(200_000).fill('timer_*_tick') }));
  assertOneShortLine(await spawnCli(['diff', LOG, '--config', big], { hangGuardMs: HANG_GUARD_MS }), /^leakdiff: [^\n]*big\.json: the config file is larger than 1 MiB/);
  assert.match(messageOf(() => settingsFromConfig(`{"ignore": ["${'x'.repeat(2 * 1024 * 1024)}"]}`, 'c.json')), /^c\.json: the config file is larger than 1 MiB/);
});

test('an endless config or baseline (/dev/zero) is one line, not a hang', { skip: !existsSync('/dev/zero') && 'no /dev/zero here' }, async () => {
  assertOneShortLine(await spawnCli(['diff', LOG, '--config', '/dev/zero'], { hangGuardMs: HANG_GUARD_MS }), /^leakdiff: \/dev\/zero: the config file is larger than 1 MiB/);
  assertOneShortLine(await spawnCli(['diff', LOG, '--baseline', '/dev/zero'], { hangGuardMs: HANG_GUARD_MS }), /^leakdiff: \/dev\/zero: the baseline is larger than 64 MiB/);
});

test('a config and a baseline with a UTF-8 byte order mark are read', async () => {
  assert.deepEqual(settingsFromConfig('\uFEFF{"maxGrowth": 2}', 'c.json'), { maxGrowth: 2 });
  assert.deepEqual(parseBaseline('\uFEFF{"leakdiffBaseline": 2, "entries": []}', 'b.json'), { leakdiffBaseline: 2, entries: [] });
  const config = write('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"failOn": "never"}')]));
  const run = await spawnCli(['diff', LOG, '--config', config], { hangGuardMs: HANG_GUARD_MS });
  assert.equal(run.code, 0, run.stderr);
});

test('numbers too large to be finite (1e400 reads as Infinity) are said to be so', () => {
  assert.match(messageOf(() => settingsFromConfig('{"maxGrowth": 1e400}', 'c.json')), /^c\.json: key "maxGrowth": not a finite number \(too large\); expected a whole number, 0 or more$/);
  assert.match(messageOf(() => settingsFromConfig('{"to": -1e400}', 'c.json')), /^c\.json: key "to": not a finite number \(too large\); expected a whole number other than 0$/);
  assert.match(
    messageOf(() => parseBaseline('{"leakdiffBaseline": 1, "entries": [{"fingerprint": "a", "budget": 1e400}]}', 'b.json')),
    /^b\.json: entries\[0\]\.budget: not a finite number \(too large\); expected a number, 0 or more$/,
  );
});

test('config and baseline messages quote only a short excerpt of a long or deep value', () => {
  const long = 'x'.repeat(500_000);
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  for (const text of [
    `{"ignore": "${long}"}`,
    `{"maxGrowth": "${long}"}`,
    `{"${long}": 1}`,
    `{"maxGrowth": ${deep}}`,
    `{"ignore": [${'1,'.repeat(100_000)}1]}`,
    `{"ignore": ${long}}`,
  ]) {
    const message = messageOf(() => settingsFromConfig(text, 'c.json'));
    assert.ok(message.length <= MAX_MESSAGE_CHARS, `${message.length} characters: ${message.slice(0, 400)}`);
  }
  for (const text of [
    `{"leakdiffBaseline": 1, "entries": [{"fingerprint": "${long}", "budget": 1}, {"fingerprint": "${long}", "budget": 1}]}`,
    `{"leakdiffBaseline": 1, "entries": [{"fingerprint": "a", "budget": "${long}"}]}`,
    `{"leakdiffBaseline": 1, "entries": [${deep}]}`,
    `{"leakdiffBaseline": 1, "entries": [{"${long}": 1}]}`,
    `{"leakdiffBaseline": "${long}", "entries": []}`,
    `{"leakdiffBaseline": 1, "entries": [], "${long}": 1}`,
  ]) {
    const message = messageOf(() => parseBaseline(text, 'b.json'));
    assert.ok(message.length <= MAX_MESSAGE_CHARS, `${message.length} characters: ${message.slice(0, 400)}`);
  }
});

test('a baseline of more than 64 MiB is one line naming it', async () => {
  const entry = `{"fingerprint": "leak|mpf|*|${'x'.repeat(1000)}", "budget": 1},`;
  const file = write('huge-baseline.json', `{"leakdiffBaseline": 1, "entries": [${entry.repeat(Math.ceil((65 * 1024 * 1024) / entry.length))}{"fingerprint": "y", "budget": 1}]}`);
  assertOneShortLine(await spawnCli(['diff', LOG, '--baseline', file], { hangGuardMs: HANG_GUARD_MS }), /^leakdiff: [^\n]*huge-baseline\.json: the baseline is larger than 64 MiB/);
});
