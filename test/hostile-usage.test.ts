// A new user's first mistakes: no argument at all, a command name mistyped, a dump number past
// the end, an unknown option, an empty output name. Each is one clear line (or the short help),
// exit 2.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import { ROOT, runCli, type Run } from './helpers/cli.js';

const HANDLER_LEAK = 'fixtures/diff-handler-growth/mpf-pinbox.log';
const REAL = 'fixtures/real-057-clean-run/mpf-0.57.3+mc-0.57.0-clean-3games-per-ball-13-dumps';
const REAL_RUN = [`${REAL}.mpf.log`, `${REAL}.mc.log`];

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-usage-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Exit 2, nothing on stdout, and exactly this one line on stderr. */
function assertOneLine(run: Run, line: string): void {
  assert.equal(run.stderr, `${line}\n`);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
}

test('leakdiff with no argument: the short help on stderr, exit 2', async () => {
  const run = await runCli([]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^Usage: leakdiff /);
  for (const command of ['diff', 'list', 'extract', 'trigger', 'watch', 'baseline']) assert.match(run.stderr, new RegExp(`^ {2}${command}\\b`, 'm'), command);
  assert.doesNotMatch(run.stderr, /Examples:/, 'short: the examples are for --help');
  assert.match(run.stderr.trimEnd().split('\n').at(-1)!, /leakdiff --help/);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0, '--help is still the long help on stdout');
  assert.match(help.stdout, /Examples:/);
});

test('a first argument that is no file but close to a command name: did you mean', async () => {
  assertOneLine(await runCli(['lsit', HANDLER_LEAK]), 'leakdiff: lsit: no such file or directory; did you mean leakdiff list?');
  assertOneLine(await runCli(['extarct']), 'leakdiff: extarct: no such file or directory; did you mean leakdiff extract?');
  assertOneLine(await runCli(['dif', HANDLER_LEAK]), 'leakdiff: dif: no such file or directory; did you mean leakdiff diff?');
  assertOneLine(await runCli(['whatch', 'logs/']), 'leakdiff: whatch: no such file or directory; did you mean leakdiff watch?');
  assertOneLine(await runCli(['no-such.log', HANDLER_LEAK]), 'leakdiff: no-such.log: no such file or directory');
  // A log that happens to be named like a typo is read.
  writeFileSync(path.join(scratch, 'lsit'), readFileSync(path.join(ROOT, HANDLER_LEAK)));
  const named = await runCli(['lsit'], { cwd: scratch });
  assert.equal(named.code, 1, named.stderr);
  assert.match(named.stdout, /^mpf: 2 leaks/m);
});

test('--from and --to past the dumps there are say the range there is', async () => {
  for (const flag of ['--from', '--to']) {
    for (const value of ['99', '-99']) {
      assertOneLine(await runCli([HANDLER_LEAK, flag, value]), `leakdiff: ${flag} ${value}: no such dump; the inputs hold mpf #1–9 (as leakdiff list numbers them; -1 is the last)`);
    }
  }
  assertOneLine(await runCli([...REAL_RUN, '--to', '14']), 'leakdiff: --to 14: no such dump; the inputs hold mpf #1–13, mc #1–13 (as leakdiff list numbers them; -1 is the last)');
  assertOneLine(await runCli([...REAL_RUN, '--process', 'mc', '--from', '20']), 'leakdiff: --from 20: no such dump; the inputs hold mc #1–13 (as leakdiff list numbers them; -1 is the last)');
  const inRange = await runCli([HANDLER_LEAK, '--from', '-9', '--to', '9']);
  assert.equal(inRange.code, 1, inRange.stderr);
});

test('an unknown option, or any other usage error, is one line', async () => {
  assertOneLine(await runCli([HANDLER_LEAK, '--bogus']), "leakdiff: unknown option '--bogus' (leakdiff diff --help lists the options)");
  assertOneLine(await runCli([HANDLER_LEAK, '--form', '2']), "leakdiff: unknown option '--form'; did you mean --from?");
  assertOneLine(await runCli(['list', HANDLER_LEAK, '--bogus']), "leakdiff: unknown option '--bogus' (leakdiff list --help lists the options)");
  assertOneLine(await runCli(['list']), "leakdiff: missing required argument 'inputs' (leakdiff list --help lists the options)");
});

test('-o "" is a clear message, for every command that writes a file', async () => {
  for (const command of ['diff', 'list', 'extract', 'baseline']) {
    assertOneLine(await runCli([command, HANDLER_LEAK, '-o', '']), 'leakdiff: -o/--output: the file name is empty; give a file, or - for standard output');
    assertOneLine(await runCli([command, HANDLER_LEAK, '--output=']), 'leakdiff: -o/--output: the file name is empty; give a file, or - for standard output');
  }
});

test('help with a mistyped command: one line, did you mean', async () => {
  assertOneLine(await runCli(['help', 'lsit']), 'leakdiff: help lsit: no such command; did you mean leakdiff help list?');
  assertOneLine(await runCli(['help', 'xyzzy']), 'leakdiff: help xyzzy: no such command; leakdiff --help lists the commands');
  const known = await runCli(['help', 'list']);
  assert.equal(known.code, 0);
  assert.match(known.stdout, /^Usage: leakdiff list /);
});

test('watch - says that watch follows a file or folder, not standard input', async () => {
  assertOneLine(await runCli(['watch', '-']), 'leakdiff: watch follows a log file or a folder of logs, not standard input (-): give the log MPF writes, or its folder');
});

test('a symlink loop is one clear line, for reading and for watch', { timeout: 20_000, skip: process.platform === 'win32' && 'no symlinks without privileges' }, async () => {
  const loop = path.join(scratch, 'loop.log');
  symlinkSync(path.join(scratch, 'loop-b.log'), loop);
  symlinkSync(loop, path.join(scratch, 'loop-b.log'));
  const message = 'too many symbolic links: a link that leads back to itself?';
  assertOneLine(await runCli(['list', 'loop.log'], { cwd: scratch }), `leakdiff: loop.log: ${message}`);
  assertOneLine(await runCli(['diff', 'loop.log'], { cwd: scratch }), `leakdiff: loop.log: ${message}`);
  assertOneLine(await runCli(['watch', 'loop.log'], { cwd: scratch }), `leakdiff: loop.log: ${message}`);
});

test('a Unix socket named as a log is one clear line', { timeout: 20_000, skip: process.platform === 'win32' && 'no Unix sockets' }, async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path.join(scratch, 'mpf.sock'), resolve));
  try {
    assertOneLine(await runCli(['list', 'mpf.sock'], { cwd: scratch }), 'leakdiff: mpf.sock: no such device: a socket or a device, not a log file');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
