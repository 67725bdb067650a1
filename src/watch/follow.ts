// Follows a growing log like `tail -f`, by polling: simple, and it works the same on Windows,
// a Raspberry Pi and network shares, where file-change events are unreliable.

import { open, stat } from 'node:fs/promises';
import type { Snapshot } from '../model.js';
import { LogParser } from '../parse/parser.js';

const READ_BYTES = 1024 * 1024;

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
  private found: Snapshot[] = [];

  constructor(path: string, name: string) {
    this.path = path;
    this.name = name;
    this.parser = this.newParser();
  }

  private newParser(): LogParser {
    return new LogParser(this.name, { onSnapshot: (snapshot) => this.found.push(snapshot) });
  }

  /** Reads what was appended since the last poll; a missing file is simply not there yet. */
  async poll(): Promise<FollowUpdate> {
    const info = await stat(this.path).catch(() => null);
    if (info === null) return { snapshots: [], restarted: false };
    // Device and inode only: without statx, Node reports the change time as birth time.
    const identity = `${info.dev}:${info.ino}`;
    let restarted = false;
    if ((this.identity !== null && identity !== this.identity) || info.size < this.offset) {
      this.parser = this.newParser();
      this.offset = 0;
      restarted = true;
    }
    this.identity = identity;
    if (info.size > this.offset) {
      const handle = await open(this.path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(READ_BYTES);
        while (this.offset < info.size) {
          const { bytesRead } = await handle.read(buffer, 0, Math.min(READ_BYTES, info.size - this.offset), this.offset);
          if (bytesRead === 0) break;
          this.parser.pushChunk(buffer.subarray(0, bytesRead));
          this.offset += bytesRead;
        }
      } finally {
        await handle.close();
      }
    }
    const snapshots = this.found;
    this.found = [];
    return { snapshots, restarted };
  }
}
