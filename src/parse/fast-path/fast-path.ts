// The fast path through a big log: most of its lines lie outside dumps and are either posted
// events, which only add one to a count, or lines without a marker, which are skipped. The line
// scanner (line-scanner.wat, WebAssembly with SIMD) reads such lines many at a time; this is its
// glue to the parser, which plugs it in through `FastPath` and hears of the posts through `PostSink`.
// Where this Node has no WebAssembly SIMD, `createFastPath()` gives null and the parser reads every
// line itself: slower, same result.

import type { LineFormat } from '../prefix.js';
import { GRAMMAR_MARKERS } from '../markers.js';
import { LineScanner } from './line-scanner.js';
import { PostedPrefixes } from './posted-prefixes.js';

const POSTED_MARKER = Buffer.from('Event: ==');

/** Where the fast path reports the posted-event lines it read (the grammar). */
export interface PostSink {
  /** The id of the event with this name, the same for every line that posts it. */
  eventId(name: string): number;
  /**
   * A line of `format` posting event `id` (an id from `eventId`). Returns whether the next posts of
   * that event in that format only add one to a count: such posts may be counted first and handed
   * over with `postAgain`, in any order with other posts, until `countRules` changes.
   */
  post(format: LineFormat, id: number): boolean;
  /** `times` posts of event `id` in `format` after a `post` of it returned true. */
  postAgain(format: LineFormat, id: number, times: number): void;
  /** Changes when a post that only added one to a count may no longer do so (a dump began, counts were given back). */
  readonly countRules: number;
}

/** What the line splitter asks of a fast path. */
export interface FastPath {
  /** Whether it stops at every line holding one of `markers`, as the grammar needs. */
  stopsAt(markers: readonly string[]): boolean;
  /** Where the posts it reads go; given once, by the parser it is plugged into. */
  connect(sink: PostSink): void;
  /** Two buffers to read the log into in turn: a chunk in one of them is read where it is, without a copy. */
  readBuffers(): [Uint8Array, Uint8Array];
  /** The next chunk is another one. */
  startChunk(): void;
  /**
   * Reads the lines of `chunk` from `start` (a line's start, outside any dump) up to one that the
   * grammar must read, or the unfinished last line; returns where that line starts. `linesRead` is
   * then the number of lines it read.
   */
  readLines(chunk: Buffer, start: number): number;
  readonly linesRead: number;
  /** whether the line where the last `readLines` stopped is one the grammar wants (it holds a marker) */
  readonly stoppedAtWanted: boolean;
  /** The line `[start, end)` of `chunk`, outside any dump, goes to the grammar: a chance to learn its prefix. */
  learnFrom(chunk: Buffer, start: number, end: number): void;
}

/** A fast path for one log that stops at lines holding `markers`, or null where this Node has no WebAssembly SIMD. */
export function createFastPath(markers: readonly string[] = GRAMMAR_MARKERS): FastPath | null {
  const scanner = LineScanner.create(markers);
  return scanner === null ? null : new ScannerFastPath(scanner);
}

class ScannerFastPath implements FastPath {
  linesRead = 0;
  stoppedAtWanted = false;
  private sink: PostSink | null = null;
  private readonly prefixes = new PostedPrefixes();
  /** the format of each prefix taught to the scanner, by its index there */
  private readonly formats: LineFormat[] = [];
  /** the sink's countRules when the scanner last started counting keys */
  private countRules = 0;

  constructor(private readonly scanner: LineScanner) {}

  stopsAt(markers: readonly string[]): boolean {
    return markers.every((marker) => this.scanner.markers.includes(marker));
  }

  connect(sink: PostSink): void {
    if (this.sink !== null) throw new Error('a fast path serves one parser');
    this.sink = sink;
  }

  readBuffers(): [Uint8Array, Uint8Array] {
    return this.scanner.readBuffers();
  }

  startChunk(): void {
    this.scanner.unload();
  }

  readLines(chunk: Buffer, start: number): number {
    const scanner = this.scanner;
    const sink = this.sink!;
    this.linesRead = 0;
    this.stoppedAtWanted = false;
    for (;;) {
      if (!scanner.holds(start)) scanner.load(chunk, start);
      if (sink.countRules !== this.countRules) {
        scanner.stopCounting();
        this.countRules = sink.countRules;
      }
      const stop = scanner.scan(start);
      this.linesRead += scanner.lines;
      this.reportPosts(sink);
      start = scanner.at;
      if (stop === 'full') continue;
      if (stop === 'line') {
        this.stoppedAtWanted = true;
        return start;
      }
      if (stop === 'name') {
        // A name not met before: reported here, and the scanner reads it from now on.
        const id = sink.eventId(chunk.toString('latin1', scanner.nameStart, scanner.nameEnd));
        scanner.addName(id);
        this.linesRead++;
        sink.post(this.formats[scanner.shape]!, id);
        start = scanner.lineEnd + 1;
        continue;
      }
      // 'end': no whole line left in the loaded bytes. More of the chunk to load, unless the line
      // does not fit in the scanner: then the grammar reads it.
      if (scanner.reachesEnd(chunk.length) || start === scanner.loadedFrom) return start;
      scanner.load(chunk, start);
    }
  }

  learnFrom(chunk: Buffer, start: number, end: number): void {
    const marker = chunk.subarray(start, end).indexOf(POSTED_MARKER);
    if (marker === -1) return;
    // A prefix not met before: the scanner reads the next lines with it, once the grammar has
    // read this one as a posted event's.
    const prefix = this.prefixes.learn(chunk, start, start + marker);
    if (prefix === null) return;
    const shape = this.scanner.addShape(prefix.template, prefix.digits);
    if (shape >= 0) this.formats[shape] = prefix.format;
  }

  /**
   * The posted-event lines of the last scan: those of keys not counted in the scanner one by one,
   * in order (a key is the event's id * 8 + its shape), then the counts of the others. A key whose
   * posts now only add to a count is counted in the scanner from the next scan on.
   */
  private reportPosts(sink: PostSink): void {
    const scanner = this.scanner;
    const formats = this.formats;
    const records = scanner.records();
    for (let i = 0; i < records.length; i++) {
      const key = records[i]!;
      if (sink.post(formats[key & 7]!, key >>> 3)) scanner.countFrom(key);
    }
    scanner.takeCounts((key, times) => sink.postAgain(formats[key & 7]!, key >>> 3, times));
  }
}
