// A log read on two threads split at every line start must give the parse of one thread.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LogReading } from '../../dist/parse/log-reading.js';
import { parseLog } from '../../dist/parse/parser.js';
import { readInTwoHalves } from '../../dist/read/parallel-load.js';

/**
 * Reads `file` on two threads (the compiled build's worker) split after each of its line ends, and
 * asserts each parse equals the one-thread parse; returns that parse. At least `minInTwo` splits
 * must really be read in two (the others end inside a dump, where this thread reads on).
 */
export async function assertSameSplitAnywhere(file: string, minInTwo = 10): Promise<ReturnType<typeof parseLog>> {
  const name = path.basename(file);
  const bytes = readFileSync(file);
  const whole = parseLog(bytes, name);
  let inTwo = 0;
  for (let split = 1; split < bytes.length; split++) {
    if (bytes[split - 1] !== 0x0a) continue;
    const parser = new LogReading(name);
    const { segment } = await readInTwoHalves({ name, path: file, explicit: true }, { split }, parser);
    assert.deepEqual(segment === null ? parser.end() : parser.endWithSegment(segment), whole, `split at byte ${split}`);
    if (segment !== null) inTwo++;
  }
  assert.ok(inTwo >= minInTwo, `only ${inTwo} splits were read on two threads`);
  return whole;
}
