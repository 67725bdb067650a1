// Baselines for CI: fingerprints, the file's checks, and the round trip through the CLI: record,
// pass unchanged, fail on a new leak, report stale entries, tighten with --update-baseline.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { baselineOf, baselineText, checkBaseline, fingerprintOf, parseBaseline, tightenBaseline, type BaselineFile } from '../src/baseline.js';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import { LeakdiffError } from '../src/errors.js';
import type { Finding, Report, Snapshot } from '../src/model.js';
import { snapshotOf } from './helpers/snapshots.js';
import { runCli } from './helpers/cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-baseline-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const HANDLER_LEAK = 'fixtures/diff-handler-growth/mpf-pinbox.log';
const NO_LEAK = 'fixtures/diff-noise-not-a-leak/mpf-pinbox.log';

test('fingerprintOf: what grows, process and subject, whatever the state group or the place copies were counted; separators escaped', () => {
  const span = { games: null, balls: null, hours: null };
  const base = { verdict: 'leak', rule: 'monotonic', process: 'mpf', run: 1, evidence: [] as Finding['evidence'], span, series: [1, 2, 3] as number[], points: [0, 1, 2] as number[], delta: 2 } as const;
  assert.equal(fingerprintOf({ kind: 'handler-growth', ...base, subject: 'ball_started', state: 'attract' }), 'handlers|mpf|ball_started');
  assert.equal(fingerprintOf({ kind: 'handler-growth', ...base, subject: 'ball_started', state: null }), 'handlers|mpf|ball_started');
  assert.equal(fingerprintOf({ kind: 'object-growth', ...base, process: 'mc', subject: 'Text:(player#|score)', state: null }), 'objects|mc|Text:(player#\\|score)');
  const duplicate = { kind: 'duplicate-widget', ...base, process: 'mc', subject: 'Image:nyannyan', state: null, copies: 3 } as const;
  assert.equal(fingerprintOf({ ...duplicate, where: 'objects', display: null }), 'objects|mc|Image:nyannyan');
  assert.equal(fingerprintOf({ ...duplicate, where: 'display', display: 'window' }), 'objects|mc|Image:nyannyan');
});

test('fingerprints do not change with the amounts, lines or times of a run', () => {
  const one = diffSnapshots([mpf(2, 0), mpf(3, 10), mpf(5, 20)], DEFAULT_DIFF_OPTIONS);
  const other = diffSnapshots([mpf(7, 5), mpf(9, 900), mpf(30, 7000)], DEFAULT_DIFF_OPTIONS);
  assert.deepEqual(one.findings.map(fingerprintOf), other.findings.map(fingerprintOf));
});

