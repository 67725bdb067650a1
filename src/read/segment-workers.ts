// The worker threads that read the second part of a big plain log (segment-worker.ts). A worker
// takes a while to start, about as long as the rest of leakdiff takes to load: the command line
// starts one first when an argument names a file big enough to be read on two threads, and the
// first such read takes it. Any other read starts its own.

import { readFileSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { closeClaims, HANDOFF, HANDOFF_SLOTS, type SegmentJob, type SegmentResult } from './segment-handoff.js';

/**
 * Plain files from this size on are read on two threads; below, a worker's start-up costs more than
 * it saves. In time alone it pays off only for larger files, but the second thread adds a fixed
 * amount of memory: from this size up, logs of every size are read the same way and peak alike.
 */
export const PARALLEL_MIN_BYTES = 64 * 1024 * 1024;

/** A segment worker: started, then given its job, then taking its part. */
export interface SegmentWorker {
  /** the numbers shared with it (HANDOFF) */
  readonly handoff: BigInt64Array;
  /** whether it was started ahead of need, from the command line's arguments */
  readonly startedAhead: boolean;
  /** its segment; null when it failed or had no part */
  readonly result: Promise<SegmentResult | null>;
  /** Gives it the file to read; it then takes its part (segment-handoff.ts). */
  start(job: SegmentJob): void;
  /** Stops it; one that has not taken its part takes none. */
  stop(): Promise<void>;
}

let started: SegmentWorker | null = null;

/** Options after which a command reads no log. */
const ONLY_PRINTING = new Set(['-h', '--help', '-V', '--version']);

/**
 * Starts a worker ahead of need when one of `args` names a plain file of at least the size read on
 * two threads (LEAKDIFF_PARALLEL_MIN_BYTES in `env`, else PARALLEL_MIN_BYTES). A guess from the
 * arguments alone: one not taken costs its start-up and does not keep the process running.
 */
export function startSegmentWorkerFor(args: readonly string[], env: Readonly<Record<string, string | undefined>>): void {
  // Help and the version read no log: stopping an unused worker at exit would slow them.
  if (started !== null || args.some((arg) => ONLY_PRINTING.has(arg)) || args[0] === 'help' || !roomForWorker()) return;
  const minBytes = parallelMinBytesOf(env) ?? PARALLEL_MIN_BYTES;
  if (!args.some((arg) => !arg.startsWith('-') && isBigPlainFile(arg, minBytes))) return;
  started = startSegmentWorker(true);
}

/**
 * Below this much address space (`ulimit -v`), a log is read on one thread: each thread's V8 reserves
 * address space of its own as it starts, and one refused ends the whole process (from about 1.5 GB
 * down, where one thread still reads the same logs).
 */
const MIN_ADDRESS_SPACE_FOR_WORKER = 3 * 1024 ** 3;

let room: boolean | undefined;

/** Whether the process's address space leaves room for a worker thread (Linux's /proc/self/limits; elsewhere, yes). */
export function roomForWorker(): boolean {
  if (room === undefined) {
    let limits = '';
    try {
      limits = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      // Not Linux, or no /proc: no limit known.
    }
    const soft = /^Max address space\s+(\d+)/m.exec(limits)?.[1];
    room = soft === undefined || Number(soft) >= MIN_ADDRESS_SPACE_FOR_WORKER;
  }
  return room;
}

/** The worker started ahead of need, or a new one. */
export function takeSegmentWorker(): SegmentWorker {
  const worker = started ?? startSegmentWorker(false);
  started = null;
  return worker;
}

/**
 * LEAKDIFF_PARALLEL_MIN_BYTES: from which size plain files are read on two threads, for tests
 * (0 reads every file so) and for measuring. Not a whole number of bytes: the default.
 */
export function parallelMinBytesOf(env: Readonly<Record<string, string | undefined>>): number | null {
  const value = env.LEAKDIFF_PARALLEL_MIN_BYTES;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

function isBigPlainFile(path: string, minBytes: number): boolean {
  if (/\.gz$/i.test(path)) return false;
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    return info !== undefined && info.isFile() && info.size >= minBytes;
  } catch {
    return false;
  }
}

/**
 * A new worker. Its result is null when it failed: the rest is then read on this thread, where
 * whatever went wrong (a read error, a bug) happens again and is reported as usual. Run from the
 * TypeScript sources (tsx), there is no segment-worker.js and every worker fails so: the two-thread
 * path is tested on dist/ (test/parallel-load.test.ts).
 */
function startSegmentWorker(startedAhead: boolean): SegmentWorker {
  const handoff = new BigInt64Array(new SharedArrayBuffer(HANDOFF_SLOTS * BigInt64Array.BYTES_PER_ELEMENT));
  // Only its own script: what the process was started with (`--import`, `--require`) would be
  // loaded again in the worker, for nothing, before it can read.
  const worker = new Worker(new URL('./segment-worker.js', import.meta.url), { workerData: handoff, execArgv: [] });
  // Not yet anyone's: it must not keep the process running. Nor may a listener of its messages,
  // which holds its port open: that one is added when it is given a job.
  worker.unref();
  let resolveResult: (result: SegmentResult | null) => void = () => undefined;
  const result = new Promise<SegmentResult | null>((resolve) => (resolveResult = resolve));
  worker.once('error', () => resolveResult(null));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      resolveResult(null);
      resolve();
    }),
  );
  return {
    handoff,
    startedAhead,
    result,
    start: (job) => {
      worker.ref();
      worker.once('message', (message: SegmentResult) => resolveResult(message));
      worker.postMessage(job);
    },
    stop: async () => {
      closeClaims(handoff);
      // One reading ends after its chunk, with the file closed; one still loading ends by itself
      // once loaded (segment-worker.ts), not awaited: a Ctrl-C is not kept waiting for it; one
      // waiting for its job is ended at once.
      const was = Atomics.exchange(handoff, HANDOFF.state, HANDOFF.stopping);
      if (was === HANDOFF.reading) await exited;
      else if (was !== HANDOFF.waiting) await worker.terminate();
    },
  };
}
