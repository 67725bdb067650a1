// What the first bytes of a log's text say before more is read: binary data (which may never end:
// /dev/zero, /dev/urandom, a pipe) is given up on from its head, and a log saved as UTF-16 (as
// Windows tools write it) is recognised so that the user is told how to convert it.

import { parseRecord } from '../parse/prefix.js';

/** How much of a log's text is looked at before reading on. */
export const SNIFF_BYTES = 64 * 1024;

/** Which UTF-16 a text is in: little-endian (Windows' "Unicode") or big-endian. */
export type Utf16 = 'le' | 'be';

/** What the head of a text says about it. */
export interface HeadVerdict {
  /** a NUL byte: the text is probably not text */
  binary: boolean;
  /** the text is UTF-16, by its byte order mark or its NULs at every other byte; null when not */
  utf16: Utf16 | null;
  /** no line of the head reads as MPF's or MPF-MC's: reading on would be reading something else */
  notALog: boolean;
}

// In UTF-16, text of ASCII characters (MPF's logs are) has a NUL at every other byte. Allowing a
// tenth of the characters to be beyond Latin-1 keeps other scripts in names from hiding it.
const UTF16_MIN_BYTES = 16;
const UTF16_NUL_SHARE = 0.9;
const UTF16_OTHER_NUL_SHARE = 0.1;
const DUMP_HEADER = '--- DEBUG DUMP';

/** Judges the head of a text (up to SNIFF_BYTES of it; less when the text is shorter). */
export function judgeHead(head: Uint8Array): HeadVerdict {
  const utf16 = utf16Of(head);
  const binary = head.includes(0);
  // Only binary data is given up on: a text without a known line may still hold a pasted dump.
  const notALog = utf16 !== null || (binary && !holdsLogLine(head));
  return { binary, utf16, notALog };
}

function utf16Of(head: Uint8Array): Utf16 | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'be';
  const pairs = Math.floor(head.length / 2);
  if (pairs * 2 < UTF16_MIN_BYTES) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index < pairs * 2; index += 2) {
    if (head[index] === 0) evenNuls += 1;
    if (head[index + 1] === 0) oddNuls += 1;
  }
  if (oddNuls >= pairs * UTF16_NUL_SHARE && evenNuls <= pairs * UTF16_OTHER_NUL_SHARE) return 'le';
  if (evenNuls >= pairs * UTF16_NUL_SHARE && oddNuls <= pairs * UTF16_OTHER_NUL_SHARE) return 'be';
  return null;
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
