// A worker thread's work in a log read on two threads (parallel-load.ts): the part of a plain file
// from a line start to its end, parsed as a segment (parse/segment.ts) and posted back in one
// message. A message between threads costs about half a millisecond here, so one per chunk would
// eat what the second thread gains.

import { parentPort, workerData } from 'node:worker_threads';
import { LogParser } from '../parse/parser.js';
import type { ParsedSegment } from '../parse/segment.js';
import { fileChunks } from './inputs.js';

/** What the worker is given. */
export interface SegmentJob {
  path: string;
  /** the log's name as the user gave it (snapshots carry it; `-mc-` in it decides some dumps' process) */
  name: string;
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
const parser = new LogParser(job.name, { segment: true });
let bytes = 0;
for await (const chunk of fileChunks(job.path, job.start, Number.POSITIVE_INFINITY, parser.readBuffers())) {
  bytes += chunk.length;
  Atomics.store(job.bytesRead, 0, BigInt(bytes));
  parser.pushChunk(chunk);
}
parentPort!.postMessage({ segment: parser.endSegment(), bytes } satisfies SegmentResult);
