// Snapshots made in tests: a whole, complete dump with only the sections a test gives, each one a
// line further down its log than the one before (the differ orders dumps by file and line).

import type { ProcessKind, Snapshot } from '../../src/model.js';

let nextLine = 1;

/** The parts of a snapshot a test sets; a function of the dump's line, for sections that carry it. */
export type SnapshotParts = Partial<Snapshot> | ((line: number) => Partial<Snapshot>);

/** A complete `process` dump in `<process>.log`, in attract, with nothing posted and no section but those in `parts`. */
export function snapshotOf(process: ProcessKind, parts: SnapshotParts = {}): Snapshot {
  const line = (nextLine += 100);
  return {
    file: `${process}.log`,
    line,
    process,
    time: null,
    complete: true,
    problems: [],
    state: 'attract',
    activeModes: [],
    posted: {},
    events: null,
    displays: null,
    objects: null,
    clock: null,
    ...(typeof parts === 'function' ? parts(line) : parts),
  };
}

/** `a`, `b`, … `z`, `ba`, …: names the differ's key normalisation keeps apart (it folds digits). */
export function letters(index: number): string {
  let name = '';
  let rest = index;
  do {
    name = String.fromCharCode(97 + (rest % 26)) + name;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return name;
}
