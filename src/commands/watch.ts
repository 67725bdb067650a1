// `leakdiff watch`: its flags, and the loop that polls the followed logs (watch/discover.ts finds
// them, watch/follow.ts reads them), prints the analysis each time dumps land, and takes dumps on
// a schedule (watch/trigger-schedule.ts).

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { analyzeSnapshots, hasComparison } from '../analyze/analyze.js';
import { diffOptionsOf } from '../config.js';
import { durationOption } from '../duration.js';
import { describeSystemError, LeakdiffError } from '../errors.js';
import type { DiffOptions, Snapshot } from '../model.js';
import { escapeTerminal } from '../report/escape.js';
import type { Reporter } from '../report/reporter.js';
import { discoverLogs, logKindOf, type DiscoveredLog } from '../watch/discover.js';
import { FollowedLog } from '../watch/follow.js';
import { DumpTrigger, UnansweredTriggers } from '../watch/trigger-schedule.js';
import { useColor, type CommandContext } from './context.js';
import { addJudgingOptions, JUDGING_SETTINGS, settingsOf } from './judging.js';
import { addBcpOptions, bcpTarget } from './trigger.js';

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
  const command = program
    .command('watch')
    .description('follow a running machine\'s log (or the newest logs of a folder) and compare each new dump with the first')
    .argument('<log>', 'a log file, or a logs/ folder (its newest -mpf- and -mc- logs are followed)')
    .option('--every <duration>', 'take a dump now and at this interval, over BCP (e.g. 2m)');
  addBcpOptions(command, 'with --every: ')
    .option('--dump-timeout <duration>', 'with --every: say so when no dump appears in the log this long after a trigger', '30s')
    .option('--poll <duration>', 'how often the log is read', '500ms')
    .option('--no-color', 'plain text even on a terminal')
    .addHelpText('after', "\nExample:\n  leakdiff watch logs/ --every 2m --ignore 'timer_*'\n\nCtrl-C stops watching (exit 0).");
  addJudgingOptions(command).action(async (target: string, flags: WatchFlags, self: Command) => {
    // Judged as diff judges: the same options and the config file's judging settings.
    const options = diffOptionsOf(await settingsOf(ctx, self, JUDGING_SETTINGS));
    await watch(ctx, target, flags, options);
  });
}

async function watch(ctx: CommandContext, target: string, flags: WatchFlags, options: DiffOptions): Promise<void> {
  const { io } = ctx;
  const pollMs = durationOption('--poll', flags.poll);
  const everyMs = flags.every === undefined ? null : durationOption('--every', flags.every);
  const dumpTimeoutMs = durationOption('--dump-timeout', flags.dumpTimeout);
  const bcp = everyMs === null ? null : bcpTarget(flags);
  const color = useColor(io, flags);
  // Loaded here, not at start-up: it brings chalk and diff (see report/formats.ts).
  const { renderText } = await import('../report/text.js');
  const signal = io.signal;
  // A stream ends, or never does, and cannot be re-read when a log is replaced: watch follows files.
  if (target === '-') throw new LeakdiffError('watch follows a log file or a folder of logs, not standard input (-): give the log MPF writes, or its folder');
  const absolute = path.resolve(io.cwd, target);
  let statError: unknown = null;
  const found = await stat(absolute).catch((error: unknown) => {
    statError = error;
    return null;
  });
  const isDirectory = found?.isDirectory() ?? false;
  if (found === null && (!target.endsWith('.log') || errorCodeOf(statError) !== 'ENOENT')) {
    throw new LeakdiffError(`${target}: ${describeSystemError(statError)}`);
  }
  // A folder that cannot be listed is said before the watch begins, as discoverLogs says it later.
  if (isDirectory) await discoverLogs(absolute, target);

  if (bcp !== null) checkEventName(flags.event);
  const say = (line: string): void => {
    io.stderr.write(`leakdiff: ${line}\n`);
  };
  const following: Following = { logs: new Map(), snapshots: new Map() };
  let relayHintGiven = false;
  const unanswered = new UnansweredTriggers();
  const trigger = bcp === null ? null : new DumpTrigger({ ...bcp, event: flags.event, everyMs: everyMs!, unanswered, say });
  const every = everyMs === null ? '' : `, a dump every ${flags.every}`;
  // A log named before the machine starts is waited for: MPF creates it at start-up.
  say(found === null ? `${escapeTerminal(target)} does not exist yet; waiting for it${every} (Ctrl-C stops)` : `watching ${escapeTerminal(target)}${every} (Ctrl-C stops)`);

  try {
    while (!signal?.aborted) {
      followNewLogs(following, isDirectory ? await discoverLogs(absolute, target) : [{ path: absolute, name: target, kind: 'log' }], say);
      if (await readNewDumps(following, say)) {
        unanswered.dumpsRead(Date.now());
        const snapshots = [...following.snapshots.values()].flat();
        io.stdout.write(describe(snapshots, options, renderText, color));
        // Only once a trigger was answered: dumps taken by a key press say nothing about BCP.
        if (unanswered.answered > 0 && !relayHintGiven && flags.event === 'debug_dump_stats' && !snapshots.some((snapshot) => snapshot.process === 'mc')) {
          relayHintGiven = true;
          say(relayHint([...following.logs.values()].some((log) => logKindOf(log.name) === 'mc')));
        }
      }
      for (const late of unanswered.takeOverdue(Date.now(), dumpTimeoutMs)) {
        say(`no dump appeared in the log within ${flags.dumpTimeout} of the trigger at ${clockTime(late.sentAt)}; still watching`);
      }
      trigger?.startIfDue(Date.now());
      try {
        await sleep(pollMs, undefined, signal ? { signal } : {});
      } catch {
        break;
      }
    }
  } finally {
    await trigger?.stop();
  }
  ctx.exitCode = 0;
}

