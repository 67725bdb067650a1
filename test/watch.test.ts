import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { main } from '../src/cli.js';

const REAL_MPF = readFileSync(new URL('../fixtures/real-057-clean-run/mpf-0.57.3+mc-0.57.0-clean-3games-per-ball-13-dumps.mpf.log', import.meta.url), 'utf8').split('\n');

/** The lines of the real run's n-th MPF dump (1-based), header to END. */
function realDump(n: number): string {
  const starts = REAL_MPF.flatMap((line, index) => (line.endsWith('--- DEBUG DUMP EVENTS ---') ? [index] : []));
  const start = starts[n - 1]!;
  const end = REAL_MPF.findIndex((line, index) => index > start && line.endsWith('--- DEBUG DUMP EVENTS END ---'));
  return `${REAL_MPF.slice(start, end + 1).join('\n')}\n`;
}

/** Runs `leakdiff watch` in-process until `stop` is aborted; stdout is readable while it runs. */
function startWatch(argv: string[]): { output: () => string; errors: () => string; stop: () => Promise<number> } {
  let stdout = '';
  let stderr = '';
  const controller = new AbortController();
  const done = main(['watch', ...argv, '--poll', '50ms'], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from([]),
    env: { NO_COLOR: '1' },
    cwd: process.cwd(),
    signal: controller.signal,
  });
  return { output: () => stdout, errors: () => stderr, stop: async () => (controller.abort(), done) };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 25) {
    if (waited > 5000) assert.fail(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

test('watch prints the comparison each time a dump is appended, survives truncation, and Ctrl-C is exit 0', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, '2026-11-25-03-39-30-mpf-pinbox.log');
  try {
    writeFileSync(log, 'start-up lines\n');
    const watch = startWatch([log]);
    appendFileSync(log, realDump(1));
    await until(() => watch.output().includes('waiting for a second dump'), 'the first dump');
    appendFileSync(log, realDump(5));
    await until(() => watch.output().includes('mpf: '), 'the first comparison');
    assert.match(watch.output(), /2 dumps/);
    writeFileSync(log, realDump(1));
    await until(() => watch.errors().includes('was truncated or replaced'), 'the truncation notice');
    assert.equal(await watch.stop(), 0);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch --every triggers over BCP and reads the dump the server appends; a directory follows its newest log', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  writeFileSync(path.join(directory, '2026-11-24-10-00-00-mpf-pinbox.log'), realDump(1));
  const log = path.join(directory, '2026-11-25-03-39-30-mpf-pinbox.log');
  writeFileSync(log, '');
  let triggers = 0;
  const received: string[] = [];
  const server = createServer((socket) => {
    socket.write('hello?version=1.1&controller_name=Mission%20Pinball%20Framework&controller_version=0.57.3\n');
    socket.on('data', (chunk) => {
      received.push(chunk.toString());
      if (chunk.toString().includes('trigger?name=debug_dump_stats\n')) appendFileSync(log, realDump(++triggers === 1 ? 1 : 5));
      if (received.join('').endsWith('goodbye\n')) socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = String((server.address() as AddressInfo).port);
    const watch = startWatch([directory, '--every', '300ms', '--port', port]);
    await until(() => /mpf: /.test(watch.output()), 'a comparison of two triggered dumps');
    assert.equal(await watch.stop(), 0);
    assert.ok(triggers >= 2);
    assert.ok(received.join('').split('goodbye\n').every((part) => part === '' || part === 'trigger?name=debug_dump_stats\n'), 'only trigger and goodbye are sent');
    assert.doesNotMatch(watch.output(), /2026-11-24/, 'the older log is not followed');
    assert.match(watch.errors(), /MPF dumped, MPF-MC did not: .*--event bcp_debug_dump/, 'the relay hint');
  } finally {
    server.close();
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch --every: nobody listening is said on stderr and watch goes on', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, 'a.log');
  writeFileSync(log, '');
  try {
    const watch = startWatch([log, '--every', '10s', '--port', '1', '--connect-timeout', '100ms']);
    await until(() => watch.errors().includes('could not connect to MPF'), 'the connection message');
    assert.match(watch.errors(), /still watching/);
    assert.equal(await watch.stop(), 0);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch on a folder switches to a newer run and does not mix its dumps with the old run', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  try {
    writeFileSync(path.join(directory, '2026-11-25-03-00-00-mpf-pinbox.log'), realDump(1) + realDump(5));
    const watch = startWatch([directory]);
    await until(() => watch.output().includes('2 dumps'), 'the old run');
    writeFileSync(path.join(directory, '2026-11-25-04-00-00-mpf-pinbox.log'), realDump(9));
    await until(() => watch.errors().includes('a newer log appeared'), 'the switch');
    await until(() => watch.output().includes('1 dump ---'), 'the new run alone');
    assert.equal(await watch.stop(), 0);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch --every with a bad event name is a usage error at once', async () => {
  const watch = startWatch(['some.log', '--every', '1s', '--event', 'debug dump']);
  assert.equal(await watch.stop(), 2);
  assert.match(watch.errors(), /^leakdiff: --event: invalid event name "debug dump"/m);
});
