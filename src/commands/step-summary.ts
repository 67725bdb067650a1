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
 * Refuses, as `--output` does, when that file is one of `sources` (what the inputs stood for) or
 * `otherInputs` (other files read, absolute paths).
 */
export async function appendStepSummary(ctx: CommandContext, report: Report, sources: readonly InputSource[], otherInputs: readonly string[] = []): Promise<void> {
  const file = ctx.io.env.GITHUB_STEP_SUMMARY;
  if (file === undefined || file === '') return;
  await refuseStepSummaryOverInput(ctx, sources, otherInputs);
  const target = path.resolve(ctx.io.cwd, file);
  const markdown = renderMarkdown(report, { color: false, trees: [] });
  try {
    await appendFile(target, `${markdown}\n`);
  } catch (error) {
    throw new LeakdiffError(`GITHUB_STEP_SUMMARY ${file}: cannot append the report (${describeSystemError(error)})`);
  }
}

/** Throws when $GITHUB_STEP_SUMMARY names one of the inputs, as appendStepSummary would: before anything is written. */
export async function refuseStepSummaryOverInput(ctx: CommandContext, sources: readonly InputSource[], otherInputs: readonly string[]): Promise<void> {
  const file = ctx.io.env.GITHUB_STEP_SUMMARY;
  if (file === undefined || file === '') return;
  await refuseInput(ctx, path.resolve(ctx.io.cwd, file), `GITHUB_STEP_SUMMARY ${file}`, sources, otherInputs);
}
