import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { BcpError, parseHello, triggerDump } from '../src/bcp/trigger.js';

const HOST = '127.0.0.1';
const MPF_HELLO = 'hello?version=1.1&controller_name=Mission%20Pinball%20Framework&controller_version=0.57.3\n';
const DUMP_BYTES = 'trigger?name=debug_dump_stats\ngoodbye\n';
/** A test that outlives this is hung: a wait meant to be cut short was not. */
const HANG_GUARD_MS = 20_000;

/** How the fake MPF treats each client. */
type Behaviour =
  | { kind: 'mpf'; helloDelayMs?: number } // hello first, closes on goodbye, like MPF 0.57.3
  | { kind: 'silent' } // never says hello, still closes on goodbye
  | { kind: 'deaf' } // says hello, then ignores goodbye and keeps the connection open
  | { kind: 'drop' }; // hangs up the moment it accepts

/** What one client sent, latin1 so every byte shows as one character. */
interface Received {
  bytes: string;
  bytesBeforeHello: string;
}

interface FakeMpf {
  port: number;
  /** One promise per accepted connection, settled when that connection has closed. */
  connections: Promise<Received>[];
  close(): Promise<void>;
}

async function startFakeMpf(behaviour: Behaviour = { kind: 'mpf' }, port = 0): Promise<FakeMpf> {
  const connections: Promise<Received>[] = [];
  const sockets = new Set<Socket>();
  // Half-open allowed, as in MPF's asyncio server: the client's FIN must not close the server's
  // side by itself, or a server that ignores goodbye could not be imitated.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    connections.push(serve(socket, behaviour));
  });
  server.listen(port, HOST);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}

function serve(socket: Socket, behaviour: Behaviour): Promise<Received> {
  socket.on('error', () => {
    // A client reset is part of what is being tested; the received bytes tell the story.
  });
  if (behaviour.kind === 'drop') {
    socket.destroy();
    return Promise.resolve({ bytes: '', bytesBeforeHello: '' });
  }

  let bytes = '';
  let bytesBeforeHello = '';
  let helloSent = false;
  if (behaviour.kind === 'mpf' || behaviour.kind === 'deaf') {
    const sayHello = (): void => {
      helloSent = true;
      socket.write(MPF_HELLO);
    };
    if (behaviour.kind === 'deaf' || behaviour.helloDelayMs === undefined) sayHello();
    else setTimeout(sayHello, behaviour.helloDelayMs);
  }
  socket.on('data', (chunk: Buffer) => {
    const text = chunk.toString('latin1');
    bytes += text;
    if (!helloSent) bytesBeforeHello += text;
    if (behaviour.kind !== 'deaf' && bytes.split('\n').includes('goodbye')) socket.end();
  });
  // The client's FIN means it has sent all it will; a deaf server never closes by itself.
  return new Promise((resolve) => {
    socket.on('end', () => resolve({ bytes, bytesBeforeHello }));
    socket.on('close', () => resolve({ bytes, bytesBeforeHello }));
  });
}

