// The report every format is made from, and what `--format json` prints.

import type { MachineFolder } from './culprits.js';
import type { BudgetUnit, Finding, OtherKey } from './findings.js';
import type { LogProblem, ProcessKind } from './log.js';
import type { DiffOptions } from './options.js';
import type { DumpPairing, DumpRun, RunSelection } from './runs.js';

/** Exit status: 0 nothing fails the gate, 1 a finding fails it, 2 usage or input error (or `--strict` on incomplete dumps). */
export type ExitCode = 0 | 1 | 2;

/** How a snapshot was used: judged, left out as warm-up, outside `from`/`to`/`process`, or of a run not judged (`options.run`). */
export type SnapshotRole = 'judged' | 'warmup' | 'excluded' | 'other-run';

/** A snapshot as the report names it; findings point at these by index. */
export interface ReportSnapshot {
  /** the input as the user named it */
  file: string;
  /** line of the dump's first section header */
  line: number;
  /** the process that wrote the dump */
  process: ProcessKind;
  /** 1-based number of this dump among its process's dumps, as `leakdiff list` and `--from`/`--to` count */
  number: number;
  /** log time of the first header, as in `Snapshot.time` */
  time: string | null;
  /** false when the parser recorded a problem */
  complete: boolean;
  /** the machine's state at the dump */
  state: string;
  /** how many problems the parser recorded on it */
  problems: number;
  /** judged, warm-up, outside `from`/`to`/`process`, or of a run not judged */
  role: SnapshotRole;
  /** the number of its run in `report.dumpRuns` (1 when the dumps are of one run) */
  run: number;
}

/** Which dumps were compared with which: one process, one state group (or all its dumps). */
export interface Comparison {
  /** the run the dumps are of (`report.dumpRuns`) */
  run: number;
  /** the process whose dumps were compared */
  process: ProcessKind;
  /** the state group, or null when the process's dumps were compared regardless of state */
  state: string | null;
  /** indexes into `report.snapshots`, oldest first; a group of one was not compared */
  snapshots: number[];
}

/** Counts for one process. */
export interface ProcessSummary {
  /** dumps of this process in the inputs */
  dumps: number;
  /** dumps judged (not warm-up, inside `from`/`to`) */
  judged: number;
  /** findings with verdict leak */
  leaks: number;
  /** findings with verdict suspect */
  suspects: number;
  /** compared keys that ended where they started */
  unchanged: number;
  /** compared keys that ended below their start */
  shrinking: number;
  /** compared keys that grew by no more than `maxGrowth` */
  withinBudget: number;
  /** compared keys that rose once and then held (a start-up or first-game step) */
  settled: number;
  /** keys not judged: read in fewer than two compared dumps, unknown in the others; present when more than 0 */
  unknownKeys?: number;
  /**
   * present and true when dumps of this process were compared but none of its handler counts could
   * be read in two of them (their EVENTS sections damaged), in one run or more: its verdict there
   * is unknown, never clean
   */
  unknown?: true;
  /** with `unknown`: the runs (`report.dumpRuns`) whose verdict is unknown so */
  unknownRuns?: number[];
}

/** Counts over the whole report. */
export interface ReportSummary {
  /** findings with verdict leak, all processes */
  leaks: number;
  /** findings with verdict suspect, all processes */
  suspects: number;
  /** compared keys that ended where they started */
  unchanged: number;
  /** compared keys that ended below their start */
  shrinking: number;
  /** compared keys that grew by no more than `maxGrowth` */
  withinBudget: number;
  /** compared keys that rose once and then held (a start-up or first-game step) */
  settled: number;
  /** judged snapshots that are incomplete */
  incomplete: number;
  /** the same counts per process; both processes always present */
  byProcess: Record<ProcessKind, ProcessSummary>;
}

/** A baseline entry that no finding reaches now: the leak is gone, or grows less than its budget. */
export interface StaleBaselineEntry {
  /** the entry's fingerprint */
  fingerprint: string;
  /** the growth the entry allows (per `per`, when a rate) */
  budget: number;
  /** the unit of `budget` when it is a rate */
  per?: BudgetUnit;
  /** the growth (or rate) of the matching finding now; null when no finding matches (gone) */
  growth: number | null;
}

