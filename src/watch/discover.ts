// Which logs `watch` follows in a folder: the newest MPF log and the newest MC log, among the files
// that reading a folder takes (read/inputs.ts: `*.log`, `*.log.gz`, `kivy_*.txt`). Asked again at
// every poll, so a new run's logs are picked up as the machine restarts.

import path from 'node:path';
import { describeSystemError, LeakdiffError } from '../errors.js';
import { LOG_FILES_IN_DIRECTORY } from '../read/inputs.js';

/** Whose log it is, by MPF's file names; any other log is followed alone. */
export type LogKind = 'mpf' | 'mc' | 'log';

/** A log to follow. */
export interface DiscoveredLog {
  /** absolute path */
  path: string;
  /** as shown to the user: relative to the folder the user named */
  name: string;
  kind: LogKind;
}

/**
 * Log names in the order they were started: MPF's times, and Kivy's `_N` counters, compared as
 * numbers. Made when first needed: a collator loads locale data, which only `watch` uses.
 */
let byStart: Intl.Collator | undefined;

/**
 * The newest MPF and MC logs of a folder; when no log is named as MPF names its logs, the newest
 * log of any name. A folder that is not there (moved away, not made again yet), or holds no log
 * yet, gives none; one that cannot be listed is a LeakdiffError: its logs would never be found.
 */
export async function discoverLogs(directory: string, shown: string): Promise<DiscoveredLog[]> {
  const fg = (await import('fast-glob')).default;
  const listed = await fg(LOG_FILES_IN_DIRECTORY, { cwd: directory, onlyFiles: true, deep: 1 }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new LeakdiffError(`${shown}: ${describeSystemError(error)}`);
  });
  const names = listed.sort((byStart ??= new Intl.Collator('en', { numeric: true })).compare);
  const newest = (['mpf', 'mc'] as const).map((kind) => names.filter((name) => logKindOf(name) === kind).at(-1));
  const chosen = newest.some((name) => name !== undefined) ? newest.filter((name): name is string => name !== undefined) : names.slice(-1);
  return chosen.map((name) => ({ path: path.join(directory, name), name: path.join(shown, name), kind: logKindOf(name) }));
}

/** Whose log a file is, by the names MPF and MPF-MC give theirs (`…-mpf-HOST.log`, `…-mc-HOST.log`). */
export function logKindOf(name: string): LogKind {
  const base = path.basename(name);
  return base.includes('-mpf-') ? 'mpf' : base.includes('-mc-') ? 'mc' : 'log';
}