test('parseBaseline: every problem names the file and what is wrong', () => {
  const bad = (text: string): string => {
    try {
      parseBaseline(text, 'ci/leakdiff-baseline.json');
    } catch (error) {
      assert.ok(error instanceof LeakdiffError);
      return error.message;
    }
    assert.fail('accepted');
  };
  assert.match(bad('{'), /^ci\/leakdiff-baseline\.json: not valid JSON/);
  assert.match(bad('[]'), /^ci\/leakdiff-baseline\.json: not a leakdiff baseline/);
  assert.match(bad('{"maxGrowth": 2}'), /not a leakdiff baseline/);
  assert.match(bad('{"leakdiffBaseline": 3, "entries": []}'), /"leakdiffBaseline": 3 is not a version this leakdiff reads \(1, 2\)/);
  assert.match(bad('{"leakdiffBaseline": 2, "entries": [{"fingerprint": "a", "budget": 1, "per": "week"}]}'), /entries\[0\]\.per: expected one of game, ball, hour, got "week"$/);
  assert.match(bad('{"leakdiffBaseline": 2, "entries": [{"fingerprint": "a", "budget": -0.5, "per": "ball"}]}'), /entries\[0\]\.budget: expected a growth per ball, 0 or more, got -0\.5$/);
  assert.match(bad('{"leakdiffBaseline": 1, "entries": [{"fingerprint": "a", "budget": 1, "per": "ball"}]}'), /entries\[0\]: unknown key "per"/);
  assert.match(bad('{"leakdiffBaseline": 1}'), /"entries": expected a list/);
  assert.match(bad('{"leakdiffBaseline": 1, "entries": [], "extra": 1}'), /unknown key "extra"/);
  assert.match(bad('{"leakdiffBaseline": 1, "entries": [7]}'), /entries\[0\]: expected \{"fingerprint"/);
  assert.match(bad('{"leakdiffBaseline": 1, "entries": [{"fingerprint": "a", "budget": 1}, {"fingerprint": "b", "budget": -1}]}'), /entries\[1\]\.budget: expected a whole number, 0 or more, got -1$/);
  assert.match(bad('{"leakdiffBaseline": 1, "entries": [{"fingerprint": "a", "budget": 1.5}]}'), /entries\[0\]\.budget: expected a whole number/);
  assert.match(bad('{"leakdiffBaseline": 1, "entries": [{"fingerprint": "", "budget": 1}]}'), /entries\[0\]\.fingerprint: expected a fingerprint/);
  assert.match(bad('{"leakdiffBaseline": 1, "entries": [{"fingerprint": "a", "budget": 1, "note": "x"}]}'), /entries\[0\]: unknown key "note"/);
  assert.match(bad('{"leakdiffBaseline": 1, "entries": [{"fingerprint": "a", "budget": 1}, {"fingerprint": "a", "budget": 2}]}'), /entries\[1\]: "a" is listed twice/);
});

test('baselineText reads back as the same baseline, one entry a line', () => {
  const baseline: BaselineFile = {
    leakdiffBaseline: 2,
    entries: [
      { fingerprint: 'handlers|mpf|a "quoted"', budget: 3 },
      { fingerprint: 'handlers|mpf|ball_started', budget: 1.334, per: 'ball' },
      { fingerprint: 'queue|mpf|eventQueue', budget: 0 },
    ],
  };
  const text = baselineText(baseline);
  assert.deepEqual(parseBaseline(text, 'b.json'), baseline);
  assert.equal(text.split('\n').filter((line) => line.includes('"fingerprint"')).length, 3);
  assert.match(text, /^ {4}\{ "fingerprint": "handlers\|mpf\|ball_started", "budget": 1\.334, "per": "ball" \},$/m);
  assert.deepEqual(parseBaseline(baselineText({ leakdiffBaseline: 2, entries: [] }), 'b.json'), { leakdiffBaseline: 2, entries: [] });
});

test('a version 1 baseline is read: its state groups and places merged into one entry per subject, the largest budget kept', () => {
  const old = JSON.stringify({
    leakdiffBaseline: 1,
    entries: [
      { fingerprint: 'handler-growth|mpf|attract|ball_started', budget: 6 },
      { fingerprint: 'handler-growth|mpf|game·ball|ball_started', budget: 5 },
      { fingerprint: 'duplicate-widget|mc|*|Text:SPINNER BONUS|objects', budget: 47 },
      { fingerprint: 'duplicate-widget|mc|game·ball|Text:SPINNER BONUS|display:window', budget: 39 },
      { fingerprint: 'object-growth|mc|*|Text:(player#\\|score)', budget: 1 },
    ],
  });
  assert.deepEqual(parseBaseline(old, 'old.json'), {
    leakdiffBaseline: 2,
    entries: [
      { fingerprint: 'handlers|mpf|ball_started', budget: 6 },
      { fingerprint: 'objects|mc|Text:SPINNER BONUS', budget: 47 },
      { fingerprint: 'objects|mc|Text:(player#\\|score)', budget: 1 },
    ],
  });
});

test('checkBaseline and tightenBaseline: within passes, new and over fail, stale listed, budgets only go down', () => {
  const report = diffSnapshots([mpf(2, 0, { b: 1 }), mpf(3, 10, { b: 2 }), mpf(5, 20, { b: 4 })], DEFAULT_DIFF_OPTIONS);
  assert.deepEqual(report.findings.map((finding) => `${fingerprintOf(finding)} +${finding.delta}`), ['handlers|mpf|b +3', 'handlers|mpf|x +3']);
  const baseline: BaselineFile = {
    leakdiffBaseline: 2,
    entries: [
      { fingerprint: 'handlers|mpf|x', budget: 5 },
      { fingerprint: 'handlers|mpf|gone', budget: 2 },
    ],
  };
  const checked = checkBaseline(report, baseline, 'b.json', DEFAULT_DIFF_OPTIONS);
  assert.deepEqual(statuses(checked.findings), ['b new null', 'x within-budget 5']);
  assert.equal(checked.exitCode, 1, 'a new leak fails');
  assert.deepEqual(checked.baseline?.stale, [
    { fingerprint: 'handlers|mpf|x', budget: 5, growth: 3 },
    { fingerprint: 'handlers|mpf|gone', budget: 2, growth: null },
  ]);
  assert.equal(checked.baseline?.matched, 1);
  const withB = { ...baseline, entries: [...baseline.entries, { fingerprint: 'handlers|mpf|b', budget: 1 }] };
  assert.deepEqual(statuses(checkBaseline(report, withB, 'b.json', DEFAULT_DIFF_OPTIONS).findings), ['b over-budget 1', 'x within-budget 5']);
  assert.equal(checkBaseline(report, withB, 'b.json', { ...DEFAULT_DIFF_OPTIONS, failOn: 'never' }).exitCode, 0);
  assert.deepEqual(tightenBaseline(withB, report).entries, [
    { fingerprint: 'handlers|mpf|x', budget: 3 },
    { fingerprint: 'handlers|mpf|b', budget: 1 },
  ]);
  // A baseline none of whose entries matches a finding is never emptied.
  const foreign: BaselineFile = { leakdiffBaseline: 2, entries: [{ fingerprint: 'handlers|mpf|gone', budget: 2 }] };
  assert.equal(checkBaseline(report, foreign, 'b.json', DEFAULT_DIFF_OPTIONS).baseline?.matched, 0);
  assert.deepEqual(tightenBaseline(foreign, report), foreign);
  const recorded = baselineOf(report);
  assert.equal(checkBaseline(report, recorded, 'b.json', DEFAULT_DIFF_OPTIONS).exitCode, 0);
});

test('round trip: record, pass unchanged, fail on a new leak, report stale, tighten with --update-baseline', async () => {
  const file = path.join(scratch, 'leakdiff-baseline.json');

  const record = await runCli(['baseline', HANDLER_LEAK, '--ignore', 'timer_*', '-o', file]);
  assert.equal(record.code, 0, record.stderr);
  assert.equal(record.stdout, `leakdiff: recorded 1 finding (1 leak, 0 suspects) in ${file}\n`);
  assert.equal(readFileSync(file, 'utf8'), '{\n  "leakdiffBaseline": 2,\n  "entries": [\n    { "fingerprint": "handlers|mpf|ball_started", "budget": 6 }\n  ]\n}\n');

  const unchanged = await runCli([HANDLER_LEAK, '--ignore', 'timer_*', '--baseline', file]);
  assert.equal(unchanged.code, 0, 'known leaks within budget pass');
  assert.match(unchanged.stdout, /^ +baseline: within its budget of \+6$/m);
  assert.match(unchanged.stdout, /^mpf: 1 leak · baseline: 1 within budget, 0 new, 0 over budget$/m);

  const newLeak = await runCli([HANDLER_LEAK, '--baseline', file]);
  assert.equal(newLeak.code, 1, 'the timer leak is new');
  assert.match(newLeak.stdout, /timer_frenzy_timer_tick +attract .*\n(?: +.*\n)* +baseline: new$/m);
  assert.match(newLeak.stdout, /baseline: 1 within budget, 1 new, 0 over budget$/m);
  const json = JSON.parse((await runCli([HANDLER_LEAK, '--baseline', file, '--json'])).stdout) as Report;
  assert.deepEqual(json.findings.map((finding) => finding.baseline?.status), ['within-budget', 'new']);
  assert.equal(json.exitCode, 1);

  const gone = await runCli([NO_LEAK, '--baseline', file]);
  assert.equal(gone.code, 0, 'a baseline whose leaks are gone passes');
  assert.match(gone.stdout, /Stale: now smaller or gone \(leakdiff … --baseline .* --update-baseline tightens them\):\n {4}handlers\|mpf\|ball_started {2}budget \+6, gone\n/);
  assert.match(gone.stderr, /^leakdiff: warning: .*leakdiff-baseline\.json: its entry matches a finding now: recorded on other logs or settings, or every known leak is gone\n$/);

  // A looser budget than the growth seen now is stale too, and --update-baseline lowers it.
  writeFileSync(file, readFileSync(file, 'utf8').replace('"budget": 6', '"budget": 9'));
  const loose = await runCli([HANDLER_LEAK, '--ignore', 'timer_*', '--baseline', file]);
  assert.equal(loose.code, 0);
  assert.match(loose.stdout, /^ {4}handlers\|mpf\|ball_started {2}budget \+9, now \+6$/m);
  const tightened = await runCli([HANDLER_LEAK, '--baseline', file, '--update-baseline']);
  assert.equal(tightened.code, 1, 'updating does not make the new leak pass');
  assert.match(tightened.stdout, /Tightened in .*leakdiff-baseline\.json \(--update-baseline\):\n {4}handlers\|mpf\|ball_started {2}budget \+9, now \+6\n/);
  assert.equal(
    readFileSync(file, 'utf8'),
    '{\n  "leakdiffBaseline": 2,\n  "entries": [\n    { "fingerprint": "handlers|mpf|ball_started", "budget": 6 }\n  ]\n}\n',
    'budget lowered to the growth seen; the new timer leak is not added',
  );

  // Over budget: a baseline tighter than the leak fails, and updating never raises the budget.
  writeFileSync(file, readFileSync(file, 'utf8').replace('"budget": 6', '"budget": 2'));
  const over = await runCli([HANDLER_LEAK, '--ignore', 'timer_*', '--baseline', file, '--update-baseline']);
  assert.equal(over.code, 1);
  assert.match(over.stdout, /^ +baseline: over its budget of \+2$/m);
  assert.match(readFileSync(file, 'utf8'), /"handlers\|mpf\|ball_started", "budget": 2 }/);

  // Matching nothing now, --update-baseline leaves the file as it is, with a warning.
  const before = readFileSync(file, 'utf8');
  const unmatched = await runCli([NO_LEAK, '--baseline', file, '--update-baseline']);
  assert.equal(unmatched.code, 0);
  assert.match(unmatched.stderr, /its entry matches a finding now: .*; left as it is\n$/);
  assert.equal(readFileSync(file, 'utf8'), before, 'never emptied');
});

