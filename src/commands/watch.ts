import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { BcpError, triggerDump } from '../bcp/trigger.js';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../diff/diff.js';
import { parseDuration } from '../duration.js';
import { LeakdiffError } from '../errors.js';
import type { Snapshot } from '../model.js';
import { escapeTerminal } from '../report/escape.js';
import { renderText } from '../report/text.js';
import { FollowedLog } from '../watch/follow.js';
import { useColor, type CommandContext } from './context.js';
import { bcpTarget } from './trigger.js';

interface WatchFlags {
  every?: string;
  host: string;
  port: string;
  event: string;
  connectTimeout: string;
  dumpTimeout: string;
  poll: string;
  color?: boolean;
}

export function registerWatch(program: Command, ctx: CommandContext): void {
  program
    .command('watch')
    .description('follow a running machine\'s log (or the newest logs of a folder) and compare each new dump with the first')
    .argument('<log>', 'a log file, or a logs/ folder (its newest -mpf- and -mc- logs are followed)')
    .option('--every <duration>', 'take a dump now and at this interval, over BCP (e.g. 2m)')
    .option('--host <host>', 'with --every: where MPF listens for BCP clients', '127.0.0.1')
    .option('--port <port>', 'with --every: MPF BCP port', '5051')
    .option('--event <event>', 'with --every: event to post (bcp_debug_dump with the relay in README)', 'debug_dump_stats')
    .option('--connect-timeout <duration>', 'with --every: how long to retry while MPF starts', '10s')
    .option('--dump-timeout <duration>', 'with --every: say so when no dump appears in the log this long after a trigger', '30s')
    .option('--poll <duration>', 'how often the log is read', '500ms')
    .option('--no-color', 'plain text even on a terminal')
    .addHelpText('after', '\nExample:\n  leakdiff watch logs/ --every 2m\n\nCtrl-C stops watching (exit 0).')
    .action(async (target: string, flags: WatchFlags) => {
      await watch(ctx, target, flags);
    });
}

function durationOf(option: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new LeakdiffError(`${option}: "${text}" is not a duration (e.g. 500ms, 10s, 2m)`);
  return ms;
}

