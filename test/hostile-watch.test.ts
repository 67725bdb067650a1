// `watch` says only what happened: that it waits for a log that is not there yet, and nothing
// about MPF-MC or the trigger that it did not see.

import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCli, type StartedCli } from './helpers/cli.js';

const REAL_MPF = readFileSync(new URL('../fixtures/real-057-clean-run/mpf-0.57.3+mc-0.57.0-clean-3games-per-ball-13-dumps.mpf.log', import.meta.url), 'utf8').split('\n');

/** The lines of the real run's n-th MPF dump (1-based), header to END. */
function realDump(n: number): string {
  const starts = REAL_MPF.flatMap((line, index) => (line.endsWith('--- DEBUG DUMP EVENTS ---') ? [index] : []));
  const start = starts[n - 1]!;
  const end = REAL_MPF.findIndex((line, index) => index > start && line.endsWith('--- DEBUG DUMP EVENTS END ---'));
  return `${REAL_MPF.slice(start, end + 1).join('\n')}\n`;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-hostile-watch-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const running = new Set<StartedCli>();
afterEach(async () => {
  await Promise.all([...running].map((watch) => watch.stop()));
  running.clear();
});

function startWatch(argv: string[]): StartedCli {
  const watch = startCli(['watch', ...argv, '--poll', '50ms'], { cwd: scratch });
  running.add(watch);
  return watch;
}

// The bound is generous: the machine running the tests may be small and busy.
async function until(check: () => boolean, what: string, withinMs = 15_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

test('watch on a log that does not exist yet says it waits for it, and reads it once it appears', async () => {
  const watch = startWatch(['later-mpf.log']);
  await until(() => watch.stderr().length > 0, 'the first line');
  assert.equal(watch.stderr(), 'leakdiff: later-mpf.log does not exist yet; waiting for it (Ctrl-C stops)\n');
  appendFileSync(path.join(scratch, 'later-mpf.log'), realDump(1));
  await until(() => watch.stdout().includes('waiting for a second dump'), 'the first dump');
  assert.equal((await watch.stop()).code, 0);
});
