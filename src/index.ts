// The library entry: `import { parseLog, diffSnapshots } from 'leakdiff'` for Node scripts that
// would rather not shell out. Everything here is pure: no files, no console, no process.

export type * from './model.js';
export { LogParser, parseLog } from './parse/parser.js';
export { keyOfCallback, keyOfRepr } from './parse/normalize.js';
export { renderExtractJson } from './report/extract-json.js';
