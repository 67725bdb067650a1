// Records keyed by names that come from logs (event names, in `posted` and `handlers`).

/** A record with no prototype, so that an event called `__proto__` is just a key. */
export function emptyRecord(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

/** `record`'s entries, in order, in a record without a prototype. */
export function withoutPrototype(record: Record<string, number>): Record<string, number> {
  return Object.assign(emptyRecord(), record);
}

/**
 * `record`'s entries, in order, in a record without a prototype made at once, for a record that
 * is complete. Made at once, a record is a compact object whose layout the records of the same
 * names in the same order share; filled name by name, it is a hash table of several times the
 * size, and a log of thousands of dumps keeps thousands of them.
 */
export function compactRecord(record: Record<string, number>): Record<string, number> {
  return recordOf(Object.entries(record));
}

/** A compact record without a prototype (see compactRecord) of `entries`, in their order. */
export function recordOf(entries: Iterable<readonly [string, number]>): Record<string, number> {
  return Object.setPrototypeOf(Object.fromEntries(entries), null) as Record<string, number>;
}
