// `leakdiff trigger` and `watch --every` against peers that are not MPF, and over many connections.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { runCli } from './helpers/cli.js';

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
