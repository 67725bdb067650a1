// Dumps taken on a schedule while `watch` reads the log: a trigger over BCP every interval, beside
// the polling of the log, and the bookkeeping of which triggers still wait for their dump.

import { BcpError, triggerDump } from '../bcp/trigger.js';
import { LeakdiffError } from '../errors.js';

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
  /** How many triggers MPF took and a dump read answered, so far. */
  answered = 0;

  /** MPF took a trigger; a dump read since the trigger began has answered it already. */
  sent(trigger: SentTrigger): void {
    if (this.lastDumpReadAt > trigger.startedAt) {
      this.answered += 1;
      return;
    }
    this.waiting.push(trigger);
  }

  /** Dumps were read at `at`: they answer every trigger begun before. */
  dumpsRead(at: number): void {
    this.lastDumpReadAt = at;
    const before = this.waiting.length;
    this.waiting = this.waiting.filter((trigger) => trigger.startedAt >= at);
    this.answered += before - this.waiting.length;
  }

  /** The triggers whose dump is more than `timeoutMs` late at `now`, each returned only once. */
  takeOverdue(now: number, timeoutMs: number): SentTrigger[] {
    const isLate = (trigger: SentTrigger): boolean => now - trigger.sentAt > timeoutMs;
    const late = this.waiting.filter(isLate);
    this.waiting = this.waiting.filter((trigger) => !isLate(trigger));
    return late;
  }
}

export interface DumpTriggerOptions {
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
export class DumpTrigger {
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
