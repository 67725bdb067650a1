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

/**
 * The OBJECTS entries of a dump being read, counted by key number. A count is of the lines of one
 * dump, far below 2^32. Whole numbers in a typed array are copied out as small integers, which the
 * comparison's series hold as they are (a float would make each series copy its array), and the
 * counts a comparison keeps of each dump are outside the JavaScript heap, where the collector
 * neither copies nor marks them.
 */
export class ObjectTally {
  /** by key number; room from the start for the keys numbered so far, which a dump mostly lists again */
  private counts: Uint32Array;
  /** key numbers in the order first counted: `order[0…listed)` */
  private order: Uint32Array;
  private listed = 0;
  private total = 0;
  private highestSlideId: number | null = null;

  constructor(readonly numbers: KeyNumbers) {
    const room = Math.max(64, numbers.keys.length);
    this.counts = new Uint32Array(room);
    this.order = new Uint32Array(room);
  }

  add(number: number, slideId: number | null): void {
    if (number >= this.counts.length) this.grow(number);
    const count = this.counts[number]!;
    this.counts[number] = count + 1;
    if (count === 0) this.order[this.listed++] = number;
    this.total++;
    if (slideId !== null && (this.highestSlideId === null || slideId > this.highestSlideId)) this.highestSlideId = slideId;
  }

  /** The count, its keys the array `sameKeys` when they are the same keys in the same order. */
  counted(sameKeys: string[] | null): CountedObjects {
    const { order, counts, listed } = this;
    const names = this.numbers.keys;
    let same = sameKeys !== null && sameKeys.length === listed;
    for (let i = 0; same && i < listed; i++) same = sameKeys![i] === names[order[i]!];
    const keys = same ? sameKeys! : new Array<string>(listed);
    const countsInOrder = new Uint32Array(listed);
    for (let i = 0; i < listed; i++) {
      const number = order[i]!;
      countsInOrder[i] = counts[number]!;
      if (!same) keys[i] = names[number]!;
    }
    return { total: this.total, keys, counts: countsInOrder, highestSlideId: this.highestSlideId };
  }

  /** Room for key numbers up to `number`; a key counted once is listed once, so `order` needs no more. */
  private grow(number: number): void {
    const room = Math.max(number + 1, this.counts.length * 2);
    const counts = new Uint32Array(room);
    counts.set(this.counts);
    this.counts = counts;
    const order = new Uint32Array(room);
    order.set(this.order.subarray(0, this.listed));
    this.order = order;
  }
}
