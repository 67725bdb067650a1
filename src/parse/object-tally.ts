// OBJECTS entries counted by key, for dumps that keep no entry of their own (reprs 'none'): each
// key the comparison counts under numbered once per log, and a dump's entries counted in an array
// by that number, so that counting an entry costs no lookup by name and no object.

import type { CountedObjects } from '../model.js';
import { countedKey } from '../snapshot-lists.js';

/**
 * Counted keys by number, so that entries are counted in an array, not a record of names. The
 * anonymous slides are counted under one key from the start: with a key each, a dump that made
 * one more would list keys of its own, where now it shares the list of the dump before.
 */
export class KeyNumbers {
  private readonly numbers = new Map<string, number>();
  readonly keys: string[] = [];

  /** The number of the key that the normalised `key` is counted under. */
  numberOf(key: string): number {
    const counted = countedKey(key);
    let number = this.numbers.get(counted);
    if (number === undefined) {
      number = this.keys.length;
      this.numbers.set(counted, number);
      this.keys.push(counted);
    }
    return number;
  }
}

/** The OBJECTS entries of a dump being read, counted by key number. */
export class ObjectTally {
  private counts = new Float64Array(64);
  /** key numbers in the order first counted */
  private readonly order: number[] = [];
  private total = 0;
  private highestSlideId: number | null = null;

  constructor(readonly numbers: KeyNumbers) {}

  add(number: number, slideId: number | null): void {
    if (number >= this.counts.length) {
      const counts = new Float64Array(Math.max(number + 1, this.counts.length * 2));
      counts.set(this.counts);
      this.counts = counts;
    }
    const count = this.counts[number]!;
    this.counts[number] = count + 1;
    if (count === 0) this.order.push(number);
    this.total++;
    if (slideId !== null && (this.highestSlideId === null || slideId > this.highestSlideId)) this.highestSlideId = slideId;
  }

  /** The count, its keys the array `sameKeys` when they are the same keys in the same order. */
  counted(sameKeys: string[] | null): CountedObjects {
    const { order, counts } = this;
    const names = this.numbers.keys;
    let same = sameKeys !== null && sameKeys.length === order.length;
    for (let i = 0; same && i < order.length; i++) same = sameKeys![i] === names[order[i]!];
    return {
      total: this.total,
      keys: same ? sameKeys! : order.map((number) => names[number]!),
      counts: order.map((number) => counts[number]!),
      highestSlideId: this.highestSlideId,
    };
  }
}
