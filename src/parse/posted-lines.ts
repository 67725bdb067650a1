// The hot path of a big log. Most of its lines are posted events outside any dump,
// `2026-11-25 03:39:32,920 : INFO : EventManager : Event: ======'player_score'====== Args={…}`,
// and each only adds one to a count. Such a line is read here from its bytes: its prefix is
// compared with prefixes that the full parser has classified before, and its name is looked up
// without being decoded. Anything else is left to the full parser.
//
// Both ways must give the same result. They do because a prefix is learned only when the full
// parser reads it as a posted event's, and its result cannot depend on the rest of the line: the
// logger is the shortest text before ` : ` and the prefix regexes are dotAll. Names with bytes
// above 0x7F go the slow way (the full parser may decode the line as Windows-1252).

import { parseRecord, type LineFormat } from './prefix.js';

const EQUALS = 0x3d;
const QUOTE = 0x27;
/** In a timestamp pattern: any digit 0-9. */
const DIGIT = 0;
/** A prefix longer than this is left to the full parser (no cache of odd shapes). */
const MAX_PREFIX_BYTES = 200;
/** Enough for the loggers of one file; each more would slow down every line that is not one. */
const MAX_SHAPES = 8;
const POSTED_MARKER = 'Event: ==';
const SAMPLE_MESSAGE = `${POSTED_MARKER}'x'==`;
const MODE_CHANGE = /^mode_(.+)_(started|stopped)$/;
const HASH_START = 0x811c9dc5 | 0;

/** The timestamps the line formats start with (prefix.ts); a digit stands for any digit. */
const STAMPS = [
  { test: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}/, pattern: stampPattern('2000-01-01 00:00:00,000') },
  { test: /^\d{2}:\d{2}:\d{2}\.\d{3}/, pattern: stampPattern('00:00:00.000') },
  { test: /^\d{2}\.\d{3}/, pattern: stampPattern('00.000') },
  { test: /^/, pattern: stampPattern('') },
] as const;

/** What posting an event changes in the machine's state, as the dumps' `state` reads it. */
export type GameStep = 'game-started' | 'game-ended' | 'ball-started' | 'ball-ended';

/** An event name met in posted-event lines, looked at once. */
export interface PostedEvent {
  /** 0, 1, 2… in the order first met: an index for counting in arrays */
  readonly id: number;
  readonly name: string;
  /** for `mode_NAME_started` and `mode_NAME_stopped` */
  readonly mode: { readonly name: string; readonly started: boolean } | null;
  readonly step: GameStep | null;
  /** debug_dump_stats: the dump's own trigger, which says nothing about what the machine is doing */
  readonly trigger: boolean;
}

/** A line prefix accepted as a posted event's: a timestamp, then fixed bytes up to `Event: ==`. */
interface Shape {
  stamp: Uint8Array;
  /** the bytes after the timestamp, ending with `Event: ==` */
  rest: Buffer;
  format: LineFormat;
}

interface NamedBytes {
  bytes: Buffer;
  hash: number;
  event: PostedEvent;
}

/** Reads posted-event lines from bytes, and names every posted event of one log. */
export class PostedLines {
  /** the format of the line that `read` last recognised */
  format: LineFormat = 'A';
  private readonly shapes: Shape[] = [];
  private readonly events: PostedEvent[] = [];
  private readonly byName = new Map<string, PostedEvent>();
  /** names met as bytes, in a hash table with linear probing: index into `named` + 1, 0 when free */
  private readonly named: NamedBytes[] = [];
  private slots = new Int32Array(1024);

  /**
   * The event posted by the line `[start, end)` (without its line ending), when its prefix is one
   * learned before and its name is ASCII; otherwise null, and the full parser reads it.
   */
  read(buffer: Buffer, start: number, end: number): PostedEvent | null {
    for (const shape of this.shapes) {
      const stamp = shape.stamp;
      const rest = shape.rest;
      let at = start + stamp.length;
      if (at + rest.length >= end || !matchesStamp(buffer, start, stamp) || !matchesBytes(buffer, at, rest)) continue;
      // `Event: =+'(.*?)'=+`: more `=`, a quote, and the name up to the first `'=`.
      at += rest.length;
      while (at < end && buffer[at] === EQUALS) at++;
      if (buffer[at] !== QUOTE) return null;
      const nameStart = ++at;
      let hash = HASH_START;
      for (; at + 1 < end; at++) {
        const byte = buffer[at]!;
        if (byte === QUOTE && buffer[at + 1] === EQUALS) break;
        if (byte >= 0x80) return null;
        hash = Math.imul(hash ^ byte, 16777619);
      }
      if (at + 1 >= end) return null;
      this.format = shape.format;
      return this.ofBytes(buffer, nameStart, at, hash);
    }
    return null;
  }

