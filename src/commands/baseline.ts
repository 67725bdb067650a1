import type { Command } from 'commander';
import { baselineOf, baselineText } from '../baseline.js';
import { resolveSettings, SETTING_NAMES, settingsFromFlags } from '../config.js';
import { escapeJsonForTerminal } from '../report/escape.js';
import type { CommandContext } from './context.js';
import { compare, readConfig } from './diff.js';
import { writeResult } from './context.js';

const EXAMPLES = `
Examples:
  leakdiff baseline logs/ -o leakdiff-baseline.json
  leakdiff logs/ --baseline leakdiff-baseline.json          (in CI: fails on new or bigger leaks only)
  leakdiff logs/ --baseline leakdiff-baseline.json --update-baseline   (lowers budgets to what is seen now)

Each finding is recorded by a fingerprint (kind, process, state, subject) with its growth as the
budget it may show. Judge with the same options (--trend, --warmup, --by-state, …) as you record.`;

/** The options of `diff` that change which findings there are: a baseline must be judged as it was recorded. */
const JUDGING_FLAGS = ['maxGrowth', 'ignore', 'from', 'to', 'process', 'trend', 'warmup', 'byState', 'includeDumpHandlers', 'run'] as const;

export function registerBaseline(program: Command, ctx: CommandContext): void {
  program
    .command('baseline')
    .description('record the current findings with their growth as allowed budgets, for diff --baseline in CI')
    .argument('<inputs...>', 'log files, directories of logs, globs, .gz, or - for standard input')
    .option('-o, --output <file>', 'write the baseline to this file (atomically) instead of standard output')
    .option('--max-growth <n>', 'growth a key may show before it is a finding (default: 0)')
    .option('--ignore <glob>', 'leave out subjects matching this glob (* and ?); repeatable', (glob: string, previous: string[] | undefined) => [...(previous ?? []), glob])
    .option('--from <n>', 'first dump compared, per process; negative counts from the end')
    .option('--to <n>', 'last dump compared, same numbering as --from')
    .option('--process <process>', 'record only mpf or mc')
    .option('--trend <rule>', 'how three or more dumps are judged: monotonic, strict or net (default: monotonic)')
    .option('--warmup <k>', 'leave the first K dumps of each process out of judging (default: 0)')
    .option('--by-state <mode>', 'compare dumps within each machine state: auto, on or off (default: auto)')
    .option('--include-dump-handlers', "judge the dump's own handlers too (debug_dump_stats, bcp_debug_dump)")
    .option('--run <run>', 'which run of a logs/ folder to read: its number or start time (default: the newest)')
    .option('--config <file>', 'read settings from this JSON file (default: leakdiff.config.json here, when there is one)')
    .addHelpText('after', EXAMPLES)
    .action(async (inputs: string[], flags: Record<string, unknown>, command: Command) => {
      const typed = Object.fromEntries(SETTING_NAMES.filter((name) => command.getOptionValueSource(name) === 'cli').map((name) => [name, flags[name]]));
      const fromConfig = await readConfig(ctx, typeof flags.config === 'string' ? flags.config : null);
      const judging = Object.fromEntries(JUDGING_FLAGS.filter((name) => name in fromConfig).map((name) => [name, fromConfig[name]]));
      const settings = resolveSettings(judging, settingsFromFlags(typed));
      const { report } = await compare(ctx, inputs, settings);
      const baseline = baselineOf(report);
      const output = typeof flags.output === 'string' ? flags.output : undefined;
      await writeResult(ctx, output === undefined ? escapeJsonForTerminal(baselineText(baseline)) : baselineText(baseline), output, inputs);
      if (output !== undefined) {
        const { leaks, suspects } = report.summary;
        ctx.io.stdout.write(`leakdiff: recorded ${baseline.entries.length} finding${baseline.entries.length === 1 ? '' : 's'} (${leaks} leak${leaks === 1 ? '' : 's'}, ${suspects} suspect${suspects === 1 ? '' : 's'}) in ${output}\n`);
      }
    });
}
