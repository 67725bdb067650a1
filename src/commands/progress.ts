// A progress bar on stderr while big inputs are read: bytes read of the total. Only for a person
// at a terminal: never when stderr is a pipe or a file, never in CI (CI=true), where the bar's
// carriage returns would litter the log.

import type { ReadProgress } from '../analyze/read-inputs.js';
import type { InputSource } from '../read/inputs.js';
import type { CliIo, TextOutput } from './context.js';

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

/** A bar redrawn in place (carriage return) each time the whole percentage changes; `finish` clears its line. */
export function createProgressBar(stderr: TextOutput, totalBytes: number): ReadProgress {
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
