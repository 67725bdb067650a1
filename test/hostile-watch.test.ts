// `watch` says only what happened: that it waits for a log that is not there yet, and nothing
// about MPF-MC or the trigger that it did not see.

import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
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

const HELLO = 'hello?version=1.1&controller_name=Mission%20Pinball%20Framework&controller_version=0.57.3\n';

/** A stand-in for MPF's BCP server that says hello and calls `onTrigger` at each client's goodbye. */
async function fakeMpf(onTrigger: () => void): Promise<{ server: Server; port: string }> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write(HELLO);
    let sent = '';
    socket.on('data', (chunk) => {
      sent += chunk.toString();
      if (sent.endsWith('goodbye\n')) {
        onTrigger();
        socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: String((server.address() as AddressInfo).port) };
}

/** A port on which nothing listens. */
async function closedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = String((probe.address() as AddressInfo).port);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function folder(name: string): string {
  const directory = path.join(scratch, name);
  mkdirSync(directory);
  return directory;
}

test('watch says nothing of MPF-MC or the trigger when no trigger was answered and no MC log is followed', async () => {
  const log = path.join(folder('unanswered'), '2026-11-25-03-39-30-mpf-pinbox.log');
  writeFileSync(log, '');
  const watch = startWatch([log, '--every', '200ms', '--port', await closedPort(), '--connect-timeout', '100ms']);
  await until(() => watch.stderr().includes('could not connect to MPF'), 'a trigger that failed');
  appendFileSync(log, realDump(1) + realDump(5));
  await until(() => /mpf: /.test(watch.stdout()), 'the comparison of dumps taken without leakdiff');
  await sleep(300);
  assert.equal((await watch.stop()).code, 0);
  assert.doesNotMatch(watch.stderr(), /MPF-MC|MPF dumped/, watch.stderr());
});

test('a trigger answered while following one MPF log: MPF dumped on it, and nothing is said of what MPF-MC did', async () => {
  const log = path.join(folder('answered'), '2026-11-25-03-39-30-mpf-pinbox.log');
  writeFileSync(log, '');
  let triggers = 0;
  const { server, port } = await fakeMpf(() => appendFileSync(log, realDump(++triggers === 1 ? 1 : 5)));
  try {
    const watch = startWatch([log, '--every', '300ms', '--port', port]);
    await until(() => /mpf: /.test(watch.stdout()), 'a comparison of two triggered dumps');
    assert.equal((await watch.stop()).code, 0);
    assert.doesNotMatch(watch.stderr(), /MPF-MC did not/);
    assert.match(watch.stderr(), /^leakdiff: MPF dumped on the trigger\. A trigger over BCP reaches MPF only: .*--event bcp_debug_dump/m);
  } finally {
    server.close();
  }
});

test('a trigger answered by MPF while the MC log followed shows no dump: MPF dumped, MPF-MC did not', async () => {
  const directory = folder('with-mc');
  const log = path.join(directory, '2026-11-25-03-39-30-mpf-pinbox.log');
  writeFileSync(log, '');
  writeFileSync(path.join(directory, '2026-11-25-03-39-31-mc-pinbox.log'), 'MC start-up lines\n');
  let triggers = 0;
  const { server, port } = await fakeMpf(() => appendFileSync(log, realDump(++triggers === 1 ? 1 : 5)));
  try {
    const watch = startWatch([directory, '--every', '300ms', '--port', port]);
    await until(() => /mpf: /.test(watch.stdout()), 'a comparison of two triggered dumps');
    assert.equal((await watch.stop()).code, 0);
    assert.match(watch.stderr(), /^leakdiff: MPF dumped, MPF-MC did not: .*--event bcp_debug_dump/m);
  } finally {
    server.close();
  }
});
