// Runs among the dumps read: a run is the life of MPF (and of the MPF-MC started with it) from one
// start-up to its exit. Counts start again at every start-up, so a series that crossed a restart
// would show every leak as a drop; no series ever crosses a run. Runs are told apart from what the
// logs say, whatever their names and however they were handed over: a start-up logged before a
// dump (`init_phase_1`…, which both processes post once per life), a dump older than the one
// before it in the same log (logs appended to, or concatenated in any order), a log of another run
// by MPF's log name. Pure: no I/O.

import { minOf } from './max-of.js';
import type { DumpRun, ProcessKind, RunStart, Snapshot } from '../model.js';
import { DUMP_PAIR_WINDOW_MS } from './pair-dumps.js';

/** Events MPF and MPF-MC post once per life, at start-up, before any dump can be taken. */
const START_UP_EVENTS = ['init_phase_1', 'init_phase_2', 'init_phase_3', 'init_phase_4', 'init_phase_5'] as const;

// MPF names its logs by its start time; two logs with different start times are two lives.
const LOG_NAME_START = /(?:^|[\\/])(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})-(?:mpf|mc)-[^\\/]+\.log(?:\.gz)?$/;

/** A console time of day that goes back by this much or more passed midnight. */
const HALF_A_DAY_MS = 12 * 60 * 60 * 1000;

/** Which run each snapshot belongs to, and the runs, oldest first. */
export interface DumpRuns {
  /** for each snapshot (by index), the number of its run in `runs` */
  runOf: number[];
  /** for each snapshot (by index), its place among its run's dumps of its process: time order when the logs have dated times */
  rankOf: number[];
  runs: DumpRun[];
}

/** Dumps of one process read in a row from one log, with no start-up among them. */
interface Segment {
  process: ProcessKind;
  file: string;
  indexes: number[];
  /** why the dumps before it (in its log) are of another life; null when nothing says so */
  start: RunStart | null;
  first: number | null;
  last: number | null;
}

/** One process's dumps from one start-up to the next. */
interface Life {
  process: ProcessKind;
  files: Set<string>;
  indexes: number[];
  start: RunStart;
  first: number | null;
  last: number | null;
  /** the dumps of its last log read so far */
  lastSegment: Segment;
}

/** Dumps of one log that continue a life from another log's: `previous` ends it there, `next` goes on. */
export interface LogContinuation {
  previous: { file: string; indexes: number[] };
  next: { file: string; indexes: number[] };
}

/** Splits snapshots (in input order) into runs, each the lives of MPF and MC that ran together. */
export function dumpRunsOf(snapshots: readonly Snapshot[]): DumpRuns {
  const lives = (['mpf', 'mc'] as const).flatMap((process) => livesOf(segmentsOf(snapshots, process)).lives);
  const machineRuns = pairLives(lives);
  const runOf = snapshots.map(() => 0);
  const rankOf = snapshots.map(() => 0);
  for (const life of lives) life.indexes.forEach((snapshot, rank) => (rankOf[snapshot] = rank));
  const runs = machineRuns.map((members, index): DumpRun => {
    const indexes = members.flatMap((life) => life.indexes).sort((a, b) => a - b);
    for (const snapshot of indexes) runOf[snapshot] = index + 1;
    const firstLife = members.reduce((a, b) => (startOf(a) <= startOf(b) ? a : b));
    const firstDump = snapshots[indexes[0]!]!;
    const count = (process: ProcessKind): number => members.filter((life) => life.process === process).reduce((sum, life) => sum + life.indexes.length, 0);
    return {
      number: index + 1,
      start: firstLife.start,
      time: snapshots[firstLife.indexes[0]!]!.time,
      file: firstDump.file,
      line: firstDump.line,
      files: [...new Set(indexes.map((snapshot) => snapshots[snapshot]!.file))],
      dumps: { mpf: count('mpf'), mc: count('mc') },
      judged: true,
    };
  });
  return { runOf, rankOf, runs };
}

/** A process's dumps cut wherever a log changes, a start-up was logged, or time went back. */
function segmentsOf(snapshots: readonly Snapshot[], process: ProcessKind): Segment[] {
  const segments: Segment[] = [];
  let current: Segment | null = null;
  let previous: Snapshot | null = null;
  snapshots.forEach((snapshot, index) => {
    if (snapshot.process !== process) return;
    const time = millisOf(snapshot.time);
    let start: RunStart | null = null;
    if (START_UP_EVENTS.some((event) => (snapshot.posted[event] ?? 0) > 0)) start = 'start-up';
    else if (previous !== null && previous.file === snapshot.file && wentBack(previous.time, snapshot.time)) start = 'time-went-back';
    else if (previous !== null && previous.file !== snapshot.file && logNameStart(previous.file) !== logNameStart(snapshot.file)) {
      if (logNameStart(snapshot.file) !== null && logNameStart(previous.file) !== null) start = 'log-name';
    }
    if (current === null || start !== null || previous?.file !== snapshot.file) {
      current = { process, file: snapshot.file, indexes: [], start, first: time, last: time };
      segments.push(current);
    }
    current.indexes.push(index);
    if (time !== null) current.last = time;
    previous = snapshot;
  });
  return segments;
}

/**
 * Segments joined into lives. A segment that begins with a start-up begins a life; one that does
 * not (a log without its start, a fragment pasted from a log) continues the life before it in time.
 * With dated times the segments are taken in time order, so the order logs were named in does not
 * matter, and a segment that begins before the life before it ended is another life. Two segments
 * of one log are always two lives: only a start-up or time going back cuts a log.
 */
