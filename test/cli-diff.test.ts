// End to end: `node bin/leakdiff.js` as a user or CI runs it (build first: npx tsc -p tsconfig.json),
// asserting stdout, stderr and the exit code of each outcome, with colour off.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ROOT, spawnCli, type Run } from './helpers/cli.js';

const REAL = 'fixtures/real-057-clean-run/mpf-0.57.3+mc-0.57.0-clean-3games-per-ball-13-dumps';
const REAL_RUN = [`${REAL}.mpf.log`, `${REAL}.mc.log`];
const HANDLER_LEAK = 'fixtures/diff-handler-growth/mpf-pinbox.log';
const INCOMPLETE = 'fixtures/diff-incomplete-dump/mc-pinbox.log';

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function leakdiff(args: readonly string[], cwd = ROOT): Promise<Run> {
  return spawnCli(args, { cwd });
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1)!;
}

test('exit 0: the real clean MPF + MC run has no leak', async () => {
  const result = await leakdiff(REAL_RUN);
  assert.equal(result.code, 0);
  assert.equal(result.stderr, '');
  // The copies of the attract slide and its texts kept in OBJECTS are duplicates; the steps after the first game settled.
  assert.equal(lastLine(result.stdout), 'mpf: clean · mc: 3 duplicates, 7 settled');
  assert.match(result.stdout, /^mpf {2}13 of 13 dumps judged, 2026-11-25 03:39:33\.853 → 03:40:59\.003, each state on its own:$/m);
  assert.doesNotMatch(result.stdout, /^ {2}leak /m);
  assert.doesNotMatch(result.stdout, /\u001b\[/, 'NO_COLOR: no escape sequences');
});

test('exit 0: `leakdiff diff …` is the same as `leakdiff …`', async () => {
  assert.deepEqual(await leakdiff(['diff', ...REAL_RUN]), await leakdiff(REAL_RUN));
});

test('exit 1: a planted handler leak', async () => {
  const result = await leakdiff([HANDLER_LEAK]);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, '');
  assert.match(result.stdout, /^ {2}leak {2}mpf {2}ball_started {13}attract {2}9 → 12 → 15 {2}\+6 {2}never dropped, rose in 2 of 2 intervals$/m);
  assert.match(result.stdout, /^ {8}game·ball {2}11 → 12 → 13 → 14 → 15 → 16 {2}\+5 {2}leak$/m, 'its other state beneath it');
  assert.equal(lastLine(result.stdout), 'mpf: 2 leaks');
});

test('--ignore leaves subjects out; --fail-on never and suspect move the gate', async () => {
  const ignored = await leakdiff([HANDLER_LEAK, '--ignore', 'timer_*']);
  assert.equal(ignored.code, 1);
  assert.equal(lastLine(ignored.stdout), 'mpf: 1 leak');
  assert.match(ignored.stdout, /^Ignored: timer_\*$/m);
  assert.equal((await leakdiff([HANDLER_LEAK, '--fail-on', 'never'])).code, 0);
  const suspects = await leakdiff([...REAL_RUN, '--fail-on', 'suspect']);
  assert.equal(suspects.code, 1);
  assert.match(lastLine(suspects.stdout), /^mpf: clean · mc: \d+ duplicates \(suspects\)/, 'the summary says which findings fail the gate');
  assert.doesNotMatch(lastLine((await leakdiff(REAL_RUN)).stdout), /\(suspects\)/);
});

test('--json: the report, with the exit code it states', async () => {
  const result = await leakdiff([HANDLER_LEAK, '--json']);
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as { schemaVersion: number; exitCode: number; summary: { leaks: number } };
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.exitCode, 1);
  assert.equal(report.summary.leaks, 2);
});

test('-o FILE: the report goes to the file, nothing to stdout', async () => {
  const output = path.join(scratch, 'report.json');
  const result = await leakdiff([HANDLER_LEAK, '--format', 'json', '-o', output]);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.equal((JSON.parse(readFileSync(output, 'utf8')) as { exitCode: number }).exitCode, 1);
});

test('exit 2: bad option values, one line each', async () => {
  for (const [args, message] of [
    [['--max-growth', 'x'], 'leakdiff: --max-growth: "x" is not a whole number, 0 or more'],
    [['--trend', 'up'], 'leakdiff: --trend: "up" is not one of monotonic, strict, net'],
    [['--from', '0'], 'leakdiff: --from: "0" is not a dump number other than 0 (1 is the first, -1 the last)'],
    [['--format', 'xml'], 'leakdiff: --format: "xml" is not one of text, json, markdown, github, html'],
  ] as const) {
    const result = await leakdiff([HANDLER_LEAK, ...args]);
    assert.equal(result.code, 2, args.join(' '));
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `${message}\n`);
  }
});