/** The comparison against a baseline file (`--baseline`). */
export interface BaselineCheck {
  /** the baseline file as the user named it */
  file: string;
  /** entries in the file */
  entries: number;
  /**
   * entries that match a finding now; none of several is a warning (recorded on other logs, or
   * every known leak gone), and `--update-baseline` then leaves the file as it is
   */
  matched: number;
  /** entries now smaller than their budget or gone: tighten them with `--update-baseline` */
  stale: StaleBaselineEntry[];
  /** the file was rewritten with tightened budgets (`--update-baseline`) */
  updated: boolean;
}

/** Version of the report document; raised only when a field changes meaning or goes away. */
export type ReportSchemaVersion = 1;

/** Everything a reporter needs, and what `--format json` prints. */
export interface Report {
  /** 1 */
  schemaVersion: ReportSchemaVersion;
  /** every dump read, in input order (files as given, dumps in file order) */
  snapshots: ReportSnapshot[];
  /** the runs among the dumps, oldest first: each judged on its own (one run when nothing restarted) */
  dumpRuns: DumpRun[];
  /** which dumps were compared with which; by run, then mpf first, then mc */
  comparisons: Comparison[];
  /** sorted by kind (in `FindingKind` order), then biggest growth first */
  findings: Finding[];
  /** keys that are not findings; present only when `options.all` */
  otherKeys?: OtherKey[];
  /**
   * keys read in fewer than two of the compared dumps, their count unknown (damaged or cut off) in
   * the others: not judged either way; present only when there are some
   */
  unknownKeys?: UnknownKey[];
  /** counts over all findings and keys */
  summary: ReportSummary;
  /** the comparison rests on at least one incomplete snapshot */
  incomplete: boolean;
  /** the settings the comparison ran with */
  options: DiffOptions;
  /**
   * the exit status of this comparison (see `ExitCode`); with a baseline, only new and over-budget
   * findings count; with --strict, a log cut off is 2 too
   */
  exitCode: ExitCode;
  /**
   * what is wrong with the logs read outside their dumps: a .gz cut off (the dumps after the cut are
   * missing), an END line without its header, an over-long line; present when there is any
   */
  logProblems?: LogProblem[];
  /** how the logs were read as runs; present when a log is named as MPF and MPF-MC name theirs */
  runs?: RunSelection;
  /** MPF and MC dumps paired by time; present when the inputs hold dumps of both processes */
  dumpPairs?: DumpPairing;
  /** the comparison against `--baseline`; absent without one */
  baseline?: BaselineCheck;
  /** the machine folder read for source lines; absent when none was given or found */
  machine?: MachineFolder;
  /**
   * no log held a dump: the copies each handler line names were judged instead, and `snapshots`
   * are the points judged (not dumps); absent when dumps were compared
   */
  withoutDumps?: JudgedWithoutDumps;
}

/** What was judged when no log held a dump. */
export interface JudgedWithoutDumps {
  /**
   * what a point of `report.snapshots` is: `minute`, the end of a minute of log time that had
   * handler lines; `lines`, of a stretch of 1000 lines, in a log without times
   */
  point: 'minute' | 'lines';
  /** the logs whose handler lines were judged */
  files: string[];
}

/** Normalised lines of one part of two dumps, for `--show-tree` (a display's widget tree or the clock list). */
export interface TreeListing {
  /** the process of the two dumps (MC: only it has trees and a clock) */
  process: ProcessKind;
  /** the state group of the comparison, or null */
  state: string | null;
  /** a display's widget tree, or the clock list (sorted, with timeouts) */
  part: 'display' | 'clock';
  /** the display's name for `display` listings (null when elided), null for `clock` */
  display: string | null;
  /** index in `report.snapshots` of the older dump */
  before: number;
  /** index in `report.snapshots` of the newer dump */
  after: number;
  /** normalised keys of the older dump, one a line */
  beforeLines: string[];
  /** normalised keys of the newer dump, one a line */
  afterLines: string[];
}

/** A key that could not be judged: read in fewer than two of the compared dumps, unknown in the others. */
export interface UnknownKey {
  process: ProcessKind;
  /** the run (`dumpRuns`) of the dumps it was read in */
  run: number;
  subject: string;
}
