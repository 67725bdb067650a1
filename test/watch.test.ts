import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { discoverLogs } from '../src/watch/discover.js';
import { UnansweredTriggers } from '../src/watch/trigger-schedule.js';
import { launchCli, ROOT, spawnCli, startCli, type StartedCli } from './helpers/cli.js';
import { buildFailingIoLibrary } from './helpers/failing-io.js';

const REAL_MPF = readFileSync(new URL('../fixtures/real-057-clean-run/mpf-0.57.3+mc-0.57.0-clean-3games-per-ball-13-dumps.mpf.log', import.meta.url), 'utf8').split('\n');

/** The lines of the real run's n-th MPF dump (1-based), header to END. */
function realDump(n: number): string {
  const starts = REAL_MPF.flatMap((line, index) => (line.endsWith('--- DEBUG DUMP EVENTS ---') ? [index] : []));
  const start = starts[n - 1]!;
  const end = REAL_MPF.findIndex((line, index) => index > start && line.endsWith('--- DEBUG DUMP EVENTS END ---'));
  return `${REAL_MPF.slice(start, end + 1).join('\n')}\n`;
}

const running = new Set<StartedCli>();

// A test that fails while waiting never reaches its `stop()`; a watch left running would keep
// the test process alive for ever instead of letting it report the failure.
afterEach(async () => {
  await Promise.all([...running].map((watch) => watch.stop()));
  running.clear();
});

/** Runs `leakdiff watch` in-process until stopped; its output is readable while it runs. */
function startWatch(argv: string[]): StartedCli {
  const watch = startCli(['watch', ...argv, '--poll', '50ms'], { cwd: process.cwd() });
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

const HELLO = 'hello?version=1.1&controller_name=Mission%20Pinball%20Framework&controller_version=0.57.3\n';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return String((server.address() as AddressInfo).port);
}

/** A port on which nothing listens: connecting to it is refused. */
async function closedPort(): Promise<string> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * A stand-in for MPF's BCP server: says hello, and once a client has said goodbye, calls
 * `onGoodbye` with everything it sent and ends the connection.
 */
async function fakeMpf(onGoodbye: (sent: string) => void): Promise<{ server: Server; port: string }> {
  const server = createServer((socket) => {
    // A trigger that watch abandons (Ctrl-C, the end of a test) resets the connection.
    socket.on('error', () => undefined);
    socket.write(HELLO);
    let sent = '';
    socket.on('data', (chunk) => {
      sent += chunk.toString();
      if (sent.endsWith('goodbye\n')) {
        onGoodbye(sent);
        socket.end();
      }
    });
  });
  return { server, port: await listen(server) };
}

/** How many `--- … · N dumps ---` stamps say `count`. */
function stamps(output: string, count: number): number {
  return output.split('\n').filter((line) => line.startsWith('--- ') && line.endsWith(` · ${count} dump${count === 1 ? '' : 's'} ---`)).length;
}

