// Reads sources through the parser, one at a time, and checks that they held dumps.

import type { ParsedLog, ProcessKind, ReprsKept, Snapshot } from '../model.js';
import { LeakdiffError } from '../errors.js';
import { createFastPath } from '../parse/fast-path/fast-path.js';
import { MAX_DUMPS, tooManyDumps } from '../parse/finished-dumps.js';
import { LogReading } from '../parse/log-reading.js';
import { escapeTerminal } from '../report/escape.js';
import { GUNZIP_CHUNK_BYTES, type GzipDamage } from './gunzip.js';
import { readSource, type InputSource, type ReadStats } from './inputs.js';
import type { WideEncoding } from './sniff.js';
import { PARALLEL_MIN_BYTES, planSplit, readInTwoHalves } from './parallel-load.js';

/** A source and what the parser found in it. */
export interface LoadedLog {
  source: InputSource;
  /** what the parser found; with `streamSnapshots`, without the snapshots */
  log: ParsedLog;
  stats: ReadStats;
  /** the dumps found: those of `log`, or those streamed */
  dumps: number;
}

export interface LoadOptions {
  stdin: NodeJS.ReadableStream;
  onProgress?: (source: InputSource, bytesRead: number) => void;
  onSnapshot?: (snapshot: Snapshot) => void;
  /** plain files from this size on are read on two threads (default PARALLEL_MIN_BYTES) */
  parallelMinBytes?: number;
  /** aborted on Ctrl-C: the read stops at its next chunk, throwing the signal's reason */
  signal?: AbortSignal;
  /** more dumps than this in all the sources is an error (default MAX_DUMPS) */
  maxDumps?: number;
  /** dumps read from the sources before this one */
  dumpsBefore?: number;
  /** what is kept of the entries of OBJECTS, display trees and CLOCK (default: all) */
  reprs?: ReprsKept;
  /**
   * Hears each snapshot of each log in line order as soon as it is whole, and the logs keep none:
   * memory does not grow with the dumps. Such a log is read on one thread.
   */
  streamSnapshots?: (snapshot: Snapshot) => void;
}

export async function loadLog(source: InputSource, options: LoadOptions): Promise<LoadedLog> {
  // The chunks are read into the fast path's buffers, where its scanner reads them without a copy.
  const fastPath = createFastPath();
  const processHint = processHintOf(source.name);
  const maxDumps = options.maxDumps ?? MAX_DUMPS;
  const dumpsBefore = options.dumpsBefore ?? 0;
  const reprs = options.reprs ?? 'all';
  let streamed = 0;
  const streamSnapshots = options.streamSnapshots;
  const parser = new LogReading(source.name, {
    onSnapshot: options.onSnapshot,
    processHint,
    reprs,
    fastPath,
    maxDumps,
    dumpsBefore,
    streamSnapshots:
      streamSnapshots &&
      ((snapshot) => {
        streamed++;
        streamSnapshots(snapshot);
      }),
  });
  const read = { parser, readBuffers: fastPath?.readBuffers() ?? null, processHint, reprs };
  const report = options.onProgress;
  const { stats, log } = await readThroughParser(source, read, options, report && ((bytes) => report(source, bytes)));
  // The second thread's half was read without the dumps of the first half counted.
  const firstTooMany = log.snapshots[maxDumps - dumpsBefore];
  if (firstTooMany !== undefined) throw tooManyDumps(source.name, firstTooMany.line, maxDumps, dumpsBefore);
  const damage = stats.gzipDamage;
  // Gzip data that stops early is a log that stops early: the parser has marked a dump cut off
  // there as truncated, as at the end of a plain file; the log itself says why it ends there.
  if (damage !== null && damage.kind !== 'trailing-bytes') log.problems.push({ line: log.lines, reason: 'truncated', detail: describeGzipDamage(damage) });
  return { source, log, stats, dumps: streamSnapshots === undefined ? log.snapshots.length : streamed };
}

