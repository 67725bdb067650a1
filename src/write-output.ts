// The new file that replaces an output file by rename: it takes the old file's permissions, so a
// report the user kept private (0600) stays private after leakdiff rewrites it.

import type { Stats } from 'node:fs';
import { chmod, open, writeFile, type FileHandle } from 'node:fs/promises';

/**
 * Creates `temporary` (it must not exist) holding `text`, with the permission bits of `replaced`,
 * the file it is about to be renamed over (null: a new file, with the usual mode). Set-user-ID and
 * the like are not carried over: a report is no program.
 */
export async function writeReplacement(temporary: string, text: string, replaced: Stats | null): Promise<void> {
  if (replaced === null) {
    await writeFile(temporary, text, { flag: 'wx' });
    return;
  }
  const mode = replaced.mode & 0o777;
  // Created with that mode, the file is never readable by more than the old one was; the umask
  // may take bits away, which chmod gives back.
  await writeFile(temporary, text, { flag: 'wx', mode });
  await chmod(temporary, mode);
}

/** As writeReplacement, empty and open for writing: for output written while it is made. */
export async function createReplacement(temporary: string, replaced: Stats | null): Promise<FileHandle> {
  if (replaced === null) return open(temporary, 'wx');
  const mode = replaced.mode & 0o777;
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.chmod(mode);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
