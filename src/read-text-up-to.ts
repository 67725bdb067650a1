// Small files the user names besides logs (config, baseline) are read whole, but only up to a
// bound: a file named by mistake may be huge, or endless (a device, a pipe).

import { open } from 'node:fs/promises';

const CHUNK_BYTES = 1024 * 1024;

/**
 * The first `maxBytes` bytes of `file` (all of it when it is shorter) as UTF-8 text. Node's
 * errors (ENOENT…) are thrown as they are, for the caller to word.
 */
export async function readTextUpTo(file: string, maxBytes: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < maxBytes) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await handle.close();
  }
}
