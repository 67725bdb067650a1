// What bin/leakdiff.js runs, bundled by scripts/bundle-cli.mjs into dist/leakdiff.cjs. A big log is
// read on two threads, and a thread takes about as long to start as the rest of leakdiff takes to
// load: the second one is started first, from the arguments alone (read/segment-workers.ts).

import { startSegmentWorkerFor } from './read/segment-workers.js';

// Ctrl-C while the rest loads: nothing is written yet, and the exit says so as a later one does.
const interruptedWhileLoading = (): never => process.exit(130);
process.once('SIGINT', interruptedWhileLoading);
startSegmentWorkerFor(process.argv.slice(2), process.env);
void import('./cli.js').then(({ run }) => {
  run(process);
  // Only once run() listens: a signal not yet handed to a listener is lost when the last one goes.
  process.removeListener('SIGINT', interruptedWhileLoading);
});
