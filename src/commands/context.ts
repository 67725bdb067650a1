// What every command gets from the CLI shell: the process's streams and environment, and how to
// write output. Commands never touch `process` themselves, so tests run them in-process.

import { randomBytes } from 'node:crypto';
import { fstatSync, type Stats } from 'node:fs';
import { realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReadIo } from '../analyze/read-inputs.js';
import { CONFIG_FILE } from '../config.js';
import { LeakdiffError, describeSystemError } from '../errors.js';
import { checkInterrupted } from '../interrupt.js';
import type { InputSource } from '../read/inputs.js';
import { writeReplacement } from '../write-output.js';
import { createProgressBar, showsProgress } from './progress.js';

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
  /**
   * Runs synchronous work during which Ctrl-C ends the process at once: while it runs, nothing
   * could hear the signal. Work that gives the event loop turns checks `signal` instead.
   */
  killableDuring?<T>(work: () => T): T;
}

/** Shared state of one run: commands set the exit code here. */
export interface CommandContext {
  io: CliIo;
  exitCode: number;
  /** the config files read (absolute paths): output is never written over one */
  configFiles: string[];
}

/**
 * Colour only for a person at a terminal: chalk 5 alone looks at FORCE_COLOR and the TTY, so
 * `--no-color` and NO_COLOR (https://no-color.org) are honoured here.
 */
export function useColor(io: CliIo, options: { color?: boolean; output?: string }): boolean {
  if (options.color === false || options.output !== undefined) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  // FORCE_COLOR as chalk reads it: 0 or false turn colour off, anything else (also empty) on.
  const force = io.env.FORCE_COLOR;
  if (force === '0' || force === 'false') return false;
  if (force !== undefined) return true;
  return io.stdout.isTTY === true;
}

/**
 * Writes a command's output to stdout, or to `--output FILE` atomically (a temporary file, then a
 * rename) so that a crash leaves the old file whole. `sources` (what the inputs stood for, as the
 * read returned them) are never overwritten.
 */
export async function writeResult(ctx: CommandContext, text: string, output: string | undefined, sources: readonly InputSource[] = [], otherInputs: readonly string[] = []): Promise<void> {
  // A Ctrl-C during the work before is heard here at the latest: nothing is written then.
  await checkInterrupted(ctx.io.signal);
  if (output === undefined || output === '-') {
    ctx.io.stdout.write(text);
    return;
  }
  const target = path.resolve(ctx.io.cwd, output);
  await refuseInput(ctx, target, output, sources, otherInputs);
  await writeFileAtomic(target, text, output, [], null, ctx.io.signal);
}

/**
 * Throws when `target` (an absolute path) is a file that was read, or could have been: one of
 * `sources` (`list logs/ -o logs/x.log` must not replace a log of another run either), the file
 * redirected to `-`, one of `otherInputs` (absolute paths), or a config file.
 */
export async function refuseInput(ctx: CommandContext, target: string, shownName: string, sources: readonly InputSource[], otherInputs: readonly string[] = []): Promise<void> {
  const stdin = sources.some((source) => source.path === null) ? fileBehind(ctx.io.stdin) : null;
  const logs = sources.flatMap((source) => (source.path === null ? [] : [source.path]));
  // The config file in the working directory is leakdiff's own, whether this command read it or not.
  const configs = [...ctx.configFiles, path.resolve(ctx.io.cwd, CONFIG_FILE)];
  await refuseInputFile(target, shownName, [...logs, ...otherInputs, ...configs], stdin);
}

/** What reading needs from the CLI: warnings on stderr, a progress bar when a person watches a big read. */
export function readIoOf(ctx: CommandContext): ReadIo {
  const { io } = ctx;
  return {
    cwd: io.cwd,
    stdin: io.stdin,
    env: io.env,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    ...(io.killableDuring === undefined ? {} : { killableDuring: io.killableDuring }),
    warn: (text) => void io.stderr.write(`leakdiff: warning: ${text}\n`),
    note: (text) => void io.stderr.write(`leakdiff: note: ${text}\n`),
    progress: (totalBytes) => (showsProgress(io, totalBytes) ? createProgressBar(io.stderr, totalBytes) : null),
  };
}

/** What standard input reads from when it is a redirected file (`leakdiff extract - < x.log`). */
function fileBehind(stdin: NodeJS.ReadableStream): Stats | null {
  const fd = (stdin as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return null;
  try {
    return fstatSync(fd);
  } catch {
    return null;
  }
}

/**
 * A name for a temporary file in the folder of `file`, to be renamed to it: short, so that a file
 * whose own name is near the longest allowed can still be written.
 */
export function temporaryBeside(file: string): string {
  return path.join(path.dirname(file), `.leakdiff-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `target` by temporary file and rename. Refuses when it is one of `inputs` (absolute
 * paths) or `stdinFile`, by any path that leads to the same file (a symlink, a hard link, `./`).
 */
export async function writeFileAtomic(
  target: string,
  text: string,
  shownName: string,
  inputs: readonly string[] = [],
  stdinFile: Stats | null = null,
  signal?: AbortSignal,
): Promise<void> {
  await refuseInputFile(target, shownName, inputs, stdinFile);
  // Through a symlink to the file it names: renaming onto the link would replace the link itself.
  const file = await realpath(target).catch(() => target);
  const existing = await stat(file).catch(() => null);
  if (existing !== null && !existing.isFile() && !existing.isDirectory()) {
    // A device or pipe (`-o /dev/null`, `/dev/stdout`, a FIFO) is written to: a rename would
    // replace it with a plain file. It has no old content to keep whole.
    await writeFile(file, text).catch((error: unknown) => {
      throw new LeakdiffError(`${shownName}: cannot write (${describeSystemError(error)})`);
    });
    return;
  }
  const temporary = temporaryBeside(file);
  try {
    await writeReplacement(temporary, text, existing?.isFile() ? existing : null);
    // Ctrl-C while the text was written: the old file stays, the new one goes.
    signal?.throwIfAborted();
    await rename(temporary, file);
  } catch (error) {
    // Nothing to remove where the temporary file could not be made (its folder is a file, its name too long).
    await rm(temporary, { force: true }).catch(() => undefined);
    if (signal?.aborted === true && error === signal.reason) throw error;
    throw new LeakdiffError(`${shownName}: cannot write (${describeSystemError(error)})`);
  }
}

/** Throws when `target` is one of `inputs` (absolute paths) or `stdinFile`, by any path that leads to the same file. */
async function refuseInputFile(target: string, shownName: string, inputs: readonly string[], stdinFile: Stats | null): Promise<void> {
  if (await isOneOf(target, inputs, stdinFile)) throw new LeakdiffError(`${shownName}: is one of the inputs; leakdiff never writes to its inputs`);
}

/** Whether `target` (an absolute path) is one of `files` (absolute paths) or `stdinFile`, by its path or by any path that leads to the same file. */
export async function isOneOf(target: string, files: readonly string[], stdinFile: Stats | null = null): Promise<boolean> {
  return files.includes(target) || isSameFileAsAny(target, files, stdinFile);
}

async function isSameFileAsAny(target: string, inputs: readonly string[], stdinFile: Stats | null): Promise<boolean> {
  // A file that does not exist yet was not read: the usual case costs one stat.
  const existing = await stat(target).catch(() => null);
  if (existing === null) return false;
  if (stdinFile !== null && sameFile(existing, stdinFile)) return true;
  for (const input of inputs) {
    const found = await stat(input).catch(() => null);
    if (found !== null && sameFile(existing, found)) return true;
  }
  return false;
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}
