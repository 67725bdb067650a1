// Records keyed by names that come from logs (event names, in `posted` and `handlers`).

/** A record with no prototype, so that an event called `__proto__` is just a key. */
export function emptyRecord(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

/** `record`'s entries, in order, in a record without a prototype. */
export function withoutPrototype(record: Record<string, number>): Record<string, number> {
  return Object.assign(emptyRecord(), record);
}

/** A new record without a prototype: `before`'s counts, then `after`'s added, in the order each name was first counted. */
export function addedCounts(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const sum = withoutPrototype(before);
  for (const name in after) if (Object.hasOwn(after, name)) sum[name] = (sum[name] ?? 0) + after[name]!;
  return sum;
}

/**
 * Past this many names a record is a hash table. A compact object's layout is shared by the records
 * of the same names in the same order, but names come in a new order in many dumps (EVENTS lists
 * them by count, posts come in the order first posted), and each new order is a layout of its own,
 * made name by name: for a large record that costs far more time than the table costs memory.
 * (Object.entries lists a table's entries slowly; `for…in` and Object.keys do not.)
 */
export const MAX_COMPACT_NAMES = 64;

/**
 * `record`'s entries, in order, in a record without a prototype made at once, for a record that
 * is complete. Made at once, a small record is a compact object; filled name by name, it would be
 * a hash table of several times the size, and a log of thousands of dumps keeps thousands of them.
 */
export function compactRecord(record: Record<string, number>): Record<string, number> {
  if (Object.keys(record).length <= MAX_COMPACT_NAMES) return recordOf(Object.entries(record));
  return Object.getPrototypeOf(record) === null ? record : withoutPrototype(record);
}

/** A record without a prototype of `entries`, in their order: compact when small (see compactRecord). */
export function recordOf(entries: readonly (readonly [string, number])[]): Record<string, number> {
  if (entries.length <= MAX_COMPACT_NAMES) return Object.setPrototypeOf(Object.fromEntries(entries), null) as Record<string, number>;
  const record = emptyRecord();
  for (const [name, count] of entries) record[name] = count;
  return record;
}
