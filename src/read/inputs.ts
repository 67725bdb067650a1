// What the user named on the command line, turned into logs to read: files, directories of logs,
// globs (expanded here, since Windows shells do not), and `-` for standard input.

import { readSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type FastGlob from 'fast-glob';
import { describeSystemError, LeakdiffError } from '../errors.js';
import { gunzip, type GzipDamage } from './gunzip.js';
import { HeadSniffer, type HeadVerdict, type WideEncoding } from './sniff.js';

/** One log to read. */
export interface InputSource {
  /** the name shown in reports: as the user wrote it, or relative to what they wrote */
  name: string;
  /** file path, or null for standard input */
  path: string | null;
  /** named by the user one by one (a file with no dump is an error), not found in a directory or glob */
  explicit: boolean;
}

/** What reading a source showed besides its lines. */
export interface ReadStats {
  /** bytes read from the file (compressed size for gzip) */
  bytes: number;
  gzip: boolean;
  /** a NUL byte in the first 64 KiB of the text: the file is probably not text */
  binary: boolean;
  /** the text is UTF-16 or UTF-32 (absent when it is not): it was not read on, and the user is told how to convert it */
  encoding?: WideEncoding;
  /** how gzip data ended when it did not end whole; null for whole gzip data and for text */
  gzipDamage: GzipDamage | null;
}


/** MPF's and MC's logs, and Kivy's own (`~/.kivy/logs/kivy_YY-MM-DD_N.txt`, where MC's lines also go). */
export const LOG_FILES_IN_DIRECTORY = ['*.log', '*.log.gz', 'kivy_*.txt'];
/** The most one read of a file gives (fileChunks). */
export const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * The longest a synchronous read goes on without a turn of the event loop. Counted in time, not
 * bytes: the same bytes come far faster from the page cache than from a Raspberry Pi's SD card.
 */
const TURN_EVERY_MS = 100;

/**
 * An argument as fast-glob reads patterns: forward slashes. On Windows a backslash separates
 * folders (`logs\*.log` from cmd), elsewhere it escapes the character after it.
 */
export function globPatternOf(arg: string, separator: string = path.sep): string {
  return separator === '\\' ? arg.replaceAll('\\', '/') : arg;
}

/** Expands the command line's inputs, in the order given; a directory's logs in name order (MPF names logs by start time). */
export async function expandInputs(args: readonly string[], cwd: string): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  for (const arg of args) {
    if (arg === '-') {
      // Standard input can be read once; a second `-` would read nothing and be called empty.
      if (sources.some((source) => source.path === null)) throw new LeakdiffError('-: standard input is given twice; it can be read only once');
      sources.push({ name: '-', path: null, explicit: true });
      continue;
    }
    const found = await stat(path.resolve(cwd, arg)).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (!(found instanceof Error)) {
      if (found.isDirectory()) for (const source of await logsInDirectory(arg, cwd)) sources.push(source);
      else sources.push({ name: arg, path: path.resolve(cwd, arg), explicit: true });
      continue;
    }
    const fg = await loadFastGlob();
    const pattern = globPatternOf(arg);
    if (fg.isDynamicPattern(pattern)) {
      const matches = await glob(arg, pattern, { cwd, onlyFiles: true });
      if (matches.length === 0) throw new LeakdiffError(`${arg}: no file matches this pattern`);
      matches.sort(compareNames);
      for (const match of matches) sources.push({ name: match, path: path.resolve(cwd, match), explicit: false });
      continue;
    }
    throw new LeakdiffError(`${arg}: ${describeSystemError(found)}`);
  }
  return sources;
}

async function logsInDirectory(directory: string, cwd: string): Promise<InputSource[]> {
  const entries = await glob(directory, LOG_FILES_IN_DIRECTORY, { cwd: path.resolve(cwd, directory), onlyFiles: true, deep: 1 });
  if (entries.length === 0) throw new LeakdiffError(`${directory}: no *.log, *.log.gz or kivy_*.txt files in this directory`);
  entries.sort(compareNames);
  return entries.map((entry) => ({ name: path.join(directory, entry), path: path.resolve(cwd, directory, entry), explicit: false }));
}

/**
 * fast-glob, where a directory that cannot be read is the user's input error, named, not a crash.
 * Skipping it instead could hide the very logs that show a leak.
 */
async function glob(arg: string, patterns: string | string[], options: FastGlob.Options & { cwd: string }): Promise<string[]> {
  const fg = await loadFastGlob();
  try {
    return await fg(patterns, options);
  } catch (error) {
    const { code, path: failed } = error as NodeJS.ErrnoException;
    if (typeof code !== 'string' || code.startsWith('ERR_')) throw error;
    const directory = failed === undefined ? null : path.relative(options.cwd, failed);
    const where = directory === null || directory === '' ? '' : ` ${directory.startsWith('..') ? failed : directory}:`;
    throw new LeakdiffError(`${arg}:${where} ${describeSystemError(error)}`);
  }
}

