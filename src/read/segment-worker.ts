// A worker thread's work in a log read on two threads (parallel-load.ts): loaded, it says it is
// ready; given the file, it opens it, takes its part (segment-handoff.ts takeSplit), parses the file
// from that line start to its end as a segment (parse/segment.ts) and posts it back in one message:
// one per chunk would cost more than the second thread gains. It may be started before anyone needs
// it (segment-workers.ts): what it loads and compiles first is what it would wait for.

import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { createFastPath } from '../parse/fast-path/fast-path.js';
import { LogReading } from '../parse/log-reading.js';
import { packSegment } from '../parse/segment.js';
import { fileChunks } from './inputs.js';
import { HANDOFF, takeSplit, type SegmentJob, type SegmentResult } from './segment-handoff.js';

const handoff = workerData as BigInt64Array;
const fastPath = createFastPath();

const stopping = (): boolean => Atomics.load(handoff, HANDOFF.state) === HANDOFF.stopping;

/**
 * Past this many dumps in a MiB, a part costs more to send to the main thread and join there than
 * reading it there: a log of small dumps close together (10,000 EVENTS dumps in 77 MB) is read
 * faster, and in less memory, on one thread. Judged once, when DENSE_AFTER_BYTES are read.
 */
const DENSE_DUMPS_PER_MIB = 16;
const DENSE_AFTER_BYTES = 4 * 1024 * 1024;

/** Whether `dumps` in the first `bytes` of the part make it too dense to read here: the main thread then reads it. */
function tooDense(dumps: number, bytes: number): boolean {
  return dumps > (DENSE_DUMPS_PER_MIB * bytes) / (1024 * 1024);
}

async function readPart(job: SegmentJob): Promise<void> {
  // A worker that opens the file is not terminated but told to stop (segment-workers.ts), so that
  // it closes the file: one ended in the middle of opening or reading it would leave it open.
  if (Atomics.compareExchange(handoff, HANDOFF.state, HANDOFF.ready, HANDOFF.reading) !== HANDOFF.ready) {
    parentPort!.close();
    return;
  }
  const handle = await open(job.path, 'r').catch((error: unknown) => {
    parentPort!.close();
    throw error;
  });
  try {
    if (stopping()) return;
    // Another file under the same name (the log replaced meanwhile): no part; the main thread
    // reads all of its own file itself.
    const { dev, ino } = await handle.stat({ bigint: true });
    if (dev !== job.file.dev || ino !== job.file.ino) return;
    const parser = new LogReading(job.name, { segment: true, processHint: job.processHint, reprs: job.reprs, fastPath });
    const split = takeSplit(handoff, handle.fd);
    if (split === null) return;
    let bytes = 0;
    let judged = false;
    for await (const chunk of fileChunks(handle, split, Number.POSITIVE_INFINITY, fastPath?.readBuffers() ?? null)) {
      if (stopping()) return;
      // Once, early: given back later, a part would have cost the worker's reading for nothing.
      if (!judged && bytes >= DENSE_AFTER_BYTES) {
        judged = true;
        if (tooDense(parser.dumpsFinished(), bytes)) return;
      }
      bytes += chunk.length;
      Atomics.store(handoff, HANDOFF.bytesRead, BigInt(bytes));
      parser.pushChunk(chunk);
    }
    parentPort!.postMessage({ segment: packSegment(parser.endSegment()), bytes } satisfies SegmentResult);
  } finally {
    await handle.close();
    parentPort!.close();
  }
}

// Loaded: ready for its job, unless told to stop while it was loading; it then ends by itself
// (ended in the middle of loading, a worker can leave the file of its script open).
if (Atomics.compareExchange(handoff, HANDOFF.state, HANDOFF.waiting, HANDOFF.ready) === HANDOFF.waiting) {
  parentPort!.once('message', (job: SegmentJob) => void readPart(job));
} else {
  parentPort!.close();
}
