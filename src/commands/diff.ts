import path from 'node:path';
import type { Command } from 'commander';
import { analyze } from '../analyze/analyze.js';
import { CONFIG_FILE, type Settings } from '../config.js';
import { logCutOffOf } from '../diff/exit-code.js';
import { PROCESSES } from '../diff/select.js';
import { treeListingsOf } from '../diff/trees.js';
import { LeakdiffError } from '../errors.js';
import { loadReporter, REPORT_FORMATS } from '../report/formats.js';
import { describeUnreadCounts } from '../report/unread-runs.js';
import { isOneOf, readIoOf, refuseInput, useColor, writeFileAtomic, writeResult, type CommandContext } from './context.js';
import { addJudgingOptions, settingsOf } from './judging.js';
import { appendStepSummary, refuseStepSummaryOverInput } from './step-summary.js';
import { checkInterrupted } from '../interrupt.js';

const EXAMPLES = `
Examples:
  leakdiff logs/before-mc-pinbox.log logs/after-mc-pinbox.log
  leakdiff logs/ --format json -o leakdiff-report.json
  leakdiff logs/ --format html -o report.html
  leakdiff logs/ --format github     (in a GitHub Actions step; also fills the job summary)
  leakdiff logs/*.log --fail-on suspect --max-growth 2 --ignore 'timer_*'
  leakdiff logs/ --process mc --from 2 --to -1 --show-tree
  leakdiff logs/ --run 1             (logs/ holds several runs: the oldest instead of the newest)
  leakdiff logs/ --baseline leakdiff-baseline.json   (known leaks within budget pass; see leakdiff baseline)

Exit status: 0 nothing fails the gate, 1 a finding fails it (--fail-on), 2 usage or input error
(and --strict when a compared dump is incomplete or a log is cut off).
Settings may also come from ${CONFIG_FILE} in the working directory (or --config FILE): the
long option names in camelCase, e.g. {"maxGrowth": 2, "ignore": ["timer_*"], "failOn": "suspect"}.`;

export function registerDiff(program: Command, ctx: CommandContext): void {
  const command = program
    .command('diff', { isDefault: true })
    .description('compare the dumps of the logs and report what grows (the default command)')
    .argument('<inputs...>', 'log files, directories of logs, globs, .gz, or - for standard input')
    .option('-f, --format <format>', `output format: ${REPORT_FORMATS.join(', ')} (default: text)`)
    .option('--json', 'same as --format json')
    .option('--all', 'also list the keys that did not grow')
    .option('--show-tree', 'text: unified diff of each display tree and of the clock, first against last dump (html always shows them)')
    .option('--fail-on <verdict>', 'which findings give exit 1: leak, suspect or never (default: leak)')
    .option('--from <n>', 'first dump compared, per process as `leakdiff list` numbers them; negative counts from the end')
    .option('--to <n>', 'last dump compared, same numbering as --from')
    .option('--process <process>', 'compare only mpf or mc')
    .option('--strict', 'exit 2 when a compared dump is incomplete or a log is cut off (a .gz that ends early)')
    .option('--no-color', 'plain text even on a terminal')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--run <run>', 'which run of a logs/ folder to read: its number (1 = oldest, -1 = newest) or start time (default: the newest)')
    .option('--baseline <file>', 'findings recorded in this file (leakdiff baseline) pass within their budget; new or over-budget ones fail')
    .option('--machine <dir>', 'the machine folder, to name the code and config behind each finding (default: the folder above a logs/ input, when it holds config/)')
    .option('--update-baseline', 'with --baseline: rewrite the file, lowering budgets to the growth seen now and dropping gone entries (never raises one)')
    .addHelpText('after', EXAMPLES);
  addJudgingOptions(command).action(async (inputs: string[], _flags: unknown, self: Command) => {
    await runDiff(ctx, inputs, await settingsOf(ctx, self, null));
  });
}