/** fast-glob is loaded only for a directory or a glob: it is a third of leakdiff's start-up time. */
async function loadFastGlob(): Promise<typeof FastGlob> {
  return (await import('fast-glob')).default;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A file's bytes from `start` up to `end` (or its end) in chunks of up to READ_CHUNK_BYTES, read into two
 * buffers in turn (`into`: the fast path's, see FastPath.readBuffers); the caller must be done with a
 * chunk when it asks for the next: fresh buffers for every chunk would cost a big log a good part
 * of its time in allocation and collection.
 *
 * A regular file is read synchronously: from the page cache a read is a copy, cheaper than handing
 * it to libuv's thread pool and waiting for the answer. At least
 * every TURN_EVERY_MS the loop gives the event loop a turn, so that Ctrl-C is still heard.
 * Anything else (a named pipe: its writer may be slow) is read with the next chunk read ahead.
 */
export async function* fileChunks(
  file: string | FileHandle,
  start = 0,
  end = Number.POSITIVE_INFINITY,
  into: readonly [Uint8Array, Uint8Array] | null = null,
): AsyncGenerator<Buffer> {
  // A file opened by the caller stays open: the caller reads more of the same file.
  const handle = typeof file === 'string' ? await open(file, 'r') : file;
  const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let buffers = into === null ? ([Buffer.allocUnsafe(READ_CHUNK_BYTES), Buffer.allocUnsafe(READ_CHUNK_BYTES)] as const) : ([asBuffer(into[0]), asBuffer(into[1])] as const);
  // Only a range is read at explicit positions: a named pipe has none.
  const ranged = start > 0 || end < Number.POSITIVE_INFINITY;
  let position = start;
  const lengthFor = (buffer: Buffer) => Math.min(READ_CHUNK_BYTES, buffer.length, end - position);
  let reading: Promise<{ bytesRead: number }> | null = null;
  try {
    const regular = (await handle.stat()).isFile();
    let lastTurn = Date.now();
    for (;;) {
      const buffer = buffers[0];
      let bytesRead: number;
      if (regular) {
        bytesRead = readSync(handle.fd, buffer, 0, lengthFor(buffer), ranged ? position : null);
        if (Date.now() - lastTurn >= TURN_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastTurn = Date.now();
        }
      } else {
        bytesRead = (await (reading ?? handle.read(buffer, 0, lengthFor(buffer), null))).bytesRead;
        reading = null;
      }
      if (bytesRead === 0) return;
      position += bytesRead;
      buffers = [buffers[1], buffers[0]];
      if (!regular) reading = handle.read(buffers[0], 0, lengthFor(buffers[0]), null);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    // When the caller stops early, a read ahead may still be under way: its end, or its error, is
    // awaited here rather than left to reject unheard.
    await reading?.catch(() => undefined);
    if (typeof file === 'string') await handle.close();
  }
}

/** A system error of reading `source` as a LeakdiffError naming it; any other error as it is. */
export function asReadError(source: InputSource, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  // A system error has a string code; an AbortError (Ctrl-C) has a number.
  return typeof code === 'string' && !code.startsWith('ERR_') ? new LeakdiffError(`${source.name}: ${describeSystemError(error)}`) : error;
}

/**
 * Streams a source's bytes to `onChunk`, gunzipping when the data starts with gzip's magic bytes
 * (whatever the file is called: rotated logs are not always named .gz).
 */
export async function readSource(
  source: InputSource,
  stdin: NodeJS.ReadableStream,
  onChunk: (chunk: Buffer) => void,
  onProgress?: (bytesRead: number) => void,
  readBuffers: readonly [Uint8Array, Uint8Array] | null = null,
): Promise<ReadStats> {
  const raw = source.path === null ? stdin : fileChunks(source.path, 0, Number.POSITIVE_INFINITY, readBuffers);
  const stats: ReadStats = { bytes: 0, gzip: false, binary: false, gzipDamage: null };
  const counted = countBytes(raw as AsyncIterable<Buffer>, stats, onProgress);
  const first = await counted.next().catch((error: unknown) => {
    throw new LeakdiffError(`${source.name}: ${describeSystemError(error)}`);
  });
  if (first.done) return stats;
  const head = first.value;
  stats.gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  // Binary or not is a question about the text, so for gzip about what was decompressed. Binary
  // data that nothing in its head shows to be a log is not read on: it may never end.
  const sniffer = new HeadSniffer();
  const judge = (verdict: HeadVerdict): void => {
    stats.binary = verdict.binary;
    if (verdict.encoding !== null) stats.encoding = verdict.encoding;
  };
  const take = (chunk: Buffer): void => {
    if (sniffer.verdict === null) {
      const verdict = sniffer.add(chunk);
      if (verdict !== null) {
        judge(verdict);
        if (verdict.notALog) throw NOT_A_LOG;
      }
    }
    onChunk(chunk);
  };
  try {
    if (stats.gzip) {
      stats.gzipDamage = await gunzip(prepend(head, counted), take);
    } else {
      take(head);
      for await (const chunk of counted) take(chunk);
    }
  } catch (error) {
    if (error === NOT_A_LOG) return stats;
    if (error instanceof LeakdiffError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (stats.gzip && typeof code === 'string' && code.startsWith('Z_')) {
      throw new LeakdiffError(`${source.name}: damaged gzip data (${(error as Error).message})`);
    }
    throw asReadError(source, error);
  } finally {
    // Stopped early (not a log, Ctrl-C, the parser's error on the first chunk): the file is closed
    // now. Left to the garbage collector, Node would close it with a warning.
    await counted.return(undefined);
  }
  if (sniffer.verdict === null) judge(sniffer.end());
  return stats;
}

/** Thrown through the reading to stop it where the head shows that the text is not a log. */
const NOT_A_LOG = Symbol('not an MPF log');

async function* countBytes(
  raw: AsyncIterable<Buffer | string>,
  stats: ReadStats,
  onProgress: ((bytesRead: number) => void) | undefined,
): AsyncGenerator<Buffer> {
  for await (const chunk of raw) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    stats.bytes += bytes.length;
    onProgress?.(stats.bytes);
    yield bytes;
  }
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield head;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    // Stopped early (zlib failed on the data): the file under `rest` is closed now. Left to the
    // garbage collector, Node would close it with a warning.
    await rest.return?.();
  }
}