async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** A port that was free a moment ago: bound, then closed, so connecting to it is refused. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, HOST);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await closeServer(server);
  return port;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isBcpError(code: BcpError['code'], message?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof BcpError, `expected a BcpError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.doesNotMatch(error.message, /\n/, 'the message is one line');
    if (message !== undefined) assert.match(error.message, message);
    return true;
  };
}

test('parseHello reads the hello that MPF 0.57.3 sends', () => {
  assert.deepEqual(parseHello(MPF_HELLO), {
    version: '1.1',
    controllerName: 'Mission Pinball Framework',
    controllerVersion: '0.57.3',
  });
  assert.deepEqual(parseHello('HELLO?Version=1.1\r\n'), { version: '1.1', controllerName: null, controllerVersion: null });
  assert.deepEqual(parseHello('hello'), { version: null, controllerName: null, controllerVersion: null });
  assert.equal(parseHello('goodbye'), null);
  assert.equal(parseHello('hellos?version=1.1'), null);
  assert.equal(parseHello(''), null);
});

test('sends exactly the trigger and goodbye, and reports the hello', async () => {
  const mpf = await startFakeMpf();
  try {
    const result = await triggerDump({ host: HOST, port: mpf.port, event: 'debug_dump_stats', connectTimeoutMs: 2000 });
    assert.deepEqual(result, {
      host: HOST,
      port: mpf.port,
      event: 'debug_dump_stats',
      attempts: 1,
      helloVersion: '1.1',
      controllerVersion: '0.57.3',
    });
    assert.equal(mpf.connections.length, 1);
    const received = await mpf.connections[0];
    assert.equal(received?.bytes, DUMP_BYTES);
  } finally {
    await mpf.close();
  }
});

test('URL-encodes a custom event name the way MPF decodes it', async () => {
  const mpf = await startFakeMpf();
  try {
    await triggerDump({ host: HOST, port: mpf.port, event: 'relay+dump/ü', connectTimeoutMs: 2000 });
    const received = await mpf.connections[0];
    assert.equal(received?.bytes, 'trigger?name=relay%2Bdump%2F%C3%BC\ngoodbye\n');
  } finally {
    await mpf.close();
  }
});

test('waits for the hello before sending', async () => {
  const slow = await startFakeMpf({ kind: 'mpf', helloDelayMs: 150 });
  try {
    const result = await triggerDump({ host: HOST, port: slow.port, event: 'debug_dump_stats', connectTimeoutMs: 2000 });
    assert.equal(result.controllerVersion, '0.57.3');
    const received = await slow.connections[0];
    assert.equal(received?.bytesBeforeHello, '');
    assert.equal(received?.bytes, DUMP_BYTES);
  } finally {
    await slow.close();
  }
});

// A peer that accepts and never says hello is not MPF: claiming a dump there would be a lie, and
// whatever listens there is sent nothing.
test('a peer that never says hello is a not-mpf BcpError naming where, and is sent nothing', { timeout: HANG_GUARD_MS }, async () => {
  const silent = await startFakeMpf({ kind: 'silent' });
  try {
    await assert.rejects(
      triggerDump({ host: HOST, port: silent.port, event: 'debug_dump_stats', connectTimeoutMs: 300, helloWaitMs: 100 }),
      isBcpError(
        'not-mpf',
        new RegExp(`^127\\.0\\.0\\.1:${silent.port} answered but sent no BCP hello within 300ms, so it is not MPF \\(it sent nothing\\): `),
      ),
    );
    assert.equal(silent.connections.length, 1);
    assert.equal((await silent.connections[0])?.bytes, '');
  } finally {
    await silent.close();
  }
});

test('a peer whose first line is not a hello is a not-mpf BcpError quoting a short, escaped excerpt', { timeout: HANG_GUARD_MS }, async () => {
  for (const [greeting, shown] of [
    ['SSH-2.0-OpenSSH_9.6\r\n', '"SSH-2.0-OpenSSH_9.6"'],
    [`\u001b[2J${'x'.repeat(10_000)}\n`, `"\\x1b[2J${'x'.repeat(36)}…"`],
    ['y'.repeat(10_000), `"${'y'.repeat(40)}…"`],
  ] as const) {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.write(greeting);
    });
    server.listen(0, HOST);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      await assert.rejects(
        triggerDump({ host: HOST, port, event: 'debug_dump_stats', connectTimeoutMs: 10 * HANG_GUARD_MS }),
        isBcpError('not-mpf', new RegExp(`^127\\.0\\.0\\.1:${port} is not MPF: it sent ${escapeRegExp(shown)} instead of BCP's hello: `)),
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    }
  }
});

test('connection refused until the timeout is a refused BcpError', async () => {
  const port = await freePort();
  const started = Date.now();
  await assert.rejects(
    triggerDump({ host: HOST, port, event: 'debug_dump_stats', connectTimeoutMs: 600, retryIntervalMs: 100 }),
    isBcpError(
      'refused',
      new RegExp(
        `^could not connect to MPF at 127\\.0\\.0\\.1:${port} within 600ms \\(connection refused\\): is MPF running\\? BCP listens once MPF has finished starting$`,
      ),
    ),
  );
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 550, `gave up after ${elapsed}ms, before the timeout`);
  assert.ok(elapsed < 1500, `gave up after ${elapsed}ms, long after the timeout`);
});

test('keeps retrying while MPF starts, then triggers', async () => {
  const port = await freePort();
  const lateMpf = sleep(700).then(() => startFakeMpf({ kind: 'mpf' }, port));
  try {
    const result = await triggerDump({
      host: HOST,
      port,
      event: 'debug_dump_stats',
      connectTimeoutMs: 3000,
      retryIntervalMs: 100,
    });
    assert.ok(result.attempts > 1, `expected retries, got ${result.attempts} attempt(s)`);
    assert.equal(result.controllerVersion, '0.57.3');
    const mpf = await lateMpf;
    assert.equal(mpf.connections.length, 1);
    const received = await mpf.connections[0];
    assert.equal(received?.bytes, DUMP_BYTES);
  } finally {
    await (await lateMpf).close();
  }
});

