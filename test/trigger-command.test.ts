import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { test } from 'node:test';
import { parseDuration } from '../src/duration.js';
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
    [['--connect-timeout', 'soon'], 'leakdiff: --connect-timeout: "soon" is not a duration (e.g. 500ms, 10s, 2m)\n'],
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
});
