// Logs without dumps are judged by their handler lines per run, as dumps are: a start-up logged
// (`init_phase_1`) begins a run, and no series crosses one. Run A of the real leaky machine, its
// dumps cut out, has two leaks its handler lines show; run B, the machine fixed, none.

import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import type { Report } from '../src/model.js';
import { runCli } from './helpers/cli.js';
import { leakyLog, scratchFolder } from './helpers/leaky-machine.js';

const scratch = scratchFolder('without-dumps-runs');
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A log with its DEBUG DUMP sections cut out. */
function withoutDumps(text: string): string {
  const kept: string[] = [];
  let inDump = false;
  for (const line of text.split('\n')) {
    if (/--- DEBUG DUMP [A-Z]+ ---/.test(line)) inDump = true;
    if (!inDump) kept.push(line);
    if (/--- DEBUG DUMP [A-Z]+ END ---/.test(line)) inDump = false;
  }
  return kept.join('\n');
}

const A = withoutDumps(leakyLog('a', 'mpf'));
const B = withoutDumps(leakyLog('b', 'mpf'));
writeFileSync(path.join(scratch, 'nd-a.log'), A);
writeFileSync(path.join(scratch, 'nd-b.log'), B);
writeFileSync(path.join(scratch, 'a-then-b.log'), `${A}\n${B}`);
writeFileSync(path.join(scratch, 'a-twice.log'), `${A}\n${A}`);
mkdirSync(path.join(scratch, 'folder'));
writeFileSync(path.join(scratch, 'folder', 'first.log'), A);
writeFileSync(path.join(scratch, 'folder', 'second.log'), B);

async function json(args: string[]): Promise<{ report: Report; code: number | null }> {
  const result = await runCli([...args, '--format', 'json'], { cwd: scratch });
  return { report: JSON.parse(result.stdout) as Report, code: result.code };
}

const findingsOf = (report: Report): string[] => report.findings.map((finding) => `run ${finding.run} ${finding.verdict} ${finding.subject} ${finding.series.join(',')}`).sort();

test('logs without dumps: a restart splits the series as with dumps, however the runs are handed over', async () => {
  const alone = await json(['nd-a.log']);
  assert.equal(alone.code, 1);
  assert.equal(alone.report.summary.leaks, 2);
  for (const args of [['nd-a.log', 'nd-b.log'], ['a-then-b.log'], ['folder', '--run', '1']]) {
    const { report, code } = await json(args);
    assert.equal(code, 1, args.join(' '));
    assert.equal(report.dumpRuns.length, 2, `${args.join(' ')}: two runs`);
    assert.deepEqual(findingsOf(report), findingsOf(alone.report), args.join(' '));
  }
  // A folder reads its newest run, the machine fixed.
  const folder = await json(['folder']);
  assert.equal(folder.code, 0);
  assert.deepEqual(folder.report.dumpRuns.map((run) => run.judged), [false, true]);
});

test('logs without dumps: the same run twice in one file gives each run the same series', async () => {
  const { report, code } = await json(['a-twice.log']);
  assert.equal(code, 1);
  const [first, second] = [1, 2].map((run) => report.findings.filter((finding) => finding.run === run).map((finding) => `${finding.subject} ${finding.series.join(',')}`).sort());
  assert.equal(first!.length, 2);
  assert.deepEqual(second, first);
});
