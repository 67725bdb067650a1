import { Option, type Command } from 'commander';
import { readInputs } from '../analyze/read-inputs.js';
import { ExtractJsonWriter, extractedLogOf } from '../report/extract-json.js';
import { checkInterrupted } from '../interrupt.js';
import { readIoOf, type CommandContext } from './context.js';
import { openStreamedOutput, type StreamedOutput } from './streamed-output.js';

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
      // Each snapshot is written as soon as it is read: a log of any size is extracted in memory
      // that does not grow with it.
      let output: StreamedOutput | null = null;
      const writer = new ExtractJsonWriter((text) => output!.write(text));
      try {
        const { loaded } = await readInputs(inputs, readIoOf(ctx), {
          onSources: async (sources) => {
            output = await openStreamedOutput(ctx, flags.output, sources);
          },
          streamSnapshots: (snapshot) => writer.addSnapshot(snapshot),
        });
        writer.end(loaded.map((entry) => extractedLogOf(entry.log, entry.dumps)));
        // A Ctrl-C that came while the last snapshots were written stops here, before the rename.
        await checkInterrupted(ctx.io.signal);
        await output!.finish();
      } catch (error) {
        await (output as StreamedOutput | null)?.abandon();
        throw error;
      }
    });
}
