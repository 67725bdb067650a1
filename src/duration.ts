// Durations on the command line: `500ms`, `10s`, `5m`, `1h`, `2d`, or plain seconds. Every one
// ends up as a Node timer, which waits at most 2^31-1 ms: a longer one would fire at once (and
// warn), so it is refused as a usage error rather than turned into a busy loop.

import { LeakdiffError } from './errors.js';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The longest duration a Node timer can wait, in milliseconds (about 24.8 days). */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** Milliseconds of a duration (rounded, at least 1), or null when the text is not one or is 0. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const ms = Math.round(Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS]);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** Milliseconds of the duration `text` given to `option`; one that is not a duration, or is too long to wait, is a one-line usage error. */
export function durationOption(option: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new LeakdiffError(`${option}: "${text}" is not a duration (e.g. 500ms, 10s, 2m, 1h, 1d)`);
  if (ms > MAX_DURATION_MS) throw new LeakdiffError(`${option}: "${text}" is too long: at most ${MAX_DURATION_MS}ms (about 24.8 days, the longest a timer waits)`);
  return ms;
}