/** The logs being followed and the dumps read from each, both by path. */
interface Following {
  logs: Map<string, FollowedLog>;
  snapshots: Map<string, Snapshot[]>;
}

/** Starts following the logs not followed yet. */
function followNewLogs(following: Following, found: readonly DiscoveredLog[], say: (line: string) => void): void {
  for (const log of found) {
    if (following.logs.has(log.path)) continue;
    // A newer log of the same kind is a new run of the machine: its dumps are not compared
    // with the old run's, whose counts started from scratch.
    for (const [oldPath, old] of following.logs) {
      if (logKindOf(old.name) === log.kind) {
        following.logs.delete(oldPath);
        following.snapshots.delete(oldPath);
        say(`a newer log appeared: following ${escapeTerminal(log.name)} instead of ${escapeTerminal(old.name)}`);
      }
    }
    following.logs.set(log.path, new FollowedLog(log.path, log.name));
  }
}

/** Reads what each log gained since the last poll; true when that holds new dumps. */
async function readNewDumps(following: Following, say: (line: string) => void): Promise<boolean> {
  let found = false;
  for (const log of following.logs.values()) {
    const update = await log.poll();
    if (update.restarted) {
      say(`${escapeTerminal(log.name)} was truncated or replaced; reading it again from the start`);
      following.snapshots.set(log.path, []);
    }
    if (update.snapshots.length > 0) {
      following.snapshots.set(log.path, [...(following.snapshots.get(log.path) ?? []), ...update.snapshots]);
      found = true;
    }
  }
  return found;
}

const RELAY = '`event_player: bcp_debug_dump: debug_dump_stats`';

/**
 * Why a trigger made MPF dump and not MPF-MC. That MC did not dump is said only when its log is
 * followed: with MPF's log alone, what MC did is not known.
 */
function relayHint(followsMcLog: boolean): string {
  return followsMcLog
    ? `MPF dumped, MPF-MC did not: a trigger over BCP is not forwarded to MPF-MC. For MC dumps too, add the relay ${RELAY} to the machine config and use --event bcp_debug_dump (see docs/watch-and-trigger.md)`
    : `MPF dumped on the trigger. A trigger over BCP reaches MPF only: for MC dumps too, add the relay ${RELAY} to the machine config, use --event bcp_debug_dump and watch the MC log as well (see docs/watch-and-trigger.md)`;
}

/** Local wall-clock time, HH:MM:SS, as the maker's clock shows it. */
function clockTime(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/** The comparison so far, or what is still missing for one. */
function describe(snapshots: Snapshot[], options: DiffOptions, renderText: Reporter, color: boolean): string {
  const stamp = `--- ${clockTime(Date.now())} · ${snapshots.length} dump${snapshots.length === 1 ? '' : 's'} ---\n`;
  const { report } = analyzeSnapshots(snapshots, options);
  if (!hasComparison(report)) {
    const last = snapshots.at(-1)!;
    return `${stamp}${last.process} dump at ${last.time?.replace('T', ' ') ?? 'line ' + last.line}; waiting for a second dump to compare\n`;
  }
  return `${stamp}${renderText(report, { color, trees: [] })}`;
}

/** A bad event name is a usage error at once, not a warning at every interval. */
function checkEventName(event: string): void {
  if (event === '' || /[\s{}?&=%]/.test(event)) throw new LeakdiffError(`--event: invalid event name "${escapeTerminal(event)}": MPF event names contain no whitespace, braces, ?, &, = or %`);
}

function errorCodeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}
