// What this thread and a segment worker (segment-worker.ts) share when a log is read on two threads
// (parallel-load.ts): the job, the result, and a few numbers in shared memory (the worker's
// workerData) through which the two agree where the worker's part starts.
//
// The worker chooses its part itself, once it has the file open and is ready to read: in the middle
// of what this thread has not claimed yet. This thread claims each chunk before it reads it, and
// stops at the worker's first line once it sees one. Both threads then start on their parts with as
// much left to read, whichever was ready first: a part chosen before the worker could start would
// leave this thread waiting for it at the end.

import { fstatSync, readSync } from 'node:fs';
import type { PackedSegment } from '../parse/segment.js';
import type { ProcessKind, ReprsKept } from '../model.js';

/** Slots of the shared numbers, and the values of `state`. */
export const HANDOFF = {
  /** slot: where the worker is (`waiting`, `ready`, `reading`, `stopping`) */
  state: 0,
  /**
   * slot: where the worker's part starts, or how far this thread may read until it looks again:
   * a claim (0 or more), a split (-1 - the split's offset), or CLOSED (no part for the worker)
   */
  claim: 1,
  /** slot: bytes the worker has read, for the progress bar without a message */
  bytesRead: 2,
  /** state: the worker has started and is loading */
  waiting: 0n,
  /** state: the worker is loaded and can be given a job */
  ready: 1n,
  /** state: the worker has its job and the file open, or is opening it */
  reading: 2n,
  /** state: the worker is to stop; one reading closes the file and ends after its chunk */
  stopping: 3n,
} as const;
export const HANDOFF_SLOTS = 3;

/** In the `claim` slot: the worker has no part, and will not take one. */
const CLOSED = BigInt(Number.MAX_SAFE_INTEGER);

/** How much after the middle of what is left a line to split at is looked for. */
const SPLIT_SEARCH_BYTES = 1024 * 1024;
const POSTED_MARKER = Buffer.from('Event: ==');

/** The split a `claim` slot value stands for, if it stands for one. */
function splitOf(value: bigint): number | null {
  return value < 0n ? Number(-1n - value) : null;
}

/** Gives the worker its part, starting at `split`: before it is started, or for a test. */
export function giveSplit(handoff: BigInt64Array, split: number): void {
  Atomics.store(handoff, HANDOFF.claim, -1n - BigInt(split));
}

/**
 * This thread's claim up to byte `end`, before it reads on: returns the worker's split when the
 * worker has taken one (this thread then reads no further than it), else null.
 */
export function claimUpTo(handoff: BigInt64Array, end: number): number | null {
  return replaceClaim(handoff, BigInt(end));
}

/**
 * No part for the worker any more (this thread read on to the end, or stops): returns the split it
 * took before this, if it took one.
 */
export function closeClaims(handoff: BigInt64Array): number | null {
  return replaceClaim(handoff, CLOSED);
}

/** Puts `claim` in the `claim` slot unless the worker took a split or the claims are closed; returns that split. */
function replaceClaim(handoff: BigInt64Array, claim: bigint): number | null {
  for (;;) {
    const claimed = Atomics.load(handoff, HANDOFF.claim);
    const split = splitOf(claimed);
    if (split !== null || claimed === CLOSED) return split;
    if (Atomics.compareExchange(handoff, HANDOFF.claim, claimed, claim) === claimed) return null;
  }
}

/**
 * The worker's part of the file open as `fd`: the split it was given, else one it takes now in the
 * middle of what this thread has not claimed; null when there is none (too little left, no line
 * start to split at, or the claims are closed).
 */
export function takeSplit(handoff: BigInt64Array, fd: number): number | null {
  let split: number | null = null;
  for (;;) {
    const claimed = Atomics.load(handoff, HANDOFF.claim);
    const given = splitOf(claimed);
    if (given !== null || claimed === CLOSED) return given;
    // The main thread claims a chunk at a time while the middle is looked for: a split found still
    // lies beyond what it has claimed since, unless it is a small file read fast.
    if (split === null || split < claimed) split = splitNear(fd, Number(claimed));
    if (split === null) return null;
    if (Atomics.compareExchange(handoff, HANDOFF.claim, claimed, -1n - BigInt(split)) === claimed) return split;
  }
}

/**
 * The offset of a line start near the middle of `[from, end of file)` to split at: after the first
 * posted-event line there (posts come between dumps, so the first part rarely ends inside one), else
 * after the first line end; null without one, or when the file cannot be read here.
 */
function splitNear(fd: number, from: number): number | null {
  try {
    // The size now: a log still being written may have grown since it was opened.
    const size = fstatSync(fd).size;
    if (size <= from) return null;
    const window = Buffer.alloc(SPLIT_SEARCH_BYTES);
    const middle = from + Math.floor((size - from) / 2);
    const bytesRead = readSync(fd, window, 0, Math.min(window.length, size - middle), middle);
    const split = splitAfter(window.subarray(0, bytesRead));
    return split === null || middle + split >= size ? null : middle + split;
  } catch {
    return null;
  }
}

/** The offset after the first posted-event line in `window`, else after its first line end; null without one. */
function splitAfter(window: Buffer): number | null {
  const posted = window.indexOf(POSTED_MARKER);
  let end = posted === -1 ? -1 : window.indexOf(10, posted);
  if (end === -1) end = window.indexOf(10);
  return end === -1 ? null : end + 1;
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
  segment: PackedSegment;
  /** bytes it read */
  bytes: number;
}
