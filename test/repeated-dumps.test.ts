// The same log in another shape than a byte-identical copy is read once too: run A of the real
// leaky machine has three MPF leaks, whether it comes alone or with a gzipped, CRLF, piped,
// mid-run or appended-twice copy of itself.

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import type { Report, Snapshot } from '../src/model.js';
import type { LoadedLog } from '../src/read/load.js';
import { runCli } from './helpers/cli.js';
import { leakyLog, scratchFolder } from './helpers/leaky-machine.js';
import { snapshotOf } from './helpers/snapshots.js';

const scratch = scratchFolder('repeated-dumps');
after(() => rmSync(scratch, { recursive: true, force: true }));

const A = leakyLog('a', 'mpf');
writeFileSync(path.join(scratch, 'a.log'), A);
writeFileSync(path.join(scratch, 'a.log.gz'), gzipSync(A));
writeFileSync(path.join(scratch, 'crlf.log'), A.replaceAll('\n', '\r\n'));
// A copy taken while MPF was still writing: cut off mid-run, and mid-dump.
const lines = A.split('\n');
writeFileSync(path.join(scratch, 'prefix.log'), `${lines.slice(0, 3000).join('\n')}\n`);
writeFileSync(path.join(scratch, 'cut-mid-dump.log'), `${lines.slice(0, lines.findIndex((line, index) => index > 3000 && line.includes('--- DEBUG DUMP EVENTS ---')) + 20).join('\n')}\n`);
writeFileSync(path.join(scratch, 'twice.log'), `${A}${A}`);

async function json(args: string[], stdin?: string): Promise<{ report: Report; code: number | null; stderr: string }> {
  const result = await runCli([...args, '--format', 'json'], { cwd: scratch, ...(stdin === undefined ? {} : { stdin }) });
  return { report: JSON.parse(result.stdout) as Report, code: result.code, stderr: result.stderr };
}

const findingsOf = (report: Report): string[] => report.findings.map((finding) => `${finding.verdict} ${finding.subject} ${finding.series.join(',')}`).sort();

test('the same log gzipped, with CRLF line ends, piped, copied mid-run or appended twice is read once, with a one-line note', async () => {
  const alone = await json(['a.log']);
  assert.equal(alone.code, 1);
  assert.equal(alone.report.summary.leaks, 3);
  const cases: [string[], RegExp][] = [
    [['a.log', 'a.log.gz'], /a\.log\.gz: its 9 dumps \(same process, time and counts\) are also in a\.log: read once/],
    [['a.log', 'crlf.log'], /crlf\.log: its 9 dumps .* are also in a\.log: read once/],
    [['a.log', '-'], /-: its 9 dumps .* are also in a\.log: read once/],
    [['prefix.log', 'a.log'], /prefix\.log: its 5 dumps .* are also in a\.log: read once/],
    [['cut-mid-dump.log', 'a.log'], /cut-mid-dump\.log: its 6 dumps .* are also in a\.log: read once/],
    [['twice.log'], /twice\.log: 9 of its 18 dumps .* are also earlier in it: read once/],
  ];
  for (const [args, note] of cases) {
    const read = await json(args, args.includes('-') ? A : undefined);
    assert.equal(read.code, 1, args.join(' '));
    assert.equal(read.report.summary.leaks, 3, `${args.join(' ')}: 3 leaks, not 6`);
    assert.equal(read.report.dumpRuns.length, 1, `${args.join(' ')}: one run`);
    assert.deepEqual(findingsOf(read.report), findingsOf(alone.report), args.join(' '));
    assert.equal(read.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
    assert.match(read.stderr, note);
  }
});


test('dumps logged at one moment: each repeats the first kept dump of its content, a cut one the first whole one; the others are kept', async () => {
  const { dropRepeatedDumps } = await import('../src/read/repeated-dumps.js');
  const time = '2026-11-25T03:39:32.920';
  const dump = (handlers: Record<string, number>, complete = true): Snapshot =>
    snapshotOf('mpf', (line) => ({ time, complete, events: { line, totals: null, handlers, queue: [] } }));
  const logOf = (name: string, snapshots: Snapshot[]): LoadedLog => ({
    source: { name, path: null, explicit: true },
    log: { file: name, lines: 100, snapshots, problems: [], formats: ['A'] },
    stats: { bytes: 1, gzip: false, binary: false, gzipDamage: null },
    dumps: snapshots.length,
  });
  // The log with the most dumps is kept first: its cut dump comes before any whole one.
  const big = logOf('big.log', [dump({ z: 1 }, false), dump({ a: 1 }), dump({ b: 1 }), dump({ a: 1 }), dump({ c: 1 }, false)]);
  const small = logOf('small.log', [dump({ b: 1 }), dump({ z: 1 }, false), dump({ d: 1 })]);
  const { loaded, repeated } = dropRepeatedDumps([small, big]);
  assert.deepEqual(repeated, [
    { name: 'small.log', dumps: 2, of: 3, sameAs: ['big.log'] },
    { name: 'big.log', dumps: 2, of: 5, sameAs: ['big.log'] },
  ]);
  assert.deepEqual(loaded.map((entry) => entry.log.snapshots.map((snapshot) => Object.keys(snapshot.events!.handlers)[0])), [['d'], ['z', 'a', 'b']]);
});
