// `--format github` in a GitHub Actions job: the markdown report also goes to the job summary,
// the file GitHub names in $GITHUB_STEP_SUMMARY (appended to: other steps write there too).

import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { describeSystemError, LeakdiffError } from '../errors.js';
import type { Report } from '../model.js';
import type { InputSource } from '../read/inputs.js';
import { renderMarkdown } from '../report/markdown.js';
import { refuseInput, type CommandContext } from './context.js';

/**
 * Appends the markdown report to $GITHUB_STEP_SUMMARY when it is set; does nothing otherwise.
 * Refuses, as `--output` does, when that file is one of `sources` (what the inputs stood for).
 */
export async function appendStepSummary(ctx: CommandContext, report: Report, sources: readonly InputSource[]): Promise<void> {
  const file = ctx.io.env.GITHUB_STEP_SUMMARY;
  if (file === undefined || file === '') return;
  const target = path.resolve(ctx.io.cwd, file);
  await refuseInput(ctx, target, `GITHUB_STEP_SUMMARY ${file}`, sources);
  const markdown = renderMarkdown(report, { color: false, trees: [] });
  try {
    await appendFile(target, `${markdown}\n`);
  } catch (error) {
    throw new LeakdiffError(`GITHUB_STEP_SUMMARY ${file}: cannot append the report (${describeSystemError(error)})`);
  }
}
