// A worker thread's work in a log read on two threads (parallel-load.ts): loaded, it says it is
// ready; given the file, it waits to hear where its part starts, parses the file from that line start to its end as
// a segment (parse/segment.ts) and posts it back in one message: one per chunk would cost more than
// the second thread gains. It may be started before anyone needs it (segment-workers.ts): what it
// loads and compiles first is what it would wait for.

import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { createFastPath } from '../parse/fast-path/fast-path.js';
import { LogReading } from '../parse/log-reading.js';
import { fileChunks } from './inputs.js';
import { HANDOFF, type SegmentJob, type SegmentResult } from './segment-handoff.js';

const handoff = workerData as BigInt64Array;
const fastPath = createFastPath();
// Loaded: ready for a part of the file that the job, posted before any part is given, names.
Atomics.compareExchange(handoff, HANDOFF.state, HANDOFF.waiting, HANDOFF.ready);

async function readPart(job: SegmentJob): Promise<void> {
  const parser = new LogReading(job.name, { segment: true, processHint: job.processHint, reprs: job.reprs, fastPath });
  Atomics.wait(handoff, HANDOFF.state, HANDOFF.ready);
  if (Atomics.load(handoff, HANDOFF.state) === HANDOFF.given) {
    const handle = await open(job.path, 'r');
    try {
      // Another file under the same name (the log replaced meanwhile): no part; the main thread
      // reads the rest of its own file itself.
      const { dev, ino } = await handle.stat({ bigint: true });
      if (dev === job.file.dev && ino === job.file.ino) {
        let bytes = 0;
        for await (const chunk of fileChunks(handle, Number(Atomics.load(handoff, HANDOFF.split)), Number.POSITIVE_INFINITY, fastPath?.readBuffers() ?? null)) {
          bytes += chunk.length;
          Atomics.store(handoff, HANDOFF.bytesRead, BigInt(bytes));
          parser.pushChunk(chunk);
        }
        parentPort!.postMessage({ segment: parser.endSegment(), bytes } satisfies SegmentResult);
      }
    } finally {
      await handle.close();
    }
  }
  parentPort!.close();
}

parentPort!.once('message', (job: SegmentJob) => void readPart(job));
