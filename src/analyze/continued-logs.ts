// A log split into files (cut in two by hand, a log copied in parts): the later file begins with no
// start-up, and its first dumps were taken in the state the earlier one left (a game, a mode
// running), which the later file's own lines do not say. leakdiff compares the dumps of both as one
// life of the program (diff/dump-runs.ts), so their states are read as from one log: the verdict
// must not depend on where a log was cut.

import { logContinuationsOf } from '../diff/dump-runs.js';
import type { ChannelName, LogContinuity, ParsedLog, Snapshot } from '../model.js';
import { activeModesOf, startState, stateAfter, stateOf, type StateAtDump } from '../parse/machine-state.js';
import type { LoadedLog } from '../read/load.js';

/**
 * The logs with the state of each dump that a log took before its lines said it carried over from
 * the log its dumps continue. A log continues another when `dumpRunsOf` joins the dumps of both
 * into one life and the other log's last dumps are those joined: only then is its end where the
 * later log begins.
 */
export function withStatesCarriedOver(loaded: readonly LoadedLog[]): LoadedLog[] {
  const snapshots = loaded.flatMap((entry) => entry.log.snapshots);
  const continuations = logContinuationsOf(snapshots);
  if (continuations.length === 0) return [...loaded];
  const logOf = new Map<string, ParsedLog>();
  for (const { log } of loaded) if (!logOf.has(log.file)) logOf.set(log.file, log);
  const ends = new LogEnds();
  const carried = new Map<Snapshot, Snapshot>();
  for (const { previous, next } of continuations) {
    const before = logOf.get(previous.file);
    const after = logOf.get(next.file);
    if (before?.continuity === undefined || after?.continuity === undefined) continue;
    const lastBefore = snapshots[previous.indexes.at(-1)!]!;
    if (before.snapshots.findLast((snapshot) => snapshot.process === lastBefore.process) !== lastBefore) continue;
    const openAt = new Map(after.continuity.openDumps.map((dump) => [dump.line, dump]));
    for (const index of next.indexes) {
      const snapshot = snapshots[index]!;
      const open = openAt.get(snapshot.line);
      const start = open === undefined ? null : ends.of(before, open.channel);
      if (open === undefined || start === null) continue;
      const state = stateAfter(start, open.state);
      carried.set(snapshot, { ...snapshot, state: stateOf(state), activeModes: activeModesOf(state) });
    }
    ends.continue(before, after);
  }
  if (carried.size === 0) return [...loaded];
  return loaded.map((entry) => {
    if (!entry.log.snapshots.some((snapshot) => carried.has(snapshot))) return entry;
    return { ...entry, log: { ...entry.log, snapshots: entry.log.snapshots.map((snapshot) => carried.get(snapshot) ?? snapshot) } };
  });
}

/** The state each log left at its end, per writer: its own lines', or with what the log it continues left. */
class LogEnds {
  private readonly carried = new Map<string, StateAtDump>();

  /** The state `log` left for `channel`; null when it has no line of that writer (nor of one writer only). */
  of(log: ParsedLog, channel: ChannelName): StateAtDump | null {
    const known = this.carried.get(keyOf(log.file, channel));
    if (known !== undefined) return known;
    const end = endOf(log.continuity!, channel);
    return end === undefined ? null : stateAfter(startState(), end.state);
  }

  /** `after` continues `before`: its ends are read on from `before`'s. */
  continue(before: ParsedLog, after: ParsedLog): void {
    for (const end of after.continuity!.ends) {
      const start = this.of(before, end.channel);
      if (start !== null) this.carried.set(keyOf(after.file, end.channel), stateAfter(start, end.state));
    }
  }
}

/** A log's end for `channel`; a log of one writer ends the same for any (an MPF log continued by its console's lines). */
function endOf(continuity: LogContinuity, channel: ChannelName): LogContinuity['ends'][number] | undefined {
  return continuity.ends.find((end) => end.channel === channel) ?? (continuity.ends.length === 1 ? continuity.ends[0] : undefined);
}

function keyOf(file: string, channel: ChannelName): string {
  return `${channel}\n${file}`;
}
