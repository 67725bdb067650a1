// The CLI shell: commander's options in, one exit code out. All I/O goes through `io`, so tests
// call `main` in-process; `run` wires it to the real process.

import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { describeSystemError, LeakdiffError } from './errors.js';
import type { CliIo, CommandContext } from './commands/context.js';
import { registerBaseline } from './commands/baseline.js';
import { closestCommand } from './commands/did-you-mean.js';
import { registerDiff } from './commands/diff.js';
import { registerExtract } from './commands/extract.js';
import { registerList } from './commands/list.js';
import { registerTrigger } from './commands/trigger.js';
import { registerWatch } from './commands/watch.js';

/**
 * Exit codes, a contract with scripts and CI. A crash has its own, so that a bug in leakdiff is
 * never taken for bad input.
 */
export const EXIT = { clean: 0, leak: 1, error: 2, crash: 3, interrupted: 130 } as const;

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** One worked example per command (a command added above without one fails the --help test of test/cli-formats.test.ts). */
const EXAMPLES = `
Examples:
  leakdiff logs/
      compare the dumps of the newest run in logs/, MPF and MC together (diff is the default command)
  leakdiff diff logs/before-mc-pinbox.log logs/after-mc-pinbox.log --format html -o report.html
      the same for two logs, as a page with a chart per finding
  leakdiff list logs/
      the dumps the logs hold, numbered as --from and --to count them
  leakdiff extract logs/2025-10-04-16-15-48-mc-pinbox.log -o snapshots.json
      every dump as JSON, for scripts
  leakdiff trigger --port 5051
      make a running MPF dump now, over BCP (no key press at the machine)
  leakdiff watch logs/ --every 2m
      a soak test: dump every 2 minutes and print the comparison as each dump lands
  leakdiff baseline logs/ -o leakdiff-baseline.json
      record today's findings; then leakdiff logs/ --baseline leakdiff-baseline.json fails only on new ones

leakdiff <command> --help shows a command's options. Exit status: 0 nothing fails the gate,
1 a leak (see diff --fail-on), 2 usage or input error, 3 leakdiff itself failed (a bug: please report it),
130 stopped by Ctrl-C (nothing written).`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx: CommandContext = { io, exitCode: EXIT.clean, configFiles: [] };
  const program = new Command('leakdiff')
    .description('Find memory leaks in MPF and MPF-MC pinball machines by comparing their debug_dump_stats dumps.')
    .version(version, '-V, --version', 'print the version')
    .addHelpText('after', EXAMPLES)
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .hook('preAction', (_program, action) => {
      // Else it names no file and fails late, after the logs were read, as a directory.
      if (action.opts().output === '') throw new LeakdiffError('-o/--output: the file name is empty; give a file, or - for standard output');
    });
  registerDiff(program, ctx);
  registerList(program, ctx);
  registerExtract(program, ctx);
  registerTrigger(program, ctx);
  registerWatch(program, ctx);
  registerBaseline(program, ctx);
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput({ outputError: (text, write) => write(`leakdiff: ${usageErrorLine(text, command)}\n`) });
  }

  if (argv.length === 0) {
    io.stderr.write(`${program.helpInformation()}\nleakdiff --help shows examples, leakdiff <command> --help a command's options.\n`);
    return EXIT.error;
  }
  try {
    const typo = await commandTypoOf(argv[0]!, program, io.cwd);
    if (typo !== null) throw new LeakdiffError(`${argv[0]}: no such file or directory; did you mean leakdiff ${typo}?`);
    const unknownHelp = unknownHelpTopic(argv, program);
    if (unknownHelp !== null) throw new LeakdiffError(unknownHelp);
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    // The work stopped by Ctrl-C: 130, as a shell says for SIGINT.
    if (io.signal?.aborted === true && error === io.signal.reason) return EXIT.interrupted;
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.clean : EXIT.error;
    }
    if (error instanceof LeakdiffError) {
      io.stderr.write(`leakdiff: ${error.message}\n`);
      return EXIT.error;
    }
    io.stderr.write(`leakdiff: internal error, please report it with the command you ran:\n${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.crash;
  }
}

/**
 * Commander's usage error as one line: its own suggestion (`(Did you mean --from?)`) joined on,
 * or else where the options are listed.
 */
function usageErrorLine(text: string, command: Command): string {
  const [message = '', ...rest] = text.replace(/^error: /, '').trim().split('\n');
  const suggestion = rest.join(' ').match(/^\(Did you mean (.+)\?\)$/);
  if (suggestion !== null) return `${message}; did you mean ${suggestion[1]}?`;
  const name = command.parent === null ? 'leakdiff' : `leakdiff ${command.name()}`;
  return `${message} (${name} --help lists the options)`;
}

/** The command `first` is a typo of, when it is no option, command, file or pattern. */
async function commandTypoOf(first: string, program: Command, cwd: string): Promise<string | null> {
  if (!/^[a-z][a-z-]*$/i.test(first)) return null;
  const names = program.commands.map((command) => command.name());
  if (names.includes(first)) return null;
  const typo = closestCommand(first, names);
  if (typo === null || (await stat(path.resolve(cwd, first)).catch(() => null)) !== null) return null;
  return typo;
}

/** `leakdiff help lsit`: commander would print the whole help; one line says which command was meant. */
function unknownHelpTopic(argv: readonly string[], program: Command): string | null {
  const topic = argv[1];
  if (argv[0] !== 'help' || topic === undefined || topic.startsWith('-')) return null;
  const names = program.commands.map((command) => command.name());
  if (names.includes(topic)) return null;
  const typo = closestCommand(topic, names);
  return `help ${topic}: no such command; ${typo === null ? 'leakdiff --help lists the commands' : `did you mean leakdiff help ${typo}?`}`;
}

/** Entry of bin/leakdiff.js. Sets process.exitCode rather than exiting, so piped output is not cut. */
export function run(proc: NodeJS.Process): void {
  const controller = new AbortController();
  // Ctrl-C: `watch` stops cleanly on the signal (exit 0); any other command stops at its next
  // step, writing nothing (exit 130). One that does not stop soon is ended.
  const onInterrupt = (): void => {
    controller.abort();
    setTimeout(() => proc.exit(EXIT.interrupted), 500).unref();
  };
  proc.once('SIGINT', onInterrupt);
  // Without a listener, SIGINT ends the process as the system does, even in the middle of
  // synchronous work. A second Ctrl-C always does.
  const killableDuring = <T>(work: () => T): T => {
    if (controller.signal.aborted) return work();
    proc.removeListener('SIGINT', onInterrupt);
    try {
      return work();
    } finally {
      proc.once('SIGINT', onInterrupt);
    }
  };
  // Standard output that cannot be written (a full disk, a closed pipe) ends what is still writing
  // (`watch`) as Ctrl-C would. `leakdiff … | head` closes the pipe once the reader has what it
  // wanted: that is quiet and keeps the exit code; any other failure is one line and exit 2.
  let stdoutFailure: NodeJS.ErrnoException | null = null;
  proc.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (stdoutFailure !== null) return;
    stdoutFailure = error;
    if (error.code !== 'EPIPE') {
      proc.stderr.write(`leakdiff: standard output: cannot write (${describeSystemError(error)})\n`);
      proc.exitCode = EXIT.error;
    }
    // Not the system error itself: reads would report it as one of the log they were reading.
    controller.abort(new Error('standard output cannot be written', { cause: error }));
  });
  const io: CliIo = { stdout: proc.stdout, stderr: proc.stderr, stdin: proc.stdin, env: proc.env, cwd: proc.cwd(), signal: controller.signal, killableDuring };
  void main(proc.argv.slice(2), io).then((code) => {
    if (stdoutFailure !== null) {
      proc.exitCode = stdoutFailure.code !== 'EPIPE' ? EXIT.error : code === EXIT.interrupted ? EXIT.clean : code;
      return;
    }
    proc.exitCode = code;
    // Nothing was written, and a read still under way (standard input, a worker) must not hold the exit up.
    if (code === EXIT.interrupted) proc.exit(code);
  });
}