/**
 * What a log's name says about the process that wrote it: MC names its logs `…-mc-HOST.log`. The
 * name as given is looked at, folders included.
 */
export function processHintOf(name: string): ProcessKind | undefined {
  return /-mc-/.test(name) ? 'mc' : undefined;
}

/** Reads a source through the parser: a big plain file on two threads (parallel-load.ts), anything else as one stream. */
async function readThroughParser(
  source: InputSource,
  { parser, readBuffers, processHint, reprs }: { parser: LogReading; readBuffers: readonly [Uint8Array, Uint8Array] | null; processHint: ProcessKind | undefined; reprs: ReprsKept },
  options: LoadOptions,
  onProgress: ((bytesRead: number) => void) | undefined,
): Promise<{ stats: ReadStats; log: ParsedLog }> {
  const path = source.path;
  // A second thread's dumps come back only when it is done: streamed, they would wait in memory.
  const split = options.streamSnapshots === undefined;
  const plan = path === null || !split ? null : await planSplit(path, options.parallelMinBytes ?? PARALLEL_MIN_BYTES);
  const { signal } = options;
  if (path === null || plan === null) {
    const pushChunk = (chunk: Buffer): void => {
      signal?.throwIfAborted();
      parser.pushChunk(chunk);
    };
    const stats = await readSource(source, options.stdin, pushChunk, onProgress, readBuffers);
    return { stats, log: parser.end() };
  }
  const { stats, segment } = await readInTwoHalves({ ...source, path }, plan, parser, { readBuffers, processHint, reprs, onProgress, signal });
  return { stats, log: segment === null ? parser.end() : parser.endWithSegment(segment) };
}

/** Gzip data that did not end whole, in one sentence for the user. */
function describeGzipDamage(damage: GzipDamage): string {
  switch (damage.kind) {
    case 'cut':
      return 'the gzip stream ends early (the file is cut off); the log is read up to here';
    case 'trailing-garbage':
      return `the gzip data is followed by bytes that are not gzip; the log is read up to here, and up to ${GUNZIP_CHUNK_BYTES / 1024 / 1024} MiB of it before those bytes may be missing`;
    case 'trailing-bytes':
      return `${damage.bytes} bytes after the end of the gzip data are not gzip; ignored, as gunzip does`;
  }
}

export async function loadLogs(sources: readonly InputSource[], options: LoadOptions): Promise<LoadedLog[]> {
  const loaded: LoadedLog[] = [];
  let dumps = 0;
  for (const source of sources) {
    options.signal?.throwIfAborted();
    const entry = await loadLog(source, { ...options, dumpsBefore: dumps });
    dumps += entry.dumps;
    loaded.push(entry);
  }
  return loaded;
}

const HOW_TO_DUMP = 'post the event debug_dump_stats while MPF runs, e.g. with a keyboard: key in the MC config (see README)';

/** Why a log holds no dump, as one line for the user (a terminal: names found in directories are escaped). */
export function noDumpMessage(loaded: LoadedLog): string {
  return escapeTerminal(describeNoDump(loaded));
}

function describeNoDump(loaded: LoadedLog): string {
  const { source, log, stats } = loaded;
  if (stats.bytes === 0) return `${source.name}: the file is empty`;
  if (stats.encoding !== undefined) return `${source.name}: ${describeWideEncoding(source, stats.encoding, stats.gzip)}`;
  // A crash can leave NUL blocks in a real log: binary only when no line of it read as MPF's.
  if (stats.binary && log.formats.length === 0) return `${source.name}: binary data, not an MPF log`;
  const damage = log.problems[0];
  if (damage) return `${source.name}:${damage.line}: ${damage.detail}; no whole DEBUG DUMP section found`;
  return `${source.name}: no DEBUG DUMP section found (${HOW_TO_DUMP})`;
}

/** PowerShell's names of the encodings, as `Get-Content -Encoding` takes them. */
const POWERSHELL_ENCODINGS = { 'UTF-16LE': 'Unicode', 'UTF-16BE': 'BigEndianUnicode', 'UTF-32LE': 'UTF32', 'UTF-32BE': 'BigEndianUTF32' } as const satisfies Record<WideEncoding, string>;

