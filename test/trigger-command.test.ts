import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { test } from 'node:test';
import { durationOption, MAX_DURATION_MS, parseDuration } from '../src/duration.js';
import { LeakdiffError } from '../src/errors.js';
import { runCli } from './helpers/cli.js';

const HELLO = 'hello?version=1.1&controller_name=Mission%20Pinball%20Framework&controller_version=0.57.3\n';

/** A stand-in for MPF's BCP server: speaks hello first, records every byte a client sends. */
async function fakeMpf(): Promise<{ server: Server; port: number; received: () => string }> {
  let bytes = '';
  const server = createServer((socket) => {
    socket.write(HELLO);
    socket.on('data', (chunk) => {
      bytes += chunk.toString('utf8');
      if (bytes.endsWith('goodbye\n')) socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received: () => bytes };
}

test('trigger sends exactly the trigger and goodbye, and says which MPF it reached', async () => {
  const mpf = await fakeMpf();
  try {
    const result = await runCli(['trigger', '--port', String(mpf.port), '--event', 'bcp_debug_dump']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(mpf.received(), 'trigger?name=bcp_debug_dump\ngoodbye\n');
    assert.equal(result.stdout, `leakdiff: posted bcp_debug_dump to MPF at 127.0.0.1:${mpf.port} (MPF 0.57.3); the dump is in MPF's log\n`);
    assert.equal(result.stderr, '');
  } finally {
    mpf.server.close();
  }
});

test('trigger: nobody listening is one line and exit 2', async () => {
  const probe = await fakeMpf();
  const port = probe.port;
  await new Promise((resolve) => probe.server.close(resolve));
  const result = await runCli(['trigger', '--port', String(port), '--connect-timeout', '300ms']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^leakdiff: could not connect to MPF at 127\.0\.0\.1:\d+ within 300ms \(connection refused\)[^\n]*\n$/);
  assert.equal(result.stdout, '');
});

test('trigger: bad port, duration or event name are usage errors', async () => {
  for (const [argv, message] of [
    [['--port', '70000'], 'leakdiff: --port: "70000" is not a TCP port (1-65535)\n'],
    [['--connect-timeout', 'soon'], 'leakdiff: --connect-timeout: "soon" is not a duration (e.g. 500ms, 10s, 2m, 1h, 1d)\n'],
  ] as const) {
    const result = await runCli(['trigger', ...argv]);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, message);
  }
  const badEvent = await runCli(['trigger', '--event', 'debug dump', '--connect-timeout', '200ms']);
  assert.equal(badEvent.code, 2);
  assert.match(badEvent.stderr, /^leakdiff: invalid event name "debug dump"/);
});

test('durations', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('10s'), 10_000);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('3'), 3000);
  assert.equal(parseDuration('0s'), null);
  assert.equal(parseDuration('5 min'), null);
  assert.equal(parseDuration(''), null);
  assert.equal(parseDuration('2d'), 172_800_000);
  assert.equal(parseDuration('0.4ms'), null, 'rounds to nothing: no zero-length timer');
});

test('durations: one maximum, what a timer can wait, whatever the unit', () => {
  assert.equal(durationOption('--poll', '24d'), 24 * 86_400_000);
  assert.equal(durationOption('--poll', '596h'), 596 * 3_600_000);
  assert.equal(durationOption('--poll', `${MAX_DURATION_MS}ms`), MAX_DURATION_MS);
  for (const text of ['25d', '597h', '9999h', `${MAX_DURATION_MS + 1}ms`, '1e400']) {
    assert.throws(() => durationOption('--poll', text), (error: unknown) => error instanceof LeakdiffError && !error.message.includes('\n'), text);
  }
});

test('a duration too long for a timer is a usage error in every command, before anything is waited for', { timeout: 20_000 }, async () => {
  const tooLong = 'leakdiff: --poll: "9999h" is too long: at most 2147483647ms (about 24.8 days, the longest a timer waits)\n';
  for (const [argv, message] of [
    [['watch', 'fixtures/diff-two-dumps/after.log', '--poll', '9999h'], tooLong],
    [['watch', 'fixtures/diff-two-dumps/after.log', '--every', '25d'], 'leakdiff: --every: "25d" is too long: at most 2147483647ms (about 24.8 days, the longest a timer waits)\n'],
    [['trigger', '--connect-timeout', '597h'], 'leakdiff: --connect-timeout: "597h" is too long: at most 2147483647ms (about 24.8 days, the longest a timer waits)\n'],
  ] as const) {
    const result = await runCli(argv);
    assert.equal(result.code, 2, argv.join(' '));
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, message);
  }
});
