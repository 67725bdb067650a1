// What every command gets from the CLI shell: the process's streams and environment, and how to
// write output. Commands never touch `process` themselves, so tests run them in-process.

import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LeakdiffError, describeSystemError } from '../errors.js';

/** A writable text stream (process.stdout, or a test's collector). */
export interface TextOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** The outside world of one CLI run. */
export interface CliIo {
  stdout: TextOutput;
  stderr: TextOutput;
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** aborted on Ctrl-C: long-running commands (watch) stop cleanly */
  signal?: AbortSignal;
}

/** Shared state of one run: commands set the exit code here. */
export interface CommandContext {
  io: CliIo;
  exitCode: number;
}

/**
 * Colour only for a person at a terminal: chalk 5 alone looks at FORCE_COLOR and the TTY, so
 * `--no-color` and NO_COLOR (https://no-color.org) are honoured here.
 */
export function useColor(io: CliIo, options: { color?: boolean; output?: string }): boolean {
  if (options.color === false || options.output !== undefined) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

/**
 * Writes a command's output to stdout, or to `--output FILE` atomically (a temporary file, then a
 * rename) so that a crash leaves the old file whole. An input is never overwritten.
 */
export async function writeResult(ctx: CommandContext, text: string, output: string | undefined, inputs: readonly string[] = []): Promise<void> {
  if (output === undefined || output === '-') {
    ctx.io.stdout.write(text);
    return;
  }
  await writeFileAtomic(path.resolve(ctx.io.cwd, output), text, output, inputs.map((input) => path.resolve(ctx.io.cwd, input)));
}

/** Writes `target` by temporary file and rename; refuses when it is one of `inputs` (absolute paths). */
export async function writeFileAtomic(target: string, text: string, shownName: string, inputs: readonly string[] = []): Promise<void> {
  if (inputs.includes(target)) throw new LeakdiffError(`${shownName}: is one of the inputs; leakdiff never writes to its inputs`);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new LeakdiffError(`${shownName}: cannot write (${describeSystemError(error)})`);
  }
}
