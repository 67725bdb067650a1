// What a finding's series spans, in the units a budget may be set in: games and balls started
// between its first and last dump (the `game_started` and `ball_started` posted), and hours of
// log time. A leak that grows with play grows as much per game in a short run as in a soak, so
// a budget per game holds where a budget in absolute growth would fail a longer run. Pure: no I/O.

import type { FindingSpan, Snapshot } from '../model.js';
import { postsBetween } from './attribution.js';

const MS_PER_HOUR = 60 * 60 * 1000;

/** The span of a series over these dumps (indexes into `snapshots`, oldest first). */
export function spanOf(points: readonly number[], snapshots: readonly Snapshot[]): FindingSpan {
  const intervals = postsBetween(snapshots, points);
  const started = (event: string): number | null => {
    let total = 0;
    for (const posts of intervals) {
      // Posts across a gap between logs are unknown, and so is the number of games in it.
      if (posts === null) return null;
      total += posts.get(event) ?? 0;
    }
    return total;
  };
  const first = millisOf(snapshots[points[0]!]!.time);
  const last = millisOf(snapshots[points[points.length - 1]!]!.time);
  const hours = first === null || last === null || first.dated !== last.dated || last.ms < first.ms ? null : (last.ms - first.ms) / MS_PER_HOUR;
  return { games: started('game_started'), balls: started('ball_started'), hours };
}

/** A log time as milliseconds on one scale; dated times and console times of day are not comparable. */
function millisOf(time: string | null): { dated: boolean; ms: number } | null {
  if (time === null) return null;
  const dated = time.includes('T');
  const ms = Date.parse(dated ? `${time}Z` : `1970-01-01T${time}Z`);
  return Number.isNaN(ms) ? null : { dated, ms };
}
