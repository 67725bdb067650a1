import type { Command } from 'commander';
import { BcpError, triggerDump } from '../bcp/trigger.js';
import { durationOption } from '../duration.js';
import { LeakdiffError } from '../errors.js';
import { escapeTerminal } from '../report/escape.js';
import type { CommandContext } from './context.js';

/** How much of MPF's version string is shown: a real one is a few characters. */
const PEER_TEXT_CHARS = 40;

interface TriggerFlags {
  host: string;
  port: string;
  event: string;
  connectTimeout: string;
}

/** The options that reach MPF over BCP, of `trigger` and of `watch --every`; `scope` begins each description. */
export function addBcpOptions(command: Command, scope = ''): Command {
  return command
    .option('--host <host>', `${scope}where MPF listens for BCP clients`, '127.0.0.1')
    .option('--port <port>', `${scope}MPF BCP port`, '5051')
    .option('--event <event>', `${scope}event to post (bcp_debug_dump with the relay in docs/watch-and-trigger.md, for MPF-MC dumps too)`, 'debug_dump_stats')
    .option('--connect-timeout <duration>', `${scope}how long to retry while MPF starts`, '10s');
}

/** Port and timeout of those options, checked: a bad value is a one-line usage error. */
export function bcpTarget(flags: { host: string; port: string; connectTimeout: string }): { host: string; port: number; connectTimeoutMs: number } {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new LeakdiffError(`--port: "${flags.port}" is not a TCP port (1-65535)`);
  return { host: flags.host, port, connectTimeoutMs: durationOption('--connect-timeout', flags.connectTimeout) };
}

/** What the peer said of itself, shortened and safe to print on a terminal. */
function peerText(text: string): string {
  const characters = Array.from(text);
  return escapeTerminal(characters.length > PEER_TEXT_CHARS ? `${characters.slice(0, PEER_TEXT_CHARS).join('')}…` : text);
}

export function registerTrigger(program: Command, ctx: CommandContext): void {
  addBcpOptions(program.command('trigger').description('make a running MPF post debug_dump_stats over BCP, so it dumps without a key press'))
    .addHelpText('after', '\nExample:\n  leakdiff trigger --event bcp_debug_dump')
    .action(async (flags: TriggerFlags) => {
      const target = bcpTarget(flags);
      try {
        const result = await triggerDump({ ...target, event: flags.event, ...(ctx.io.signal ? { signal: ctx.io.signal } : {}) });
        const version = result.controllerVersion === null ? '' : ` (MPF ${peerText(result.controllerVersion)})`;
        ctx.io.stdout.write(`leakdiff: posted ${result.event} to MPF at ${result.host}:${result.port}${version}; the dump is in MPF's log\n`);
      } catch (error) {
        if (error instanceof BcpError) throw new LeakdiffError(error.message);
        // Ctrl-C: the shell's 130, as for every command stopped by it.
        if (ctx.io.signal?.aborted === true) throw ctx.io.signal.reason;
        throw error;
      }
    });
}
