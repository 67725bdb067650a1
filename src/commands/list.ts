import type { Command } from 'commander';
import { renderListText } from '../report/list-text.js';
import { useColor, writeResult, type CommandContext } from './context.js';
import { readInputsShowingProgress } from './progress.js';

interface ListFlags {
  color?: boolean;
  output?: string;
}

export function registerList(program: Command, ctx: CommandContext): void {
  program
    .command('list')
    .description('list the dumps found in the logs: file, line, process, time, section sizes, complete or not')
    .argument('<inputs...>', 'log files, directories of logs, globs, .gz, or - for standard input')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--no-color', 'plain text even on a terminal')
    .addHelpText('after', '\nExample:\n  leakdiff list logs/')
    .action(async (inputs: string[], flags: ListFlags) => {
      const loaded = await readInputsShowingProgress(ctx, inputs);
      const text = renderListText(loaded.map((entry) => entry.log), { color: useColor(ctx.io, flags) });
      await writeResult(ctx, text, flags.output, inputs);
    });
}
