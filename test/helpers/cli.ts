// The one way tests run leakdiff: in-process through `main` with a fake io (fast; streams
// collected), or as a user does, `node bin/leakdiff.js` in a child process (build first:
// npx tsc -p tsconfig.json); other node scripts run in a child process the same way. Colour is off and the environment is the test's own, never the
// caller's (no CI, FORCE_COLOR or GITHUB_STEP_SUMMARY leaks in).

import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';
import type { CliIo } from '../../src/commands/context.js';

/** The repository root, where fixture paths are relative to. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The command a user runs. */
export const BIN = path.join(ROOT, 'bin', 'leakdiff.js');

/** What one run of leakdiff gave. */
export interface Run {
  /** the exit code; null when a child process was ended by a signal */
  code: number | null;
  stdout: string;
  stderr: string;
  /** a child process run with a hang guard: whether the guard killed it */
  hung?: boolean;
}

/** The CLI's `main`: the sources' (the default) or the compiled one in dist/. */
export type CliMain = typeof main;

/** How to run leakdiff in-process. */
export interface InProcessOptions {
  /** the working directory (default: the repository root) */
  cwd?: string;
  /** the environment, besides NO_COLOR=1 */
  env?: Record<string, string>;
  /** standard input: its text, or the pieces it arrives in */
  stdin?: string | Buffer | readonly Buffer[];
  /** stderr claims to be a terminal (the progress bar's condition) */
  stderrIsTTY?: boolean;
  /** the `main` to call (default: the sources') */
  entry?: CliMain;
  /** parts of the io replaced outright: a stream that throws, a signal */
  io?: Partial<CliIo>;
}

/** leakdiff running in-process: its output so far, and how to stop it (Ctrl-C) and get its run. */
export interface StartedCli {
  stdout(): string;
  stderr(): string;
  /** aborts the io's signal, as Ctrl-C does, and waits for the run's end */
  stop(): Promise<Run>;
  /** the run, once it ends by itself */
  done: Promise<Run>;
}

/** Runs leakdiff in-process to its end. */
export function runCli(argv: readonly string[], options: InProcessOptions = {}): Promise<Run> {
  return startCli(argv, options).done;
}

/** Starts leakdiff in-process; for commands that run until stopped (watch). */
export function startCli(argv: readonly string[], options: InProcessOptions = {}): StartedCli {
  let stdout = '';
  let stderr = '';
  const controller = new AbortController();
  const stdin = options.stdin === undefined ? [] : typeof options.stdin === 'string' || Buffer.isBuffer(options.stdin) ? [Buffer.from(options.stdin)] : options.stdin;
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), ...(options.stderrIsTTY === undefined ? {} : { isTTY: options.stderrIsTTY }) },
    stdin: Readable.from(stdin),
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? ROOT,
    signal: controller.signal,
    ...options.io,
  };
  const done = (options.entry ?? main)(argv, io).then((code) => ({ code, stdout, stderr }));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    stop: () => {
      controller.abort();
      return done;
    },
    done,
  };
}

/** Long enough for a slow, busy machine: a child still running after this is hung. */
export const HANG_GUARD_MS = 60_000;

/** How to run `node bin/leakdiff.js` (or another node script) in a child process. */
export interface SpawnOptions {
  /** the working directory (default: the repository root) */
  cwd?: string;
  /** the environment, besides PATH and NO_COLOR=1 */
  env?: Record<string, string>;
  /** what standard input gives (default: nothing) */
  stdin?: string | Buffer;
  /** standard input redirected from this file by a shell (`leakdiff … < file`), so leakdiff can see which file it is */
  stdinFile?: string;
  /** a shell line run before leakdiff (`ulimit -f 1`); leakdiff is then started by `sh -c` */
  shellPrefix?: string;
  /** run as this user (and the group of the same number) */
  uid?: number;
  /** arguments for node itself, before the script (`--expose-gc`) */
  nodeArgs?: readonly string[];
  /** kill the child after this long and mark its run `hung`, so a hang fails its test instead of stopping the test run */
  hangGuardMs?: number;
}

