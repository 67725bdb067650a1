// A start-up (`init_phase_1` posted) inside a dump that turns out to be none: MPF restarting while
// a DEBUG DUMP section was being written, then again. The handler lines' points must not be taken
// back past the restart.

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { main as distMain } from '../dist/cli.js';
import { runCli } from './helpers/cli.js';
import { scratchFolder } from './helpers/leaky-machine.js';
import { assertSameSplitAnywhere } from './helpers/split-everywhere.js';

const folder = scratchFolder('restart-in-dump');
after(() => rmSync(folder, { recursive: true, force: true }));

const MPF = '2026-11-25 03:39:32,920 : INFO : EventManager : ';
const post = (prefix: string, name: string): string => `${prefix}Event: ======'${name}'====== Args={}`;

function write(name: string, lines: readonly string[]): string {
  const file = path.join(folder, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

test('a restart inside an empty dump, then another restart: a clear result, never an internal error, on one thread and on two', async () => {
  const dump = (count: number): string[] => [`${MPF}--- DEBUG DUMP EVENTS ---`, `${MPF}  Total handlers: ${count} (for a)`, `${MPF}--- DEBUG DUMP EVENTS END ---`];
  const emptyWithRestart = [`${MPF}--- DEBUG DUMP EVENTS ---`, post(MPF, 'init_phase_1'), `${MPF}--- DEBUG DUMP EVENTS END ---`];
  const withDumps = write('mpf.log', [post(MPF, 'a'), ...emptyWithRestart, post(MPF, 'init_phase_1'), ...dump(1), post(MPF, 'a'), ...dump(2)]);
  // MC's console format, as the attack found it: nothing but the empty dump and the restarts.
  const onlyEmpty = write('mc-console.log', ["EventManager: --- DEBUG DUMP EVENTS ---", "EventManager: Event: ======'init_phase_1'====== Args={}", 'EventManager: --- DEBUG DUMP EVENTS END ---', "EventManager: Event: ======'init_phase_1'====== Args={}"]);
  for (const threads of ['99999999999', '0']) {
    const env = { LEAKDIFF_PARALLEL_MIN_BYTES: threads };
    for (const argv of [['extract', withDumps], [withDumps, '--format', 'json'], ['list', withDumps]]) {
      const run = await runCli(argv, { env, entry: distMain });
      assert.doesNotMatch(run.stderr, /internal error|RangeError/, `${argv.join(' ')}: ${run.stderr}`);
      assert.ok(run.code === 0 || run.code === 1, `${argv.join(' ')}: exit ${run.code}: ${run.stderr}`);
    }
    const extracted = JSON.parse((await runCli(['extract', withDumps], { env, entry: distMain })).stdout) as { snapshots: { events: { handlers: Record<string, number> } }[] };
    assert.deepEqual(extracted.snapshots.map((snapshot) => snapshot.events.handlers.a), [1, 2]);
    const empty = await runCli(['extract', onlyEmpty], { env, entry: distMain });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /mc-console\.log:1: an EVENTS section with no line in it, so no dump/);
    assert.doesNotMatch(empty.stderr, /internal error/);
  }
});

test('restarts inside empty dumps, read on two threads split anywhere: the parse of one thread', async () => {
  const block = (k: number): string[] => [
    post(MPF, 'e1'),
    `${MPF}--- DEBUG DUMP EVENTS ---`,
    post(MPF, 'init_phase_1'),
    `${MPF}--- DEBUG DUMP EVENTS END ---`,
    post(MPF, 'init_phase_1'),
    `${MPF}Unordered handler for class <Mode.base> (for event e1): [<RegisteredHandler: <Mode.base>._on_e1 priority: 1 kwargs: {}>, <RegisteredHandler: <Mode.base>._on_e1 priority: 1 kwargs: {}>]`,
    `${MPF}--- DEBUG DUMP EVENTS ---`,
    `${MPF}  Total handlers: ${k} (for e1)`,
    `${MPF}--- DEBUG DUMP EVENTS END ---`,
  ];
  const whole = await assertSameSplitAnywhere(write('restarts.log', Array.from({ length: 6 }, (_, k) => block(k + 1)).flat()));
  assert.equal(whole.snapshots.length, 6);
});
