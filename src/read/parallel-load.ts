// A big plain log read on both cores: this thread parses the file from its start, a worker thread
// the part after a line near the middle of what is left when the worker is ready to start, as a
// segment (parse/segment.ts); the two are joined into what one parse gives. The worker chooses its
// part itself (segment-handoff.ts): it takes a while to start, and a part chosen before then would
// leave this thread waiting for it at the end. Where the parts cannot be joined exactly (the first
// ends inside a dump), or the worker fails, this thread reads the rest itself: the result never
// depends on which way was taken.

import { open, stat, type FileHandle } from 'node:fs/promises';
import type { ProcessKind, ReprsKept } from '../model.js';
import type { LogReading } from '../parse/log-reading.js';
import { unpackSegment, type ParsedSegment } from '../parse/segment.js';
import { asReadError, fileChunks, READ_CHUNK_BYTES, type InputSource, type ReadStats } from './inputs.js';
import { judgeHead, SNIFF_BYTES } from './sniff.js';
import { claimUpTo, giveSplit, HANDOFF, type SegmentResult } from './segment-handoff.js';
import { roomForWorker, takeSegmentWorker, type SegmentWorker } from './segment-workers.js';

export { PARALLEL_MIN_BYTES } from './segment-workers.js';
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** A file to read on two threads. */
export interface SplitPlan {
  /**
   * byte offset of the first line of the worker's part; null: chosen by the worker when it is
   * ready, in the middle of what this thread has not read yet
   */
  split: number | null;
}

/**
 * Whether to read a plain file of at least `minBytes` on two threads; null to read it on one:
 * smaller, gzip, not a regular file, a head that is not plain text (NUL bytes, UTF-16 or UTF-32),
 * which one thread reports on, or gives up on, from its first bytes, or too little address space
 * for a second thread.
 */
export async function planSplit(path: string, minBytes: number): Promise<SplitPlan | null> {
  if (!roomForWorker()) return null;
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile() || info.size < minBytes || info.size < 2) return null;
  const handle = await open(path, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, info.size));
    // A head that cannot be read (a bad sector, a share gone): read on one thread, which says why.
    const read = await handle.read(head, 0, head.length, 0).catch(() => null);
    if (read === null) return null;
    if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return null;
    const verdict = judgeHead(head);
    return verdict.binary || verdict.encoding !== null ? null : { split: null };
  } finally {
    await handle.close();
  }
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
  /** the worker to read the second part (default: the one started ahead, else a new one) */
  worker?: SegmentWorker | undefined;
}

/**
 * Reads `source` into `parser` on two threads as `plan` says. Returns the worker's segment, for
 * `parser.endWithSegment`, or null when this thread read it all and `parser.end()` finishes it.
 */
export async function readInTwoHalves(
  source: InputSource & { path: string },
  plan: SplitPlan,
  parser: LogReading,
  { readBuffers = null, processHint, reprs = 'all', onProgress, signal, worker = takeSegmentWorker() }: HalfReadOptions = {},
): Promise<{ stats: ReadStats; segment: ParsedSegment | null }> {
  let handle: FileHandle;
  try {
    // Opened once: a log replaced by another of the same name meanwhile is not read in part.
    handle = await open(source.path, 'r');
  } catch (error) {
    await worker.stop();
    throw asReadError(source, error);
  }
  try {
    return await readOpenInTwo(source, handle, plan, parser, { readBuffers, processHint, reprs, onProgress, signal, worker });
  } finally {
    await handle.close();
  }
}

async function readOpenInTwo(
  source: InputSource & { path: string },
  handle: FileHandle,
  plan: SplitPlan,
  parser: LogReading,
  { readBuffers, processHint, reprs, onProgress, signal, worker }: HalfReadOptions & { readBuffers: readonly [Uint8Array, Uint8Array] | null; reprs: ReprsKept; worker: SegmentWorker },
): Promise<{ stats: ReadStats; segment: ParsedSegment | null }> {
  const stats: ReadStats = { bytes: 0, gzip: false, binary: false, gzipDamage: null };
  const { handoff } = worker;
  const { dev, ino } = await handle.stat({ bigint: true });
  // Given before the job: the worker takes its part as soon as it has the job.
  if (plan.split !== null) giveSplit(handoff, plan.split);
  worker.start({ path: source.path, name: source.name, processHint, reprs, file: { dev, ino } });
  const onBothProgress = onProgress && ((bytes: number) => onProgress(bytes + Number(Atomics.load(handoff, HANDOFF.bytesRead))));
  let split: number | null = plan.split;
  try {
    await readPart(source, handle, 0, parser, readBuffers, stats, onBothProgress, signal, (position) => {
      split ??= claimUpTo(handoff, position + READ_CHUNK_BYTES);
      return split ?? Number.POSITIVE_INFINITY;
    });
  } catch (error) {
    // A worker left running would keep the process alive until it has read its part for nothing.
    await worker.stop();
    throw error;
  }
  if (split === null) {
    // This thread read the whole file before the worker took a part. One taken after its last
    // claim starts after what this thread read: the log grew meanwhile, and is read as far as it
    // was then, as on one thread (stopping the worker closes the claims).
    await worker.stop();
    return { stats, segment: null };
  }
  if (parser.atSegmentBoundary()) {
    const result = await resultUnlessAborted(worker, signal);
    if (result !== null) {
      stats.bytes += result.bytes;
      onProgress?.(stats.bytes);
      return { stats, segment: unpackSegment(result.segment) };
    }
  }
  await worker.stop();
  await readPart(source, handle, split, parser, readBuffers, stats, onProgress, signal);
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

/**
 * Reads the file from `start` up to the offset `endNow(position)` gives before each chunk
 * (infinity, by default: to the end), which may come down once, never below `position`.
 */
async function readPart(
  source: InputSource,
  handle: FileHandle,
  start: number,
  parser: LogReading,
  readBuffers: readonly [Uint8Array, Uint8Array] | null,
  stats: ReadStats,
  onProgress: ((bytesRead: number) => void) | undefined,
  signal: AbortSignal | undefined,
  endNow: (position: number) => number = () => Number.POSITIVE_INFINITY,
): Promise<void> {
  let position = start;
  let end = endNow(position);
  try {
    for await (const chunk of fileChunks(handle, start, Number.POSITIVE_INFINITY, readBuffers)) {
      signal?.throwIfAborted();
      const part = position + chunk.length > end ? chunk.subarray(0, end - position) : chunk;
      position += part.length;
      stats.bytes += part.length;
      onProgress?.(stats.bytes);
      parser.pushChunk(part);
      if (position >= end) return;
      end = endNow(position);
    }
  } catch (error) {
    throw asReadError(source, error);
  }
}
