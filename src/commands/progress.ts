// A progress bar on stderr while big inputs are read: bytes read of the total. Only for a person
// at a terminal: never when stderr is a pipe or a file, never in CI (CI=true), where the bar's
// carriage returns would litter the log.

import { stat } from 'node:fs/promises';
import { expandInputs, type InputSource } from '../read/inputs.js';
import { checkDumpsFound, loadLogs, type LoadedLog } from '../read/load.js';
import type { CliIo, CommandContext, TextOutput } from './context.js';

/** Inputs smaller than this are read before anyone would look at a bar. */
export const PROGRESS_FROM_BYTES = 50 * 1024 * 1024;

const BAR_WIDTH = 30;
const MEGABYTE = 1024 * 1024;

/** Whether to show a bar for `totalBytes` of input. */
export function showsProgress(io: Pick<CliIo, 'stderr' | 'env'>, totalBytes: number): boolean {
  const ci = io.env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  return io.stderr.isTTY === true && !inCi && totalBytes >= PROGRESS_FROM_BYTES;
}

export interface ProgressBar {
  /** `bytesRead` of `source` so far (as `loadLogs` reports it: cumulative per source) */
  update(source: InputSource, bytesRead: number): void;
  /** clears the bar's line */
  finish(): void;
}

/** A bar redrawn in place (carriage return) each time the whole percentage changes. */
export function createProgressBar(stderr: TextOutput, totalBytes: number): ProgressBar {
  let finishedBytes = 0;
  let current: InputSource | null = null;
  let currentBytes = 0;
  let shownPercent = -1;
  return {
    update(source, bytesRead) {
      if (source !== current) {
        finishedBytes += currentBytes;
        current = source;
      }
      currentBytes = bytesRead;
      const done = Math.min(finishedBytes + currentBytes, totalBytes);
      const percent = Math.floor((done / totalBytes) * 100);
      if (percent === shownPercent) return;
      shownPercent = percent;
      stderr.write(`\r${progressLine(done, totalBytes)}`);
    },
    finish() {
      if (shownPercent >= 0) stderr.write('\r\u001b[K');
    },
  };
}

/** `reading [#########.....................]  61.2 of 200.0 MB  30%` */
export function progressLine(done: number, total: number): string {
  const fraction = total === 0 ? 1 : done / total;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
  return `reading [${bar}]  ${(done / MEGABYTE).toFixed(1)} of ${(total / MEGABYTE).toFixed(1)} MB  ${Math.floor(fraction * 100)}%`;
}

/** The size of every input that is a file (standard input has none to know in advance). */
export async function totalBytesOf(sources: readonly InputSource[]): Promise<number> {
  let total = 0;
  for (const source of sources) {
    if (source.path === null) continue;
    // A file that cannot be read is reported by the read itself, with its name.
    total += await stat(source.path).then((found) => found.size, () => 0);
  }
  return total;
}

/**
 * Reading for every command: expand the inputs, keep those `choose` keeps (one run of a logs/
 * folder), read them with a bar on stderr when they are big and a person watches, insist on dumps
 * (warnings on stderr for logs found without any).
 */
export async function readInputsShowingProgress(
  ctx: CommandContext,
  inputs: readonly string[],
  choose: (sources: InputSource[]) => InputSource[] = (sources) => sources,
): Promise<LoadedLog[]> {
  const sources = choose(await expandInputs(inputs, ctx.io.cwd));
  const total = await totalBytesOf(sources);
  const bar = showsProgress(ctx.io, total) ? createProgressBar(ctx.io.stderr, total) : null;
  let loaded: LoadedLog[];
  try {
    const parallelMinBytes = parallelMinBytesOf(ctx.io.env);
    loaded = await loadLogs(sources, {
      stdin: ctx.io.stdin,
      ...(bar === null ? {} : { onProgress: bar.update }),
      ...(parallelMinBytes === null ? {} : { parallelMinBytes }),
    });
  } finally {
    bar?.finish();
  }
  const { warnings } = checkDumpsFound(loaded);
  for (const warning of warnings) ctx.io.stderr.write(`leakdiff: warning: ${warning}\n`);
  return loaded;
}

/**
 * LEAKDIFF_PARALLEL_MIN_BYTES: from which size plain files are read on two threads, for tests
 * (0 reads every file so) and for measuring. Not a whole number of bytes: the default.
 */
export function parallelMinBytesOf(env: Readonly<Record<string, string | undefined>>): number | null {
  const value = env.LEAKDIFF_PARALLEL_MIN_BYTES;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}
