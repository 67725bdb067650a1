// The lines inside a dump read from their bytes. A dump of thousands of objects is thousands of
// lines with one prefix (`2026-11-25 03:39:33,901 : mpfmc : `) and a message that the dump before
// had too (the same objects are alive): the prefix is matched against one learned from an earlier
// line of the dump, and the message is looked up by its bytes, so that such a line costs neither
// a decode, a prefix regex nor a repr's normalisation.
//
// The bytes and the text path read a line alike. A prefix is learned from a line that the grammar
// read as text; a line with the same bytes before its message (any digits where the prefix has its
// timestamp) has the same format, logger and message start: the prefix regexes are anchored, read
// digits at the timestamp, and take the logger as the shortest text before ` : `, which lies inside
// the learned prefix. Only ASCII lines are read from their bytes, where UTF-8 and Latin-1 agree.
// Whether such a line has a time (which becomes its dump's last) is what the text path found in
// the line the prefix was learned from: the prefix carries it, so the two paths cannot differ on it.

import type { LineFormat, LogRecord } from './prefix.js';

/** Enough for the writers of one file; each more slows down every line that is none of them. */
const MAX_PREFIXES = 8;
/** A prefix longer than this is left to the text path. */
const MAX_PREFIX_LENGTH = 200;
/** The formats whose prefix is fixed text around a timestamp (JSON logging puts its message inside). */
const FIXED_FORMATS: ReadonlySet<LineFormat> = new Set(['A', 'B', 'C', 'D', 'E', 'F', 'H']);
/** Timestamps the line formats start with (prefix.ts), digits where any digit may stand. */
const STAMPS: ReadonlyArray<{ test: RegExp; length: number }> = [
  { test: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}/, length: 23 },
  { test: /^\d{2}:\d{2}:\d{2}\.\d{3}/, length: 12 },
  { test: /^\d{2}\.\d{3}/, length: 6 },
];

/** A line prefix met in a dump, with what the grammar made of its lines. */
export interface DumpLinePrefix<Writer> {
  /** the prefix's bytes, up to the message */
  readonly bytes: Uint8Array;
  /** where any digit may stand instead of the prefix's own (the timestamp) */
  readonly digits: Uint8Array;
  readonly format: LineFormat;
  /** its lines have a time (its timestamp's digits), which is their dump's last time when read */
  readonly dated: boolean;
  /** the writer (the grammar's channel) and what its logger may write, as the grammar decided */
  readonly writer: Writer;
  readonly writesEvents: boolean;
  readonly writesDisplays: boolean;
}

/** The prefixes of the dump lines of one log. */
export class DumpLinePrefixes<Writer> {
  private readonly prefixes: Array<DumpLinePrefix<Writer>> = [];
  private last = 0;

  /**
   * Learns the prefix of `text`, a line the grammar read as `record`, when it is new and fit to be
   * matched by its bytes.
   */
  learn(text: string, record: LogRecord, writer: Writer, writesEvents: boolean, writesDisplays: boolean): void {
    const { format, message } = record;
    if (this.prefixes.length >= MAX_PREFIXES || !FIXED_FORMATS.has(format)) return;
    // A time that LastTime could not make from the line's bytes is left to the text path.
    const dated = record.time !== null;
    if (dated && stampLength(format) === 0) return;
    const length = text.length - message.length;
    // Leading blanks vary from line to line; each such prefix would take a place here.
    if (length <= 0 || length > MAX_PREFIX_LENGTH || text.charCodeAt(0) <= 0x20) return;
    for (let i = 0; i < length; i++) if (text.charCodeAt(i) >= 0x80) return;
    if (this.prefixes.some((known) => known.bytes.length === length && this.matchesText(known, text))) return;
    const prefix = text.slice(0, length);
    const stamp = STAMPS.find((candidate) => candidate.test.test(prefix))?.length ?? 0;
    const bytes = Buffer.from(prefix, 'latin1');
    const digits = Uint8Array.from(bytes, (byte, i) => (i < stamp && byte >= 48 && byte <= 57 ? 1 : 0));
    this.prefixes.push({ bytes, digits, format, dated, writer, writesEvents, writesDisplays });
  }

  private matchesText(prefix: DumpLinePrefix<Writer>, text: string): boolean {
    const { bytes, digits } = prefix;
    for (let i = 0; i < bytes.length; i++) {
      const code = text.charCodeAt(i);
      if (digits[i] === 1 ? (code - 48) >>> 0 > 9 : code !== bytes[i]) return false;
    }
    return true;
  }

  /** The prefix that the line `[start, end)` of `buffer` starts with, or null. */
  match(buffer: Uint8Array, start: number, end: number): DumpLinePrefix<Writer> | null {
    const prefixes = this.prefixes;
    const count = prefixes.length;
    // Lines come in runs of one writer: the prefix matched last is tried first.
    for (let tried = 0; tried < count; tried++) {
      const index = (this.last + tried) % count;
      const prefix = prefixes[index]!;
      if (this.matches(prefix, buffer, start, end)) {
        this.last = index;
        return prefix;
      }
    }
    return null;
  }

  private matches(prefix: DumpLinePrefix<Writer>, buffer: Uint8Array, start: number, end: number): boolean {
    const { bytes, digits } = prefix;
    const length = bytes.length;
    if (end - start < length) return false;
    for (let i = 0; i < length; i++) {
      const byte = buffer[start + i]!;
      // `(byte - 48) >>> 0 > 9`: not a digit, in one unsigned comparison.
      if (digits[i] === 1 ? (byte - 48) >>> 0 > 9 : byte !== bytes[i]) return false;
    }
    return true;
  }
}

