// The objects behind a clock callback: Kivy prints a bound method with the repr of its object
// (`<bound method HurryUpDisplay._count_down of <CustomCode.code.mc_hurry_up.HurryUpDisplay>>`),
// and that repr names the machine's module the class comes from, where the key alone
// (`HurryUpDisplay._count_down`) names only the class.

import type { Snapshot } from '../model.js';
import { clockEntriesCounted } from '../snapshot-lists.js';

/** The owner reprs of the clock entries keyed `key` in the snapshots at `points`, each once, in the order met. */
export function clockOwnersOf(snapshots: readonly Snapshot[], points: readonly number[], key: string): string[] {
  const owners: string[] = [];
  for (const point of points) {
    const clock = snapshots[point]?.clock;
    const found = clock === null || clock === undefined ? [] : clockEntriesCounted(clock).filter((entry) => entry.key === key).map((entry) => entry.owner);
    for (const owner of found) if (owner !== null && !owners.includes(owner)) owners.push(owner);
  }
  return owners;
}