async function watch(ctx: CommandContext, target: string, flags: WatchFlags): Promise<void> {
  const { io } = ctx;
  const pollMs = durationOf('--poll', flags.poll);
  const everyMs = flags.every === undefined ? null : durationOf('--every', flags.every);
  const dumpTimeoutMs = durationOf('--dump-timeout', flags.dumpTimeout);
  const bcp = everyMs === null ? null : bcpTarget(flags);
  const color = useColor(io, flags);
  const signal = io.signal;
  const absolute = path.resolve(io.cwd, target);
  const isDirectory = (await stat(absolute).catch(() => null))?.isDirectory() ?? false;
  if (!isDirectory && !(await stat(absolute).catch(() => null)) && !target.endsWith('.log')) {
    throw new LeakdiffError(`${target}: no such file or directory`);
  }

  if (bcp !== null) checkEventName(flags.event);
  const followed = new Map<string, FollowedLog>();
  let relayHintGiven = false;
  const snapshotsByLog = new Map<string, Snapshot[]>();
  let nextTrigger = everyMs === null ? Number.POSITIVE_INFINITY : Date.now();
  let waitingSince: number | null = null;
  io.stderr.write(`leakdiff: watching ${escapeTerminal(target)}${everyMs === null ? '' : `, a dump every ${flags.every}`} (Ctrl-C stops)\n`);

  while (!signal?.aborted) {
    for (const log of isDirectory ? await newestLogs(absolute, target) : [{ path: absolute, name: target, kind: 'log' }]) {
      if (followed.has(log.path)) continue;
      // A newer log of the same kind is a new run of the machine: its dumps are not compared
      // with the old run's, whose counts started from scratch.
      for (const [oldPath, old] of followed) {
        if (kindOf(old.name) === log.kind) {
          followed.delete(oldPath);
          snapshotsByLog.delete(oldPath);
          io.stderr.write(`leakdiff: a newer log appeared: following ${escapeTerminal(log.name)} instead of ${escapeTerminal(old.name)}\n`);
        }
      }
      followed.set(log.path, new FollowedLog(log.path, log.name));
    }
    let changed = false;
    for (const log of followed.values()) {
      const update = await log.poll();
      if (update.restarted) {
        io.stderr.write(`leakdiff: ${escapeTerminal(log.name)} was truncated or replaced; reading it again from the start\n`);
        snapshotsByLog.set(log.path, []);
      }
      if (update.snapshots.length > 0) {
        snapshotsByLog.set(log.path, [...(snapshotsByLog.get(log.path) ?? []), ...update.snapshots]);
        changed = true;
      }
    }
    if (changed) {
      waitingSince = null;
      const snapshots = [...snapshotsByLog.values()].flat();
      io.stdout.write(describe(snapshots, color));
      if (bcp !== null && !relayHintGiven && flags.event === 'debug_dump_stats' && !snapshots.some((snapshot) => snapshot.process === 'mc')) {
        relayHintGiven = true;
        io.stderr.write(
          'leakdiff: MPF dumped, MPF-MC did not: a trigger over BCP is not forwarded to MPF-MC. For MC dumps too, add the relay ' +
            '`event_player: bcp_debug_dump: debug_dump_stats` to the machine config and use --event bcp_debug_dump (see README)\n',
        );
      }
    }
    if (waitingSince !== null && Date.now() - waitingSince > dumpTimeoutMs) {
      io.stderr.write(`leakdiff: no dump appeared in the log within ${flags.dumpTimeout} of the trigger; still watching\n`);
      waitingSince = null;
    }
    if (bcp !== null && Date.now() >= nextTrigger) {
      nextTrigger = Date.now() + everyMs!;
      try {
        await triggerDump({ ...bcp, event: flags.event, ...(signal ? { signal } : {}) });
        waitingSince = Date.now();
      } catch (error) {
        if (signal?.aborted) break;
        if (!(error instanceof BcpError)) throw error;
        if (error.code === 'bad-event') throw new LeakdiffError(error.message);
        io.stderr.write(`leakdiff: ${error.message}; still watching\n`);
      }
    }
    try {
      await sleep(pollMs, undefined, signal ? { signal } : {});
    } catch {
      break;
    }
  }
  ctx.exitCode = 0;
}

/** The comparison so far, or what is still missing for one. */
function describe(snapshots: Snapshot[], color: boolean): string {
  const stamp = `--- ${new Date().toTimeString().slice(0, 8)} · ${snapshots.length} dump${snapshots.length === 1 ? '' : 's'} ---\n`;
  const report = diffSnapshots(snapshots, DEFAULT_DIFF_OPTIONS);
  if (!report.comparisons.some((comparison) => comparison.snapshots.length > 1)) {
    const last = snapshots.at(-1)!;
    return `${stamp}${last.process} dump at ${last.time?.replace('T', ' ') ?? 'line ' + last.line}; waiting for a second dump to compare\n`;
  }
  return `${stamp}${renderText(report, { color, trees: [] })}`;
}

/** The newest MPF and MC logs of a folder (MPF names logs by start time, so the last name is newest). */
async function newestLogs(directory: string, shown: string): Promise<{ path: string; name: string; kind: string }[]> {
  const names = (await readdir(directory).catch(() => [])).filter((name) => name.endsWith('.log')).sort();
  const newest = ['-mpf-', '-mc-'].map((kind) => names.filter((name) => name.includes(kind)).at(-1));
  const chosen = newest.some((name) => name !== undefined) ? newest.filter((name): name is string => name !== undefined) : names.slice(-1);
  return chosen.map((name) => ({ path: path.join(directory, name), name: path.join(shown, name), kind: kindOf(name) }));
}

/** Which writer a log belongs to, by MPF's file names; any other log is followed alone. */
function kindOf(name: string): string {
  const base = path.basename(name);
  return base.includes('-mpf-') ? 'mpf' : base.includes('-mc-') ? 'mc' : 'log';
}

/** A bad event name is a usage error at once, not a warning at every interval. */
function checkEventName(event: string): void {
  if (event === '' || /[\s{}?&=%]/.test(event)) throw new LeakdiffError(`--event: invalid event name "${escapeTerminal(event)}": MPF event names contain no whitespace, braces, ?, &, = or %`);
}