test('does not hang when the server ignores goodbye', async () => {
  const mpf = await startFakeMpf({ kind: 'deaf' });
  try {
    const started = Date.now();
    const result = await triggerDump({ host: HOST, port: mpf.port, event: 'debug_dump_stats', connectTimeoutMs: 2000 });
    assert.equal(result.controllerVersion, '0.57.3');
    // Gives up waiting for the server's close after its 1 s grace, not never.
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 900 && elapsed < 2000, `took ${elapsed}ms`);
    assert.equal((await mpf.connections[0])?.bytes, DUMP_BYTES);
  } finally {
    await mpf.close();
  }
});

// A server that hangs up on accept has read nothing, so claiming the dump was triggered would be
// a lie: the client sees the hang-up while it waits for the hello and writes nothing.
// The hello wait is longer than the test may take: only the hang-up itself can end it in time.
test('a connection dropped on accept is a closed BcpError, and nothing is sent', { timeout: HANG_GUARD_MS }, async () => {
  const mpf = await startFakeMpf({ kind: 'drop' });
  try {
    await assert.rejects(
      triggerDump({ host: HOST, port: mpf.port, event: 'debug_dump_stats', connectTimeoutMs: 2000, helloWaitMs: 10 * HANG_GUARD_MS }),
      isBcpError(
        'closed',
        new RegExp(
          `^127\\.0\\.0\\.1:${mpf.port} closed the connection before saying BCP's hello, so debug_dump_stats was not triggered: is MPF shutting down, or is another program listening on that port\\?$`,
        ),
      ),
    );
    assert.equal(mpf.connections.length, 1);
    assert.equal((await mpf.connections[0])?.bytes, '');
  } finally {
    await mpf.close();
  }
});

test('rejects bad event names before connecting', async () => {
  const mpf = await startFakeMpf();
  try {
    for (const event of ['', 'debug dump', 'dump\t', 'dump\n', '{dump}', 'a?b', 'a&b', 'a=b', 'a%41', '\uD800']) {
      await assert.rejects(
        triggerDump({ host: HOST, port: mpf.port, event, connectTimeoutMs: 2000 }),
        isBcpError('bad-event', /^invalid event name /),
        JSON.stringify(event),
      );
    }
    assert.equal(mpf.connections.length, 0);
  } finally {
    await mpf.close();
  }
});

// Characters MPF's decoding treats specially, printable ASCII, and any code point (a lone
// surrogate included). Built by hand: fast-check's 'binary' unit takes over a second to set up.
const eventChar = fc.oneof(
  fc.constantFrom(...'_ {}?&=%+/#;:\t\n'),
  fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
);
const eventNames = fc.string({ unit: eventChar, maxLength: 12 });

/** The `name` MPF 0.57 posts for a query: parse_qs (`+` and %XX), then unquote (%XX again). */
function decodeLikeMpf(query: string): string | undefined {
  const once = new URLSearchParams(query).get('name') ?? undefined;
  return once?.replace(/(?:%[0-9a-f]{2})+/giu, (escapes) => Buffer.from(escapes.replaceAll('%', ''), 'hex').toString('utf8'));
}

test('any event name is either refused as bad-event or arrives intact', async () => {
  const mpf = await startFakeMpf();
  try {
    await fc.assert(
      fc.asyncProperty(eventNames, async (event) => {
        const before = mpf.connections.length;
        try {
          await triggerDump({ host: HOST, port: mpf.port, event, connectTimeoutMs: 2000 });
        } catch (error) {
          isBcpError('bad-event')(error);
          assert.equal(mpf.connections.length, before);
          return;
        }
        const received = await mpf.connections[before];
        const sent = /^trigger\?(name=[^\n]*)\ngoodbye\n$/u.exec(received?.bytes ?? '');
        assert.ok(sent?.[1] !== undefined, `unexpected bytes ${JSON.stringify(received?.bytes)}`);
        assert.equal(decodeLikeMpf(Buffer.from(sent[1], 'latin1').toString('utf8')), event);
      }),
      { numRuns: 60 },
    );
  } finally {
    await mpf.close();
  }
});

// Without the abort the retries would go on past the test's timeout, then end in a refused BcpError.
test('an abort stops the retries with the abort reason, not a BcpError', { timeout: HANG_GUARD_MS }, async () => {
  const port = await freePort();
  await assert.rejects(
    triggerDump({
      host: HOST,
      port,
      event: 'debug_dump_stats',
      connectTimeoutMs: 10 * HANG_GUARD_MS,
      retryIntervalMs: 100,
      signal: AbortSignal.timeout(150),
    }),
    (error: unknown) => {
      assert.ok(!(error instanceof BcpError));
      assert.ok(error instanceof Error && error.name === 'AbortError', String(error));
      return true;
    },
  );
});
