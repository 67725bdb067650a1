// What this thread and a segment worker (segment-worker.ts) share when a log is read on two threads
// (parallel-load.ts): the job, the result, and a few numbers in shared memory (the worker's
// workerData) through which the worker says it is ready and hears where its part starts.

import type { ParsedSegment } from '../parse/segment.js';
import type { ProcessKind, ReprsKept } from '../model.js';

/** Slots of the shared numbers, and the states of `state`. */
export const HANDOFF = {
  /** slot: where the handoff is (one of the states below) */
  state: 0,
  /** slot: the byte offset of the worker's first line, once given */
  split: 1,
  /** slot: bytes the worker has read, for the progress bar without a message */
  bytesRead: 2,
  /** state: the worker has started and waits */
  waiting: 0n,
  /** state: the worker is loaded and ready for its part */
  ready: 1n,
  /** state: the split is given */
  given: 2n,
  /** state: the worker has no part; it ends */
  notNeeded: 3n,
} as const;
export const HANDOFF_SLOTS = 3;

/** Tells a waiting worker where its part starts. */
export function giveSplit(handoff: BigInt64Array, split: number): void {
  Atomics.store(handoff, HANDOFF.split, BigInt(split));
  Atomics.store(handoff, HANDOFF.state, HANDOFF.given);
  Atomics.notify(handoff, HANDOFF.state);
}

/** Tells a waiting worker that it has no part: the main thread reads everything. */
export function tellNotNeeded(handoff: BigInt64Array): void {
  Atomics.store(handoff, HANDOFF.state, HANDOFF.notNeeded);
  Atomics.notify(handoff, HANDOFF.state);
}

/** What the worker is given. */
export interface SegmentJob {
  path: string;
  /** the log's name as the user gave it (snapshots carry it) */
  name: string;
  /** the process that wrote the log, as its name says */
  processHint: ProcessKind | undefined;
  /** what the parse keeps of the entries of OBJECTS, display trees and CLOCK */
  reprs: ReprsKept;
  /** the file the main thread reads: the worker reads no other file found under that path */
  file: { dev: bigint; ino: bigint };
}

/** What the worker posts back. */
export interface SegmentResult {
  segment: ParsedSegment;
  /** bytes it read */
  bytes: number;
}
