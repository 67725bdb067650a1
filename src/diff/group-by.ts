// Grouping by a key, which the comparison does per run and process, and per state. Node 20 has no
// Map.groupBy.

import type { ProcessKind } from '../model.js';

/** `items` grouped by `keyOf`: each group in the items' order, the groups in the order their first item came. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The key of one process's dumps in one run: dumps are numbered, judged and compared per run and process. */
export function runProcessKey(run: number, process: ProcessKind): string {
  return `${run} ${process}`;
}
