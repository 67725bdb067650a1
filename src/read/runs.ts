// Runs of the machine, from the names MPF and MPF-MC give their logs: `mpf both` starts both
// processes at once, and each names its log `%Y-%m-%d-%H-%M-%S-mpf-HOST.log` / `…-mc-HOST.log`
// from its own start time. A logs/ folder collects every run; comparing dumps across runs would
// compare counts of two processes that restarted in between, so one run is read: the newest, or
// the one `--run` names. Logs named one by one are read unless `--run` picks a run: the user
// chose them (a shell that expands `logs/*.log` itself names every log, hence `--run -1`).

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { LeakdiffError } from '../errors.js';
import type { ProcessKind, Run, RunChoice, RunSelection } from '../model.js';
import type { InputSource } from './inputs.js';

/** MPF and MC logs of one run start at most this far apart when `mpf both` starts them together. */
export const RUN_START_WINDOW_MS = 10_000;

/**
 * How long after MPF an MC started on its own still belongs to its run: MC is often started by
 * hand or by a second service once MPF is up, and on a slow machine (a Raspberry Pi booting) that
 * takes minutes. Only when no other MPF log of the host started in between.
 */
export const RUN_LATE_MC_WINDOW_MS = 5 * 60_000;

const LOG_NAME = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(mpf|mc)-(.+?)\.log(?:\.gz)?$/;

/** A log named as MPF and MC name theirs. */
export interface NamedLog {
  source: InputSource;
  /** the `YYYY-MM-DD-HH-MM-SS` prefix */
  start: string;
  /** the start as milliseconds (UTC arithmetic: only differences matter) */
  startMs: number;
  process: ProcessKind;
  host: string;
}

/** What a log's name says about its run, or null when it is not named as MPF and MC name their logs. */
export function namedLogOf(source: InputSource): NamedLog | null {
  const base = source.name.split(/[\\/]/).pop() ?? '';
  const match = LOG_NAME.exec(base);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, process, host] = match;
  const startMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  return { source, start: `${year}-${month}-${day}-${hour}-${minute}-${second}`, startMs, process: process as ProcessKind, host: host! };
}

interface RunLogs {
  start: string;
  host: string;
  mpf: NamedLog | null;
  mc: NamedLog | null;
  /** more logs of the same lives (the same process, host and start): a gzipped copy, say */
  copies: NamedLog[];
}

/** Logs of one process's life: those of the same process and host with the same start time, the first by name leading. */
interface Life {
  log: NamedLog;
  copies: NamedLog[];
}

/**
 * The runs of a set of logs, oldest first. Logs with the same process, host and start time are of
 * one life (a log and its `.gz` copy). Each MPF life is paired with the MC life of the same host
 * that started nearest to it within `RUN_START_WINDOW_MS`, else with the first MC life that started
 * after it within `RUN_LATE_MC_WINDOW_MS` and before the host's next MPF life; a life without a
 * partner is a run of its own.
 */
export function runsOf(logs: readonly NamedLog[]): RunLogs[] {
  const byStart = [...logs].sort((a, b) => a.startMs - b.startMs || compareText(a.source.name, b.source.name));
  const lives: Life[] = [];
  for (const log of byStart) {
    const same = lives.find((life) => life.log.process === log.process && life.log.host === log.host && life.log.startMs === log.startMs);
    if (same === undefined) lives.push({ log, copies: [] });
    else same.copies.push(log);
  }
  const mpfLives = lives.filter((life) => life.log.process === 'mpf');
  const mcLives = lives.filter((life) => life.log.process === 'mc');
  const partners = new Map<Life, Life>();
  const taken = new Set<Life>();
  for (const mpf of mpfLives) {
    let partner: Life | null = null;
    for (const mc of mcLives) {
      if (mc.log.host !== mpf.log.host || taken.has(mc)) continue;
      const apart = Math.abs(mc.log.startMs - mpf.log.startMs);
      if (apart <= RUN_START_WINDOW_MS && (partner === null || apart < Math.abs(partner.log.startMs - mpf.log.startMs))) partner = mc;
    }
    if (partner === null) continue;
    partners.set(mpf, partner);
    taken.add(partner);
  }
  for (const mpf of mpfLives) {
    if (partners.has(mpf)) continue;
    const next = mpfLives.find((other) => other.log.host === mpf.log.host && other.log.startMs > mpf.log.startMs);
    const late = mcLives.find(
      (mc) =>
        !taken.has(mc) &&
        mc.log.host === mpf.log.host &&
        mc.log.startMs > mpf.log.startMs &&
        mc.log.startMs - mpf.log.startMs <= RUN_LATE_MC_WINDOW_MS &&
        (next === undefined || mc.log.startMs < next.log.startMs),
    );
    if (late === undefined) continue;
    partners.set(mpf, late);
    taken.add(late);
  }
  const runs: RunLogs[] = [];
  for (const mpf of mpfLives) {
    const partner = partners.get(mpf) ?? null;
    const first = partner !== null && partner.log.startMs < mpf.log.startMs ? partner.log : mpf.log;
    runs.push({ start: first.start, host: mpf.log.host, mpf: mpf.log, mc: partner?.log ?? null, copies: [...mpf.copies, ...(partner?.copies ?? [])] });
  }
  for (const mc of mcLives) {
    if (!taken.has(mc)) runs.push({ start: mc.log.start, host: mc.log.host, mpf: null, mc: mc.log, copies: mc.copies });
  }
  return runs.sort((a, b) => compareText(a.start, b.start) || compareText(a.host, b.host));
}