test('exit 2: an unknown option', async () => {
  const result = await leakdiff([HANDLER_LEAK, '--bogus']);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, "leakdiff: unknown option '--bogus' (leakdiff diff --help lists the options)\n");
});

test('exit 2: a missing file, and a log with only one dump', async () => {
  const missing = await leakdiff(['no-such.log', HANDLER_LEAK]);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'leakdiff: no-such.log: no such file or directory\n');
  const one = await leakdiff(['fixtures/diff-two-dumps/before.log']);
  assert.equal(one.code, 2);
  assert.equal(one.stderr, 'leakdiff: nothing to compare: leakdiff needs two dumps of the same process in one run, found mpf 1\n');
});

test('exit 2: a bad config file names the file and the key', async () => {
  const cwd = mkdtempSync(path.join(scratch, 'config-'));
  writeFileSync(path.join(cwd, 'leakdiff.config.json'), '{"maxGrowth": 2, "failon": "suspect"}\n');
  const unknown = await leakdiff([path.join(ROOT, HANDLER_LEAK)], cwd);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^leakdiff: leakdiff\.config\.json: unknown key "failon" \(known keys: format, json, /);
  writeFileSync(path.join(cwd, 'wrong-type.json'), '{"maxGrowth": "2"}');
  const wrongType = await leakdiff([path.join(ROOT, HANDLER_LEAK), '--config', 'wrong-type.json'], cwd);
  assert.equal(wrongType.code, 2);
  assert.equal(wrongType.stderr, 'leakdiff: wrong-type.json: key "maxGrowth": expected a whole number, 0 or more, got "2"\n');
  const absent = await leakdiff([path.join(ROOT, HANDLER_LEAK), '--config', 'absent.json'], cwd);
  assert.equal(absent.code, 2);
  assert.equal(absent.stderr, 'leakdiff: absent.json: cannot read the config file (no such file or directory)\n');
});

test('a config file in the working directory sets the gate; flags override it', async () => {
  const cwd = mkdtempSync(path.join(scratch, 'config-'));
  writeFileSync(path.join(cwd, 'leakdiff.config.json'), '{"failOn": "suspect", "ignore": ["Text:*"]}\n');
  const real = REAL_RUN.map((file) => path.join(ROOT, file));
  const fromConfig = await leakdiff(real, cwd);
  assert.equal(fromConfig.code, 1);
  assert.match(fromConfig.stdout, /^Ignored: Text:\*$/m);
  assert.equal(lastLine(fromConfig.stdout), 'mpf: clean · mc: 1 duplicate (a suspect), 4 settled');
  assert.equal((await leakdiff([...real, '--fail-on', 'leak'], cwd)).code, 0);
});

test('exit 2 with --strict when the comparison rests on an incomplete dump; said in every format', async () => {
  const loose = await leakdiff([INCOMPLETE]);
  assert.equal(loose.code, 0);
  assert.match(loose.stdout, /^!! INCOMPLETE: 1 compared dump is damaged or cut off; findings may be missing or wrong\.$/m);
  assert.equal(loose.stderr, 'leakdiff: warning: the comparison rests on 1 incomplete dump; findings may be missing or wrong\n');
  const strict = await leakdiff([INCOMPLETE, '--strict']);
  assert.equal(strict.code, 2);
  assert.match(strict.stdout, /^!! INCOMPLETE/m, 'the report is still printed');
  assert.equal(strict.stderr, 'leakdiff: --strict: the comparison rests on 1 incomplete dump (leakdiff list shows what is wrong)\n');
  const json = await leakdiff([INCOMPLETE, '--json']);
  assert.equal(json.code, 0);
  assert.equal((JSON.parse(json.stdout) as { incomplete: boolean }).incomplete, true);
  assert.equal(json.stderr, 'leakdiff: warning: the comparison rests on 1 incomplete dump; findings may be missing or wrong\n');
  const strictJson = await leakdiff([INCOMPLETE, '--json', '--strict']);
  assert.equal(strictJson.code, 2);
  assert.equal((JSON.parse(strictJson.stdout) as { exitCode: number }).exitCode, 2);
});

