// The contract every report format follows (ESLint's formatter shape): the report in, text out.

import type { Report, TreeListing } from '../model.js';

/** What a reporter may be told besides the report. */
export interface ReportOptions {
  /** ANSI colour (human formats only) */
  color: boolean;
  /** `--show-tree` listings to show as unified diffs; empty when not asked */
  trees: readonly TreeListing[];
}

/** One output format. Pure: no I/O; the CLI writes the string. */
export type Reporter = (report: Report, options: ReportOptions) => string;
