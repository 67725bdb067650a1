import type { Command } from 'commander';
import { readInputs } from '../analyze/read-inputs.js';
import { dumpRunsOf } from '../diff/dump-runs.js';
import { PROCESSES } from '../diff/select.js';
import type { ParsedLog, Snapshot } from '../model.js';
import { chooseRun } from '../read/runs.js';
import type { InputSource } from '../read/inputs.js';
import { readIoOf, useColor, writeResult, type CommandContext } from './context.js';

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
      const { loaded, sources } = await readInputs(inputs, readIoOf(ctx), { reprs: 'none' });
      // Loaded here, not at start-up: it brings chalk (see report/formats.ts).
      const { renderListText } = await import('../report/list-text.js');
      const text = renderListText(
        loaded.map((entry) => entry.log),
        { color: useColor(ctx.io, flags), runOf: runNumbersOf(loaded.map((entry) => entry.source)), ...dumpNumbersOf(loaded.map((entry) => entry.log)) },
      );
      await writeResult(ctx, text, flags.output, sources);
    });
}

/** Each log's run number when the logs' names show more than one run (`diff --run` takes it); else null. */
function runNumbersOf(sources: readonly InputSource[]): (file: string) => number | null {
  const runs = chooseRun(sources, null).selection?.runs ?? [];
  if (runs.length < 2) return () => null;
  const runOfFile = new Map<string, number>();
  for (const run of runs) {
    if (run.mpf !== null) runOfFile.set(run.mpf, run.number);
    if (run.mc !== null) runOfFile.set(run.mc, run.number);
  }
  return (file) => runOfFile.get(file) ?? null;
}

/**
 * Each dump's run as `diff` finds it from the dumps themselves when a process restarted among them
 * (else null: logs of MPF and MPF-MC that did not run together are runs too, but no restart to
 * show), and its number within its run as `diff` gives it, which `--from`/`--to` take.
 */
function dumpNumbersOf(logs: readonly ParsedLog[]): { runOfDump: (snapshot: Snapshot) => number | null; numberOf: (snapshot: Snapshot) => number } {
  const snapshots = logs.flatMap((log) => log.snapshots);
  const split = dumpRunsOf(snapshots);
  const restarted = PROCESSES.some((process) => split.runs.filter((run) => run.dumps[process] > 0).length > 1);
  const runOfSnapshot = new Map<Snapshot, number>();
  const numberOfSnapshot = new Map<Snapshot, number>();
  snapshots.forEach((snapshot, index) => {
    runOfSnapshot.set(snapshot, split.runOf[index]!);
    numberOfSnapshot.set(snapshot, split.rankOf[index]! + 1);
  });
  return {
    runOfDump: restarted ? (snapshot) => runOfSnapshot.get(snapshot) ?? null : () => null,
    numberOf: (snapshot) => numberOfSnapshot.get(snapshot)!,
  };
}
