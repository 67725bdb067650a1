// A big plain log read on both cores: this thread parses the first half, a worker thread the second
// half as a segment (parse/segment.ts), and the two are joined into what one parse gives. Where the
// halves cannot be joined exactly (the first half ends inside a dump), or the worker fails, this
// thread reads the second half itself: the result never depends on which way was taken.

import { open, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { ProcessKind, ReprsKept } from '../model.js';
import type { LogReading } from '../parse/log-reading.js';
import { reviveSegment, type ParsedSegment } from '../parse/segment.js';
import { describeSystemError, LeakdiffError } from '../errors.js';
import { fileChunks, type InputSource, type ReadStats } from './inputs.js';
import type { SegmentJob, SegmentResult } from './segment-worker.js';

/**
 * Plain files from this size on are read on two threads; below, a worker's start-up costs more than
 * it saves. In time alone it pays off only for larger files, but the second thread adds a fixed
 * amount of memory: from this size up, logs of every size are read the same way and peak alike.
 */
export const PARALLEL_MIN_BYTES = 64 * 1024 * 1024;
/** How much after the middle of the file a line to split at is looked for. */
const SPLIT_SEARCH_BYTES = 1024 * 1024;
const BINARY_SNIFF_BYTES = 8192;
const POSTED_MARKER = Buffer.from('Event: ==');
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Where a file is split between the threads, and what its head says. */
export interface SplitPlan {
  /** byte offset of the first line of the second half */
  split: number;
  /** a NUL byte in the first 8 KiB */
  binary: boolean;
}

/**
 * Where to split a plain file of at least `minBytes`, or null to read it on one thread (smaller,
 * gzip, not a regular file, or no line end after its middle). The split follows a posted-event
 * line: posts come between dumps, so the first half rarely ends inside one.
 */
export async function planSplit(path: string, minBytes: number): Promise<SplitPlan | null> {
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile() || info.size < minBytes || info.size < 2) return null;
  const handle = await open(path, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    const head = Buffer.alloc(Math.min(BINARY_SNIFF_BYTES, info.size));
    await handle.read(head, 0, head.length, 0);
    if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return null;
    const middle = Math.floor(info.size / 2);
    const window = Buffer.alloc(Math.min(SPLIT_SEARCH_BYTES, info.size - middle));
    const { bytesRead } = await handle.read(window, 0, window.length, middle);
    const split = splitAfter(window.subarray(0, bytesRead));
    if (split === null || middle + split >= info.size) return null;
    return { split: middle + split, binary: head.includes(0) };
  } finally {
    await handle.close();
  }
}

/** The offset after the first posted-event line in `window`, else after its first line end; null without one. */
function splitAfter(window: Buffer): number | null {
  const posted = window.indexOf(POSTED_MARKER);
  let end = posted === -1 ? -1 : window.indexOf(10, posted);
  if (end === -1) end = window.indexOf(10);
  return end === -1 ? null : end + 1;
}

/** How this thread reads its part. */
export interface HalfReadOptions {
  /** buffers to read into in turn (the fast path's, see inputs.ts fileChunks) */
  readBuffers?: readonly [Uint8Array, Uint8Array] | null;
  /** the process that wrote the log, as its name says (read/load.ts processHintOf) */
  processHint?: ProcessKind | undefined;
  /** what the parse keeps of the entries of OBJECTS, display trees and CLOCK (default: all) */
  reprs?: ReprsKept | undefined;
  /** hears the bytes both threads have read */
  onProgress?: ((bytesRead: number) => void) | undefined;
  /** aborted on Ctrl-C: both threads stop, and the signal's reason is thrown */
  signal?: AbortSignal | undefined;
}

/**
 * Reads `source` into `parser` in two halves as `plan` says. Returns the worker's segment, for
 * `parser.endWithSegment`, or null when this thread read it all and `parser.end()` finishes it.
 */
export async function readInTwoHalves(
  source: InputSource & { path: string },
  plan: SplitPlan,
  parser: LogReading,
  { readBuffers = null, processHint, reprs = 'all', onProgress, signal }: HalfReadOptions = {},
): Promise<{ stats: ReadStats; segment: ParsedSegment | null }> {
  const stats: ReadStats = { bytes: 0, gzip: false, binary: plan.binary, gzipDamage: null };
  const workerBytes = new BigInt64Array(new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT));
  const worker = startSegmentWorker({ path: source.path, name: source.name, processHint, reprs, start: plan.split, bytesRead: workerBytes });
  const onBothProgress = onProgress && ((bytes: number) => onProgress(bytes + Number(Atomics.load(workerBytes, 0))));
  try {
    await readRange(source, 0, plan.split, parser, readBuffers, stats, onBothProgress, signal);
  } catch (error) {
    // A worker left running would keep the process alive until it has read its half for nothing.
    await worker.stop();
    throw error;
  }
  if (parser.atSegmentBoundary()) {
    const result = await resultUnlessAborted(worker, signal);
    if (result !== null) {
      stats.bytes += result.bytes;
      onProgress?.(stats.bytes);
      return { stats, segment: reviveSegment(result.segment) };
    }
  }
  await worker.stop();
  await readRange(source, plan.split, Number.POSITIVE_INFINITY, parser, readBuffers, stats, onProgress, signal);
  return { stats, segment: null };
}

/** The worker's result; on Ctrl-C meanwhile, the worker stopped and the signal's reason thrown. */
async function resultUnlessAborted(worker: { result: Promise<SegmentResult | null>; stop: () => Promise<void> }, signal: AbortSignal | undefined): Promise<SegmentResult | null> {
  if (signal === undefined) return worker.result;
  const onAbort = (): void => void worker.stop();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await worker.result;
    signal.throwIfAborted();
    return result;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function readRange(
  source: InputSource & { path: string },
  start: number,
  end: number,
  parser: LogReading,
  readBuffers: readonly [Uint8Array, Uint8Array] | null,
  stats: ReadStats,
  onProgress: ((bytesRead: number) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    for await (const chunk of fileChunks(source.path, start, end, readBuffers)) {
      signal?.throwIfAborted();
      stats.bytes += chunk.length;
      onProgress?.(stats.bytes);
      parser.pushChunk(chunk);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && !code.startsWith('ERR_')) throw new LeakdiffError(`${source.name}: ${describeSystemError(error)}`);
    throw error;
  }
}

/**
 * A worker parsing a segment. Its result is null when it failed: the second half is then read on
 * this thread, where whatever went wrong (a read error, a bug) happens again and is reported as usual.
 * Run from the TypeScript sources (tsx), there is no segment-worker.js and every worker fails so:
 * the two-thread path is tested on dist/ (test/parallel-load.test.ts).
 */
function startSegmentWorker(job: SegmentJob): { result: Promise<SegmentResult | null>; stop: () => Promise<void> } {
  const worker = new Worker(new URL('./segment-worker.js', import.meta.url), { workerData: job });
  const result = new Promise<SegmentResult | null>((resolve) => {
    worker.once('message', (message: SegmentResult) => resolve(message));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return {
    result,
    stop: async () => {
      await worker.terminate();
    },
  };
}
