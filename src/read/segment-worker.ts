// A worker thread's work in a log read on two threads (parallel-load.ts): the part of a plain file
// from a line start to its end, parsed as a segment (parse/segment.ts) and posted back in one
// message: one per chunk would cost more than the second thread gains.

import { parentPort, workerData } from 'node:worker_threads';
import type { ProcessKind, ReprsKept } from '../model.js';
import { createFastPath } from '../parse/fast-path/fast-path.js';
import { LogReading } from '../parse/log-reading.js';
import type { ParsedSegment } from '../parse/segment.js';
import { fileChunks } from './inputs.js';

/** What the worker is given. */
export interface SegmentJob {
  path: string;
  /** the log's name as the user gave it (snapshots carry it) */
  name: string;
  /** the process that wrote the log, as its name says */
  processHint: ProcessKind | undefined;
  /** what the parse keeps of the entries of OBJECTS, display trees and CLOCK */
  reprs: ReprsKept;
  /** byte offset of the segment's first line */
  start: number;
  /** one counter the worker keeps at the bytes it has read, for the progress bar without a message */
  bytesRead: BigInt64Array;
}

/** What the worker posts back. */
export interface SegmentResult {
  segment: ParsedSegment;
  /** bytes it read */
  bytes: number;
}

const job = workerData as SegmentJob;
const fastPath = createFastPath();
const parser = new LogReading(job.name, { segment: true, processHint: job.processHint, reprs: job.reprs, fastPath });
let bytes = 0;
for await (const chunk of fileChunks(job.path, job.start, Number.POSITIVE_INFINITY, fastPath?.readBuffers() ?? null)) {
  bytes += chunk.length;
  Atomics.store(job.bytesRead, 0, BigInt(bytes));
  parser.pushChunk(chunk);
}
parentPort!.postMessage({ segment: parser.endSegment(), bytes } satisfies SegmentResult);
