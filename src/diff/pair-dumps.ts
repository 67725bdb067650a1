// MPF and MC dumps taken at the same moment: one `debug_dump_stats` makes MPF dump and, through
// BCP, MC a few milliseconds later. Pairing them by time lets one report read both processes
// side by side, and shows the dumps one process took alone. Pure: no I/O.

import type { DumpPair, DumpPairing, ReportSnapshot } from '../model.js';

/** Dumps further apart than this were not made by the same post of `debug_dump_stats`. */
export const DUMP_PAIR_WINDOW_MS = 10_000;

/** A log time as milliseconds on one scale (dated times and console times of day are not comparable). */
function timeOf(time: string | null): { dated: boolean; ms: number } | null {
  if (time === null) return null;
  const dated = time.includes('T');
  // As UTC: both logs were written on one machine, and the zone must not change the result.
  const ms = Date.parse(dated ? `${time}Z` : `1970-01-01T${time}Z`);
  return Number.isNaN(ms) ? null : { dated, ms };
}

/**
 * Pairs each MPF dump with the MC dump nearest in time when each is the other's nearest and they
 * are at most `DUMP_PAIR_WINDOW_MS` apart. Null when the snapshots are not of both processes.
 */
export function pairDumps(snapshots: readonly ReportSnapshot[]): DumpPairing | null {
  // Dumps of a run not judged pair with none: a folder judges each process on its own newest run,
  // and MPF's dumps would otherwise pair with MC's of an older life.
  const indexesOf = (process: 'mpf' | 'mc'): number[] => snapshots.flatMap((snapshot, index) => (snapshot.process === process && snapshot.role !== 'other-run' ? [index] : []));
  const mpf = indexesOf('mpf');
  const mc = indexesOf('mc');
  if (mpf.length === 0 || mc.length === 0) return null;
  const times = snapshots.map((snapshot) => timeOf(snapshot.time));
  const distance = (a: number, b: number): number => {
    const first = times[a];
    const second = times[b];
    if (!first || !second || first.dated !== second.dated) return Number.POSITIVE_INFINITY;
    return Math.abs(second.ms - first.ms);
  };
  const nearest = (from: number, candidates: readonly number[]): number | null => {
    let best: number | null = null;
    for (const candidate of candidates) {
      if (distance(from, candidate) < (best === null ? Number.POSITIVE_INFINITY : distance(from, best))) best = candidate;
    }
    return best;
  };

  const pairs: DumpPair[] = [];
  const paired = new Set<number>();
  for (const index of mpf) {
    const partner = nearest(index, mc);
    if (partner === null || distance(index, partner) > DUMP_PAIR_WINDOW_MS || nearest(partner, mpf) !== index) continue;
    pairs.push({ mpf: index, mc: partner, offsetMs: times[partner]!.ms - times[index]!.ms });
    paired.add(index).add(partner);
  }
  const unpaired = [...mpf, ...mc].sort((a, b) => a - b).filter((index) => !paired.has(index));
  return { pairs, unpaired };
}
