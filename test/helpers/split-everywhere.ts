// A log read on two threads split at every line start must give the parse of one thread; so must
// three parts (the end of the worker's part read by this thread) meeting at any two line starts.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LogReading } from '../../dist/parse/log-reading.js';
import { parseLog } from '../../dist/parse/parser.js';
import { packSegment, unpackSegment } from '../../dist/parse/segment.js';
import { readInTwoHalves } from '../../dist/read/parallel-load.js';
import { lineStarts } from './line-starts.js';

/** Pairs of meeting points also read on the threads (each read starts a worker). */
const THREE_PART_READS = 12;

/**
 * Reads `file` on two threads (the compiled build's worker) split after each of its line ends, and
 * asserts each parse equals the one-thread parse; then in three parts meeting at every two line
 * starts (in this thread, and for a few of them on the threads). Returns the one-thread parse. At
 * least `minInTwo` splits must really be read in two (the others end inside a dump, where this
 * thread reads on), and some pairs really in three.
 */
export async function assertSameSplitAnywhere(file: string, minInTwo = 10): Promise<ReturnType<typeof parseLog>> {
  const name = path.basename(file);
  const bytes = readFileSync(file);
  const whole = parseLog(bytes, name);
  let inTwo = 0;
  for (let split = 1; split < bytes.length; split++) {
    if (bytes[split - 1] !== 0x0a) continue;
    const parser = new LogReading(name);
    const { segments } = await readInTwoHalves({ name, path: file, explicit: true }, { split }, parser);
    assert.deepEqual(segments.length === 0 ? parser.end() : parser.endWithSegments(segments), whole, `split at byte ${split}`);
    if (segments.length > 0) inTwo++;
  }
  assert.ok(inTwo >= minInTwo, `only ${inTwo} splits were read on two threads`);

  const pairs: [number, number][] = [];
  const starts = lineStarts(bytes, Infinity);
  for (const [index, first] of starts.entries()) for (const second of starts.slice(index + 1)) pairs.push([first, second]);
  let inThree = 0;
  for (const [first, second] of pairs) {
    const read = readInThree(bytes, name, first, second);
    if (read === null) continue;
    inThree++;
    assert.deepEqual(read, whole, `parts meeting at bytes ${first} and ${second}`);
  }
  assert.ok(inThree >= minInTwo, `only ${inThree} pairs of splits were read in three parts`);

  let onThreadsInThree = 0;
  const step = Math.max(1, Math.floor(pairs.length / THREE_PART_READS));
  for (let index = 0; index < pairs.length; index += step) {
    const [split, workersEnd] = pairs[index]!;
    const parser = new LogReading(name);
    const { segments } = await readInTwoHalves({ name, path: file, explicit: true }, { split, workersEnd }, parser);
    assert.deepEqual(segments.length === 0 ? parser.end() : parser.endWithSegments(segments), whole, `worker's part from byte ${split}, its end from ${workersEnd}`);
    if (segments.length === 2) onThreadsInThree++;
  }
  assert.ok(onThreadsInThree > 0, 'no read on the threads was in three parts');
  return whole;
}

/** The log parsed in this thread as three parts meeting at `first` and `second`; null where the parts cannot be joined. */
function readInThree(bytes: Buffer, name: string, first: number, second: number): ReturnType<typeof parseLog> | null {
  const head = new LogReading(name);
  head.pushChunk(bytes.subarray(0, first));
  if (!head.atSegmentBoundary()) return null;
  const middle = new LogReading(name, { segment: true });
  middle.pushChunk(bytes.subarray(first, second));
  if (!middle.atSegmentBoundary()) return null;
  const tail = new LogReading(name, { segment: true });
  tail.pushChunk(bytes.subarray(second));
  const sent = (reading: LogReading) => unpackSegment(structuredClone(packSegment(reading.endSegment())));
  return head.endWithSegments([sent(middle), sent(tail)]);
}
