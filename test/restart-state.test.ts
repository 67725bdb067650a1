// MPF crashed in the middle of a ball and started again, its log going on (or two logs joined into
// one): the second run's dumps are in the state its own posts say, as when its log is read alone,
// not in the game and ball of the run before.

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { main as distMain } from '../dist/cli.js';
import { parseLog } from '../dist/parse/parser.js';
import { runCli } from './helpers/cli.js';
import { scratchFolder } from './helpers/leaky-machine.js';
import { assertSameSplitAnywhere } from './helpers/split-everywhere.js';

const folder = scratchFolder('restart-state');
after(() => rmSync(folder, { recursive: true, force: true }));

const at = (minute: number, second: number): string => `2026-12-05 10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')},000 : INFO : EventManager : `;
const post = (prefix: string, name: string): string => `${prefix}Event: ======'${name}'====== Args={}`;
const dump = (prefix: string, count: number): string[] => [
  post(prefix, 'debug_dump_stats'),
  `${prefix}--- DEBUG DUMP EVENTS ---`,
  `${prefix}  Total handlers: ${count} (for ball_started)`,
  `${prefix}--- DEBUG DUMP EVENTS END ---`,
];
const startUp = (minute: number): string[] => [1, 2, 3, 4, 5].map((phase) => post(at(minute, 0), `init_phase_${phase}`));

/** A run that ends in the middle of a ball, its log cut there. */
const crashedRun = [...startUp(0), post(at(0, 1), 'mode_attract_started'), ...dump(at(0, 2), 3), post(at(0, 3), 'mode_attract_stopped'), post(at(0, 3), 'game_started'), post(at(0, 3), 'ball_started'), post(at(0, 3), 'mode_base_started'), ...dump(at(0, 4), 4)];
/** The next run: attract, a game, attract again. */
const nextRun = [...startUp(5), post(at(5, 1), 'mode_attract_started'), ...dump(at(5, 2), 3), post(at(5, 3), 'mode_attract_stopped'), post(at(5, 3), 'game_started'), post(at(5, 3), 'ball_started'), ...dump(at(5, 4), 4), post(at(5, 5), 'game_ended'), post(at(5, 5), 'mode_attract_started'), ...dump(at(5, 6), 3)];

function write(name: string, lines: readonly string[]): string {
  const file = path.join(folder, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const statesOf = (lines: readonly string[]) => parseLog(Buffer.from(`${lines.join('\n')}\n`), 'x.log').snapshots.map(({ state, activeModes }) => ({ state, activeModes }));

test('after a start-up, a dump is in the state of its own run: no game, ball or mode of the run before', () => {
  const alone = statesOf(nextRun);
  assert.deepEqual(alone.map(({ state }) => state), ['attract', 'game·ball', 'attract']);
  assert.deepEqual(statesOf([...crashedRun, ...nextRun]).slice(2), alone);
  // The first run's last line cut short, swallowing the next run's init_phase_1: its other phases begin again.
  const cut = [...crashedRun, `${at(0, 5)}Event: ======'player_sc${nextRun[0]}`, ...nextRun.slice(1)];
  assert.deepEqual(statesOf(cut).slice(2), alone);
});

test('the same, read on two threads split at any line', async () => {
  const whole = await assertSameSplitAnywhere(write('joined.log', [...crashedRun, ...nextRun]));
  assert.deepEqual(whole.snapshots.slice(2).map(({ state }) => state), ['attract', 'game·ball', 'attract']);
});

test('the verdict on two runs in one file is the verdict on the two logs', async () => {
  const joined = write('both.log', [...crashedRun, ...nextRun]);
  const first = write('first.log', crashedRun);
  const second = write('second.log', nextRun);
  const verdictOf = async (argv: string[]) => {
    const run = await runCli([...argv, '--run', '2', '--format', 'json'], { entry: distMain });
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    const report = JSON.parse(run.stdout) as { findings: { subject: string; state: string | null; verdict: string }[] };
    return { code: run.code, findings: report.findings.map(({ subject, state, verdict }) => ({ subject, state, verdict })) };
  };
  assert.deepEqual(await verdictOf([joined]), await verdictOf([first, second]));
  const listed = await runCli(['list', joined], { entry: distMain });
  assert.match(listed.stdout, /^ {2}2 {2}1 .* attract /m, listed.stdout);
});

test('two dumps with a start-up between them: nothing to compare, and the line says they are of two runs', async () => {
  const lonely = (minute: number): string[] => [...startUp(minute), post(at(minute, 1), 'mode_attract_started'), ...dump(at(minute, 2), 3)];
  const file = write('ones.log', [...lonely(0), ...lonely(5)]);
  const run = await runCli([file], { entry: distMain });
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    'leakdiff: nothing to compare: leakdiff needs two dumps of the same process in one run, found mpf 2, no two of them in one run (a restart comes between them, and no comparison crosses one: leakdiff list shows the runs)\n',
  );
  // Two dumps in one run, of two states: with --by-state on that is the reason, not the runs.
  const byState = await runCli([write('states.log', [...crashedRun, ...lonely(5)]), '--by-state', 'on'], { entry: distMain });
  assert.equal(byState.code, 2);
  assert.equal(byState.stderr, 'leakdiff: nothing to compare: leakdiff needs two dumps of the same process in one run, found mpf 3; with --by-state on, two dumps of the same state are needed\n');
});
