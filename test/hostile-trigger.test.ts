// `leakdiff trigger` and `watch --every` against peers that are not MPF, and over many connections.

import assert from 'node:assert/strict';
import { getEventListeners, once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { BcpError, triggerDump } from '../src/bcp/trigger.js';
import { runCli, startCli } from './helpers/cli.js';

/** A test that outlives this is hung: a wait meant to be cut short was not. */
const HANG_GUARD_MS = 20_000;

/** A peer on 127.0.0.1 that accepts and then does `onAccept`; records the bytes each client sent. */
async function startPeer(onAccept: (socket: Socket) => void): Promise<{ port: number; received: () => string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let received = '';
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    onAccept(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    received: () => received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

test('trigger: a peer that accepts and never says hello is exit 2, one line naming it, and is sent nothing', { timeout: HANG_GUARD_MS }, async () => {
  const peer = await startPeer(() => undefined);
  try {
    const result = await runCli(['trigger', '--port', String(peer.port), '--connect-timeout', '300ms']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`^leakdiff: 127\\.0\\.0\\.1:${peer.port} answered but sent no BCP hello within 300ms, so it is not MPF \\(it sent nothing\\): [^\\n]*\\n$`));
    assert.equal(peer.received(), '');
  } finally {
    await peer.close();
  }
});

test('trigger: a peer that says something else is exit 2, one line quoting what it sent', { timeout: HANG_GUARD_MS }, async () => {
  const peer = await startPeer((socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
  try {
    const result = await runCli(['trigger', '--port', String(peer.port), '--connect-timeout', '5s']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`^leakdiff: 127\\.0\\.0\\.1:${peer.port} is not MPF: it sent "HTTP/1\\.1 400 Bad Request" instead of BCP's hello: [^\\n]*\\n$`));
    assert.equal(peer.received(), '');
  } finally {
    await peer.close();
  }
});

/** The warnings Node emits while `run` runs (and on the turn after, when they are delivered). */
async function warningsDuring(run: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const collect = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', collect);
  try {
    await run();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', collect);
  }
  return warnings;
}

const HELLO = 'hello?version=1.1&controller_name=Mission%20Pinball%20Framework&controller_version=0.57.3\n';

// watch --every passes one signal to every trigger it sends for as long as it runs.
test('many triggers under one abort signal leave no listener on it and no MaxListenersExceededWarning', { timeout: HANG_GUARD_MS }, async () => {
  const mpf = await startPeer((socket) => {
    socket.write(HELLO);
    socket.on('data', (chunk) => {
      if (chunk.toString().includes('goodbye\n')) socket.end();
    });
  });
  const controller = new AbortController();
  try {
    const warnings = await warningsDuring(async () => {
      for (let i = 0; i < 15; i += 1) {
        await triggerDump({ host: '127.0.0.1', port: mpf.port, event: 'debug_dump_stats', connectTimeoutMs: 5000, signal: controller.signal });
      }
    });
    assert.deepEqual(warnings, []);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  } finally {
    await mpf.close();
  }
});

test('many refused connection attempts under one abort signal leave no listener on it and no warning', { timeout: HANG_GUARD_MS }, async () => {
  const closed = await startPeer(() => undefined);
  const port = closed.port;
  await closed.close();
  const controller = new AbortController();
  const warnings = await warningsDuring(async () => {
    await assert.rejects(
      triggerDump({ host: '127.0.0.1', port, event: 'debug_dump_stats', connectTimeoutMs: 1000, retryIntervalMs: 10, signal: controller.signal }),
      (error: unknown) => error instanceof BcpError && error.code === 'refused',
    );
  });
  assert.deepEqual(warnings, []);
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
});

/** A peer that says this hello and closes on goodbye, as MPF does. */
function helloPeer(hello: string): Promise<{ port: number; received: () => string; close: () => Promise<void> }> {
  return startPeer((socket) => {
    socket.write(hello);
    socket.on('data', (chunk) => {
      if (chunk.toString().includes('goodbye\n')) socket.end();
    });
  });
}

test('trigger: a hello that names another controller is not MPF; what it calls itself is shown escaped, and it is sent nothing', { timeout: HANG_GUARD_MS }, async () => {
  const peer = await helloPeer('hello?version=1.1&controller_name=Evil%20Server&controller_version=%1b%5b2J%0Afake%20line\n');
  try {
    const result = await runCli(['trigger', '--port', String(peer.port), '--connect-timeout', '5s']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      `leakdiff: 127.0.0.1:${peer.port} is not MPF: its BCP hello calls it "Evil Server" "\\x1b[2J\\nfake line", not Mission Pinball Framework: check the host and port (MPF listens for BCP on 5051)\n`,
    );
    assert.equal(peer.received(), '');
  } finally {
    await peer.close();
  }
});

for (const hello of ['hello\n', 'HELLO?version=1.1\n']) {
  test(`trigger: a hello that names no controller (${JSON.stringify(hello)}) is not called MPF`, { timeout: HANG_GUARD_MS }, async () => {
    const peer = await helloPeer(hello);
    try {
      const result = await runCli(['trigger', '--port', String(peer.port), '--connect-timeout', '5s']);
      assert.equal(result.code, 2);
      assert.equal(result.stderr, `leakdiff: 127.0.0.1:${peer.port} is not MPF: its BCP hello does not say what it is, not Mission Pinball Framework: check the host and port (MPF listens for BCP on 5051)\n`);
      assert.equal(peer.received(), '');
    } finally {
      await peer.close();
    }
  });
}

test('trigger: MPF with a version that holds control characters has it shown escaped', { timeout: HANG_GUARD_MS }, async () => {
  const peer = await helloPeer('hello?version=1.1&controller_name=Mission%20Pinball%20Framework&controller_version=0.57%1b%5b2J%0A\n');
  try {
    const result = await runCli(['trigger', '--port', String(peer.port), '--connect-timeout', '5s']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `leakdiff: posted debug_dump_stats to MPF at 127.0.0.1:${peer.port} (MPF 0.57\\x1b[2J\\n); the dump is in MPF's log\n`);
  } finally {
    await peer.close();
  }
});

test('trigger: a peer that closes before any hello is not called MPF', { timeout: HANG_GUARD_MS }, async () => {
  const peer = await startPeer((socket) => socket.end());
  try {
    const result = await runCli(['trigger', '--port', String(peer.port), '--connect-timeout', '5s']);
    assert.equal(result.code, 2);
    assert.doesNotMatch(result.stderr, /MPF at/);
    assert.match(result.stderr, new RegExp(`^leakdiff: 127\\.0\\.0\\.1:${peer.port} closed the connection before saying BCP's hello, so debug_dump_stats was not triggered: [^\\n]*\\n$`));
  } finally {
    await peer.close();
  }
});

test('trigger stopped by Ctrl-C while it waits for MPF: exit 130, nothing said', { timeout: HANG_GUARD_MS }, async () => {
  const peer = await startPeer(() => undefined);
  try {
    const run = startCli(['trigger', '--port', String(peer.port), '--connect-timeout', '10s']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const result = await run.stop();
    assert.equal(result.code, 130, result.stderr);
    assert.equal(result.stdout + result.stderr, '');
  } finally {
    await peer.close();
  }
});
