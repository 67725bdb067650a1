// Gzipped logs: decompressed while the parser reads what came before, and read as far as they go
// when they do not end whole (cut off, padded, followed by other bytes), as gunzip reads them.
//
// zlib works on the thread pool and the parser on the main thread, so the two overlap when each
// decompressed piece is queued and parsed on a later turn of the event loop, while zlib already
// makes the next one. A log's .gz then reads in about the time of the slower of the two, not of
// both together.

import type { Gunzip } from 'node:zlib';

/**
 * Gzip data that does not end whole, read as far as it goes. gunzip does the same: it passes on
 * what it could decompress, and warns.
 */
export type GzipDamage =
  /** the data stops inside a gzip member: the file is cut off (a copy or a gzip that did not finish) */
  | { kind: 'cut' }
  /**
   * bytes after the last whole member that zlib passes over without reading them: zeros, as copy
   * tools pad with, and whatever follows a zero byte
   */
  | { kind: 'trailing-bytes'; bytes: number }
  /**
   * bytes after a whole member that are not gzip and do not start with a zero byte: zlib fails on
   * them, dropping what it had decompressed in that step (at most GUNZIP_CHUNK_BYTES of the log
   * before them)
   */
  | { kind: 'trailing-garbage' };

/**
 * zlib's output per step. zlib makes the next piece while the parser reads this one, so larger
 * steps overlap better (docs/performance.md).
 */
export const GUNZIP_CHUNK_BYTES = 1024 * 1024;
/**
 * Compressed bytes given to zlib at a time. Everything made of one write waits in the queue, so
 * this bounds the queue: logs compress 10 to 30 times, 64 KiB makes at most a few MiB.
 */
const WRITE_BYTES = 64 * 1024;
/** Decompressed pieces waiting for the parser before no more is given to zlib. */
const MAX_QUEUED_PIECES = 8;

/**
 * Decompresses `compressed` into `onChunk`, in order; returns how the gzip data ended when it did
 * not end whole, and throws zlib's error when the data is corrupt or nothing could be decompressed.
 *
 * Node decompresses a chunk still waiting when the stream is ended in its final flush, and when
 * the data stops early that flush fails and what it made is lost. So each piece goes in only once
 * the one before is decompressed: the final flush has no data of its own, and a cut file gives all
 * it holds before the cut.
 */
export async function gunzip(compressed: AsyncIterable<Buffer>, onChunk: (chunk: Buffer) => void): Promise<GzipDamage | null> {
  // Loaded here: zlib (and the stream helpers) cost every command's start-up, and most read no .gz.
  const [{ createGunzip }, { finished }] = await Promise.all([import('node:zlib'), import('node:stream/promises')]);
  const decompressor = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  const queue = new ParseQueue(onChunk);
  let bytesIn = 0;
  let bytesOut = 0;
  decompressor.on('data', (chunk: Buffer) => {
    bytesOut += chunk.length;
    queue.add(chunk);
  });
  try {
    for await (const chunk of compressed) {
      bytesIn += chunk.length;
      for (let start = 0; start < chunk.length; start += WRITE_BYTES) {
        await queue.shorterThan(MAX_QUEUED_PIECES);
        await decompress(decompressor, chunk.subarray(start, start + WRITE_BYTES));
      }
    }
    decompressor.end();
    await finished(decompressor);
  } catch (error) {
    if (queue.failure !== null) throw queue.failure;
    const damage = bytesOut > 0 ? gzipDamageOf(error) : null;
    if (damage === null) throw error;
    // What zlib passed on before it stopped is read, as gunzip writes it out.
    queue.drain();
    return damage;
  } finally {
    decompressor.destroy();
  }
  queue.drain();
  // After a whole member, zlib stops at a zero byte without an error and leaves the rest unread.
  return decompressor.bytesWritten < bytesIn ? { kind: 'trailing-bytes', bytes: bytesIn - decompressor.bytesWritten } : null;
}

/** Writes `chunk` and waits until zlib has passed on what it made of it; zlib's error rejects (the write's callback then never comes). */
function decompress(decompressor: Gunzip, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    decompressor.once('error', reject);
    decompressor.write(chunk, (error) => {
      decompressor.off('error', reject);
      if (error) reject(error);
      else resolve();
    });
  });
}

/**
 * The errors that end gzip data after readable data, known by their words: Node's for data that
 * stops, zlib's for a header that is not gzip. Node looks for another member only after a whole
 * one (its checksum checked), and a log's first member has the magic bytes (readSource checked),
 * so a bad header check means bytes that are not gzip after a whole member.
 */
function gzipDamageOf(error: unknown): GzipDamage | null {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'Z_BUF_ERROR' && message === 'unexpected end of file') return { kind: 'cut' };
  if (code === 'Z_DATA_ERROR' && message === 'incorrect header check') return { kind: 'trailing-garbage' };
  return null;
}

/**
 * Decompressed pieces on their way to the parser: one piece per turn of the event loop, so that
 * zlib's callbacks (and with them the next step on the thread pool) come in between.
 */
class ParseQueue {
  /** what `onChunk` threw; nothing more is parsed after it */
  failure: unknown = null;
  private readonly pieces: Buffer[] = [];
  private scheduled = false;
  private wake: (() => void) | null = null;

  constructor(private readonly onChunk: (chunk: Buffer) => void) {}

  add(piece: Buffer): void {
    if (this.failure !== null) return;
    this.pieces.push(piece);
    this.schedule();
  }

  /** Resolves once fewer than `count` pieces wait; rejects with what the parser threw. */
  async shorterThan(count: number): Promise<void> {
    while (this.failure === null && this.pieces.length >= count) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure !== null) throw this.failure;
  }

  /** Parses every piece still waiting, now. */
  drain(): void {
    while (this.pieces.length > 0 && this.failure === null) this.parseOne();
    if (this.failure !== null) throw this.failure;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.pieces.length > 0 && this.failure === null) this.parseOne();
      if (this.pieces.length > 0 && this.failure === null) this.schedule();
      const wake = this.wake;
      this.wake = null;
      wake?.();
    });
  }

  private parseOne(): void {
    try {
      this.onChunk(this.pieces.shift()!);
    } catch (error) {
      this.failure = error;
      this.pieces.length = 0;
    }
  }
}
