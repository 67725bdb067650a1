import { escapeTerminal } from './report/escape.js';

/** An expected failure (bad flag, unreadable file, no dump found): printed as `leakdiff: message`, exit 2, no stack. */
export class LeakdiffError extends Error {
  override name = 'LeakdiffError';

  constructor(message: string) {
    // Messages name files found in directories and globs, and text from logs and configs: they go
    // to a terminal, so control characters are shown escaped, and the message stays one line.
    super(escapeTerminal(message));
  }
}

/** The text of an error thrown by Node (`ENOENT: no such file…`) without Node's own path and call details. */
export function describeSystemError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EMFILE':
      return 'too many open files';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EFBIG':
      return 'file too large for this file system or limit';
    case 'EROFS':
      return 'read-only file system';
    case 'ELOOP':
      return 'too many symbolic links: a link that leads back to itself?';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ENXIO':
      return 'no such device: a socket or a device, not a log file';
    case 'EIO':
      return 'input/output error';
    case 'ESTALE':
      return 'stale file handle: the network share went away?';
    case 'ETIMEDOUT':
      return 'timed out: the network share went away?';
    case 'EXDEV':
      return 'not on the same file system';
    case 'EOVERFLOW':
      return 'too large for this system to read';
    default:
      return withoutPaths(error);
  }
}

/** Linux's numbers of errors that libuv has no name for (`Unknown system error -122`). */
const LINUX_UNNAMED: Readonly<Record<number, string>> = { [-122]: 'EDQUOT', [-116]: 'ESTALE' };

/**
 * A system error without Node's path and call details, which may name a temporary file the user
 * never gave (`… open '/out/.report.json.1a2b3c4d.tmp'`): its code, or its text up to them.
 */
function withoutPaths(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, errno, syscall } = error as NodeJS.ErrnoException;
  if (syscall === undefined) return error.message;
  const unnamed = process.platform === 'linux' && errno !== undefined ? LINUX_UNNAMED[errno] : undefined;
  if (unnamed !== undefined) return describeSystemError({ code: unnamed });
  return code ?? error.message.split(',')[0]!;
}
