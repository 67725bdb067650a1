// Leaks found without a single dump: the leaky-machine sample's logs with their dump sections
// cut out still give the leaks MPF names in its Unordered handler lines, judged over the minutes
// of the run; the clean run so treated gives none; a log with neither stays the no-dump error.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HandlerGrowthFinding, Report } from '../src/model.js';
import { runCli } from './helpers/cli.js';
import { LEAKY_LOGS, LEAKY_MACHINE, RUN_A, RUN_B } from './helpers/leaky-machine-culprits.js';

const DUMP_HEADER = /--- DEBUG DUMP [A-Z ]+ ---$/;
const DUMP_END = /--- DEBUG DUMP [A-Z]+ END ---$/;

/** The log without its dump sections, header and END lines included. */
function withoutDumps(text: string): string {
  const kept: string[] = [];
  let inDump = false;
  for (const line of text.split('\n')) {
    if (!inDump && DUMP_HEADER.test(line) && !DUMP_END.test(line)) inDump = true;
    if (!inDump) kept.push(line);
    if (inDump && DUMP_END.test(line)) inDump = false;
  }
  return kept.join('\n');
}

describe('logs without a dump', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'leakdiff-without-dumps-'));
    for (const run of [RUN_A, RUN_B]) {
      for (const process of ['mpf', 'mc']) {
        const name = `${run}-${process}-pinbox.log`;
        const text = withoutDumps(readFileSync(path.join(LEAKY_LOGS, name), 'utf8'));
        assert.doesNotMatch(text, /DEBUG DUMP/);
        writeFileSync(path.join(dir, name), text);
      }
    }
    // Outside a logs/ folder: no machine folder is found above them.
    writeFileSync(path.join(dir, 'plain.log'), '2026-12-05 15:38:37,876 : INFO : EventManager : Event: ======\'init_phase_1\'====== Args={}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the leaky MPF log gives its Unordered-handler leaks with culprits, exit 1', async () => {
    const file = path.join(dir, `${RUN_A}-mpf-pinbox.log`);
    const result = await runCli([file, '--machine', LEAKY_MACHINE, '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    assert.deepEqual(report.withoutDumps, { point: 'minute', files: [file] });
    const leaks = report.findings.filter((finding) => finding.verdict === 'leak') as HandlerGrowthFinding[];
    assert.deepEqual(leaks.map((finding) => finding.subject).sort(), ['orbit_left_hit', 's_top_rollover_active']);
    const skillshot = leaks.find((finding) => finding.subject === 's_top_rollover_active')!;
    assert.equal(skillshot.culprits?.[0]?.callback, 'Skillshot._rollover_hit');
    assert.ok(skillshot.culprits![0]!.sources.some((source) => source.file === `${LEAKY_MACHINE}/modes/skillshot/code/skillshot.py` && source.line === 12));
    // One point per minute with handler lines: the run lasted about five minutes.
    assert.ok(report.snapshots.length >= 4 && report.snapshots.length <= 6, `${report.snapshots.length} points`);
    assert.equal(skillshot.series.at(-1), 27, 'ball 27 added the 27th copy');
    const orbit = leaks.find((finding) => finding.subject === 'orbit_left_hit')!;
    assert.equal(orbit.culprits?.[0]?.callback, 'OrbitCombos._orbit_made');
    assert.equal(orbit.series.at(-1), 7);
  });

  test('the text says no dump was found and what was judged instead', async () => {
    const result = await runCli([path.join(dir, `${RUN_A}-mpf-pinbox.log`), '--machine', LEAKY_MACHINE]);
    const lines = result.stdout.split('\n');
    assert.match(lines[0]!, /^No DEBUG DUMP section found: judged instead the copies of each callback that the Unordered handler lines name, at the end of each minute of log time/);
    assert.match(lines[1]!, /^\d points in 1 log:$/);
    assert.match(result.stdout, /culprit: Skillshot\._rollover_hit \(mode skillshot\) ×27 — /);
  });

  test('a log without dumps renders in every format, and --show-tree says it has no tree', async () => {
    for (const run of [RUN_A, RUN_B]) {
      const file = path.join(dir, `${run}-mpf-pinbox.log`);
      const expected = run === RUN_A ? 1 : 0;
      for (const format of ['text', 'json', 'markdown', 'github', 'html']) {
        const result = await runCli([file, '--machine', LEAKY_MACHINE, '--format', format]);
        assert.equal(result.code, expected, `${run} ${format}: ${result.stderr}`);
        assert.equal(result.stderr, '', `${run} ${format}`);
        assert.ok(result.stdout.length > 0, `${run} ${format}`);
      }
      const github = await runCli([file, '--format', 'github']);
      assert.match(github.stdout, /\(\d points read\)\n$/);
      const tree = await runCli([file, '--show-tree']);
      assert.equal(tree.code, expected, tree.stderr);
      assert.equal(tree.stderr, 'leakdiff: --show-tree: no DEBUG DUMP section found, so there is no display tree or clock to show\n');
    }
  });

  test('the clean MPF log so treated has no finding, exit 0', async () => {
    const result = await runCli([path.join(dir, `${RUN_B}-mpf-pinbox.log`), '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.withoutDumps?.point, 'minute');
    assert.deepEqual(report.findings, []);
  });

  test('the MC logs so treated: its one collision line holds still, nothing grows', async () => {
    for (const run of [RUN_A, RUN_B]) {
      const result = await runCli([path.join(dir, `${run}-mc-pinbox.log`), '--format', 'json']);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual((JSON.parse(result.stdout) as Report).findings, []);
    }
  });

  test('a log with neither dumps nor handler lines stays the no-dump error', async () => {
    const result = await runCli([path.join(dir, 'plain.log')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /plain\.log: no DEBUG DUMP section found/);
  });

  test('a log with handler lines beside logs with dumps is a warning, and the dumps are compared', async () => {
    const result = await runCli([path.join(dir, `${RUN_A}-mpf-pinbox.log`), `${LEAKY_LOGS}/${RUN_A}-mc-pinbox.log`, '--format', 'json']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /mpf-pinbox\.log: no DEBUG DUMP section found; its handler lines are judged only when no log holds a dump/);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.withoutDumps, undefined);
    assert.ok(report.snapshots.every((snapshot) => snapshot.process === 'mc'));
  });
});
