// The `--format` values, and their reporters loaded only when one is chosen: chalk and diff are
// a large share of leakdiff's start-up time, and `--format json` needs neither.

import type { Reporter } from './reporter.js';

/** Every `--format` value, in the order help lists them. */
export const REPORT_FORMATS = ['text', 'json', 'markdown', 'github', 'html'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

const LOADERS = {
  text: async () => (await import('./text.js')).renderText,
  json: async () => (await import('./json.js')).renderJson,
  markdown: async () => (await import('./markdown.js')).renderMarkdown,
  github: async () => (await import('./github.js')).renderGithub,
  html: async () => (await import('./html.js')).renderHtml,
} satisfies Record<ReportFormat, () => Promise<Reporter>>;

/** The reporter of `format`, its module loaded on first use. */
export function loadReporter(format: ReportFormat): Promise<Reporter> {
  return LOADERS[format]();
}
