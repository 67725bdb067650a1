// The real "Comet Run" machine against its ground truth (fixtures/diff-real-leaky-run, README of
// the shared sample): run A has six planted leaks and nothing else that grows; run B, the same
// machine fixed, only the documented one-time steps. And the shared clean MPF + MC run.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, Report } from '../src/model.js';
import { runCli } from './helpers/cli.js';

const LOGS = 'fixtures/diff-real-leaky-run/logs';
const REAL = 'fixtures/real-057-clean-run/mpf-0.57.3+mc-0.57.0-clean-3games-per-ball-13-dumps';

async function judge(args: string[]): Promise<{ report: Report; code: number | null; last: string }> {
  const [json, text] = await Promise.all([runCli([...args, '--format', 'json']), runCli(args)]);
  assert.equal(json.code, text.code);
  return { report: JSON.parse(json.stdout) as Report, code: json.code, last: text.stdout.trimEnd().split('\n').at(-1)! };
}

const named = (finding: Finding): string => `${finding.process} ${finding.kind} ${finding.subject}`;

test('run A: exactly its six leaks, one finding each, and nothing else grows', async () => {
  const { report, code, last } = await judge([LOGS, '--run', '1']);
  assert.equal(code, 1);
  assert.deepEqual(report.findings.map(named), [
    'mpf handler-growth s_bumper_active',
    'mpf handler-growth s_top_rollover_active',
    'mpf handler-growth orbit_left_hit',
    // Leak 4 piles up in OBJECTS and on the display it is shown on: one subject, one finding.
    'mc duplicate-widget Text:SPINNER BONUS',
    'mc clock-growth HurryUpDisplay._count_down',
    'mc available-slides-growth availableSlides',
  ]);
  assert.ok(report.findings.every((finding) => finding.verdict === 'leak'));
  assert.equal(last, 'mpf: 3 leaks · mc: 3 leaks, 4 settled');
  // The series the README gives, attract dumps #1 #3 #5 #6 #9 and game·ball #2 #4 #7 #8.
  const series = (subject: string, state: string): number[] | undefined =>
    report.findings.find((finding) => finding.subject === subject)?.evidence.find((one) => one.state === state && one.where !== 'display')?.series;
  assert.deepEqual(series('s_top_rollover_active', 'attract'), [0, 3, 12, 15, 27]);
  assert.deepEqual(series('orbit_left_hit', 'game·ball'), [2, 4, 6, 8]);
  assert.deepEqual(series('Text:SPINNER BONUS', 'attract'), [0, 5, 21, 26, 47]);
  assert.deepEqual(series('availableSlides', 'game·ball'), [7, 9, 11, 13]);
});

test('run A: leads name the ball, the game or only the rate, never one event picked among equals', async () => {
  const { report } = await judge([LOGS, '--run', '1']);
  const lead = (subject: string): string => {
    const found = report.findings.find((finding) => finding.subject === subject)?.lead;
    return found === undefined ? 'none' : `${found.basis} ${found.events[0]} ×${found.ratio}`;
  };
  assert.equal(lead('s_top_rollover_active'), 'lifecycle ball_started ×1');
  assert.equal(lead('s_bumper_active'), 'lifecycle ball_started ×1');
  assert.equal(lead('HurryUpDisplay._count_down'), 'lifecycle ball_started ×1');
  assert.equal(lead('orbit_left_hit'), 'lifecycle game_started ×1');
  assert.equal(lead('availableSlides'), 'lifecycle game_started ×1');
  // MC never logs the spinner switch: two events count its hits alike, and both are named.
  const spinner = report.findings.find((finding) => finding.subject === 'Text:SPINNER BONUS')!.lead!;
  assert.deepEqual([spinner.basis, spinner.events], ['rate', ['machine_var_audits_switches_s_spinner', 'player_spins']]);
  const text = (await runCli([LOGS, '--run', '1'])).stdout;
  assert.match(text, /≈ \+1 handler per ball \(ball_started and \d+ other events posted once per ball, 27 times\)/);
  assert.match(text, /≈ \+1 copy per machine_var_audits_switches_s_spinner or player_spins \(each posted 47 times: the dumps cannot tell them apart\)/);
});

test('run B, the machine fixed: clean, its one-time steps settled', async () => {
  const { report, code, last } = await judge([LOGS]);
  assert.equal(code, 0);
  assert.deepEqual(report.findings, []);
  assert.equal(last, 'mpf: clean · mc: clean, 4 settled');
});

test('the shared clean MPF + MC run: clean but for its real duplicates, exit 0', async () => {
  const { report, code, last } = await judge([`${REAL}.mpf.log`, `${REAL}.mc.log`]);
  assert.equal(code, 0);
  assert.match(last, /^mpf: clean · mc: 3 duplicates, \d+ settled$/);
  assert.ok(report.findings.every((finding) => finding.rule === 'duplicate'), report.findings.map(named).join(', '));
});
