// Records keyed by names that come from logs (event names, in `posted` and `handlers`).

/** A record with no prototype, so that an event called `__proto__` is just a key. */
export function emptyRecord(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

/** `record`'s entries, in order, in a record without a prototype. */
export function withoutPrototype(record: Record<string, number>): Record<string, number> {
  return Object.assign(emptyRecord(), record);
}