test('watch prints the comparison each time a dump is appended, survives truncation, and Ctrl-C is exit 0', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, '2026-11-25-03-39-30-mpf-pinbox.log');
  try {
    writeFileSync(log, 'start-up lines\n');
    const watch = startWatch([log]);
    appendFileSync(log, realDump(1));
    await until(() => watch.stdout().includes('waiting for a second dump'), 'the first dump');
    appendFileSync(log, realDump(5));
    await until(() => watch.stdout().includes('mpf: '), 'the first comparison');
    assert.match(watch.stdout(), /2 dumps/);
    writeFileSync(log, realDump(1));
    await until(() => watch.stderr().includes('was truncated or replaced'), 'the truncation notice');
    assert.equal((await watch.stop()).code, 0);
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
  const { server, port } = await fakeMpf((sent) => {
    received.push(sent);
    appendFileSync(log, realDump(++triggers === 1 ? 1 : 5));
  });
  try {
    const watch = startWatch([directory, '--every', '300ms', '--port', port]);
    await until(() => /mpf: /.test(watch.stdout()), 'a comparison of two triggered dumps');
    assert.equal((await watch.stop()).code, 0);
    assert.ok(triggers >= 2);
    assert.ok(received.every((sent) => sent === 'trigger?name=debug_dump_stats\ngoodbye\n'), 'only trigger and goodbye are sent');
    assert.doesNotMatch(watch.stdout(), /2026-11-24/, 'the older log is not followed');
    assert.match(watch.stderr(), /MPF dumped on the trigger\. A trigger over BCP reaches MPF only: .*--event bcp_debug_dump/, 'the relay hint, with no MC log to tell what MC did');
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
    await until(() => watch.stderr().includes('could not connect to MPF'), 'the connection message');
    assert.match(watch.stderr(), /still watching/);
    assert.equal((await watch.stop()).code, 0);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch on a folder switches to a newer run and does not mix its dumps with the old run', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  try {
    writeFileSync(path.join(directory, '2026-11-25-03-00-00-mpf-pinbox.log'), realDump(1) + realDump(5));
    const watch = startWatch([directory]);
    await until(() => watch.stdout().includes('2 dumps'), 'the old run');
    writeFileSync(path.join(directory, '2026-11-25-04-00-00-mpf-pinbox.log'), realDump(9));
    await until(() => watch.stderr().includes('a newer log appeared'), 'the switch');
    await until(() => watch.stdout().includes('1 dump ---'), 'the new run alone');
    assert.equal((await watch.stop()).code, 0);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch on a folder follows what reading a folder takes: a .log.gz, read again as it changes', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, '2026-11-25-03-39-30-mpf-pinbox.log.gz');
  try {
    writeFileSync(log, gzipSync(realDump(1) + realDump(5)));
    const watch = startWatch([directory]);
    await until(() => stamps(watch.stdout(), 2) === 1, 'the two dumps of the gzip log');
    assert.match(watch.stdout(), /mpf: /);
    writeFileSync(log, gzipSync(realDump(1) + realDump(5) + realDump(9)));
    await until(() => stamps(watch.stdout(), 3) === 1, 'the third dump after the gzip log changed');
    assert.equal((await watch.stop()).code, 0);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch on a folder follows Kivy logs (kivy_*.txt), the newest by its number: _10 after _9', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const kivy = readFileSync(path.join(ROOT, 'fixtures/prefix-h-kivy-log/kivy_25-10-04_3.txt'), 'utf8');
  try {
    writeFileSync(path.join(directory, 'kivy_26-11-25_9.txt'), kivy);
    writeFileSync(path.join(directory, 'kivy_26-11-25_10.txt'), kivy + kivy);
    const watch = startWatch([directory]);
    await until(() => stamps(watch.stdout(), 2) === 1, 'the two dumps of the newest Kivy log');
    assert.match(watch.stdout(), /mc: /);
    assert.doesNotMatch(watch.stdout(), /waiting for a second dump/, 'the older Kivy log, with one dump, is not followed');
    assert.equal((await watch.stop()).code, 0);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch --every with a bad event name is a usage error at once', async () => {
  const watch = startWatch(['some.log', '--every', '1s', '--event', 'debug dump']);
  assert.equal((await watch.stop()).code, 2);
  assert.match(watch.stderr(), /^leakdiff: --event: invalid event name "debug dump"/m);
});

test('watch follows a log renamed away (rotated) or deleted and written again: the new file is read from its start, alone', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, 'machine.log');
  try {
    writeFileSync(log, `2026-11-25 03:39:30,001 : run 1 starts\n${realDump(1)}${realDump(5)}`);
    const watch = startWatch([log]);
    await until(() => stamps(watch.stdout(), 2) === 1, 'the first run');

    // Each new file is longer than what was read of the old one, so only its identity or its
    // first bytes can tell that it is another file.
    renameSync(log, `${log}.1`);
    writeFileSync(log, `2026-11-25 04:00:00,002 : run 2 starts\n${realDump(1)}${realDump(5)}${realDump(9)}`);
    await until(() => stamps(watch.stdout(), 3) === 1, 'the renamed-away log replaced by the second run');
    assert.equal(watch.stderr().split('was truncated or replaced').length - 1, 1);

    // ext4 hands a deleted file's inode to the next file created, so the new file may look like
    // the old one to stat.
    unlinkSync(log);
    writeFileSync(log, `2026-11-25 05:00:00,003 : run 3 starts\n${'start-up line\n'.repeat(20_000)}${realDump(1)}${realDump(5)}`);
    await until(() => watch.stderr().split('was truncated or replaced').length - 1 === 2, 'the deleted log replaced by the third run');
    await until(() => stamps(watch.stdout(), 2) === 2, 'the third run alone');
    assert.equal((await watch.stop()).code, 0);
    assert.equal(stamps(watch.stdout(), 4) + stamps(watch.stdout(), 5), 0, 'no run is mixed with the one before');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch --every reads dumps while a trigger still waits for MPF to listen, and Ctrl-C ends that trigger', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, 'a.log');
  try {
    writeFileSync(log, realDump(1));
    const watch = startWatch([log, '--every', '1h', '--port', await closedPort(), '--connect-timeout', '10m']);
    // The first dump is printed in the same turn of the loop that starts the first trigger, which
    // then retries the refused connection for 10 minutes.
    await until(() => watch.stdout().includes('waiting for a second dump'), 'the first dump');
    appendFileSync(log, realDump(5));
    await until(() => stamps(watch.stdout(), 2) === 1, 'the second dump, read while the trigger is connecting');
    assert.doesNotMatch(watch.stderr(), /could not connect/);
    const stopping = Date.now();
    assert.equal((await watch.stop()).code, 0);
    assert.ok(Date.now() - stopping < 10_000, 'Ctrl-C does not wait for the connect timeout');
    assert.doesNotMatch(watch.stderr(), /could not connect/, 'an abandoned trigger is no failure');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch --every has one trigger in flight at a time, even when a trigger takes longer than the interval', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, 'a.log');
  writeFileSync(log, '');
  let connections = 0;
  let open = 0;
  let mostOpen = 0;
  const received: string[] = [];
  // A slow hello: each trigger waits for it, longer than the interval, before sending.
  const server = createServer((socket) => {
    setTimeout(() => socket.write(HELLO), 300);
    connections += 1;
    open += 1;
    mostOpen = Math.max(mostOpen, open);
    let bytes = '';
    let closed = false;
    // The client's end of the stream comes before it can finish its trigger and start the next.
    const close = (): void => {
      if (closed) return;
      closed = true;
      open -= 1;
      received.push(bytes);
    };
    socket.on('data', (chunk) => (bytes += chunk.toString()));
    socket.on('end', close);
    socket.on('close', close);
    socket.on('error', () => {});
  });
  const port = await listen(server);
  try {
    const watch = startWatch([log, '--every', '100ms', '--port', port]);
    await until(() => received.length >= 3, 'three triggers');
    assert.equal((await watch.stop()).code, 0);
    assert.equal(mostOpen, 1, `${connections} connections, at most ${mostOpen} at once`);
    assert.deepEqual(received.slice(0, 3), Array(3).fill('trigger?name=debug_dump_stats\ngoodbye\n'));
  } finally {
    server.close();
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch --every says when MPF takes the trigger but no dump appears, though triggers go out more often than the timeout', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, 'a.log');
  writeFileSync(log, '');
  let triggers = 0;
  const { server, port } = await fakeMpf(() => (triggers += 1));
  try {
    const watch = startWatch([log, '--every', '200ms', '--dump-timeout', '600ms', '--port', port]);
    await until(() => watch.stderr().includes('no dump appeared'), 'the missing dump message');
    assert.equal((await watch.stop()).code, 0);
    const missing = watch.stderr().split('\n').filter((line) => line.includes('no dump appeared'));
    for (const line of missing) {
      assert.match(line, /^leakdiff: no dump appeared in the log within 600ms of the trigger at \d\d:\d\d:\d\d; still watching$/);
    }
    assert.ok(missing.length <= triggers, `${missing.length} messages for ${triggers} triggers: at most one each`);
    assert.equal(watch.stdout(), '');
  } finally {
    server.close();
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch --every: a dump that lands answers the triggers before it, so none is reported missing', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, 'a.log');
  writeFileSync(log, '');
  const { server, port } = await fakeMpf(() => appendFileSync(log, realDump(1)));
  try {
    const watch = startWatch([log, '--every', '200ms', '--dump-timeout', '2s', '--port', port]);
    // Triggers start at least 200ms apart, so the twelfth starts past the first one's deadline.
    await until(() => stamps(watch.stdout(), 12) === 1, 'twelve dumps');
    assert.equal((await watch.stop()).code, 0);
    assert.doesNotMatch(watch.stderr(), /no dump appeared/);
  } finally {
    server.close();
    rmSync(directory, { recursive: true, force: true });
  }
});

test('unanswered triggers: each has its own deadline and is reported once', () => {
  const unanswered = new UnansweredTriggers();
  unanswered.sent({ startedAt: 0, sentAt: 10 });
  unanswered.sent({ startedAt: 100, sentAt: 110 });
  assert.deepEqual(unanswered.takeOverdue(200, 200), []);
  // A later trigger does not push back the deadline of an earlier one.
  assert.deepEqual(unanswered.takeOverdue(211, 200), [{ startedAt: 0, sentAt: 10 }]);
  assert.deepEqual(unanswered.takeOverdue(250, 200), []);
  assert.deepEqual(unanswered.takeOverdue(311, 200), [{ startedAt: 100, sentAt: 110 }]);
  assert.deepEqual(unanswered.takeOverdue(10_000, 200), []);
});

test('unanswered triggers: a dump read answers every trigger begun before it, and only those', () => {
  const unanswered = new UnansweredTriggers();
  unanswered.sent({ startedAt: 0, sentAt: 10 });
  unanswered.sent({ startedAt: 100, sentAt: 110 });
  unanswered.dumpsRead(150);
  // In flight when the dump was read: that dump may be its answer.
  unanswered.sent({ startedAt: 140, sentAt: 160 });
  // Begun when the dump had been read already.
  unanswered.sent({ startedAt: 150, sentAt: 170 });
  assert.deepEqual(unanswered.takeOverdue(10_000, 200), [{ startedAt: 150, sentAt: 170 }]);
});

test('watch prints a dump in a JSON-logging log once the log is quiet, without waiting for a line after it', async () => {
  // With --json-logging (and on the console), MPF's and MC's lines look alike: after EVENTS END
  // the dump could still be MC's, with more sections to come, until the log says otherwise.
  const json = readFileSync(new URL('../fixtures/prefix-g-json-logging/2025-10-04-16-15-48-mpf-pinbox.log', import.meta.url), 'utf8').split('\n');
  const dump = (ballStarted: number): string => `${json.slice(2, 12).join('\n').replace('Total handlers: 9 (for ball_started)', `Total handlers: ${ballStarted} (for ball_started)`)}\n`;
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, '2025-10-04-16-15-48-mpf-pinbox.log');
  try {
    writeFileSync(log, `${json.slice(0, 2).join('\n')}\n`);
    const watch = startWatch([log]);
    appendFileSync(log, dump(9));
    await until(() => watch.stdout().includes('waiting for a second dump'), 'the first dump, with no line after it');
    appendFileSync(log, dump(11));
    await until(() => watch.stdout().includes('mpf: 1 leak'), 'the comparison, with no line after the second dump');
    assert.match(watch.stdout(), /ball_started +9 → 11 +\+2/);
    assert.equal((await watch.stop()).code, 0);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('watch judges with the options diff takes: --ignore, --max-growth and the rest', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, '2026-11-25-03-39-30-mpf-pinbox.log');
  try {
    writeFileSync(log, 'start-up lines\n');
    const plain = startWatch([log]);
    const ignoring = startWatch([log, '--ignore', 'ball_*']);
    const budget = startWatch([log, '--max-growth', '2']);
    appendFileSync(log, realDump(1));
    appendFileSync(log, realDump(1).replace(/Total handlers: (\d+) \(for ball_started\)/, (_, count: string) => `Total handlers: ${Number(count) + 2} (for ball_started)`));
    for (const watch of [plain, ignoring, budget]) await until(() => /^mpf: /m.test(watch.stdout()), 'a comparison');
    assert.match(plain.stdout(), /^mpf: 1 leak$/m);
    assert.match(ignoring.stdout(), /^mpf: clean$/m);
    assert.match(ignoring.stdout(), /^Ignored: ball_\*$/m);
    assert.match(budget.stdout(), /^mpf: clean$/m);
    for (const watch of [plain, ignoring, budget]) assert.equal((await watch.stop()).code, 0);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('Ctrl-C through bin/leakdiff.js: watch stops with exit 0 and no stack', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-'));
  const log = path.join(directory, '2026-11-25-03-39-30-mpf-pinbox.log');
  try {
    writeFileSync(log, realDump(1));
    const watch = launchCli(['watch', log, '--poll', '50ms']);
    await until(() => watch.stdout().includes('waiting for a second dump'), 'the first dump');
    watch.child.kill('SIGINT');
    const { code, stderr } = await watch.done;
    assert.equal(code, 0);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('a read error or a folder that cannot be listed ends watch in one line with exit 2, not an internal error', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-io-'));
  try {
    const library = await buildFailingIoLibrary(dir);
    if (library === null) {
      t.skip('no C compiler to build the failing-I/O library with');
      return;
    }
    const logs = path.join(dir, 'logs');
    mkdirSync(logs);
    const log = path.join(logs, '2026-12-05-15-38-37-mpf-pinbox.log');
    writeFileSync(log, realDump(1) + realDump(2));
    const cases = [
      { argv: ['watch', log], env: { EIO_PATH: 'mpf-pinbox.log', EIO_AT: '1000' }, error: `${log}: input/output error` },
      { argv: ['watch', logs], env: { EIO_PATH: 'mpf-pinbox.log', EIO_AT: '0' }, error: `${path.join(logs, path.basename(log))}: input/output error` },
      { argv: ['watch', logs], env: { EACCES_DIR: 'logs' }, error: `${logs}: permission denied` },
    ];
    for (const { argv, env, error } of cases) {
      const run = await spawnCli([...argv, '--poll', '50ms'], { env: { LD_PRELOAD: library, ...env }, hangGuardMs: 20_000 });
      assert.notEqual(run.hung, true, `${argv.join(' ')}: still watching`);
      assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
      assert.ok(run.stderr.endsWith(`leakdiff: ${error}\n`), run.stderr);
      assert.doesNotMatch(run.stderr, /internal error|at .*\.js/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a watched folder not there holds no log yet; one that cannot be listed (a file now) is an error, not silence', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'leakdiff-watch-discover-'));
  try {
    assert.deepEqual(await discoverLogs(path.join(dir, 'not-yet'), 'not-yet'), []);
    writeFileSync(path.join(dir, 'logs'), 'a file where the folder was\n');
    await assert.rejects(discoverLogs(path.join(dir, 'logs'), 'logs'), { name: 'LeakdiffError', message: 'logs: a part of the path is not a directory' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
