// `--update-baseline` tightens what it saw and keeps what it did not look at: run A of the real
// leaky machine has three MPF and three MC leaks; checked with the MC log missing, with
// --process mpf or with an MC leak ignored, the MC entries stay as recorded.

import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { runCli } from './helpers/cli.js';
import { leakyLog, scratchFolder } from './helpers/leaky-machine.js';

const scratch = scratchFolder('baseline-update');
after(() => rmSync(scratch, { recursive: true, force: true }));

const MPF = '2026-12-05-15-38-37-mpf-pinbox.log';
const MC = '2026-12-05-15-38-37-mc-pinbox.log';
writeFileSync(path.join(scratch, MPF), leakyLog('a', 'mpf'));
writeFileSync(path.join(scratch, MC), leakyLog('a', 'mc'));

test('--update-baseline keeps the entries of a process not compared, or a subject ignored, as they are', async () => {
  const recorded = path.join(scratch, 'recorded.json');
  assert.equal((await runCli(['baseline', MPF, MC, '-o', recorded], { cwd: scratch })).code, 0);
  const text = readFileSync(recorded, 'utf8');
  assert.equal((text.match(/\|mc\|/g) ?? []).length, 3, 'three MC entries recorded');
  for (const args of [[MPF], [MPF, MC, '--process', 'mpf'], [MPF, MC, '--ignore', 'Text:*']]) {
    const file = path.join(scratch, 'checked.json');
    writeFileSync(file, text);
    const update = await runCli([...args, '--baseline', file, '--update-baseline'], { cwd: scratch });
    assert.equal(update.code, 0, `${args.join(' ')}: ${update.stderr}`);
    assert.equal(readFileSync(file, 'utf8'), text, `${args.join(' ')}: every entry kept`);
    assert.doesNotMatch(update.stdout, /Stale/, `${args.join(' ')}: an entry not looked at is not gone`);
    const next = await runCli([MPF, MC, '--baseline', file], { cwd: scratch });
    assert.equal(next.code, 0, `${args.join(' ')}: the next full check knows every leak`);
  }
});