async function runDiff(ctx: CommandContext, inputs: readonly string[], settings: Settings): Promise<void> {
  if (settings.updateBaseline && settings.baseline === null) throw new LeakdiffError('--update-baseline: give the file to update with --baseline FILE');
  // Loaded while the logs are read, rather than after; a failure is heard where it is awaited.
  const reporter = loadReporter(settings.format);
  reporter.catch(() => undefined);
  const { report, exitCode, snapshots, sources, otherInputs, tightenedBaseline } = await analyze(inputs, settings, readIoOf(ctx));
  // Every write that would go over an input is refused before any write is made, so that a refused
  // command leaves every file as it was.
  if (tightenedBaseline !== null) {
    // The baseline is the one input written over, and only here.
    await refuseInput(ctx, tightenedBaseline.target, tightenedBaseline.file, sources, otherInputs.filter((file) => file !== tightenedBaseline.target));
  }
  if (settings.output !== null && settings.output !== '-') await refuseInput(ctx, path.resolve(ctx.io.cwd, settings.output), settings.output, sources, otherInputs);
  if (settings.format === 'github') {
    await refuseStepSummaryOverInput(ctx, sources, otherInputs);
    await refuseOutputOverStepSummary(ctx, settings.output);
  }

  const trees = settings.format === 'html' || (settings.showTree && settings.format === 'text') ? treeListingsOf(snapshots, report) : [];
  if (settings.showTree && settings.format === 'text' && trees.length === 0) {
    const why = report.withoutDumps === undefined ? 'the compared dumps have no display tree or clock (MPF dumps hold EVENTS only)' : 'no DEBUG DUMP section found, so there is no display tree or clock to show';
    ctx.io.stderr.write(`leakdiff: --show-tree: ${why}\n`);
  }
  const color = useColor(ctx.io, { color: settings.color, ...(settings.output === null ? {} : { output: settings.output }) });
  const render = await reporter;
  await checkInterrupted(ctx.io.signal);
  const renderReport = (): string => render(report, { color, trees });
  const text = ctx.io.killableDuring?.(renderReport) ?? renderReport();
  await checkInterrupted(ctx.io.signal);
  // The job summary first: refused (it is one of the inputs), nothing is printed.
  if (settings.format === 'github') await appendStepSummary(ctx, report, sources, otherInputs);
  await writeResult(ctx, text, settings.output ?? undefined, sources, otherInputs);
  // Last: a report that could not be written leaves the baseline as it was.
  if (tightenedBaseline !== null) await writeFileAtomic(tightenedBaseline.target, tightenedBaseline.text, tightenedBaseline.file, [], null, ctx.io.signal);

  if (report.incomplete) {
    const count = `${report.summary.incomplete} incomplete dump${report.summary.incomplete === 1 ? '' : 's'}`;
    if (settings.strict) ctx.io.stderr.write(`leakdiff: --strict: the comparison rests on ${count} (leakdiff list shows what is wrong)\n`);
    // Also for text on a terminal, which says it loudly too: stderr is what a script sees.
    else ctx.io.stderr.write(`leakdiff: warning: the comparison rests on ${count}; findings may be missing or wrong\n`);
  }
  for (const process of PROCESSES) {
    const unread = describeUnreadCounts(report, process);
    if (unread === null) continue;
    ctx.io.stderr.write(`leakdiff: ${unread}, so ${report.dumpRuns.length > 1 ? 'that' : 'the'} verdict is unknown (leakdiff list shows what is wrong)\n`);
  }
  // The cut itself was said as a warning while reading.
  if (settings.strict && logCutOffOf(report)) ctx.io.stderr.write('leakdiff: --strict: a log ends early, so the dumps after its end are missing\n');
  ctx.exitCode = exitCode;
}

/** Throws when `--output` names the file $GITHUB_STEP_SUMMARY names: the report would replace the job summary appended there. */
async function refuseOutputOverStepSummary(ctx: CommandContext, output: string | null): Promise<void> {
  const summary = ctx.io.env.GITHUB_STEP_SUMMARY;
  if (output === null || output === '-' || summary === undefined || summary === '') return;
  if (await isOneOf(path.resolve(ctx.io.cwd, output), [path.resolve(ctx.io.cwd, summary)])) {
    throw new LeakdiffError(`${output}: is the job summary ($GITHUB_STEP_SUMMARY); give --output another file`);
  }
}
