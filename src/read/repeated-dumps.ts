// Dumps read twice: the same log in another shape (gzipped, with CRLF line ends, piped to standard
// input, a copy taken while MPF still wrote it, the same log appended twice to one file) holds the
// same dumps as the log itself without being byte for byte the same file. A process takes one dump
// at a time, so two dumps of one process logged at the same moment with the same counts are one
// dump, read twice; compared with itself it would be judged as another run and double every finding.

import { createHash } from 'node:crypto';
import type { LogHandlers, ParsedLog, Snapshot } from '../model.js';
import type { LoadedLog } from './load.js';

/** Dumps of one input left out because another input, or the same one earlier, holds them. */
export interface RepeatedDumps {
  /** the input, as named */
  name: string;
  /** how many of its dumps were left out */
  dumps: number;
  /** how many dumps it held */
  of: number;
  /** the inputs that hold the dumps read instead, as named (the input itself for a log appended twice) */
  sameAs: string[];
}

/**
 * The logs with each dump read once. A dump repeats another when both are of the same process,
 * logged at the same time, and hold the same counts; a dump cut off (a copy taken mid-dump) repeats
 * the whole dump of the same time. Of the copies, the one in the log that holds the most dumps is
 * kept, so a copy taken mid-run gives way to the whole log; a log all of whose dumps repeat is
 * left out entirely (its other lines are the same log's too). Dumps without a time are always kept:
 * nothing tells two of them apart from one read twice.
 */
export function dropRepeatedDumps(loaded: readonly LoadedLog[]): { loaded: LoadedLog[]; repeated: RepeatedDumps[] } {
  // Contents are hashed only when two dumps share a moment: most never do, and a dense dump is big.
  const byTime = new Map<string, DumpsAtMoment>();
  const dropped = new Map<LoadedLog, { indexes: Set<number>; sameAs: Set<string> }>();
  const order = [...loaded].sort((a, b) => b.log.snapshots.length - a.log.snapshots.length || loaded.indexOf(a) - loaded.indexOf(b));
  for (const entry of order) {
    entry.log.snapshots.forEach((snapshot, index) => {
      if (snapshot.time === null) return;
      const moment = `${snapshot.process} ${snapshot.time}`;
      const earlier = byTime.get(moment);
      if (earlier === undefined) {
        byTime.set(moment, { kept: [{ snapshot, name: entry.source.name }], indexOfContent: null, firstComplete: snapshot.complete ? 0 : null });
        return;
      }
      const same = sameDumpAt(earlier, snapshot, entry.source.name);
      if (same === null) return;
      const mark = dropped.get(entry) ?? { indexes: new Set<number>(), sameAs: new Set<string>() };
      mark.indexes.add(index);
      mark.sameAs.add(same.name);
      dropped.set(entry, mark);
    });
  }
  const kept: LoadedLog[] = [];
  const repeated: RepeatedDumps[] = [];
  for (const entry of loaded) {
    const mark = dropped.get(entry);
    if (mark === undefined) {
      kept.push(entry);
      continue;
    }
    const of = entry.log.snapshots.length;
    repeated.push({ name: entry.source.name, dumps: mark.indexes.size, of, sameAs: [...mark.sameAs] });
    if (mark.indexes.size < of) kept.push({ ...entry, log: withoutDumps(entry.log, mark.indexes) });
  }
  return { loaded: kept, repeated };
}

/**
 * The dumps kept that were logged at one moment, looked up by content: a log whose dumps all carry
 * one time (a clock that does not move, a generator) would otherwise compare each dump with all
 * those before it.
 */
interface DumpsAtMoment {
  kept: { snapshot: Snapshot; name: string }[];
  /** the first of `kept` with each content; made when a second dump comes */
  indexOfContent: Map<string, number> | null;
  /** the first of `kept` that is complete */
  firstComplete: number | null;
}

/**
 * The first dump kept at this moment that `snapshot` repeats: one with the same content, or, for a
 * dump cut off, any whole one. When there is none, `snapshot` is kept there, and null is returned.
 */
function sameDumpAt(dumps: DumpsAtMoment, snapshot: Snapshot, name: string): { name: string } | null {
  const indexOfContent = (dumps.indexOfContent ??= new Map([[contentOf(dumps.kept[0]!.snapshot), 0]]));
  const content = contentOf(snapshot);
  const sameContent = indexOfContent.get(content) ?? Number.POSITIVE_INFINITY;
  const wholeCopy = !snapshot.complete && dumps.firstComplete !== null ? dumps.firstComplete : Number.POSITIVE_INFINITY;
  const index = Math.min(sameContent, wholeCopy);
  if (index !== Number.POSITIVE_INFINITY) return dumps.kept[index]!;
  const at = dumps.kept.push({ snapshot, name }) - 1;
  indexOfContent.set(content, at);
  if (snapshot.complete && dumps.firstComplete === null) dumps.firstComplete = at;
  return null;
}

/** The note for dumps read once, for stderr. */
export function repeatedDumpsNote(log: RepeatedDumps): string {
  const sameAs = log.sameAs.length === 1 && log.sameAs[0] === log.name ? 'earlier in it' : `in ${log.sameAs.join(', ')}`;
  const what = log.dumps === log.of ? (log.of === 1 ? 'its dump' : `its ${log.of} dumps`) : `${log.dumps} of its ${log.of} dumps`;
  return `${log.name}: ${what} (same process, time and counts) ${log.dumps === 1 ? 'is' : 'are'} also ${sameAs}: read once`;
}

/** What a dump holds, without where it was written: the same dump read from another file hashes the same. */
function contentOf(snapshot: Snapshot): string {
  const sections = { events: snapshot.events, displays: snapshot.displays, objects: snapshot.objects, clock: snapshot.clock };
  const text = JSON.stringify(sections, (key, value: unknown) => (key === 'line' ? undefined : value));
  return createHash('sha256').update(text).digest('hex');
}

/** The log without the dumps at `indexes`, its handler counts (one per dump) kept in step. */
function withoutDumps(log: ParsedLog, indexes: ReadonlySet<number>): ParsedLog {
  const keep = <T>(_: T, index: number): boolean => !indexes.has(index);
  const snapshots = log.snapshots.filter(keep);
  if (log.handlers === undefined || log.handlers.points !== 'dumps') return { ...log, snapshots };
  const handlers: LogHandlers = {
    ...log.handlers,
    series: log.handlers.series.map((series) => ({ ...series, counts: series.counts.filter(keep), fresh: series.fresh.filter(keep) })),
  };
  return { ...log, snapshots, handlers };
}
