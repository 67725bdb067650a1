// One log being parsed: the line splitter feeding the DEBUG DUMP grammar, with a fast path plugged
// in where there is one. This is what the reader drives, reads on two threads included (a segment
// parsed on its own, then joined: segment.ts); the library's LogParser is it without those.

import type { ParsedLog, ProcessKind, ReprsKept, Snapshot } from '../model.js';
import { DumpGrammar } from './dump-sections.js';
import { createFastPath, type FastPath } from './fast-path/fast-path.js';
import { LineSplitter } from './line-splitter.js';
import { GRAMMAR_MARKERS } from './markers.js';
import { joinSegment, type ParsedSegment, type SegmentBoundary } from './segment.js';

export interface LogReadingOptions {
  onSnapshot?: ((snapshot: Snapshot) => void) | undefined;
  /** the process that wrote the log, as the reader knows it from the log's name */
  processHint?: ProcessKind | undefined;
  /**
   * The fast path to read with, not yet plugged into another parser (one whose read buffers the
   * reader reads into); null for none, so that every line is read in JavaScript. By default a new one.
   */
  fastPath?: FastPath | null | undefined;
  /**
   * The bytes start after the start of the log, at a line start where `atSegmentBoundary()` holds
   * for the parse of the bytes before; `endSegment()` ends it.
   */
  segment?: boolean | undefined;
  /** more dumps than this, with `dumpsBefore`, is an error (default MAX_DUMPS) */
  maxDumps?: number | undefined;
  /** dumps read from the inputs before this log */
  dumpsBefore?: number | undefined;
  /** what is kept of the entries of OBJECTS, display trees and CLOCK (default: all) */
  reprs?: ReprsKept | undefined;
  /** false: dump lines are read as text only, never from their bytes (for tests: it changes nothing) */
  linesFromBytes?: boolean | undefined;
  /** hears each snapshot in line order as soon as it is whole; they are then not kept (DumpGrammarOptions) */
  streamSnapshots?: ((snapshot: Snapshot) => void) | undefined;
}

export class LogReading {
  readonly file: string;
  private readonly onSnapshot: ((snapshot: Snapshot) => void) | undefined;
  private readonly grammar: DumpGrammar;
  private readonly splitter: LineSplitter;

  constructor(file: string, options: LogReadingOptions = {}) {
    this.file = file;
    this.onSnapshot = options.onSnapshot;
    this.grammar = new DumpGrammar(file, {
      onSnapshot: options.onSnapshot,
      processHint: options.processHint,
      segment: options.segment,
      maxDumps: options.maxDumps,
      dumpsBefore: options.dumpsBefore,
      reprs: options.reprs,
      linesFromBytes: options.linesFromBytes,
      streamSnapshots: options.streamSnapshots,
    });
    let fastPath = options.fastPath === undefined ? createFastPath() : options.fastPath;
    // A fast path that would skip lines the grammar wants is not used: slower, same result.
    if (fastPath !== null && !fastPath.stopsAt(GRAMMAR_MARKERS)) fastPath = null;
    fastPath?.connect(this.grammar);
    // A byte order mark is only one at the start of the file.
    this.splitter = new LineSplitter(this.grammar, GRAMMAR_MARKERS, fastPath, !options.segment);
  }

  /** Feeds the next bytes of the log. Chunks may split lines and characters anywhere. */
  pushChunk(chunk: Uint8Array): void {
    this.splitter.pushChunk(chunk);
  }

  /** Feeds one physical line (without its line ending). */
  pushLine(text: string): void {
    this.splitter.pushChunk(Buffer.from(`${text}\n`, 'utf8'));
  }

  /** For a log still being written, once it has been quiet for a while: see DumpGrammar.settle. */
  settle(): void {
    this.grammar.settle();
  }

  /** Finishes the log: closes what is open and returns everything found. */
  end(): ParsedLog {
    return this.finish().log;
  }

  private finish(): ReturnType<DumpGrammar['end']> {
    this.splitter.end();
    return this.grammar.end(this.splitter.lines);
  }

  /**
   * Whether the rest of the log, parsed on its own as a segment, reads as this parser would read
   * it: between lines, with no dump open (a dump whose sections are all closed may still go on).
   */
  atSegmentBoundary(): boolean {
    return this.boundary() !== null;
  }

  /** At a segment boundary, what the log so far leaves to the segment after it; otherwise null. */
  boundary(): SegmentBoundary | null {
    return this.splitter.betweenLines ? this.grammar.boundary() : null;
  }

  /** How many dumps have been finished so far. */
  dumpsFinished(): number {
    return this.grammar.dumpsFinished();
  }

  /** Ends a segment's parse: its dumps and what they leave to the log before it, lines from 1. */
  endSegment(): ParsedSegment {
    const dumps = this.grammar.dumpsOfSegment();
    const { log, problems } = this.finish();
    return {
      lines: log.lines,
      dumps,
      problems: problems.problems,
      problemRepeats: problems.problemRepeats,
      ...(problems.startsAfterDump === true ? { problemsStartAfterDump: true } : {}),
      formats: this.grammar.formatsMet(),
      handlerSteps: this.grammar.handlerStepsOfSegment(),
      ends: log.continuity.ends,
    };
  }

  /**
   * Ends the log with the segment that follows this parser's bytes (parsed in another thread):
   * the result is what this parser gives when it reads the segment's bytes itself.
   */
  endWithSegment(segment: ParsedSegment): ParsedLog {
    const boundary = this.boundary();
    if (boundary === null) throw new Error('endWithSegment() off a segment boundary');
    this.grammar.joinHandlerSteps(segment.handlerSteps, this.splitter.lines);
    const head = this.finish();
    const { log, joined } = joinSegment(head.log, boundary, segment, head.problems);
    for (const snapshot of joined) this.onSnapshot?.(snapshot);
    return log;
  }
}