  /**
   * Learns the prefix `[start, marker)` of a line whose first `Event: ==` is at `marker`, when the
   * full parser reads it as a posted event's. Returns whether `read` now knows it.
   */
  learn(buffer: Buffer, start: number, marker: number): boolean {
    if (this.shapes.length >= MAX_SHAPES || marker - start > MAX_PREFIX_BYTES) return false;
    // Leading blanks vary from line to line; such prefixes would each take a place here.
    if (buffer[start]! <= 0x20) return false;
    for (let i = start; i < marker; i++) if (buffer[i]! >= 0x80) return false;
    const prefix = buffer.toString('latin1', start, marker);
    const record = parseRecord(prefix + SAMPLE_MESSAGE);
    if (record === null || (record.logger !== 'EventManager' && record.logger !== null) || record.message !== SAMPLE_MESSAGE) return false;
    const stamp = STAMPS.find((candidate) => candidate.test.test(prefix))!.pattern;
    this.shapes.push({ stamp, rest: Buffer.from(prefix.slice(stamp.length) + POSTED_MARKER, 'latin1'), format: record.format });
    return true;
  }

  /** The event of this name, looked at the first time it is met. */
  ofName(name: string): PostedEvent {
    let event = this.byName.get(name);
    if (event === undefined) {
      event = describe(this.events.length, name);
      this.events.push(event);
      this.byName.set(name, event);
    }
    return event;
  }

  nameOf(id: number): string {
    return this.events[id]!.name;
  }

  /** The event named by the ASCII bytes `[start, end)`; `hash` is FNV-1a over them, as in `read`. */
  private ofBytes(buffer: Buffer, start: number, end: number, hash: number): PostedEvent {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let index = this.slots[slot]! - 1; index >= 0; index = this.slots[slot]! - 1) {
      const named = this.named[index]!;
      if (named.hash === hash && named.bytes.length === end - start && matchesBytes(buffer, start, named.bytes)) return named.event;
      slot = (slot + 1) & mask;
    }
    const event = this.ofName(buffer.toString('latin1', start, end));
    this.named.push({ bytes: Buffer.from(buffer.subarray(start, end)), hash, event });
    this.slots[slot] = this.named.length;
    if (this.named.length * 2 > this.slots.length) this.growSlots();
    return event;
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    this.named.forEach((named, index) => {
      let slot = named.hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    });
    this.slots = slots;
  }
}

function describe(id: number, name: string): PostedEvent {
  const mode = MODE_CHANGE.exec(name);
  let step: GameStep | null = null;
  if (name === 'game_started' || name === 'mode_game_started') step = 'game-started';
  else if (name === 'game_ended' || name === 'mode_game_stopped') step = 'game-ended';
  else if (name === 'ball_started') step = 'ball-started';
  else if (name === 'ball_ended') step = 'ball-ended';
  return { id, name, mode: mode ? { name: mode[1]!, started: mode[2] === 'started' } : null, step, trigger: name === 'debug_dump_stats' };
}

function stampPattern(example: string): Uint8Array {
  return Uint8Array.from(example, (char) => (char >= '0' && char <= '9' ? DIGIT : char.charCodeAt(0)));
}

function matchesStamp(buffer: Buffer, start: number, stamp: Uint8Array): boolean {
  for (let i = 0; i < stamp.length; i++) {
    const expected = stamp[i]!;
    const byte = buffer[start + i]!;
    // `(byte - 48) >>> 0 > 9`: not a digit, in one unsigned comparison.
    if (expected === DIGIT ? (byte - 48) >>> 0 > 9 : byte !== expected) return false;
  }
  return true;
}

function matchesBytes(buffer: Buffer, start: number, expected: Uint8Array): boolean {
  for (let i = 0; i < expected.length; i++) if (buffer[start + i] !== expected[i]) return false;
  return true;
}
