// Baselines that survive a different run: fingerprints that do not depend on how dumps were
// grouped, and budgets per game, ball or hour, so that a longer run of the same known leak passes
// and a faster leak fails. On run A of the real leaky machine.

import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { baselineOf, fingerprintOf, parseBaseline, rateBudgetOf } from '../src/baseline.js';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import type { Report } from '../src/model.js';
import { parseLog } from '../src/parse/parser.js';
import { runCli } from './helpers/cli.js';
import { leakyLog, scratchFolder } from './helpers/leaky-machine.js';

const scratch = scratchFolder('rate-budgets');
after(() => rmSync(scratch, { recursive: true, force: true }));

const A = leakyLog('a', 'mpf');
const log = path.join(scratch, 'a-mpf.log');
writeFileSync(log, A);
// The same machine leaking twice as fast: two handlers of s_bumper_active where run A has one.
const faster = path.join(scratch, 'a-faster-mpf.log');
writeFileSync(faster, A.replace(/Total handlers: (\d+) \(for s_bumper_active\)/g, (_, count: string) => `Total handlers: ${Number(count) * 2} (for s_bumper_active)`));

async function judged(args: string[]): Promise<{ report: Report; code: number | null; stderr: string }> {
  const result = await runCli([...args, '--format', 'json']);
  return { report: JSON.parse(result.stdout) as Report, code: result.code, stderr: result.stderr };
}

test('a finding spans the games and balls started between its dumps, and the hours between them', async () => {
  const { report } = await judged([log]);
  const bumper = report.findings.find((finding) => finding.subject === 's_bumper_active')!;
  // Attract dumps #1 and #9: all 7 games and 27 balls of the run, 4 minutes 10 seconds apart.
  assert.deepEqual([bumper.state, bumper.span.games, bumper.span.balls], ['attract', 7, 27]);
  assert.ok(Math.abs(bumper.span.hours! - (4 * 60 + 10.089) / 3600) < 1e-6, String(bumper.span.hours));
});

test('budgets per game: a longer run of the same leak passes, a faster one fails; absolute budgets fail the longer run', async () => {
  const perGame = path.join(scratch, 'per-game.json');
  const record = await runCli(['baseline', log, '--to', '5', '--per', 'game', '-o', perGame]);
  assert.equal(record.code, 0, record.stderr);
  const entries = parseBaseline(readFileSync(perGame, 'utf8'), perGame).entries;
  assert.deepEqual(
    entries.map((entry) => `${entry.fingerprint} ${entry.budget} per ${entry.per}`),
    // 1 and 4 per game measured, a quarter more allowed, rounded up to two significant digits.
    ['handlers|mpf|orbit_left_hit 1.3 per game', 'handlers|mpf|s_bumper_active 5 per game', 'handlers|mpf|s_top_rollover_active 5 per game'],
  );

  const longer = await judged([log, '--baseline', perGame]);
  assert.equal(longer.code, 0, 'the whole run grows no faster per game than its first three games');
  assert.ok(longer.report.findings.every((finding) => finding.baseline?.status === 'within-budget'));
  const bumper = longer.report.findings.find((finding) => finding.subject === 's_bumper_active')!.baseline!;
  assert.deepEqual([bumper.per, bumper.budget, Math.round(bumper.rate! * 1000) / 1000], ['game', 5, 3.857]);
  assert.match((await runCli([log, '--baseline', perGame])).stdout, /baseline: within its budget of \+5 per game \(now \+3\.857 per game\)/);

  const fast = await judged([faster, '--baseline', perGame]);
  assert.equal(fast.code, 1, 'twice as fast is over budget');
  assert.deepEqual(
    fast.report.findings.filter((finding) => finding.baseline?.status === 'over-budget').map((finding) => finding.subject),
    ['s_bumper_active'],
  );

  const absolute = path.join(scratch, 'absolute.json');
  assert.equal((await runCli(['baseline', log, '--to', '5', '-o', absolute])).code, 0);
  const absoluteLonger = await judged([log, '--baseline', absolute]);
  assert.equal(absoluteLonger.code, 1, 'growth over the run grows with the run');
});

test('--per ball and --per hour record rates too; an unknown unit is exit 2', async () => {
  const perBall = parseBaseline((await runCli(['baseline', log, '--per', 'ball'])).stdout, '-').entries;
  assert.deepEqual(perBall.find((entry) => entry.fingerprint === 'handlers|mpf|s_top_rollover_active'), { fingerprint: 'handlers|mpf|s_top_rollover_active', budget: 1.3, per: 'ball' });
  const perHour = parseBaseline((await runCli(['baseline', log, '--per', 'hour'])).stdout, '-').entries;
  assert.ok(perHour.every((entry) => entry.per === 'hour' && entry.budget > 0));
  const bad = await runCli(['baseline', log, '--per', 'week']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'leakdiff: --per: "week" is not one of game, ball, hour\n');
});

test('fingerprints do not depend on how the dumps were grouped: the leaks of a run dumped only in attract are the same entries', () => {
  const snapshots = parseLog(Buffer.from(A), 'a-mpf.log').snapshots;
  const everyDump = diffSnapshots(snapshots, DEFAULT_DIFF_OPTIONS);
  const attractOnly = diffSnapshots(snapshots.filter((snapshot) => snapshot.state === 'attract'), DEFAULT_DIFF_OPTIONS);
  assert.equal(attractOnly.comparisons.length, 1, 'one state: no state groups');
  const leaks = (report: Report): string[] => report.findings.filter((finding) => finding.verdict === 'leak').map(fingerprintOf).sort();
  assert.deepEqual(leaks(attractOnly), leaks(everyDump));
  assert.deepEqual(baselineOf(attractOnly).entries.map((entry) => entry.fingerprint), baselineOf(everyDump).entries.map((entry) => entry.fingerprint));
});

test('a rate budget has headroom: recorded on a shorter or longer soak of the same leak, the other passes, in every unit', async () => {
  const mc = path.join(scratch, 'a-mc.log');
  writeFileSync(mc, leakyLog('a', 'mc'));
  for (const per of ['game', 'ball', 'hour'] as const) {
    for (const [recordOn, checkOn] of [[['--to', '5'], []], [[], ['--to', '5']]] as const) {
      const file = path.join(scratch, `headroom-${per}-${recordOn.length}.json`);
      assert.equal((await runCli(['baseline', log, mc, '--per', per, ...recordOn, '-o', file])).code, 0);
      const checked = await judged([log, mc, ...checkOn, '--baseline', file]);
      const over = checked.report.findings.filter((finding) => finding.baseline?.status !== 'within-budget').map((finding) => `${finding.subject} ${finding.baseline?.rate} > ${finding.baseline?.budget}`);
      assert.deepEqual(over, [], `--per ${per} recorded ${recordOn.join(' ') || 'on the whole run'}, checked ${checkOn.join(' ') || 'on the whole run'}`);
      assert.equal(checked.code, 0);
    }
  }
});

test('rateBudgetOf: a quarter above the rate, rounded up to two significant digits', () => {
  assert.deepEqual([3.857, 4, 0.25, 387.994, 1, 0].map(rateBudgetOf), [4.9, 5, 0.32, 490, 1.3, 0]);
});
