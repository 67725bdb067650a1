// Follows a growing log like `tail -f`, by polling: simple, and it works the same on Windows,
// a Raspberry Pi and network shares, where file-change events are unreliable. A gzipped log is
// read whole again whenever it changes, as every other command reads it (gzip data cannot be
// taken up in the middle).

import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { LeakdiffError, describeSystemError } from '../errors.js';
import type { Snapshot } from '../model.js';
import { LogParser } from '../parse/parser.js';
import { loadLog, processHintOf } from '../read/load.js';

const READ_BYTES = 1024 * 1024;
// A log's first line starts with its time to the millisecond, so a few hundred bytes tell a new
// log from the old one.
const HEAD_BYTES = 512;

/** What one poll found. */
export interface FollowUpdate {
  snapshots: Snapshot[];
  /** the file shrank or was replaced: it is read again from its start */
  restarted: boolean;
}

export class FollowedLog {
  readonly path: string;
  readonly name: string;
  private parser: LogParser;
  private offset = 0;
  private identity: string | null = null;
  /** The first bytes read (up to HEAD_BYTES), to recognise the same file on the next poll. */
  private head = Buffer.alloc(0);
  private found: Snapshot[] = [];
  /** the file is gzip data: read whole at each change */
  private gzip = false;
  /** dumps of the gzip data already reported */
  private gzipDumpsSeen = 0;

  constructor(path: string, name: string) {
    this.path = path;
    this.name = name;
    this.parser = this.newParser();
  }

  private newParser(): LogParser {
    // A watch runs for days: its dumps keep what is compared, not every entry's text.
    return new LogParser(this.name, { onSnapshot: (snapshot) => this.found.push(snapshot), processHint: processHintOf(this.name), reprs: 'none' });
  }

  /** Reads what was appended since the last poll; a missing file is simply not there yet. */
  async poll(): Promise<FollowUpdate> {
    const handle = await this.openLog();
    if (handle === null) return { snapshots: [], restarted: false };
    let restarted = false;
    try {
      // Size and identity of the opened file itself: the path may be replaced at any moment.
      const info = await handle.stat();
      // Device and inode only: without statx, Node reports the change time as birth time.
      const identity = `${info.dev}:${info.ino}`;
      if (await this.isAnotherFile(handle, identity, info.size)) {
        this.parser = this.newParser();
        this.offset = 0;
        this.head = Buffer.alloc(0);
        this.gzip = false;
        this.gzipDumpsSeen = 0;
        restarted = true;
      }
      this.identity = identity;
      const offset = this.offset;
      if (offset === 0) this.gzip = await startsAsGzip(handle);
      if (this.gzip) await this.readGzip(handle, info.size);
      else await this.readNewBytes(handle, info.size);
      // Nothing new since the last poll: a dump waiting for its next line is over.
      if (this.offset === offset && !this.gzip) this.parser.settle();
    } catch (error) {
      // A read that fails (a bad sector, a share gone) ends the watch in one line, as any read does.
      if (error instanceof LeakdiffError || (error as NodeJS.ErrnoException).syscall === undefined) throw error;
      throw new LeakdiffError(`${this.name}: ${describeSystemError(error)}`);
    } finally {
      await handle.close();
    }
    const snapshots = this.found;
    this.found = [];
    return { snapshots, restarted };
  }

  private async openLog(): Promise<FileHandle | null> {
    try {
      return await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new LeakdiffError(`${this.name}: ${describeSystemError(error)}`);
    }
  }

  /**
   * Whether the file at the path is no longer the one read so far: truncated, or replaced (MPF
   * restarted, the log rotated). A file deleted and created again often gets the same inode
   * back (ext4 reuses it at once), so its first bytes are compared too.
   */
  private async isAnotherFile(handle: FileHandle, identity: string, size: number): Promise<boolean> {
    if (this.identity === null) return false;
    if (identity !== this.identity || size < this.offset) return true;
    if (this.head.length === 0) return false;
    const head = Buffer.alloc(this.head.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead < head.length || !head.equals(this.head);
  }

  /**
   * Reads gzip data whole again when it changed, and reports the dumps after those seen. A dump
   * that the data cut short is reported as it stands (truncated), not again when it grows whole.
   */
  private async readGzip(handle: FileHandle, size: number): Promise<void> {
    if (size === this.offset) return;
    const { log } = await loadLog({ name: this.name, path: this.path, explicit: true }, { stdin: Readable.from([]), reprs: 'none' });
    for (let index = this.gzipDumpsSeen; index < log.snapshots.length; index += 1) this.found.push(log.snapshots[index]!);
    this.gzipDumpsSeen = Math.max(this.gzipDumpsSeen, log.snapshots.length);
    this.head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(this.head, 0, this.head.length, 0);
    this.offset = size;
  }

  private async readNewBytes(handle: FileHandle, size: number): Promise<void> {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    while (this.offset < size) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(READ_BYTES, size - this.offset), this.offset);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, chunk], Math.min(HEAD_BYTES, this.head.length + bytesRead));
      this.parser.pushChunk(chunk);
      this.offset += bytesRead;
    }
  }
}

/** Whether the file starts with gzip's magic bytes (whatever it is called, as read/ decides). */
async function startsAsGzip(handle: FileHandle): Promise<boolean> {
  const magic = Buffer.alloc(2);
  const { bytesRead } = await handle.read(magic, 0, 2, 0);
  return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
}
