// The benchmark's log, read by leakdiff: on a small size, its findings are the planted leaks and
// nothing else. generate-log.test.ts checks the generator without the parser; this checks
// leakdiff against the truth the generator returns.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateLog, type GeneratedLogInfo } from '../bench/generate-log.js';
import type { Finding } from '../src/model.js';
import { runCli, type Run } from './helpers/cli.js';

/** Four dumps of each state (attract, ball 1 to 3), so that every state group has three intervals. */
const DUMPS = 16;

let dir: string;
let info: GeneratedLogInfo;
let result: Run;
let report: { snapshots: Array<{ complete: boolean; role: string }>; findings: Finding[] };
let findings: Finding[];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leakdiff-generated-findings-'));
  info = await generateLog(join(dir, 'bench.log'), { bytes: 3_000_000, dumps: DUMPS, seed: 3 });
  result = await runCli([info.path, '--format', 'json']);
  report = JSON.parse(result.stdout) as typeof report;
  findings = report.findings;
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('leakdiff on a generated log: exit 1, every dump read and judged', () => {
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stderr, '');
  assert.equal(report.snapshots.length, DUMPS);
  assert.ok(report.snapshots.every((snapshot) => snapshot.complete && snapshot.role === 'judged'));
});

test('the leaks found are the planted ones, one finding each, its series in every state group with the counts the dumps hold', () => {
  const leaks = findings.filter((finding) => finding.verdict === 'leak');
  assert.deepEqual(leaks.map((finding) => finding.subject).sort(), info.leaks.map((leak) => leak.event).sort(), 'one finding per leak');
  for (const planted of info.leaks) {
    const finding = leaks.find((each) => each.subject === planted.event)!;
    assert.equal(finding.kind, 'handler-growth');
    // Between them, the state groups cover every dump once.
    assert.deepEqual(finding.evidence.flatMap((one) => one.points).sort((a, b) => a - b), Array.from({ length: DUMPS }, (_, i) => i), planted.event);
    for (const one of finding.evidence) {
      assert.deepEqual(one.series, one.points.map((point) => planted.counts[point]), `${planted.event} in ${one.state}`);
      assert.equal(one.verdict, 'leak', `${planted.event} in ${one.state}`);
    }
    assert.deepEqual(finding.series, finding.evidence[0]!.series);
  }
});

test('nothing else is a leak: the other findings are events the generator moves with the game', () => {
  const noise = new Set(info.fluctuating.map((series) => series.event));
  const planted = new Set(info.leaks.map((leak) => leak.event));
  for (const finding of findings.filter((each) => !planted.has(each.subject))) {
    assert.notEqual(finding.verdict, 'leak', finding.subject);
    assert.ok(noise.has(finding.subject), `${finding.subject} is not among the generator's moving events`);
  }
});
