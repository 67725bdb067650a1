// The floor of any line-by-line reader written for Node: stream the file in 1 MiB chunks (as
// leakdiff does) and find every newline with Buffer.indexOf, doing nothing with the lines. The
// benchmark runs it beside grep to show how much of leakdiff's time is Node itself. Plain
// JavaScript, so that it starts as fast as `node bin/leakdiff.js` (no TypeScript loader).
//
//   node bench/node-floor.mjs FILE   prints the number of lines

import { createReadStream } from 'node:fs';

let lines = 0;
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1024 * 1024 })) {
  for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, newline + 1)) lines++;
}
console.log(lines);
