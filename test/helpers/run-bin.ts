// Runs `node bin/leakdiff.js` (build first) in a child process that is killed if it outlives a
// guard: a hang then fails its test instead of stopping the whole test run.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './cli.js';

const BIN = path.join(ROOT, 'bin', 'leakdiff.js');

/** Long enough for a slow, busy machine; a run that takes this long is hung. */
export const HANG_GUARD_MS = 60_000;

export interface BinRun {
  /** exit code; null when the child was killed */
  code: number | null;
  /** true when the guard killed it */
  hung: boolean;
  stdout: string;
  stderr: string;
}

export interface BinOptions {
  cwd?: string;
  /** bytes for standard input, or a file to redirect from (`- < /dev/zero`) */
  stdin?: Buffer | { file: string };
  env?: Record<string, string>;
  /** more arguments for node itself, before the script */
  nodeArgs?: readonly string[];
}

/** Runs a script or the CLI in a child node with the hang guard. */
export function runNode(args: readonly string[], options: BinOptions = {}): Promise<BinRun> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NO_COLOR: '1', ...options.env };
  const stdin = options.stdin;
  const redirect = stdin !== undefined && !Buffer.isBuffer(stdin);
  // A file on standard input is given by the shell, as a user would: `leakdiff - < file`.
  const command = redirect
    ? ['sh', '-c', 'exec "$0" "$@" < "$LEAKDIFF_TEST_STDIN"', process.execPath, ...(options.nodeArgs ?? []), ...args]
    : [process.execPath, ...(options.nodeArgs ?? []), ...args];
  if (redirect) env.LEAKDIFF_TEST_STDIN = stdin.file;
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: options.cwd ?? ROOT, env });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let hung = false;
    const guard = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, HANG_GUARD_MS);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, hung, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
    child.stdin?.on('error', () => undefined);
    if (!redirect) child.stdin?.end(stdin ?? Buffer.alloc(0));
  });
}

/** Runs `node bin/leakdiff.js args…`. */
export function runBin(args: readonly string[], options: BinOptions = {}): Promise<BinRun> {
  return runNode([BIN, ...args], options);
}
