import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { BcpError, triggerDump } from '../bcp/trigger.js';
import { diffOptionsOf } from '../config.js';
import { diffSnapshots } from '../diff/diff.js';
import { parseDuration } from '../duration.js';
import { LeakdiffError } from '../errors.js';
import type { DiffOptions, Snapshot } from '../model.js';
import { escapeTerminal } from '../report/escape.js';
import type { Reporter } from '../report/reporter.js';
import { FollowedLog } from '../watch/follow.js';
import { useColor, type CommandContext } from './context.js';
import { addJudgingOptions, JUDGING_SETTINGS, settingsOf } from './judging.js';
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
  const command = program
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
    .addHelpText('after', "\nExample:\n  leakdiff watch logs/ --every 2m --ignore 'timer_*'\n\nCtrl-C stops watching (exit 0).");
  addJudgingOptions(command).action(async (target: string, flags: WatchFlags, self: Command) => {
    // Judged as diff judges: the same options and the config file's judging settings.
    const options = diffOptionsOf(await settingsOf(ctx, self, JUDGING_SETTINGS));
    await watch(ctx, target, flags, options);
  });
}

function durationOf(option: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new LeakdiffError(`${option}: "${text}" is not a duration (e.g. 500ms, 10s, 2m)`);
  return ms;
}