/**
 * Which sources to read, and the runs as the report shows them (null when no log is named as MPF
 * names its logs). `run` is `--run`: a 1-based run number (negative counts from the newest) or a
 * prefix of a run's start time.
 */
export function chooseRun(sources: readonly InputSource[], run: string | null): { sources: InputSource[]; selection: RunSelection | null } {
  const named = sources.flatMap((source) => namedLogOf(source) ?? []);
  const runs = runsOf(named);
  // Without MPF's log names, runs are told apart from the dumps themselves (runChoiceOf).
  if (runs.length === 0) return { sources: [...sources], selection: null };
  let chosenBy: RunSelection['chosenBy'];
  let chosen: RunLogs[] | null;
  const newestAsked = run !== null && isNewestRun(run);
  if (run !== null && !newestAsked && !(runs.length === 1 && isRunNumber(run) && !runs[0]!.start.startsWith(run))) {
    chosenBy = 'run-option';
    chosen = [runByOption(runs, run)];
  } else if (runs.length === 1) {
    // One run by name: a --run number is one of the runs among its dumps (runChoiceOf).
    chosenBy = 'only';
    chosen = runs;
  } else if (!newestAsked && named.every((log) => log.source.explicit)) {
    chosenBy = 'named';
    chosen = null;
  } else {
    // The newest run of each process: MPF-MC started again on its own starts a log of MC alone,
    // newer than the MPF log that goes on beside it (or MPF without MC, the other way round).
    chosenBy = 'newest';
    chosen = [...new Set((['mpf', 'mc'] as const).flatMap((process) => runs.findLast((logs) => logs[process] !== null) ?? []))];
  }
  const logsOfChosen = new Set((chosen ?? []).flatMap((logs) => [logs.mpf?.source, logs.mc?.source, ...logs.copies.map((log) => log.source)]));
  const namedSources = new Set(named.map((log) => log.source));
  // A log named one by one is read even when it is of another run, unless --run says which run.
  const keptByName = (source: InputSource): boolean => source.explicit && chosenBy !== 'run-option' && !newestAsked;
  const read = sources.filter((source) => chosen === null || keptByName(source) || !namedSources.has(source) || logsOfChosen.has(source));
  const readSet = new Set(read);
  return {
    sources: read,
    selection: {
      runs: runs.map((logs, index): Run => ({
        number: index + 1,
        start: logs.start,
        host: logs.host,
        mpf: logs.mpf?.source.name ?? null,
        mc: logs.mc?.source.name ?? null,
        read: [logs.mpf, logs.mc, ...logs.copies].some((log) => log !== null && readSet.has(log.source)),
      })),
      chosenBy,
    },
  };
}

/** `--run -1`: the newest run, as a folder reads it (the newest of each process). */
function isNewestRun(run: string): boolean {
  return run.trim() === '-1';
}

function isRunNumber(run: string): boolean {
  return /^-?\d+$/.test(run.trim());
}

