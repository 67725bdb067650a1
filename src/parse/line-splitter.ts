// Bytes in chunks of any size → whole lines of text: the part of a line that a chunk ends in is
// carried to the next, a UTF-8 byte order mark at the start of the file is dropped, a line's `\r`
// too, a line too long to hold keeps only its start, and a line that is not UTF-8 is read as
// Windows-1252. While no dump is open, lines that hold none of the grammar's markers are skipped
// unread, and a fast path (fast-path/) may read many lines at a time.

import { isUtf8 } from 'node:buffer';
import type { FastPath } from './fast-path/fast-path.js';

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
/** Lines longer than this keep only their start: a binary or corrupt file must not fill memory. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Where the lines go (the grammar). */
export interface LineSink {
  /**
   * Whether no dump section is open and no entry waits for its next line: lines without a
   * marker can then be skipped, and the fast path may read.
   */
  idle(): boolean;
  /** A whole line, without its line ending; `tooLong` when only its start is kept. */
  onLine(text: string, line: number, tooLong: boolean): void;
  /**
   * While not idle: reads whole lines from their bytes in `buffer`, from `start` (a line's start,
   * whose number is `firstLine`), up to one it leaves to be given as text (onLine), or the
   * unfinished last line; returns where that line starts. `linesRead` is then the lines it read.
   */
  readLinesFromBytes(buffer: Uint8Array, start: number, firstLine: number): number;
  readonly linesRead: number;
}

export class LineSplitter {
  /** the lines split so far */
  lines = 0;
  private readonly markers: Buffer[];
  /** for each marker, where it is next found in the current chunk */
  private readonly nextMarkers: number[];
  private carry: Buffer[] = [];
  private carryLength = 0;
  private carryTooLong = false;
  private atStart: boolean;

  /**
   * `markers`: what a line must hold for the sink to want it while idle. `atStart: false` for bytes
   * that start after the start of the file (a segment), where a byte order mark is not one.
   */
  constructor(
    private readonly sink: LineSink,
    markers: readonly string[],
    private readonly fastPath: FastPath | null,
    atStart = true,
  ) {
    this.markers = markers.map((marker) => Buffer.from(marker));
    this.nextMarkers = markers.map(() => -1);
    this.atStart = atStart;
  }

  /** Whether the bytes so far end at a line's end, after the start of the file. */
  get betweenLines(): boolean {
    return !this.atStart && this.carryLength === 0;
  }

  pushChunk(chunk: Uint8Array): void {
    let buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.atStart && buffer.length > 0) {
      if (this.carryLength + buffer.length < UTF8_BOM.length) {
        this.addCarry(buffer);
        return;
      }
      if (this.carryLength > 0) {
        buffer = Buffer.concat([...this.carry, buffer]);
        this.carry = [];
        this.carryLength = 0;
      }
      this.atStart = false;
      if (buffer[0] === UTF8_BOM[0] && buffer[1] === UTF8_BOM[1] && buffer[2] === UTF8_BOM[2]) buffer = buffer.subarray(3);
    }
    // While idle, the next position of each marker is found once per chunk, so that lines without
    // any are skipped unread; most of the others the fast path reads, where there is one.
    const nextMarkers = this.nextMarkers;
    nextMarkers.fill(-1);
    const fastPath = this.fastPath;
    let start = 0;
    fastPath?.startChunk();
    for (;;) {
      // A line the fast path stopped at because the grammar wants it needs no marker search.
      let wanted = false;
      if (this.carryLength === 0) {
        if (!this.sink.idle()) {
          start = this.sink.readLinesFromBytes(buffer, start, this.lines + 1);
          this.lines += this.sink.linesRead;
        }
        if (fastPath !== null && this.sink.idle()) {
          start = fastPath.readLines(buffer, start);
          this.lines += fastPath.linesRead;
          wanted = fastPath.stoppedAtWanted;
        }
      }
      const newline = buffer.indexOf(10, start);
      if (newline === -1) break;
      this.lines++;
      if (this.carryLength > 0 || newline - start > MAX_LINE_BYTES) {
        // A line that is too long is cut to the same length as when it arrives in pieces, so
        // where chunks end changes nothing.
        this.addCarry(buffer.subarray(start, newline));
        this.takeCarriedLine();
      } else {
        if (this.sink.idle()) {
          if (!wanted && !this.hasMarker(buffer, start, newline)) {
            start = newline + 1;
            continue;
          }
          fastPath?.learnFrom(buffer, start, newline);
        }
        this.takeLine(buffer.subarray(start, newline), false);
      }
      start = newline + 1;
    }
    if (start < buffer.length) this.addCarry(buffer.subarray(start));
  }

  /** Takes the last line, when the log does not end with a line end. */
  end(): void {
    if (this.carryLength === 0) return;
    this.lines++;
    this.takeCarriedLine();
  }

  /** Whether the line `[start, newline)` of the chunk holds a marker. */
  private hasMarker(buffer: Buffer, start: number, newline: number): boolean {
    const next = this.nextMarkers;
    for (let i = 0; i < next.length; i++) {
      if (next[i]! < start) next[i] = findOrEnd(buffer, this.markers[i]!, start);
      if (next[i]! < newline) return true;
    }
    return false;
  }

  private addCarry(bytes: Buffer): void {
    if (this.carryLength + bytes.length > MAX_LINE_BYTES) {
      bytes = bytes.subarray(0, Math.max(0, MAX_LINE_BYTES - this.carryLength));
      this.carryTooLong = true;
    }
    if (bytes.length === 0) return;
    // Copy: the caller may reuse its chunk buffer after pushChunk returns.
    this.carry.push(Buffer.from(bytes));
    this.carryLength += bytes.length;
  }

  /**
   * Takes the line gathered in the carry (it came in pieces, or is too long). While idle it is
   * skipped by the same test as a line that came whole, so where chunks end changes nothing.
   */
  private takeCarriedLine(): void {
    const line = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry, this.carryLength);
    const tooLong = this.carryTooLong;
    this.carry = [];
    this.carryLength = 0;
    this.carryTooLong = false;
    if (this.sink.idle() && !this.markers.some((marker) => line.includes(marker))) return;
    this.takeLine(line, tooLong);
  }

  private takeLine(bytes: Buffer, tooLong: boolean): void {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
    this.sink.onLine(decodeLine(bytes.subarray(0, end)), this.lines, tooLong);
  }
}

function findOrEnd(buffer: Buffer, marker: Buffer, from: number): number {
  const at = buffer.indexOf(marker, from);
  return at === -1 ? buffer.length : at;
}

// MPF writes the locale's encoding (cp1252 on Windows): a line that is not UTF-8 is read as
// Windows-1252, latin-1 with typographic quotes and dashes where latin-1 has control codes.
// (Node 20's TextDecoder('windows-1252') decodes as latin-1, so the 32 differences are here.)
const WINDOWS_1252_80_9F = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
function decodeLine(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\uFFFD') || isUtf8(bytes)) return text;
  return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_80_9F[char.charCodeAt(0) - 0x80]!);
}