async function watch(ctx: CommandContext, target: string, flags: WatchFlags, options: DiffOptions): Promise<void> {
  const { io } = ctx;
  const pollMs = durationOf('--poll', flags.poll);
  const everyMs = flags.every === undefined ? null : durationOf('--every', flags.every);
  const dumpTimeoutMs = durationOf('--dump-timeout', flags.dumpTimeout);
  const bcp = everyMs === null ? null : bcpTarget(flags);
  const color = useColor(io, flags);
  // Loaded here, not at start-up: it brings chalk and diff (see report/formats.ts).
  const { renderText } = await import('../report/text.js');
  const signal = io.signal;
  const absolute = path.resolve(io.cwd, target);
  const isDirectory = (await stat(absolute).catch(() => null))?.isDirectory() ?? false;
  if (!isDirectory && !(await stat(absolute).catch(() => null)) && !target.endsWith('.log')) {
    throw new LeakdiffError(`${target}: no such file or directory`);
  }

  if (bcp !== null) checkEventName(flags.event);
  const say = (line: string): void => {
    io.stderr.write(`leakdiff: ${line}\n`);
  };
  const following: Following = { logs: new Map(), snapshots: new Map() };
  let relayHintGiven = false;
  const unanswered = new UnansweredTriggers();
  const trigger = bcp === null ? null : new DumpTrigger({ ...bcp, event: flags.event, everyMs: everyMs!, unanswered, say });
  say(`watching ${escapeTerminal(target)}${everyMs === null ? '' : `, a dump every ${flags.every}`} (Ctrl-C stops)`);

  try {
    while (!signal?.aborted) {
      followNewLogs(following, isDirectory ? await newestLogs(absolute, target) : [{ path: absolute, name: target, kind: 'log' }], say);
      if (await readNewDumps(following, say)) {
        unanswered.dumpsRead(Date.now());
        const snapshots = [...following.snapshots.values()].flat();
        io.stdout.write(describe(snapshots, options, renderText, color));
        if (bcp !== null && !relayHintGiven && flags.event === 'debug_dump_stats' && !snapshots.some((snapshot) => snapshot.process === 'mc')) {
          relayHintGiven = true;
          say(
            'MPF dumped, MPF-MC did not: a trigger over BCP is not forwarded to MPF-MC. For MC dumps too, add the relay ' +
              '`event_player: bcp_debug_dump: debug_dump_stats` to the machine config and use --event bcp_debug_dump (see README)',
          );
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
function followNewLogs(following: Following, found: { path: string; name: string; kind: string }[], say: (line: string) => void): void {
  for (const log of found) {
    if (following.logs.has(log.path)) continue;
    // A newer log of the same kind is a new run of the machine: its dumps are not compared
    // with the old run's, whose counts started from scratch.
    for (const [oldPath, old] of following.logs) {
      if (kindOf(old.name) === log.kind) {
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

/** A trigger MPF took and whose dump has not been read yet; times are Date.now() milliseconds. */
export interface SentTrigger {
  /** when the trigger began connecting: a dump read after this may be its answer */
  startedAt: number;
  /** when MPF took the trigger: its dump is late `--dump-timeout` after this */
  sentAt: number;
}

/**
 * The triggers still waiting for their dump, each with its own deadline. A dump does not say
 * which trigger asked for it, so a dump read answers every trigger begun before it was read: a
 * late dump may stand in for a lost one (then the next trigger's deadline catches the machine),
 * but a dump that was read is never reported missing.
 */
export class UnansweredTriggers {
  private waiting: SentTrigger[] = [];
  private lastDumpReadAt = Number.NEGATIVE_INFINITY;

  /** MPF took a trigger; a dump read since the trigger began has answered it already. */
  sent(trigger: SentTrigger): void {
    if (this.lastDumpReadAt > trigger.startedAt) return;
    this.waiting.push(trigger);
  }

  /** Dumps were read at `at`: they answer every trigger begun before. */
  dumpsRead(at: number): void {
    this.lastDumpReadAt = at;
    this.waiting = this.waiting.filter((trigger) => trigger.startedAt >= at);
  }

  /** The triggers whose dump is more than `timeoutMs` late at `now`, each returned only once. */
  takeOverdue(now: number, timeoutMs: number): SentTrigger[] {
    const isLate = (trigger: SentTrigger): boolean => now - trigger.sentAt > timeoutMs;
    const late = this.waiting.filter(isLate);
    this.waiting = this.waiting.filter((trigger) => !isLate(trigger));
    return late;
  }
}

interface DumpTriggerOptions {
  host: string;
  port: number;
  connectTimeoutMs: number;
  event: string;
  everyMs: number;
  /** where each trigger that MPF took is recorded */
  unanswered: UnansweredTriggers;
  /** writes one `leakdiff: …` line to stderr */
  say: (line: string) => void;
}

/**
 * Posts the dump event over BCP every interval, beside the reading of the log: a trigger waiting
 * for MPF (up to --connect-timeout) must not hold back the dumps that land meanwhile. One trigger
 * at a time: one that falls due while another is still connecting goes out after it.
 */
class DumpTrigger {
  private readonly options: DumpTriggerOptions;
  private nextAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;
  /** what a trigger could not handle itself (a bad event name, a bug): thrown in the watch loop */
  private failure: { error: unknown } | null = null;
  private readonly stopping = new AbortController();

  constructor(options: DumpTriggerOptions) {
    this.options = options;
  }

  /** Starts a trigger if one is due and none is in flight, without waiting for it. */
  startIfDue(now: number): void {
    if (this.failure !== null) throw this.failure.error;
    if (this.inFlight !== null || now < this.nextAt) return;
    this.nextAt = now + this.options.everyMs;
    this.inFlight = this.send(now).finally(() => {
      this.inFlight = null;
    });
  }

  /** Abandons a trigger still in flight, and waits until its connection is closed. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.inFlight;
  }

  // Never rejects: a trigger runs unwatched until the loop looks at `failure`.
  private async send(startedAt: number): Promise<void> {
    const { host, port, connectTimeoutMs, event, unanswered, say } = this.options;
    try {
      await triggerDump({ host, port, connectTimeoutMs, event, signal: this.stopping.signal });
      unanswered.sent({ startedAt, sentAt: Date.now() });
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      if (error instanceof BcpError && error.code !== 'bad-event') say(`${error.message}; still watching`);
      else this.failure = { error: error instanceof BcpError ? new LeakdiffError(error.message) : error };
    }
  }
}

/** Local wall-clock time, HH:MM:SS, as the maker's clock shows it. */
function clockTime(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/** The comparison so far, or what is still missing for one. */
function describe(snapshots: Snapshot[], options: DiffOptions, renderText: Reporter, color: boolean): string {
  const stamp = `--- ${clockTime(Date.now())} · ${snapshots.length} dump${snapshots.length === 1 ? '' : 's'} ---\n`;
  const report = diffSnapshots(snapshots, options);
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
