// What bin/leakdiff.js runs, bundled by scripts/bundle-cli.mjs into dist/leakdiff.js. A big log is
// read on two threads, and a thread takes about as long to start as the rest of leakdiff takes to
// load: the second one is started first, from the arguments alone (read/segment-workers.ts).

import { startSegmentWorkerFor } from './read/segment-workers.js';

startSegmentWorkerFor(process.argv.slice(2), process.env);
const { run } = await import('./cli.js');
run(process);