/** leakdiff running in a child process: its output so far, the process (to signal it), and its run once it ends. */
export interface LaunchedCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  done: Promise<Run>;
}

/** Runs `node bin/leakdiff.js argv…` to its end. Asynchronous, so that a test's runs can go side by side. */
export function spawnCli(argv: readonly string[], options: SpawnOptions = {}): Promise<Run> {
  return launchCli(argv, options).done;
}

/** Starts `node bin/leakdiff.js argv…`. */
export function launchCli(argv: readonly string[], options: SpawnOptions = {}): LaunchedCli {
  return launchNode([BIN, ...argv], options);
}

/** Runs `node args…` to its end: a script, `-e` code, or a compiler, with the same options as leakdiff. */
export function spawnNode(args: readonly string[], options: SpawnOptions = {}): Promise<Run> {
  return launchNode(args, options).done;
}

function launchNode(args: readonly string[], options: SpawnOptions): LaunchedCli {
  const node = [process.execPath, ...(options.nodeArgs ?? []), ...args];
  const shell = options.shellPrefix !== undefined || options.stdinFile !== undefined;
  const script = [
    ...(options.stdinFile === undefined ? [] : ['file=$1; shift']),
    ...(options.shellPrefix === undefined ? [] : [options.shellPrefix]),
    `exec "$@"${options.stdinFile === undefined ? '' : ' < "$file"'}`,
  ].join('; ');
  const command = shell ? ['sh', '-c', script, 'sh', ...(options.stdinFile === undefined ? [] : [options.stdinFile]), ...node] : node;
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  // leakdiff may exit before it reads its standard input.
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.stdin ?? Buffer.alloc(0));
  let hung = false;
  const guard =
    options.hangGuardMs === undefined
      ? undefined
      : setTimeout(() => {
          hung = true;
          child.kill('SIGKILL');
        }, options.hangGuardMs);
  const text = (chunks: Buffer[]): string => Buffer.concat(chunks).toString('utf8');
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(guard);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout: text(stdout), stderr: text(stderr), ...(guard === undefined ? {} : { hung }) });
    });
  });
  return { child, stdout: () => text(stdout), stderr: () => text(stderr), done };
}

/** No stack trace and no crash report on stderr: those are leakdiff bugs, not the user's problem. */
export function assertNoStack(run: Run): void {
  assert.doesNotMatch(run.stderr, /\n\s+at /, `no stack trace on stderr:\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /internal error/);
}

/** Bad input as the user sees it: exit 2, nothing on stdout, one line on stderr, this one (after `leakdiff: `) or matching. */
export function assertInputError(run: Run, message: string | RegExp): void {
  assert.notEqual(run.hung, true, 'leakdiff hung');
  assertNoStack(run);
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, '');
  if (typeof message === 'string') assert.equal(run.stderr, `leakdiff: ${message}\n`);
  else assert.match(run.stderr, message);
  assert.equal(run.stderr.split('\n').length, 2, `one line: ${run.stderr}`);
}

/** The diff golden cases: the fixture folders named `diff-*`. */
export function diffCases(): string[] {
  return readdirSync(path.join(ROOT, 'fixtures')).filter((name) => name.startsWith('diff-')).sort();
}

/** What a case folder's optional args.json may say: inputs (relative to the folder) and flags. */
interface CaseArgs {
  inputs?: string[];
  args?: string[];
}

/** The inputs and flags of one diff golden case, paths relative to the repository root. */
export function caseArgv(name: string): { inputs: string[]; args: string[] } {
  const folder = path.join('fixtures', name);
  const argsFile = path.join(ROOT, folder, 'args.json');
  const caseArgs: CaseArgs = existsSync(argsFile) ? (JSON.parse(readFileSync(argsFile, 'utf8')) as CaseArgs) : {};
  const inputs = (caseArgs.inputs ?? readdirSync(path.join(ROOT, folder)).filter((file) => file.endsWith('.log')).sort()).map((file) => path.join(folder, file));
  return { inputs, args: caseArgs.args ?? [] };
}
