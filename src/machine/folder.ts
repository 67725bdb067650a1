// Where the machine folder of some logs is, and whether a folder is one. Kept apart from reading
// its files (disk.ts), which loads the Python and YAML parsers: a comparison without a machine
// folder does not load them.

import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The machine folder of some log inputs: the folder above a `logs/` input (a log inside `logs/`,
 * or `logs/` itself) when it holds `config/`. The first input that has one wins; null when none does.
 */
export function findMachineFolder(inputs: readonly string[], cwd: string = process.cwd()): string | null {
  for (const input of inputs) {
    const full = resolve(cwd, input);
    const logs = basename(full) === 'logs' && isFolder(full) ? full : basename(dirname(full)) === 'logs' ? dirname(full) : null;
    if (logs === null) continue;
    const machine = dirname(logs);
    if (isFolder(join(machine, 'config'))) return relativeOrAbsolute(input, logs, machine, cwd);
  }
  return null;
}

/**
 * The `logs/` folders among some log inputs (a `logs/` input, or the folder of a log inside one)
 * whose folder above holds no `config/`, as written: each with that folder above. The folder above
 * is that of the path as given, a symbolic link not followed: the folder the user sees.
 */
export function logsFoldersWithoutMachine(inputs: readonly string[], cwd: string = process.cwd()): { logs: string; above: string }[] {
  const found: { logs: string; above: string }[] = [];
  for (const input of inputs) {
    const full = resolve(cwd, input);
    const logsFull = basename(full) === 'logs' && isFolder(full) ? full : basename(dirname(full)) === 'logs' ? dirname(full) : null;
    if (logsFull === null || isMachineFolder(dirname(logsFull))) continue;
    const written = (logsFull === full ? input : dirname(input)).replace(/[\\/]+$/, '');
    const logs = basename(written) === 'logs' ? written : logsFull;
    if (!found.some((one) => one.logs === logs)) found.push({ logs, above: dirname(logs) });
  }
  return found;
}

/** What keeps a folder given as the machine folder from being read: missing, not a folder, or without `config/`; null when it is one. */
export function machineFolderProblem(dir: string): 'missing' | 'not-a-folder' | 'no-config' | null {
  let stats;
  try {
    stats = statSync(dir);
  } catch {
    return 'missing';
  }
  if (!stats.isDirectory()) return 'not-a-folder';
  return isMachineFolder(dir) ? null : 'no-config';
}

/** Whether a folder is a machine folder (it holds `config/`). */
export function isMachineFolder(dir: string): boolean {
  return isFolder(join(dir, 'config'));
}

/** Whether `path` is a folder (a link to one included). */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// The machine folder as the user would write it: relative when the input was relative.
function relativeOrAbsolute(input: string, logs: string, machine: string, cwd: string): string {
  if (resolve(cwd, input) === logs || resolve(cwd, dirname(input)) === logs) {
    const written = resolve(cwd, input) === logs ? input : dirname(input);
    const parent = dirname(written.replace(/[\\/]+$/, ''));
    if (resolve(cwd, parent) === machine) return parent;
  }
  return machine;
}
