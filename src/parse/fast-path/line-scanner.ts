// The wrapper of line-scanner.wat (WebAssembly with SIMD), which reads the posted-event lines of
// known prefixes and skips the lines without a marker, many lines per call, and stops at the first
// line that the grammar must read itself. `LineScanner.create()` gives null where this Node has no
// WebAssembly SIMD.

import { LINE_SCANNER_WASM } from './line-scanner-wasm.js';

// Node has WebAssembly, but its types come with TypeScript's DOM library, which this project does
// not load: the little used here, declared for this file.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module);
    readonly exports: unknown;
  }
  interface Memory {
    readonly buffer: ArrayBuffer;
  }
  interface Global {
    readonly value: number;
  }
}

/** At most this many markers, of MIN_MARKER_BYTES to MAX_MARKER_BYTES bytes (line-scanner.wat's MARKERS). */
export const MAX_MARKERS = 8;
const MIN_MARKER_BYTES = 2;
const MAX_MARKER_BYTES = 31;
/** The marker tables' offset in memory, and where the markers themselves start there. */
const MARKER_TABLES = 1536;
const MARKER_LIST = MARKER_TABLES + 96;

/** Why `scan` stopped; the codes of line-scanner.wat. */
export type ScanStop = 'end' | 'line' | 'name' | 'full';
const STOPS = ['end', 'line', 'name', 'full'] as const satisfies readonly ScanStop[];

/** What line-scanner.wat exports. */
interface ScannerExports {
  memory: WebAssembly.Memory;
  staging: WebAssembly.Global;
  readA: WebAssembly.Global;
  readB: WebAssembly.Global;
  copy: WebAssembly.Global;
  areaBytes: WebAssembly.Global;
  at: WebAssembly.Global;
  lineEnd: WebAssembly.Global;
  nameStart: WebAssembly.Global;
  nameEnd: WebAssembly.Global;
  shape: WebAssembly.Global;
  lines: WebAssembly.Global;
  records: WebAssembly.Global;
  counted: WebAssembly.Global;
  keysCounted: WebAssembly.Global;
  tally: WebAssembly.Global;
  maxKeys: WebAssembly.Global;
  scan(start: number, end: number): number;
  addName(start: number, end: number, id: number): number;
  addShape(length: number): number;
}

/** Where a template goes for addShape: its bytes, then at +256 its digit flags. */
const DIGIT_FLAGS_OFFSET = 256;
/** The records' offset in memory (line-scanner.wat's RECORDS). */
const RECORDS = 16384;

/** Whether the scanner can stop at these markers. */
function fitsScanner(markers: readonly string[]): boolean {
  return markers.length <= MAX_MARKERS
    && markers.every((marker) => /^[\x20-\x7e]*$/.test(marker) && marker.length >= MIN_MARKER_BYTES && marker.length <= MAX_MARKER_BYTES);
}

/** Compiled once per process; null when this Node cannot compile it (no WebAssembly SIMD). */
let compiled: WebAssembly.Module | null | undefined;

function scannerModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(LINE_SCANNER_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * One log's scanner. The fast path loads part of its chunk (`load`), then calls `scan` from a line's
 * start; after each call it counts `lines`, reads `records` (one per posted-event line read of a
 * key not counted here; a key is the event's id * 8 + the shape's index), takes the counts of the
 * keys counted here (`countFrom`, `takeCounts`) and looks at the line where it stopped. Offsets in
 * and out are the chunk's. A chunk read into one of `readBuffers()` is scanned where it is; any other is
 * copied in first, 1 MiB at a time.
 */
export class LineScanner {
  /** lines read by the last scan, posted-event lines included */
  lines = 0;
  /** the start of the line where the last scan stopped */
  at = 0;
  /** for 'line' and 'name': the position of that line's newline */
  lineEnd = 0;
  /** for 'name': the shape of the line and where its name is */
  shape = 0;
  nameStart = 0;
  nameEnd = 0;

  private readonly exports: ScannerExports;
  private readonly memory: Uint8Array;
  /** per key, 0 when its posts are records; else 1 + the posts counted since takeCounts (line-scanner.wat's TALLY) */
  private readonly tally: Uint32Array;
  /** the keys whose tally is not 0 */
  private readonly talliedKeys: number[] = [];
  /** the chunk's offset of the first byte loaded, where it is in memory, and how many bytes are */
  private base = 0;
  private address = 0;
  private loaded = -1;
  private recordCount = 0;

  private constructor(
    instance: WebAssembly.Instance,
    /** the markers it stops at */
    readonly markers: readonly string[],
  ) {
    this.exports = instance.exports as unknown as ScannerExports;
    this.memory = new Uint8Array(this.exports.memory.buffer);
    this.tally = new Uint32Array(this.exports.memory.buffer, this.exports.tally.value, this.exports.maxKeys.value);
  }

  /**
   * Writes the markers where line-scanner.wat reads them: each as its length and bytes, and the
   * four tables that find where one may start (bit m of entry n: marker m's first or second byte
   * has n as its low or high nibble).
   */
  private writeMarkers(): void {
    const tables = this.memory.subarray(MARKER_TABLES, MARKER_TABLES + 64);
    tables.fill(0);
    this.markers.forEach((marker, m) => {
      const bytes = Buffer.from(marker, 'latin1');
      const bit = 1 << m;
      for (const [offset, nibble] of [[0, bytes[0]! & 15], [16, bytes[0]! >> 4], [32, bytes[1]! & 15], [48, bytes[1]! >> 4]] as const) {
        tables[offset + nibble] = tables[offset + nibble]! | bit;
      }
      const at = MARKER_LIST + m * (MAX_MARKER_BYTES + 1);
      this.memory[at] = bytes.length;
      this.memory.set(bytes, at + 1);
    });
  }

  /**
   * A scanner that stops at lines holding one of `markers` (ASCII, MIN_MARKER_BYTES to
   * MAX_MARKER_BYTES bytes, at most MAX_MARKERS), with no posted-event prefix taught yet; null
   * where WebAssembly SIMD is missing, when there is no room for its memory, or when it cannot take
   * those markers.
   */
  static create(markers: readonly string[]): LineScanner | null {
    const module = scannerModule();
    if (module === null || !fitsScanner(markers)) return null;
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(module);
    } catch {
      // No room for its memory (a WebAssembly memory reserves gigabytes of address space, which a
      // `ulimit -v` may not leave): the parser reads every line itself.
      return null;
    }
    const scanner = new LineScanner(instance, markers);
    scanner.writeMarkers();
    return scanner;
  }

  /** Two buffers of 1 MiB in the scanner's memory, for reading a file into in turn. */
  readBuffers(): [Uint8Array, Uint8Array] {
    const { memory, readA, readB, areaBytes } = this.exports;
    return [new Uint8Array(memory.buffer, readA.value, areaBytes.value), new Uint8Array(memory.buffer, readB.value, areaBytes.value)];
  }

  /** Makes `chunk` from `start` ready to scan: where it is, or as much as COPY holds, copied there. */
  load(chunk: Uint8Array, start: number): void {
    this.base = start;
    if (chunk.buffer === this.memory.buffer) {
      this.address = chunk.byteOffset + start;
      this.loaded = chunk.length - start;
    } else {
      const end = Math.min(chunk.length, start + this.exports.areaBytes.value);
      this.address = this.exports.copy.value;
      this.memory.set(chunk.subarray(start, end), this.address);
      this.loaded = end - start;
    }
  }

  /** Whether the loaded bytes reach the end of the chunk they came from (of `length` bytes). */
  reachesEnd(length: number): boolean {
    return this.base + this.loaded === length;
  }

  /** The chunk's offset of the first byte loaded. */
  get loadedFrom(): number {
    return this.base;
  }

  /** Whether `offset` of the chunk is among the loaded bytes (or just after them). */
  holds(offset: number): boolean {
    return offset >= this.base && offset <= this.base + this.loaded;
  }

  /** Forgets the loaded bytes: the next chunk is another one. */
  unload(): void {
    this.loaded = -1;
  }

  /** Reads lines from `start`, the start of a line within the loaded bytes. */
  scan(start: number): ScanStop {
    const shift = this.address - this.base;
    const exports = this.exports;
    const stop = STOPS[exports.scan(start + shift, this.address + this.loaded)]!;
    this.lines = exports.lines.value;
    this.recordCount = exports.records.value;
    this.at = (exports.at.value) - shift;
    if (stop === 'line' || stop === 'name') this.lineEnd = (exports.lineEnd.value) - shift;
    if (stop === 'name') {
      this.shape = exports.shape.value;
      this.nameStart = (exports.nameStart.value) - shift;
      this.nameEnd = (exports.nameEnd.value) - shift;
    }
    return stop;
  }

  /** The records of the last scan: a view that the next scan overwrites. */
  records(): Uint32Array {
    return new Uint32Array(this.exports.memory.buffer, RECORDS, this.recordCount);
  }

  /** From the next scan on, the posts of `key` are counted here rather than recorded (when it has room for the key). */
  countFrom(key: number): void {
    if (key >= this.tally.length || this.tally[key] !== 0) return;
    this.tally[key] = 1;
    this.talliedKeys.push(key);
  }

  /** Every key's posts are recorded again. */
  stopCounting(): void {
    for (const key of this.talliedKeys) this.tally[key] = 0;
    this.talliedKeys.length = 0;
  }

  /** Hands over the posts counted by the last scan, key by key in the order first counted, and forgets them. */
  takeCounts(take: (key: number, times: number) => void): void {
    const tally = this.tally;
    const keys = new Uint32Array(this.exports.memory.buffer, this.exports.counted.value, this.exports.keysCounted.value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      take(key, tally[key]! - 1);
      tally[key] = 1;
    }
  }

  /** Teaches the name at which the last scan stopped ('name'); false when the table is full. */
  addName(id: number): boolean {
    const shift = this.address - this.base;
    return this.exports.addName(this.nameStart + shift, this.nameEnd + shift, id) === 1;
  }

  /**
   * Teaches a posted event's prefix: its bytes, and for each whether any digit may stand there.
   * Returns the shape's index, or -1 when the scanner takes no more shapes.
   */
  addShape(template: Uint8Array, digits: readonly boolean[]): number {
    const staging = this.exports.staging.value;
    if (template.length > DIGIT_FLAGS_OFFSET) return -1;
    this.memory.set(template, staging);
    digits.forEach((digit, i) => (this.memory[staging + DIGIT_FLAGS_OFFSET + i] = digit ? 1 : 0));
    return this.exports.addShape(template.length);
  }
}
