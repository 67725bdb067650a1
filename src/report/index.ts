// The reporters for the library, all loaded (the CLI loads only the one it uses: formats.ts). A
// format added to REPORT_FORMATS without a reporter (or the other way round) fails to compile.

import { renderGithub } from './github.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { ReportFormat } from './formats.js';
import type { Reporter } from './reporter.js';
import { renderText } from './text.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';
export type { ReportOptions, Reporter } from './reporter.js';

export const REPORTERS = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
  github: renderGithub,
  html: renderHtml,
} satisfies Record<ReportFormat, Reporter>;
