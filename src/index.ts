// The library entry: `import { parseLog, diffSnapshots } from 'leakdiff'` for Node scripts that
// would rather not shell out. Everything here is pure: no files, no console, no process.

export type * from './model.js';
export { LogParser, parseLog, type LogParserOptions } from './parse/parser.js';
export { keyOfCallback, keyOfRepr } from './parse/normalize.js';
export { renderExtractJson } from './report/extract-json.js';
export { DEFAULT_DIFF_OPTIONS, diffSnapshots, type DiffHooks } from './diff/diff.js';
export type { LeadHint } from './diff/attribution.js';
export { treeListingsOf } from './diff/trees.js';
export { REPORT_FORMATS, REPORTERS, type ReportFormat, type ReportOptions, type Reporter } from './report/index.js';
export { renderText } from './report/text.js';
export { renderJson } from './report/json.js';
export { renderMarkdown } from './report/markdown.js';
export { renderGithub } from './report/github.js';
export { renderHtml } from './report/html.js';
export { baselineOf, baselineText, checkBaseline, fingerprintOf, parseBaseline, rateOf, tightenBaseline, type BaselineEntry, type BaselineFile } from './baseline.js';
