import type { Command } from 'commander';
import { analyze } from '../analyze/analyze.js';
import { baselineOf, baselineText, BUDGET_UNITS } from '../baseline.js';
import { PROCESSES } from '../diff/select.js';
import { LeakdiffError } from '../errors.js';
import type { BudgetUnit } from '../model.js';
import { escapeJsonForTerminal } from '../report/escape.js';
import { describeUnreadCounts } from '../report/unread-runs.js';
import { readIoOf, writeResult, type CommandContext } from './context.js';
import { addJudgingOptions, JUDGING_SETTINGS, settingsOf } from './judging.js';

const EXAMPLES = `
Examples:
  leakdiff baseline logs/ -o leakdiff-baseline.json
  leakdiff logs/ --baseline leakdiff-baseline.json          (in CI: fails on new or bigger leaks only)
  leakdiff logs/ --baseline leakdiff-baseline.json --update-baseline   (lowers budgets to what is seen now)

Each finding is recorded by a fingerprint (what grows, process, subject) with its growth as the
budget it may show; with --per game, ball or hour, its growth per game or ball started or per
hour of log time, so that a longer run of the same leak passes and a faster one fails. Judge with
the same options (--trend, --warmup, …) as you record.`;

/** The settings of a config file that change which findings there are: a baseline must be judged as it was recorded. */
const FROM_CONFIG = [...JUDGING_SETTINGS, 'from', 'to', 'process', 'run'] as const;

export function registerBaseline(program: Command, ctx: CommandContext): void {
  const command = program
    .command('baseline')
    .description('record the current findings with their growth as allowed budgets, for diff --baseline in CI')
    .argument('<inputs...>', 'log files, directories of logs, globs, .gz, or - for standard input')
    .option('-o, --output <file>', 'write the baseline to this file (atomically) instead of standard output')
    .option('--from <n>', 'first dump compared, per process; negative counts from the end')
    .option('--to <n>', 'last dump compared, same numbering as --from')
    .option('--process <process>', 'record only mpf or mc')
    .option('--run <run>', 'which run of a logs/ folder to read: its number or start time (default: the newest)')
    .option('--per <unit>', `record budgets as growth per game, ball or hour instead of growth over the run (${BUDGET_UNITS.join(', ')})`)
    .addHelpText('after', EXAMPLES);
  addJudgingOptions(command).action(async (inputs: string[], flags: Record<string, unknown>, self: Command) => {
    const settings = await settingsOf(ctx, self, FROM_CONFIG);
    const per = flags.per === undefined ? null : budgetUnitOf(flags.per);
    const { report, sources, otherInputs } = await analyze(inputs, settings, readIoOf(ctx));
    // A baseline records what was judged: a process whose handler counts could not be read in a run
    // would be recorded as having no finding there.
    for (const process of PROCESSES) {
      const unread = describeUnreadCounts(report, process);
      if (unread !== null) throw new LeakdiffError(`nothing recorded: ${unread} (leakdiff list shows what is wrong)`);
    }
    const baseline = baselineOf(report, per);
    const output = typeof flags.output === 'string' ? flags.output : undefined;
    await writeResult(ctx, output === undefined ? escapeJsonForTerminal(baselineText(baseline)) : baselineText(baseline), output, sources, otherInputs);
    if (output !== undefined) {
      const { leaks, suspects } = report.summary;
      ctx.io.stdout.write(`leakdiff: recorded ${baseline.entries.length} finding${baseline.entries.length === 1 ? '' : 's'} (${leaks} leak${leaks === 1 ? '' : 's'}, ${suspects} suspect${suspects === 1 ? '' : 's'}) in ${output}\n`);
    }
  });
}

/** `--per`: one of the units a budget may be a rate of. */
function budgetUnitOf(value: unknown): BudgetUnit {
  const unit = BUDGET_UNITS.find((known) => known === value);
  if (unit === undefined) throw new LeakdiffError(`--per: "${String(value).slice(0, 40)}" is not one of ${BUDGET_UNITS.join(', ')}`);
  return unit;
}
