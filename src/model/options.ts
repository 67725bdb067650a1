// The settings one comparison runs with, echoed in the report as `options`.

import type { ProcessKind } from './log.js';

/** How a series of three or more dumps is judged (`--trend`). Two dumps are always judged by `two-dumps`. */
export type TrendRule =
  /** never drops, ends above its start by more than the budget, rose in at least two intervals */
  | 'monotonic'
  /** grows in every interval (after warm-up), and ends more than the budget above its start */
  | 'strict'
  /** last minus first is more than the budget, whatever happened between */
  | 'net';

/** What a process's dumps are grouped by before they are compared (`--by-state`). */
export type ByStateMode =
  /** by state when the dumps have several states and at least one state repeats */
  | 'auto'
  | 'on'
  | 'off';

/** Which findings fail the CI gate (`--fail-on`). */
export type FailOn = 'leak' | 'suspect' | 'never';

/** Settings of one comparison; echoed in the report as `options`. */
export interface DiffOptions {
  /** how series of three or more dumps are judged */
  trend: TrendRule;
  /** growth (in count units: handlers, objects, clock events…) a key may show before it is a finding; 0 = any growth */
  maxGrowth: number;
  /** dumps at the start of each process (after `from`/`to`) left out of judging: start-up registrations */
  warmup: number;
  /** how a process's dumps are grouped by machine state before they are compared */
  byState: ByStateMode;
  /** which findings give exit code 1 */
  failOn: FailOn;
  /** a comparison resting on an incomplete snapshot is an error (exit 2) */
  strict: boolean;
  /** globs (`*`, `?`) on subjects; matching keys are not judged */
  ignore: string[];
  /** keep the dump's own handlers (`debug_dump_stats`, `bcp_debug_dump`), left out by default */
  includeDumpHandlers: boolean;
  /** compare only this process; null = every process found */
  process: ProcessKind | null;
  /** first dump compared, 1-based per process as `leakdiff list` numbers them; negative counts from the end; null = the first */
  from: number | null;
  /** last dump compared, same numbering as `from`; null = the last */
  to: number | null;
  /** list the keys that are not findings (unchanged, shrinking, within budget) in `otherKeys` */
  all: boolean;
  /**
   * which runs among the dumps are judged (`dumpRuns`): `all`, each on its own; `newest`, the
   * newest only (a folder of logs); a number, that run (1 = the oldest, negative from the newest)
   */
  run: RunChoice;
}

/** Which runs among the dumps are judged: every one, the newest, or one by number (negative from the newest). */
export type RunChoice = 'all' | 'newest' | number;
