// What the first bytes of a log's text say before more is read: binary data (which may never end:
// /dev/zero, /dev/urandom, a pipe) is given up on from its head, and a log saved as UTF-16 or
// UTF-32 (as Windows tools write it) is recognised so that the user is told how to convert it.

import { parseRecord } from '../parse/prefix.js';

/** How much of a log's text is looked at before reading on. */
export const SNIFF_BYTES = 64 * 1024;

/** A text encoding of fixed-width units that is not UTF-8, by its iconv name (UTF-16LE is Windows' "Unicode"). */
export type WideEncoding = 'UTF-16LE' | 'UTF-16BE' | 'UTF-32LE' | 'UTF-32BE';

/** What the head of a text says about it. */
export interface HeadVerdict {
  /** a NUL byte: the text is probably not text */
  binary: boolean;
  /** the text is UTF-16 or UTF-32, by its byte order mark or the places of its NULs; null when not */
  encoding: WideEncoding | null;
  /** no line of the head reads as MPF's or MPF-MC's: reading on would be reading something else */
  notALog: boolean;
}

// Text of ASCII characters (MPF's logs are) has in UTF-16 a NUL at every other byte, and in UTF-32
// three NULs of every four bytes. Allowing a tenth of the characters to be beyond Latin-1 keeps
// other scripts in names from hiding it.
const WIDE_MIN_BYTES = 16;
const WIDE_NUL_SHARE = 0.9;
const WIDE_OTHER_NUL_SHARE = 0.1;
const DUMP_HEADER = '--- DEBUG DUMP';

/** Judges the head of a text (up to SNIFF_BYTES of it; less when the text is shorter). */
export function judgeHead(head: Uint8Array): HeadVerdict {
  const binary = head.includes(0);
  const encoding = wideEncodingOf(head, binary);
  // Only binary data is given up on: a text without a known line may still hold a pasted dump.
  const notALog = encoding !== null || (binary && !holdsLogLine(head));
  return { binary, encoding, notALog };
}

/** The head's wide encoding, by its byte order mark or, when it `hasNul`, by where its NULs are. */
function wideEncodingOf(head: Uint8Array, hasNul: boolean): WideEncoding | null {
  // UTF-32LE's byte order mark begins with UTF-16LE's, so it is looked for first.
  if (head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) return 'UTF-32LE';
  if (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) return 'UTF-32BE';
  if (head[0] === 0xff && head[1] === 0xfe) return 'UTF-16LE';
  if (head[0] === 0xfe && head[1] === 0xff) return 'UTF-16BE';
  // Without a NUL no unit has one: the loop that counts them by place (which a log's first read
  // runs before its code is optimised) is left out.
  if (head.length < WIDE_MIN_BYTES || !hasNul) return null;
  const units32 = nulsAt(head, 4);
  if (isWide(units32, 0)) return 'UTF-32LE';
  if (isWide(units32, 3)) return 'UTF-32BE';
  const units16 = nulsAt(head, 2);
  if (isWide(units16, 0)) return 'UTF-16LE';
  if (isWide(units16, 1)) return 'UTF-16BE';
  return null;
}

/** For units of `width` bytes: how many whole units there are, and at each byte of a unit how many NULs. */
function nulsAt(head: Uint8Array, width: number): { units: number; nuls: number[] } {
  const units = Math.floor(head.length / width);
  const nuls = new Array<number>(width).fill(0);
  for (let index = 0; index < units * width; index += 1) {
    if (head[index] === 0) nuls[index % width]! += 1;
  }
  return { units, nuls };
}

/** Whether the character's byte is at `byte` of each unit: NUL almost nowhere there, almost always at the others. */
function isWide(counts: { units: number; nuls: number[] }, byte: number): boolean {
  const { units, nuls } = counts;
  return nuls.every((count, at) => (at === byte ? count <= units * WIDE_OTHER_NUL_SHARE : count >= units * WIDE_NUL_SHARE));
}

/** Whether a line of `head` has the prefix of an MPF or MPF-MC log line, or is a dump's header. */
function holdsLogLine(head: Uint8Array): boolean {
  // Latin-1 keeps every byte one character; the prefixes are ASCII. A crash can leave NULs
  // before a line, so they are taken out before looking.
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
  for (const line of text.split('\n')) {
    const cleaned = line.includes('\0') ? line.replaceAll('\0', '') : line;
    if (cleaned.includes(DUMP_HEADER) || parseRecord(cleaned) !== null) return true;
  }
  return false;
}

/**
 * Collects a text's first SNIFF_BYTES from the chunks it is read in (they may be reused buffers,
 * so they are copied), and judges them once it has them all, or at the end of a shorter text.
 */
export class HeadSniffer {
  private readonly head = Buffer.alloc(SNIFF_BYTES);
  private filled = 0;
  /** the verdict, once judged */
  verdict: HeadVerdict | null = null;

  /** Takes the start of `chunk` while the head is not full; returns the verdict once judged. */
  add(chunk: Uint8Array): HeadVerdict | null {
    if (this.verdict !== null) return this.verdict;
    const taken = Math.min(chunk.length, SNIFF_BYTES - this.filled);
    this.head.set(chunk.subarray(0, taken), this.filled);
    this.filled += taken;
    if (this.filled === SNIFF_BYTES) this.verdict = judgeHead(this.head);
    return this.verdict;
  }

  /** The text ended: judges what there is, if not yet judged. */
  end(): HeadVerdict {
    this.verdict ??= judgeHead(this.head.subarray(0, this.filled));
    return this.verdict;
  }
}
