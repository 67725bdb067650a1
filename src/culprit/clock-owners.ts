// The objects behind a clock callback: Kivy prints a bound method with the repr of its object
// (`<bound method HurryUpDisplay._count_down of <CustomCode.code.mc_hurry_up.HurryUpDisplay>>`),
// and that repr names the machine's module the class comes from, where the key alone
// (`HurryUpDisplay._count_down`) names only the class.

import type { Snapshot } from '../model.js';

const BOUND_METHOD = '<bound method ';
const OF = ' of <';

/** The owner reprs of the clock entries keyed `key` in the snapshots at `points`, each once, in the order met. */
export function clockOwnersOf(snapshots: readonly Snapshot[], points: readonly number[], key: string): string[] {
  const owners: string[] = [];
  for (const point of points) {
    for (const entry of snapshots[point]?.clock?.entries ?? []) {
      if (entry.key !== key) continue;
      const owner = ownerOfCallback(entry.callback);
      if (owner !== null && !owners.includes(owner)) owners.push(owner);
    }
  }
  return owners;
}

/** The repr of the object a bound method is of, `<…>` with its nested brackets; null for anything else. */
export function ownerOfCallback(callback: string): string | null {
  const method = callback.indexOf(BOUND_METHOD);
  if (method === -1) return null;
  const of = callback.indexOf(OF, method + BOUND_METHOD.length);
  if (of === -1) return null;
  const start = of + OF.length - 1;
  let depth = 0;
  for (let index = start; index < callback.length; index++) {
    const char = callback[index];
    if (char === '<') depth++;
    else if (char === '>' && --depth === 0) return callback.slice(start, index + 1);
  }
  // Cut off before its end: not a repr to look up.
  return null;
}
