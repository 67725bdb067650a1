import { Option, type Command } from 'commander';
import { readInputs } from '../analyze/read-inputs.js';
import { renderExtractJson } from '../report/extract-json.js';
import { readIoOf, writeResult, type CommandContext } from './context.js';

interface ExtractFlags {
  format: 'json';
  output?: string;
}

export function registerExtract(program: Command, ctx: CommandContext): void {
  program
    .command('extract')
    .description('print every dump of the logs as structured JSON snapshots (schema in docs/json.md)')
    .argument('<inputs...>', 'log files, directories of logs, globs, .gz, or - for standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json']).default('json'))
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .addHelpText('after', '\nExample:\n  leakdiff extract logs/2025-10-04-16-15-48-mc-pinbox.log > snapshots.json')
    .action(async (inputs: string[], flags: ExtractFlags) => {
      const { loaded, sources } = await readInputs(inputs, readIoOf(ctx));
      await writeResult(ctx, renderExtractJson(loaded.map((entry) => entry.log)), flags.output, sources);
    });
}