test('a bad or missing baseline file is exit 2 naming the file; --update-baseline needs --baseline', async () => {
  const file = path.join(scratch, 'broken.json');
  writeFileSync(file, '{"leakdiffBaseline": 1, "entries": [{"fingerprint": "x", "budget": "six"}]}');
  const broken = await runCli([HANDLER_LEAK, '--baseline', file]);
  assert.equal(broken.code, 2);
  assert.equal(broken.stdout, '');
  assert.equal(broken.stderr, `leakdiff: ${file}: entries[0].budget: expected a whole number, 0 or more, got "six"\n`);
  const missing = await runCli([HANDLER_LEAK, '--baseline', 'no-such-baseline.json']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^leakdiff: no-such-baseline\.json: cannot read the baseline \(no such file or directory\); leakdiff baseline <inputs\.\.\.> -o no-such-baseline\.json records one\n$/);
  const alone = await runCli([HANDLER_LEAK, '--update-baseline']);
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, /--update-baseline: give the file to update with --baseline FILE/);
});

test('leakdiff baseline prints the baseline without -o, and records with the config file’s judging settings', async () => {
  const printed = await runCli(['baseline', HANDLER_LEAK, '--process', 'mpf']);
  assert.equal(printed.code, 0);
  assert.deepEqual(parseBaseline(printed.stdout, '-').entries.map((entry) => entry.fingerprint), ['handlers|mpf|ball_started', 'handlers|mpf|timer_frenzy_timer_tick']);
  const folder = mkdtempSync(path.join(scratch, 'config-'));
  writeFileSync(path.join(folder, 'leakdiff.config.json'), JSON.stringify({ ignore: ['timer_*'], format: 'json', baseline: 'b.json' }));
  const configured = await runCli(['baseline', path.resolve(HANDLER_LEAK)], { cwd: folder });
  assert.equal(configured.code, 0, configured.stderr);
  assert.equal(parseBaseline(configured.stdout, '-').entries.length, 1);
});

function statuses(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.subject} ${finding.baseline?.status} ${finding.baseline?.budget ?? null}`);
}

/** An MPF dump with `x` (and `more`) handlers, `offset` lines further down than it would be. */
function mpf(x: number, offset: number, more: Record<string, number> = {}): Snapshot {
  const snapshot = snapshotOf('mpf');
  const line = snapshot.line + offset;
  return { ...snapshot, line, events: { line, totals: null, handlers: { x, ...more }, queue: [] } };
}
