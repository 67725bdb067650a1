// Runs by MPF's log names on the real leaky machine (run A: three MPF leaks, and MC leaks that the
// --ignore options below keep out or in): a gzipped copy of a log in the folder, and an MC log
// started well after MPF, leave the run whole.

import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import type { Report } from '../src/model.js';
import { runCli } from './helpers/cli.js';
import { leakyLog, scratchFolder } from './helpers/leaky-machine.js';

const scratch = scratchFolder('log-name-runs');
after(() => rmSync(scratch, { recursive: true, force: true }));

function folder(name: string, logs: Record<string, string | Buffer>): string {
  const dir = path.join(scratch, name, 'logs');
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(logs)) writeFileSync(path.join(dir, file), text);
  return path.join(name, 'logs');
}

async function json(args: string[]): Promise<{ report: Report; code: number | null }> {
  const result = await runCli([...args, '--format', 'json'], { cwd: scratch });
  return { report: JSON.parse(result.stdout) as Report, code: result.code };
}

const leaksOf = (report: Report, process: 'mpf' | 'mc'): number => report.findings.filter((finding) => finding.process === process && finding.verdict === 'leak').length;

test('a .gz copy of the MPF log in logs/ is the same run: the MC log is still read', async () => {
  const mpf = leakyLog('a', 'mpf');
  const logs = folder('gz-copy', {
    '2026-12-05-15-38-37-mpf-pinbox.log': mpf,
    '2026-12-05-15-38-37-mc-pinbox.log': leakyLog('a', 'mc'),
    '2026-12-05-15-38-37-mpf-pinbox.log.gz': gzipSync(mpf),
  });
  const { report, code } = await json([logs, '--ignore', 's_*', '--ignore', 'orbit_left_hit']);
  assert.equal(code, 1);
  assert.equal(report.runs?.runs.length, 1);
  assert.equal(leaksOf(report, 'mc'), 3);
  assert.equal(report.summary.byProcess.mpf.dumps, 9, 'the copy is read once');
});

test('an MC log started 15 s after MPF is of its run: both are read and judged', async () => {
  const logs = folder('slow-mc', {
    '2026-12-05-15-38-37-mpf-pinbox.log': leakyLog('a', 'mpf'),
    '2026-12-05-15-38-52-mc-pinbox.log': leakyLog('a', 'mc'),
  });
  const { report, code } = await json([logs, '--ignore', 'Text:*', '--ignore', 'HurryUpDisplay.*', '--ignore', 'availableSlides']);
  assert.equal(code, 1);
  assert.equal(report.runs?.runs.length, 1);
  assert.equal(leaksOf(report, 'mpf'), 3);
  const mpfOnly = await json([logs, '--process', 'mpf']);
  assert.equal(mpfOnly.code, 1);
  assert.equal(leaksOf(mpfOnly.report, 'mpf'), 3);
});