test('--from/--to take the numbers `leakdiff list` shows', async () => {
  const list = await leakdiff(['list', HANDLER_LEAK]);
  assert.match(list.stdout, /^#  FILE/m);
  assert.match(list.stdout, /^9  fixtures\/diff-handler-growth\/mpf-pinbox\.log /m);
  const result = await leakdiff([HANDLER_LEAK, '--from', '5', '--to', '-1', '--json']);
  const report = JSON.parse(result.stdout) as { snapshots: { number: number; role: string }[] };
  assert.deepEqual(report.snapshots.filter((snapshot) => snapshot.role === 'judged').map((snapshot) => snapshot.number), [5, 6, 7, 8, 9]);
});

test('list: every column of the docs MC sample and a real MPF dump; read versus declared counts of an elided dump', async () => {
  const result = await leakdiff(['list', 'fixtures/docs-mc-full-dump/', 'fixtures/diff-two-dumps/before.log']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    [
      '#  FILE                                                             LINE  PROCESS  TIME                     STATE     EVENTS  HANDLERS  SLIDES  WIDGETS   OBJECTS  CLOCK  STATUS',
      '1  fixtures/docs-mc-full-dump/mpf-docs-2018-12-10-mc-full-dump.log  2     mc       2018-12-10 21:35:55.702  unknown  9 of 42        11       8        9  9 of 152     18  incomplete: elided (line 12), elided (line 25), elided (line 41)',
      '1  fixtures/diff-two-dumps/before.log                               5     mpf      2026-11-25 03:39:33.853  attract       49       103       -        -         -      -  complete',
      '',
      '2 dumps in 2 logs, 1 incomplete',
      '',
    ].join('\n'),
  );
});

test('list numbers dumps within each run of a logs/ folder, as diff --from/--to number the run they read', async () => {
  const listed = await leakdiff(['list', 'fixtures/diff-paired-runs/logs/']);
  assert.equal(listed.code, 0, listed.stderr);
  const rows = listed.stdout.split('\n').filter((line) => /^ +\d/.test(line)).map((line) => line.trim().split(/ +/));
  assert.deepEqual(listed.stdout.split('\n')[0]!.trim().split(/ +/).slice(0, 3), ['RUN', '#', 'FILE']);
  assert.deepEqual(rows.map((row) => `${row[0]}:${row[1]}:${row[4]}`).join(' '), [
    ...[1, 2, 3, 4, 5].map((n) => `1:${n}:mpf`),
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `2:${n}:mpf`),
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => `2:${n}:mc`),
  ].join(' '));
  // Run 2, mpf #6 is the dump at line 1091: --from 6 starts there.
  const sixth = rows.find((row) => row[0] === '2' && row[1] === '6' && row[4] === 'mpf')!;
  const report = JSON.parse((await leakdiff(['fixtures/diff-paired-runs/logs/', '--process', 'mpf', '--from', '6', '--json'])).stdout) as { snapshots: { line: number; number: number; role: string }[] };
  assert.equal(report.snapshots.find((snapshot) => snapshot.role === 'judged')!.line, Number(sixth[3]));
});

test('--process mpf: MC dumps are read but not compared, and the report says so', async () => {
  const result = await leakdiff([...REAL_RUN, '--process', 'mpf']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^mc {3}13 dumps, not compared \(--process mpf\)$/m);
  assert.equal(lastLine(result.stdout), 'mpf: clean · mc: not compared (--process mpf)');
  const report = JSON.parse((await leakdiff([...REAL_RUN, '--process', 'mpf', '--json'])).stdout) as { findings: { process: string }[]; snapshots: { process: string; role: string }[] };
  assert.ok(report.snapshots.filter((snapshot) => snapshot.process === 'mc').every((snapshot) => snapshot.role === 'excluded'));
  assert.ok(report.findings.every((finding) => finding.process === 'mpf'));
  assert.equal((await leakdiff([HANDLER_LEAK, '--process', 'mc'])).stderr, 'leakdiff: --process mc: the inputs hold no mc dump\n');
});

test('console times of day passing midnight: the dumps judged are spanned from the first taken to the last', async () => {
  // MPF's console format has no date: 23:59 then 00:01 is two minutes, not a day backwards.
  const prefix = (time: string): string => `${time} : INFO [EventManager] `;
  const dump = (time: string, count: number): string[] => [
    `${prefix(time)}Event: ======'debug_dump_stats'====== Args={}`,
    `${prefix(time)}--- DEBUG DUMP EVENTS ---`,
    `${prefix(time)}  Total handlers: ${count} (for ball_started)`,
    `${prefix(time)}--- DEBUG DUMP EVENTS END ---`,
  ];
  const file = path.join(scratch, 'midnight-console.log');
  writeFileSync(file, `${[...dump('23:59:00.125', 1), ...dump('23:59:40.525', 2), ...dump('00:00:20.725', 3), ...dump('00:01:21.525', 4)].join('\n')}\n`);
  const result = await leakdiff([file]);
  assert.match(result.stdout, /^mpf {2}4 of 4 dumps judged, 23:59:00\.125 → 00:01:21\.525$/m, result.stdout);
});
