#!/usr/bin/env node
import { startSegmentWorkerFor } from '../dist/read/segment-workers.js';

// A big log is read on two threads; the second one is started before the rest of leakdiff loads,
// which takes about as long as a thread takes to start.
startSegmentWorkerFor(process.argv.slice(2), process.env);
const { run } = await import('../dist/cli.js');
run(process);
