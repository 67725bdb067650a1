// The dump parser of the library: fed bytes in chunks of any size, so the same code reads a 10-line
// fixture and a multi-gigabyte log in memory that does not grow with the log. The work is done in
// the rooms of this folder: line-splitter.ts (bytes → lines), dump-sections.ts and section-lines.ts
// (the DEBUG DUMP grammar), machine-state.ts (what posted events say), fast-path/ (the WebAssembly
// line scanner), segment.ts (a log read on two threads), wired together in log-reading.ts.

import type { ParsedLog, ProcessKind, ReprsKept, Snapshot } from '../model.js';
import { LogReading } from './log-reading.js';

export interface LogParserOptions {
  onSnapshot?: (snapshot: Snapshot) => void;
  /**
   * The process that wrote the log, where the caller knows it (MC names its logs `…-mc-HOST.log`):
   * decides the dumps of the line formats that MPF and MC share, which the sections leave open.
   */
  processHint?: ProcessKind | undefined;
  /**
   * false: every line is read as text, in JavaScript, without the fast paths (the WebAssembly line
   * scanner, dump lines read from their bytes); for tests: it changes nothing
   */
  lineScanner?: boolean;
  /** what is kept of the entries of OBJECTS, display trees and CLOCK (default: all, as `extract` prints them) */
  reprs?: ReprsKept;
  /**
   * Hears each snapshot in line order, as soon as no earlier one can still come; `end()` then
   * returns none, so a log of any length is read in memory that does not grow with its dumps.
   */
  streamSnapshots?: (snapshot: Snapshot) => void;
}

/** Streaming parser of one log: push chunks, then `end()`. */
export class LogParser {
  readonly file: string;
  private readonly reading: LogReading;

  constructor(file: string, options: LogParserOptions = {}) {
    this.file = file;
    this.reading = new LogReading(file, {
      onSnapshot: options.onSnapshot,
      processHint: options.processHint,
      reprs: options.reprs,
      streamSnapshots: options.streamSnapshots,
      ...(options.lineScanner === false ? { fastPath: null, linesFromBytes: false } : {}),
    });
  }

  /** Feeds the next bytes of the log. Chunks may split lines and characters anywhere. */
  pushChunk(chunk: Uint8Array): void {
    this.reading.pushChunk(chunk);
  }

  /** Feeds one physical line (without its line ending). */
  pushLine(text: string): void {
    this.reading.pushLine(text);
  }

  /**
   * For a log still being written (`watch`), once it has been quiet for a while: finishes the
   * dumps whose sections are all closed. Where MPF's and MC's lines share one format (console,
   * JSON logging), a dump after its EVENTS section could still be MC's, with more sections to
   * come, and it is otherwise finished only by the next line of the log.
   */
  settle(): void {
    this.reading.settle();
  }

  /** Finishes the log: closes what is open and returns everything found. */
  end(): ParsedLog {
    return this.reading.end();
  }
}

/** Parses a whole log held in memory (tests, small inputs, the library API). */
export function parseLog(input: string | Uint8Array, file: string, options: { processHint?: ProcessKind | undefined; reprs?: ReprsKept } = {}): ParsedLog {
  const parser = new LogParser(file, options);
  parser.pushChunk(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  return parser.end();
}
