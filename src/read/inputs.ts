// What the user named on the command line, turned into logs to read: files, directories of logs,
// globs (expanded here, since Windows shells do not), and `-` for standard input.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { createGunzip, type Gunzip } from 'node:zlib';
import type FastGlob from 'fast-glob';
import { describeSystemError, LeakdiffError } from '../errors.js';

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
  /** a NUL byte in the first 8 KiB: the file is probably not text */
  binary: boolean;
  /** how gzip data ended when it did not end whole; null for whole gzip data and for text */
  gzipDamage: GzipDamage | null;
}

/**
 * Gzip data that does not end whole, read as far as it goes. gunzip does the same: it passes on
 * what it could decompress, and warns.
 */
export type GzipDamage =
  /** the data stops inside a gzip member: the file is cut off (a copy or a gzip that did not finish) */
  | { kind: 'cut' }
  /**
   * bytes after the last whole member that zlib passes over without reading them: zeros, as copy
   * tools pad with, and whatever follows a zero byte
   */
  | { kind: 'trailing-bytes'; bytes: number }
  /**
   * bytes after a whole member that are not gzip and do not start with a zero byte: zlib fails on
   * them, dropping what it had decompressed in that step (at most GUNZIP_CHUNK_BYTES of the log
   * before them)
   */
  | { kind: 'trailing-garbage' };

const LOG_FILES_IN_DIRECTORY = ['*.log', '*.log.gz'];
const CHUNK_BYTES = 1024 * 1024;
const BINARY_SNIFF_BYTES = 8192;
/**
 * zlib's output per step. The parser runs between two steps (see gunzip), so fewer, larger steps
 * cost less: a 100 MB log's .gz took 0.85 s to read with zlib's 16 KiB default, 0.6 s with this.
 */
export const GUNZIP_CHUNK_BYTES = 256 * 1024;

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
      if (found.isDirectory()) sources.push(...(await logsInDirectory(arg, cwd)));
      else sources.push({ name: arg, path: path.resolve(cwd, arg), explicit: true });
      continue;
    }
    const fg = await loadFastGlob();
    if (fg.isDynamicPattern(arg)) {
      // fast-glob wants forward slashes; on Windows a backslash is a separator, elsewhere an escape.
      const pattern = path.sep === '\\' ? arg.replaceAll('\\', '/') : arg;
      const matches = await glob(arg, pattern, { cwd, onlyFiles: true });
      if (matches.length === 0) throw new LeakdiffError(`${arg}: no file matches this pattern`);
      matches.sort(compareNames);
      sources.push(...matches.map((match) => ({ name: match, path: path.resolve(cwd, match), explicit: false })));
      continue;
    }
    throw new LeakdiffError(`${arg}: ${describeSystemError(found)}`);
  }
  return sources;
}

async function logsInDirectory(directory: string, cwd: string): Promise<InputSource[]> {
  const entries = await glob(directory, LOG_FILES_IN_DIRECTORY, { cwd: path.resolve(cwd, directory), onlyFiles: true, deep: 1 });
  if (entries.length === 0) throw new LeakdiffError(`${directory}: no *.log or *.log.gz files in this directory`);
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
 * Streams a source's bytes to `onChunk`, gunzipping when the data starts with gzip's magic bytes
 * (whatever the file is called: rotated logs are not always named .gz).
 */
export async function readSource(
  source: InputSource,
  stdin: NodeJS.ReadableStream,
  onChunk: (chunk: Buffer) => void,
  onProgress?: (bytesRead: number) => void,
): Promise<ReadStats> {
  const raw = source.path === null ? stdin : createReadStream(source.path, { highWaterMark: CHUNK_BYTES });
  const stats: ReadStats = { bytes: 0, gzip: false, binary: false, gzipDamage: null };
  const counted = countBytes(raw as AsyncIterable<Buffer>, stats, onProgress);
  const first = await counted.next().catch((error: unknown) => {
    throw new LeakdiffError(`${source.name}: ${describeSystemError(error)}`);
  });
  if (first.done) return stats;
  const head = first.value;
  stats.binary = head.subarray(0, BINARY_SNIFF_BYTES).includes(0);
  stats.gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  try {
    if (stats.gzip) {
      // Binary or not is a question about what was compressed: sniff its first bytes instead.
      stats.binary = false;
      let sniffed = false;
      stats.gzipDamage = await gunzip(prepend(head, counted), (chunk) => {
        if (!sniffed) {
          stats.binary = chunk.subarray(0, BINARY_SNIFF_BYTES).includes(0);
          sniffed = true;
        }
        onChunk(chunk);
      });
    } else {
      onChunk(head);
      for await (const chunk of counted) onChunk(chunk);
    }
  } catch (error) {
    if (error instanceof LeakdiffError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (stats.gzip && typeof code === 'string' && code.startsWith('Z_')) {
      throw new LeakdiffError(`${source.name}: damaged gzip data (${(error as Error).message})`);
    }
    if (code !== undefined && !code.startsWith('ERR_')) throw new LeakdiffError(`${source.name}: ${describeSystemError(error)}`);
    throw error;
  }
  return stats;
}

/**
 * Decompresses `compressed` into `onChunk`; returns how the gzip data ended when it did not end
 * whole, and throws zlib's error when the data is corrupt or nothing could be decompressed.
 *
 * Node decompresses a chunk still waiting when the stream is ended in its final flush, and when
 * the data stops early that flush fails and what it made is lost. So each chunk goes in only once
 * the one before is decompressed and passed on: the final flush has no data of its own, and a cut
 * file gives all it holds before the cut.
 */
async function gunzip(compressed: AsyncIterable<Buffer>, onChunk: (chunk: Buffer) => void): Promise<GzipDamage | null> {
  const decompressor = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  let bytesIn = 0;
  let bytesOut = 0;
  decompressor.on('data', (chunk: Buffer) => {
    bytesOut += chunk.length;
    // Called from zlib's callback: an error thrown here would escape this read uncaught.
    try {
      onChunk(chunk);
    } catch (error) {
      decompressor.destroy(error as Error);
    }
  });
  try {
    for await (const chunk of compressed) {
      bytesIn += chunk.length;
      await decompress(decompressor, chunk);
    }
    decompressor.end();
    await finished(decompressor);
  } catch (error) {
    const damage = bytesOut > 0 ? gzipDamageOf(error) : null;
    if (damage === null) throw error;
    return damage;
  } finally {
    decompressor.destroy();
  }
  // After a whole member, zlib stops at a zero byte without an error and leaves the rest unread.
  return decompressor.bytesWritten < bytesIn ? { kind: 'trailing-bytes', bytes: bytesIn - decompressor.bytesWritten } : null;
}

/** Writes `chunk` and waits until zlib has passed on what it made of it; zlib's error rejects (the write's callback then never comes). */
function decompress(decompressor: Gunzip, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    decompressor.once('error', reject);
    decompressor.write(chunk, (error) => {
      decompressor.off('error', reject);
      if (error) reject(error);
      else resolve();
    });
  });
}

/**
 * The errors that end gzip data after readable data, known by their words: Node's for data that
 * stops, zlib's for a header that is not gzip. Node looks for another member only after a whole
 * one (its checksum checked), and a log's first member has the magic bytes (readSource checked),
 * so a bad header check means bytes that are not gzip after a whole member.
 */
function gzipDamageOf(error: unknown): GzipDamage | null {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'Z_BUF_ERROR' && message === 'unexpected end of file') return { kind: 'cut' };
  if (code === 'Z_DATA_ERROR' && message === 'incorrect header check') return { kind: 'trailing-garbage' };
  return null;
}

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
  yield head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}
