// The runs of the machine: among the dumps read, as MPF and MPF-MC name their logs, and the MPF
// and MPF-MC dumps taken together.

import type { ProcessKind } from './log.js';

/** How the dumps before a run are known to be of another run. */
export type RunStart =
  /** the oldest run, with nothing logged before its first dump that says how it started */
  | 'first'
  /** a start-up (`init_phase_1`…) is logged before its first dump */
  | 'start-up'
  /** its first dump is older than the dump before it in the same log (a log appended to, logs concatenated) */
  | 'time-went-back'
  /** its log is named for another start time than the log before it (MPF's log names) */
  | 'log-name';

/** A run among the dumps read: the lives of MPF and of the MPF-MC started with it. No series crosses a run. */
export interface DumpRun {
  /** 1-based, oldest first (by the time of its first dump, else in input order) */
  number: number;
  /** how it is told apart from the dumps before it */
  start: RunStart;
  /** log time of its first dump, as in `Snapshot.time` */
  time: string | null;
  /** the log of its first dump, as the user named it */
  file: string;
  /** line of its first dump in `file` */
  line: number;
  /** every log holding its dumps, in input order */
  files: string[];
  /** its dumps per process */
  dumps: Record<ProcessKind, number>;
  /** whether its dumps, or one process's of them, were judged (`options.run`; a folder judges each process on its newest run) */
  judged: boolean;
}

/** One run of the machine as MPF and MPF-MC name their logs: `<start>-mpf-<host>.log` and `<start>-mc-<host>.log`. */
export interface Run {
  /** 1-based, oldest first: what `--run N` picks */
  number: number;
  /** the start-time prefix of the run's first log, `YYYY-MM-DD-HH-MM-SS` (what `--run PREFIX` matches) */
  start: string;
  /** the host part of the log names */
  host: string;
  /** the MPF log, as named in `snapshots`; null when the run has none (an unpaired MC log) */
  mpf: string | null;
  /** the MPF-MC log started within a few seconds of the MPF log; null when there is none (an unpaired MPF log) */
  mc: string | null;
  /** whether this run's logs were read */
  read: boolean;
}

/** How the logs found in directories and globs were read as runs. */
export interface RunSelection {
  /** every run the inputs' log names show, oldest first */
  runs: Run[];
  /** `only`: one run; `newest`: the newest of several (the default); `run-option`: picked by `--run`; `named`: every log was named one by one, so all were read */
  chosenBy: 'only' | 'newest' | 'run-option' | 'named';
}

/** An MPF dump and the MC dump taken with it: the nearest in time, each the other's nearest. */
export interface DumpPair {
  /** index in `report.snapshots` of the MPF dump */
  mpf: number;
  /** index in `report.snapshots` of the MC dump */
  mc: number;
  /** MC's dump time minus MPF's, in milliseconds */
  offsetMs: number;
}

/** MPF and MC dumps paired by time, so one report reads both processes at the same moments. */
export interface DumpPairing {
  /** pairs in MPF dump order */
  pairs: DumpPair[];
  /** indexes in `report.snapshots` of dumps with no partner (none of the other process within the window, or no time) */
  unpaired: number[];
}
