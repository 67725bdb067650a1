// The data every stage shares: what the parser makes of a log, and what the differ makes of snapshots.
// Plain JSON-able records only, so `extract --format json` is this model as it is. Each subject
// has its own file under model/; every stage imports the model from here.

export type * from './model/log.js';
export type * from './model/findings.js';
export type * from './model/culprits.js';
export type * from './model/options.js';
export type * from './model/runs.js';
export type * from './model/report.js';