function runByOption(runs: readonly RunLogs[], run: string): RunLogs {
  const list = runs.map((logs, index) => `${index + 1} ${logs.start}`).join(', ');
  // A number no run has is a start-time prefix when some run starts with it (`--run 2026`).
  const isPrefix = runs.some((logs) => logs.start.startsWith(run));
  if (isRunNumber(run) && !(isPrefix && Math.abs(Number(run)) > runs.length)) {
    const number = Number(run);
    const index = number < 0 ? runs.length + number : number - 1;
    const found = number === 0 ? undefined : runs[index];
    if (found === undefined) throw new LeakdiffError(`--run ${run}: there ${runs.length === 1 ? 'is 1 run' : `are ${runs.length} runs`} (${list})`);
    return found;
  }
  const matches = runs.filter((logs) => logs.start.startsWith(run));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new LeakdiffError(`--run ${run}: no run starts with this; the runs are ${list}`);
  throw new LeakdiffError(`--run ${run}: ${matches.length} runs start with this (${matches.map((logs) => logs.start).join(', ')}); give more of the start time`);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Which runs among the dumps read are judged. Logs named one by one: every run, each on its own.
 * A folder or glob: the newest, as with MPF's log names. `--run N` when the log names did not
 * already pick a run with it: run N among the dumps (a start-time prefix needs MPF's log names).
 */
export function runChoiceOf(sources: readonly InputSource[], selection: RunSelection | null, run: string | null): RunChoice {
  if (run !== null) {
    if (isNewestRun(run)) return 'newest';
    // The log names chose the run; among its dumps, a start-up of one process alone (MC started
    // again) is read as without --run: the newest of each process from a folder.
    if (selection !== null && selection.chosenBy !== 'only') return sources.every((source) => source.explicit) ? 'all' : 'newest';
    if (!isRunNumber(run) || Number(run) === 0) {
      throw new LeakdiffError(`--run ${run}: no log is named as MPF and MPF-MC name theirs (YYYY-MM-DD-HH-MM-SS-mpf-HOST.log), so runs are known by number only (1 = the oldest, -1 = the newest)`);
    }
    return Number(run);
  }
  return sources.every((source) => source.explicit) ? 'all' : 'newest';
}

/** A log left out because another input is the same log. */
export interface RepeatedLog {
  /** the input left out, as named */
  name: string;
  /** the input read instead, as named */
  sameAs: string;
  /** one file by two paths (`./x.log`, a symlink, a hard link), or a byte-identical copy */
  how: 'same-file' | 'identical-copy';
}

/**
 * The inputs with each log read once: the same file by any path, or a byte-identical copy, would
 * otherwise be compared with itself as if the machine had run twice. The first named is kept.
 * Standard input cannot be compared before it is read, and is always kept.
 */
export async function dropRepeatedLogs(sources: readonly InputSource[]): Promise<{ sources: InputSource[]; repeated: RepeatedLog[] }> {
  const kept: InputSource[] = [];
  const repeated: RepeatedLog[] = [];
  const byIdentity = new Map<string, InputSource>();
  const bySize = new Map<number, { source: InputSource; hash: Promise<string | null> | null }[]>();
  for (const source of sources) {
    const found = source.path === null ? null : await stat(source.path).catch(() => null);
    // A file that cannot be read is reported by the read itself, with its name.
    if (source.path === null || found === null || !found.isFile()) {
      kept.push(source);
      continue;
    }
    // Device and inode: one file whatever the path to it (`./x.log`, a symlink, a hard link).
    const identity = `${found.dev}:${found.ino}`;
    const sameFile = byIdentity.get(identity);
    if (sameFile !== undefined) {
      repeated.push({ name: source.name, sameAs: sameFile.name, how: 'same-file' });
      continue;
    }
    byIdentity.set(identity, source);
    const sameSize = bySize.get(found.size) ?? [];
    let copyOf: InputSource | null = null;
    if (sameSize.length > 0) {
      const hash = await hashOf(source.path);
      for (const other of sameSize) {
        other.hash ??= hashOf(other.source.path!);
        if (hash !== null && (await other.hash) === hash) {
          copyOf = other.source;
          break;
        }
      }
      sameSize.push({ source, hash: Promise.resolve(hash) });
    } else {
      sameSize.push({ source, hash: null });
    }
    bySize.set(found.size, sameSize);
    if (copyOf !== null) {
      repeated.push({ name: source.name, sameAs: copyOf.name, how: 'identical-copy' });
      continue;
    }
    kept.push(source);
  }
  return { sources: kept, repeated };
}

/** The note for a log read once, for stderr. */
export function repeatedLogNote(log: RepeatedLog): string {
  return log.how === 'same-file'
    ? `${log.name} is the same file as ${log.sameAs}: read once`
    : `${log.name} is a byte-identical copy of ${log.sameAs}: read once`;
}

/** SHA-256 of a file's bytes, or null when it cannot be read. */
async function hashOf(file: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch {
    return null;
  }
  return hash.digest('hex');
}