/**
 * A log saved as UTF-16 or UTF-32 (Windows tools do), and a command that makes it UTF-8, as MPF
 * writes its logs: for a file, iconv or PowerShell; for gzip data, decompressed first (iconv
 * cannot read it); for standard input, converted on the way in.
 */
function describeWideEncoding(source: InputSource, encoding: WideEncoding, gzip: boolean): string {
  const said = `the log is ${encoding}${gzip ? ' text in gzip data' : ' text'}; leakdiff reads UTF-8, as MPF writes it. `;
  const iconv = `iconv -f ${encoding} -t UTF-8`;
  if (source.path === null) return `${said}Convert it on the way in: … ${gzip ? '| gzip -dc ' : ''}| ${iconv} | leakdiff … -`;
  // Single quotes work in PowerShell and POSIX shells alike, for a name with spaces.
  const quote = (file: string): string => (/^[\w./:\\-]+$/u.test(file) ? file : `'${file.replaceAll("'", "''")}'`);
  const from = quote(source.name);
  const to = quote(`${source.name.replace(/(\.log)?(\.gz)?$/u, '')}-utf8.log`);
  if (gzip) return `${said}Convert it: gzip -dc < ${from} | ${iconv} > ${to}`;
  return `${said}Convert it, in PowerShell: Get-Content -Encoding ${POWERSHELL_ENCODINGS[encoding]} ${from} | Set-Content -Encoding utf8 ${to}, or: ${iconv} ${from} > ${to}`;
}

/**
 * A file the user named that holds no dump is an error; logs found through a directory or glob
 * may hold none (a run where nobody dumped), which is a warning, unless no log holds any. Gzip
 * data that did not end whole is a warning too (the log's problem says it, for a log without dumps).
 * With `handlerLines`, a log without dumps that has handler lines is no error: when no log holds a
 * dump, its handler lines are judged instead (`withoutDumps` is then true).
 */
export function checkDumpsFound(loaded: readonly LoadedLog[], options: { handlerLines?: boolean } = {}): { warnings: string[]; withoutDumps: boolean } {
  const warnings: string[] = [];
  const hasHandlerLines = (entry: LoadedLog): boolean => options.handlerLines === true && entry.log.handlers !== undefined;
  const anyDump = loaded.some((entry) => entry.dumps > 0);
  for (const entry of loaded) {
    if (entry.dumps > 0) {
      const damage = gzipWarning(entry);
      if (damage !== null) warnings.push(damage);
      continue;
    }
    if (hasHandlerLines(entry)) {
      if (anyDump) warnings.push(escapeTerminal(`${entry.source.name}: no DEBUG DUMP section found; its handler lines are judged only when no log holds a dump`));
      continue;
    }
    if (entry.source.explicit) throw new LeakdiffError(noDumpMessage(entry));
    warnings.push(noDumpMessage(entry));
  }
  if (!anyDump && !loaded.some(hasHandlerLines)) throw new LeakdiffError(noDumpsMessage(loaded));
  return { warnings, withoutDumps: !anyDump };
}

/** Why none of the logs holds a dump, as one line. */
export function noDumpsMessage(loaded: readonly LoadedLog[]): string {
  return loaded.length === 1 ? noDumpMessage(loaded[0]!) : `none of the ${loaded.length} logs holds a DEBUG DUMP section (${HOW_TO_DUMP})`;
}

/** A warning for gzip data that did not end whole (escaped for a terminal), or null. */
function gzipWarning(loaded: LoadedLog): string | null {
  const { source, log, stats } = loaded;
  if (stats.gzipDamage === null) return null;
  // Bytes passed over lose nothing of the log: there is no line to point at.
  const where = stats.gzipDamage.kind === 'trailing-bytes' ? source.name : `${source.name}:${log.lines}`;
  return escapeTerminal(`${where}: ${describeGzipDamage(stats.gzipDamage)}`);
}
