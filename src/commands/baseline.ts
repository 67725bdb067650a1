import type { Command } from 'commander';
import { analyze } from '../analyze/analyze.js';
import { baselineOf, baselineText } from '../baseline.js';
import { escapeJsonForTerminal } from '../report/escape.js';
import { readIoOf, writeResult, type CommandContext } from './context.js';
import { addJudgingOptions, JUDGING_SETTINGS, settingsOf } from './judging.js';

const EXAMPLES = `
Examples:
  leakdiff baseline logs/ -o leakdiff-baseline.json
  leakdiff logs/ --baseline leakdiff-baseline.json          (in CI: fails on new or bigger leaks only)
  leakdiff logs/ --baseline leakdiff-baseline.json --update-baseline   (lowers budgets to what is seen now)

Each finding is recorded by a fingerprint (kind, process, state, subject) with its growth as the
budget it may show. Judge with the same options (--trend, --warmup, --by-state, …) as you record.`;

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
    .addHelpText('after', EXAMPLES);
  addJudgingOptions(command).action(async (inputs: string[], flags: Record<string, unknown>, self: Command) => {
    const settings = await settingsOf(ctx, self, FROM_CONFIG);
    const { report, sources } = await analyze(inputs, settings, readIoOf(ctx));
    const baseline = baselineOf(report);
    const output = typeof flags.output === 'string' ? flags.output : undefined;
    await writeResult(ctx, output === undefined ? escapeJsonForTerminal(baselineText(baseline)) : baselineText(baseline), output, sources);
    if (output !== undefined) {
      const { leaks, suspects } = report.summary;
      ctx.io.stdout.write(`leakdiff: recorded ${baseline.entries.length} finding${baseline.entries.length === 1 ? '' : 's'} (${leaks} leak${leaks === 1 ? '' : 's'}, ${suspects} suspect${suspects === 1 ? '' : 's'}) in ${output}\n`);
    }
  });
}