/**
 * The time of the last line of a dump, as prefix.ts writes a record's time. A line read from its
 * bytes leaves its timestamp's bytes, made into text only when the time is asked for.
 */
export class LastTime {
  private readonly stamp = new Uint8Array(23);
  private stampFormat: LineFormat | null = null;

  constructor(private text: string | null) {}

  get(): string | null {
    const format = this.stampFormat;
    if (format !== null) {
      const stamp = Buffer.from(this.stamp.buffer, 0, stampLength(format)).toString('latin1');
      this.text = format === 'C' ? `${stamp.slice(0, 8)}.${stamp.slice(9, 12)}` : `${stamp.slice(0, 10)}T${stamp.slice(11, 19)}.${stamp.slice(20, 23)}`;
      this.stampFormat = null;
    }
    return this.text;
  }

  set(text: string): void {
    this.text = text;
    this.stampFormat = null;
  }

  /** The time of a line of `format` starting at `start` of `buffer`, when its format has one. */
  setFromLine(buffer: Uint8Array, start: number, format: LineFormat): void {
    const length = stampLength(format);
    if (length === 0) return;
    for (let i = 0; i < length; i++) this.stamp[i] = buffer[start + i]!;
    this.stampFormat = format;
  }
}

/** How many bytes of timestamp lines of `format` start with; 0 for a format whose record has no time. */
function stampLength(format: LineFormat): number {
  return format === 'A' || format === 'B' ? 23 : format === 'C' ? 12 : 0;
}

/** The hash of no bytes, FNV-1a's offset basis. */
export const MESSAGE_HASH_START = 0x811c9dc5 | 0;

/** The hash of the bytes so far (`hash`) and then `byte`: a step of 32-bit FNV-1a. */
export function hashStep(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, 0x01000193);
}

/**
 * Messages by their bytes, each made once into a `Message` (from its text) that remembers what was
 * read from it. Full, it forgets them all and starts again: memory stays bounded.
 */
export class MessageTable<Message> {
  private slots: Int32Array;
  private mask: number;
  private hashes: number[] = [];
  private starts: number[] = [];
  private known: Message[] = [];
  private lengths: number[] = [];
  private arena: Uint8Array;
  private used = 0;
  /** after readLine: where the line after the one read starts */
  next = 0;

  constructor(
    private readonly make: (text: string) => Message,
    private readonly maxMessages = 1 << 16,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {
    this.slots = new Int32Array(1024);
    this.mask = this.slots.length - 1;
    this.arena = new Uint8Array(64 * 1024);
  }

  /**
   * The message from `start` of `buffer` to its line end, before `longest`; `next` is then where
   * the next line starts. A `\r` before the `\n` is left out, as the text leaves it. Null for a
   * line that does not end before `longest` (the splitter carries it) or is not ASCII.
   */
  readLine(buffer: Uint8Array, start: number, longest: number): Message | null {
    // The hash before the last byte too, for a `\r` found to end the message.
    let hash = MESSAGE_HASH_START;
    let before = hash;
    let high = 0;
    let newline = start;
    for (; newline < longest; newline++) {
      const byte = buffer[newline]!;
      if (byte === 10) break;
      high |= byte;
      before = hash;
      hash = hashStep(hash, byte);
    }
    if (newline === longest || high >= 0x80) return null;
    this.next = newline + 1;
    if (buffer[newline - 1] === 13) return this.get(buffer, start, newline - 1, before);
    return this.get(buffer, start, newline, hash);
  }

  /** The message `[start, end)` of `buffer`, ASCII, whose hash (hashStep from MESSAGE_HASH_START over its bytes) is `hash`. */
  get(buffer: Uint8Array, start: number, end: number, hash: number): Message {
    const length = end - start;
    const slots = this.slots;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slots[slot]!;
      if (at === 0) break;
      const entry = at - 1;
      if (this.hashes[entry] === hash && this.lengths[entry] === length && this.sameBytes(this.starts[entry]!, buffer, start, length)) {
        return this.known[entry]!;
      }
    }
    return this.add(buffer, start, end, hash);
  }

  private sameBytes(from: number, buffer: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
    for (let i = 0; i < length; i++) if (arena[from + i] !== buffer[start + i]) return false;
    return true;
  }

  private add(buffer: Uint8Array, start: number, end: number, hash: number): Message {
    const length = end - start;
    if (this.known.length >= this.maxMessages || this.used + length > this.maxBytes) this.clear();
    if ((this.known.length + 1) * 2 > this.slots.length) this.grow();
    if (this.used + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      arena.set(this.arena.subarray(0, this.used));
      this.arena = arena;
    }
    this.arena.set(buffer.subarray(start, end), this.used);
    const message = this.make(Buffer.from(buffer.buffer, buffer.byteOffset + start, length).toString('latin1'));
    this.hashes.push(hash);
    this.starts.push(this.used);
    this.lengths.push(length);
    this.known.push(message);
    this.used += length;
    this.place(this.known.length - 1);
    return message;
  }

  private place(entry: number): void {
    let slot = this.hashes[entry]! & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = entry + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let entry = 0; entry < this.known.length; entry++) this.place(entry);
  }

  private clear(): void {
    this.slots.fill(0);
    this.hashes = [];
    this.starts = [];
    this.lengths = [];
    this.known = [];
    this.used = 0;
  }
}
