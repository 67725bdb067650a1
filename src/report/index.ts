// The report formats, chosen by `--format`. A format added to REPORT_FORMATS without a reporter
// (or the other way round) fails to compile.

import { renderGithub } from './github.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { Reporter } from './reporter.js';
import { renderText } from './text.js';

export type { ReportOptions, Reporter } from './reporter.js';

/** Every `--format` value, in the order help lists them. */
export const REPORT_FORMATS = ['text', 'json', 'markdown', 'github', 'html'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORTERS = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
  github: renderGithub,
  html: renderHtml,
} satisfies Record<ReportFormat, Reporter>;