function livesOf(segments: readonly Segment[]): { lives: Life[]; continuations: LogContinuation[] } {
  const dated = segments.every((segment) => segment.first !== null);
  const ordered = dated ? [...segments].sort((a, b) => a.first! - b.first! || a.indexes[0]! - b.indexes[0]!) : segments;
  const lives: Life[] = [];
  const continuations: LogContinuation[] = [];
  for (const segment of ordered) {
    const life = lives.at(-1);
    const overlaps = life !== undefined && dated && life.last !== null && segment.first! < life.last;
    if (life === undefined || segment.start !== null || overlaps || life.files.has(segment.file)) {
      const start: RunStart = life === undefined ? (segment.start ?? 'first') : (segment.start ?? 'time-went-back');
      lives.push({ process: segment.process, files: new Set([segment.file]), indexes: [...segment.indexes], start, first: segment.first, last: segment.last, lastSegment: segment });
      continue;
    }
    const { file, indexes } = life.lastSegment;
    continuations.push({ previous: { file, indexes }, next: { file: segment.file, indexes: segment.indexes } });
    life.files.add(segment.file);
    for (const index of segment.indexes) life.indexes.push(index);
    life.last = segment.last ?? life.last;
    life.lastSegment = segment;
  }
  return { lives, continuations };
}

/**
 * Where a log's dumps continue a life from another log's (a log split in two, with no start-up
 * between): as `dumpRunsOf` joins them, in the order the lives go on.
 */
export function logContinuationsOf(snapshots: readonly Snapshot[]): LogContinuation[] {
  return (['mpf', 'mc'] as const).flatMap((process) => livesOf(segmentsOf(snapshots, process)).continuations);
}

/**
 * MPF and MC lives of one run: `mpf both` starts MC with MPF, and every dump MPF takes, MC takes
 * within milliseconds. An MC life pairs with the MPF life whose dumps' time span overlaps its own
 * (widened by the window dumps pair in); without times, the lives pair in order when each process
 * has as many. Runs are numbered by their first dump's time, else in input order.
 */
function pairLives(lives: readonly Life[]): Life[][] {
  const mpf = lives.filter((life) => life.process === 'mpf');
  const mc = lives.filter((life) => life.process === 'mc');
  const runs: Life[][] = mpf.map((life) => [life]);
  const allDated = lives.every((life) => life.first !== null);
  const taken = new Set<Life>();
  if (allDated) {
    for (const mcLife of mc) {
      let best: Life[] | null = null;
      for (const run of runs) {
        const mpfLife = run[0]!;
        if (run.length > 1) continue;
        const overlaps = mcLife.first! <= mpfLife.last! + DUMP_PAIR_WINDOW_MS && mpfLife.first! <= mcLife.last! + DUMP_PAIR_WINDOW_MS;
        if (overlaps && (best === null || Math.abs(mpfLife.first! - mcLife.first!) < Math.abs(best[0]!.first! - mcLife.first!))) best = run;
      }
      if (best !== null) {
        best.push(mcLife);
        taken.add(mcLife);
      }
    }
  } else if (mpf.length === mc.length) {
    mc.forEach((mcLife, index) => {
      runs[index]!.push(mcLife);
      taken.add(mcLife);
    });
  }
  for (const mcLife of mc) if (!taken.has(mcLife)) runs.push([mcLife]);
  return runs.sort((a, b) => compareRuns(a, b, allDated));
}

function compareRuns(a: readonly Life[], b: readonly Life[], dated: boolean): number {
  const firstIndex = (run: readonly Life[]): number => minOf(run.map((life) => life.indexes[0]!));
  if (dated) return minOf(a.map(startOf)) - minOf(b.map(startOf)) || firstIndex(a) - firstIndex(b);
  return firstIndex(a) - firstIndex(b);
}

function startOf(life: Life): number {
  return life.first ?? Number.POSITIVE_INFINITY;
}

/**
 * Whether a log's time goes back from `before` to `after`. Log times are local, without a zone:
 * the night clocks go back for daylight saving is the one step back that is no restart.
 */
function wentBack(before: string | null, after: string | null): boolean {
  const from = millisOf(before);
  const to = millisOf(after);
  if (from !== null && to !== null) return to < from && !isDaylightSavingEnd(before!, from - to);
  // A console time of day: going back by half a day or more is midnight, not a restart.
  const fromDay = timeOfDayMillis(before);
  const toDay = timeOfDayMillis(after);
  return fromDay !== null && toDay !== null && toDay < fromDay && fromDay - toDay < HALF_A_DAY_MS;
}

/**
 * Whether going back by `backMillis` from the dated local time `before` is clocks going back an
 * hour at the end of daylight saving: at most an hour back, from the small hours (where every zone
 * that keeps daylight saving turns its clocks back), in the months it ends north or south of the equator.
 */
function isDaylightSavingEnd(before: string, backMillis: number): boolean {
  const month = Number(before.slice(5, 7));
  const hour = Number(before.slice(11, 13));
  return backMillis <= ONE_HOUR_MS && [3, 4, 10, 11].includes(month) && hour >= 1 && hour < 4;
}

const ONE_HOUR_MS = 60 * 60 * 1000;

/** A dated log time (`YYYY-MM-DDTHH:MM:SS.mmm`) as milliseconds (UTC arithmetic: only differences matter), else null. */
function millisOf(time: string | null): number | null {
  if (time === null || !time.includes('T')) return null;
  const ms = Date.parse(`${time}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function timeOfDayMillis(time: string | null): number | null {
  if (time === null || time.includes('T')) return null;
  const ms = Date.parse(`1970-01-01T${time}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** The start time in an MPF or MC log name (`2026-12-05-15-38-37-mpf-pinbox.log`), or null. */
function logNameStart(file: string): string | null {
  return LOG_NAME_START.exec(file)?.[1] ?? null;
}
