// The prefixes of posted-event lines, `2026-11-25 03:39:32,920 : INFO : EventManager : Event: ==`,
// which the line scanner (line-scanner.wat) is taught so that it reads such lines from their bytes.
//
// The scanner and the grammar must read a line alike. They do because a prefix is learned only when
// the grammar reads it as a posted event's, and its result cannot depend on the rest of the line:
// the logger is the shortest text before ` : ` and the prefix regexes are dotAll. Names with bytes
// above 0x7F are left to the grammar (the line splitter may decode the line as Windows-1252).

import { parseRecord, type LineFormat } from '../prefix.js';

/** In a timestamp pattern: any digit 0-9. */
const DIGIT = 0;
/** A prefix longer than this is left to the grammar (no cache of odd shapes). */
const MAX_PREFIX_BYTES = 200;
/** Enough for the loggers of one file; each more slows down every line that is not one. */
const MAX_PREFIXES = 8;
const POSTED_MARKER = 'Event: ==';
const SAMPLE_MESSAGE = `${POSTED_MARKER}'x'==`;

/** The timestamps the line formats start with (parse/prefix.ts); a digit stands for any digit. */
const STAMPS = [
  { test: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}/, pattern: stampPattern('2000-01-01 00:00:00,000') },
  { test: /^\d{2}:\d{2}:\d{2}\.\d{3}/, pattern: stampPattern('00:00:00.000') },
  { test: /^\d{2}\.\d{3}/, pattern: stampPattern('00.000') },
  { test: /^/, pattern: stampPattern('') },
] as const;

/** A line prefix accepted as a posted event's: a timestamp, then fixed bytes up to `Event: ==`. */
export interface PostedPrefix {
  /** the prefix's bytes, `Event: ==` included; any digit may stand where `digits` says */
  template: Buffer;
  digits: boolean[];
  format: LineFormat;
}

/** The posted-event prefixes of one log's lines. */
export class PostedPrefixes {
  private readonly prefixes: PostedPrefix[] = [];

  /**
   * The prefix `[start, marker)` of a line whose first `Event: ==` is at `marker`, when the
   * grammar reads it as a posted event's and it is not one learned before; otherwise null.
   */
  learn(buffer: Buffer, start: number, marker: number): PostedPrefix | null {
    if (this.prefixes.length >= MAX_PREFIXES || marker - start > MAX_PREFIX_BYTES) return null;
    // Leading blanks vary from line to line; such prefixes would each take a place here.
    if (buffer[start]! <= 0x20) return null;
    for (let i = start; i < marker; i++) if (buffer[i]! >= 0x80) return null;
    const prefix = buffer.toString('latin1', start, marker);
    const record = parseRecord(prefix + SAMPLE_MESSAGE);
    if (record === null || (record.logger !== 'EventManager' && record.logger !== null) || record.message !== SAMPLE_MESSAGE) return null;
    const stamp = STAMPS.find((candidate) => candidate.test.test(prefix))!.pattern;
    const template = Buffer.from(prefix + POSTED_MARKER, 'latin1');
    const digits = Array.from(template, (_, i) => i < stamp.length && stamp[i] === DIGIT);
    if (this.prefixes.some((known) => fits(template, known))) return null;
    const learned = { template, digits, format: record.format };
    this.prefixes.push(learned);
    return learned;
  }
}

function stampPattern(example: string): Uint8Array {
  return Uint8Array.from(example, (char) => (char >= '0' && char <= '9' ? DIGIT : char.charCodeAt(0)));
}

/** Whether a line starting with `template` starts with the prefix `known` too. */
function fits(template: Buffer, known: PostedPrefix): boolean {
  if (template.length !== known.template.length) return false;
  for (let i = 0; i < template.length; i++) {
    const byte = template[i]!;
    // `(byte - 48) >>> 0 > 9`: not a digit, in one unsigned comparison.
    if (known.digits[i] ? (byte - 48) >>> 0 > 9 : byte !== known.template[i]) return false;
  }
  return true;
}
