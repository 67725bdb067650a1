// The read at the start of every command that reads logs: the command line's inputs expanded,
// one run of a logs/ folder chosen (when asked), every log read, and dumps insisted on. What the
// user sees meanwhile (warnings, a progress display) is handed to the caller's hooks.

import { stat } from 'node:fs/promises';
import type { ReprsKept, RunChoice, RunSelection, Snapshot } from '../model.js';
import { expandInputs, type InputSource } from '../read/inputs.js';
import { checkDumpsFound, loadLogs, type LoadedLog } from '../read/load.js';
import { dropRepeatedDumps, repeatedDumpsNote } from '../read/repeated-dumps.js';
import { chooseRun, dropRepeatedLogs, repeatedLogNote, runChoiceOf } from '../read/runs.js';
import { escapeTerminal } from '../report/escape.js';
import { carryOverBetweenLogs } from './continued-logs.js';
import { parallelMinBytesOf } from '../read/segment-workers.js';

/** A display of how far the read is, for the person waiting (a progress bar on a terminal). */
export interface ReadProgress {
  /** `bytesRead` of `source` so far (as `loadLogs` reports it: cumulative per source) */
  update(source: InputSource, bytesRead: number): void;
  /** the read is over, or failed */
  finish(): void;
}

/** What reading needs from the outside world. */
export interface ReadIo {
  /** where relative inputs are resolved */
  cwd: string;
  /** what `-` reads */
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
  /** one warning for the user (a log without dumps, gzip data cut off), without a prefix */
  warn(text: string): void;
  /** one note for the user (a log named twice, read once), without a prefix; a warning without it */
  note?(text: string): void;
  /** a progress display for `totalBytes` of input, or null for none */
  progress?(totalBytes: number): ReadProgress | null;
  /** aborted on Ctrl-C: the read stops at its next chunk */
  signal?: AbortSignal;
  /** runs long synchronous work so that Ctrl-C ends the process at once (the CLI's `killableDuring`) */
  killableDuring?<T>(work: () => T): T;
}

/** What was read. */
export interface InputsRead {
  /**
   * every source the inputs stand for, read or not (a logs/ folder's other runs too): the files
   * that output must never be written over
   */
  sources: InputSource[];
  /** the sources read, each with what the parser found */
  loaded: LoadedLog[];
  /** the runs of the logs and which one was read; null when no run was chosen or no log is named as MPF names its logs */
  runs: RunSelection | null;
  /**
   * which runs among the dumps read to judge: every run of logs named one by one, the newest of a
   * folder, or the one `--run` names when the log names did not (`all` when no run was chosen)
   */
  runChoice: RunChoice;
  /** no log holds a dump, but some have handler lines to judge instead (only when asked for with `handlerLines`) */
  withoutDumps: boolean;
}

/** How the inputs are read. */
export interface ReadOptions {
  /** read one run of the logs: a `--run` value, or null for the newest; absent, every log */
  run?: string | null;
  /** a log without dumps may have handler lines to judge instead (see checkDumpsFound) */
  handlerLines?: boolean;
  /** what the dumps keep of their entries (default all; a comparison needs only keys and counts) */
  reprs?: ReprsKept;
  /** hears each snapshot as soon as it is whole, in input and line order; the logs read keep none */
  streamSnapshots?: (snapshot: Snapshot) => void;
  /** hears the sources the inputs stand for (see InputsRead), before any is read */
  onSources?: (sources: readonly InputSource[]) => Promise<void>;
}

/**
 * Reads the inputs. Throws a LeakdiffError when no log holds a dump, or a log named one by one
 * holds none; with `handlerLines`, a log with handler lines may hold none.
 */
export async function readInputs(inputs: readonly string[], io: ReadIo, options: ReadOptions = {}): Promise<InputsRead> {
  const sources = await expandInputs(inputs, io.cwd);
  await options.onSources?.(sources);
  let chosen: { sources: InputSource[]; selection: RunSelection | null } = { sources, selection: null };
  let runChoice: RunChoice = 'all';
  if (options.run !== undefined) {
    // The same log by two paths, or a copy of it, would be compared with itself as another run.
    const once = await dropRepeatedLogs(sources);
    for (const repeated of once.repeated) (io.note ?? io.warn)(escapeTerminal(repeatedLogNote(repeated)));
    chosen = chooseRun(once.sources, options.run);
    runChoice = runChoiceOf(chosen.sources, chosen.selection, options.run);
  }
  const total = await totalBytesOf(chosen.sources);
  const progress = io.progress?.(total) ?? null;
  let loaded: LoadedLog[];
  try {
    const parallelMinBytes = parallelMinBytesOf(io.env);
    const maxDumps = maxDumpsOf(io.env);
    loaded = await loadLogs(chosen.sources, {
      stdin: io.stdin,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      reprs: options.reprs ?? 'all',
      ...(options.streamSnapshots === undefined ? {} : { streamSnapshots: options.streamSnapshots }),
      ...(progress === null ? {} : { onProgress: (source, bytesRead) => progress.update(source, bytesRead) }),
      ...(parallelMinBytes === null ? {} : { parallelMinBytes }),
      ...(maxDumps === null ? {} : { maxDumps }),
    });
  } finally {
    progress?.finish();
  }
  if (options.streamSnapshots === undefined) loaded = carryOverBetweenLogs(loaded);
  if (options.run !== undefined) {
    // The same log in another shape (gzipped, CRLF, piped, a copy taken mid-run, appended twice)
    // is compared once; `list` and `extract` show every file as it is.
    const once = dropRepeatedDumps(loaded);
    for (const repeated of once.repeated) (io.note ?? io.warn)(escapeTerminal(repeatedDumpsNote(repeated)));
    loaded = once.loaded;
  }
  const found = checkDumpsFound(loaded, { handlerLines: options.handlerLines ?? false });
  for (const warning of found.warnings) io.warn(warning);
  return { sources, loaded, runs: chosen.selection, runChoice, withoutDumps: found.withoutDumps };
}

/** The size of every input that is a file (standard input has none to know in advance). */
async function totalBytesOf(sources: readonly InputSource[]): Promise<number> {
  let total = 0;
  for (const source of sources) {
    if (source.path === null) continue;
    // A file that cannot be read is reported by the read itself, with its name.
    total += await stat(source.path).then((found) => found.size, () => 0);
  }
  return total;
}

/** LEAKDIFF_MAX_DUMPS: how many dumps the inputs may hold, for tests (the default is MAX_DUMPS). */
function maxDumpsOf(env: Readonly<Record<string, string | undefined>>): number | null {
  const value = env.LEAKDIFF_MAX_DUMPS;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}
