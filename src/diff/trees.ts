// `--show-tree`: the normalised lines of each display's widget tree and of the clock list, first
// against last dump of each compared group, for a person to read as a unified diff.

import type { Report, Snapshot, TreeListing } from '../model.js';
import { childKeysOf, clockEntriesCounted } from '../snapshot-lists.js';

/** Listings for every compared group of dumps that have display trees or a clock (MC). */
export function treeListingsOf(snapshots: readonly Snapshot[], report: Report): TreeListing[] {
  // Judged without dumps, the points compared are handler lines: no tree, no clock.
  if (report.withoutDumps !== undefined) return [];
  const listings: TreeListing[] = [];
  for (const comparison of report.comparisons) {
    if (comparison.snapshots.length < 2) continue;
    const before = comparison.snapshots[0]!;
    const after = comparison.snapshots[comparison.snapshots.length - 1]!;
    const older = snapshots[before]!;
    const newer = snapshots[after]!;
    const names = [...new Set([...(older.displays?.displays ?? []), ...(newer.displays?.displays ?? [])].map((display) => display.name))];
    for (const name of names) {
      listings.push({
        process: comparison.process,
        state: comparison.state,
        part: 'display',
        display: name,
        before,
        after,
        beforeLines: displayLines(older, name),
        afterLines: displayLines(newer, name),
      });
    }
    if (older.clock !== null || newer.clock !== null) {
      listings.push({ process: comparison.process, state: comparison.state, part: 'clock', display: null, before, after, beforeLines: clockLines(older), afterLines: clockLines(newer) });
    }
  }
  return listings;
}

function displayLines(snapshot: Snapshot, name: string | null): string[] {
  const display = snapshot.displays?.displays.find((candidate) => candidate.name === name);
  return display === undefined ? [] : childKeysOf(display);
}

// Kivy keeps its clock events in a linked list whose order changes as events are rescheduled:
// sorted, the same events make the same lines.
function clockLines(snapshot: Snapshot): string[] {
  if (snapshot.clock === null) return [];
  return clockEntriesCounted(snapshot.clock).flatMap(({ key, timeout, count }) => Array.from({ length: count }, () => `${key} (${timeoutText(timeout)})`)).sort();
}

/** As Kivy prints a float: `9.0`, `0.25`. */
function timeoutText(timeout: number | null): string {
  if (timeout === null) return '?';
  return Number.isInteger(timeout) ? timeout.toFixed(1) : String(timeout);
}
