// The machine folder on disk: where it is (found from the log paths), and its files. The only
// part of src/machine that touches the file system; it never writes.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Machine, type MachineFiles } from './machine.js';
import { WARNINGS } from './notes.js';

/** Files larger than this are not machine code or config but something else left in the folder. */
export const MAX_MACHINE_FILE_BYTES = 2 * 1024 * 1024;
/** The walk stops after this many Python and YAML files. */
export const MAX_MACHINE_FILES = 5000;

// Folders of a machine that hold no code or config of it: MPF's logs and audits, caches,
// environments, version control.
const SKIPPED_FOLDERS = new Set(['logs', 'data', '__pycache__', 'node_modules', 'venv', 'env', 'site-packages']);
const MACHINE_FILE = /\.(?:py|ya?ml)$/;

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

/** Reads a machine folder from disk. A folder that is missing or has no `config/` gives a machine with one warning and no files. */
export function loadMachine(dir: string, base: string = process.cwd()): Machine {
  // A folder that is not a machine's (a home folder given by mistake) is not walked.
  const problem = !isFolder(dir) ? WARNINGS.noFolder() : !isMachineFolder(dir) ? WARNINGS.noMachineFolder() : null;
  if (problem !== null) {
    const machine = new Machine(dir, { list: () => [], read: () => ({ error: problem }) }, base);
    machine.addWarning('', problem);
    return machine;
  }
  const files = diskFiles(dir);
  const machine = new Machine(dir, files, base);
  for (const warning of files.warnings) machine.addWarning(warning.file, warning.message);
  return machine;
}

/** MachineFiles over a folder of the disk, with what it had to leave out. */
export function diskFiles(dir: string): MachineFiles & { warnings: { file: string; message: string }[] } {
  const warnings: { file: string; message: string }[] = [];
  const list = (): string[] => {
    const found: string[] = [];
    const walk = (relative: string): void => {
      let entries;
      try {
        entries = readdirSync(join(dir, relative), { withFileTypes: true });
      } catch {
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory()) {
          // `config/mc.yaml` made a folder by mistake: MPF would not load it either.
          if (MACHINE_FILE.test(entry.name)) warnings.push({ file: path, message: WARNINGS.folderNotFile() });
          if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) walk(path);
        } else if (entry.isFile() && MACHINE_FILE.test(entry.name)) {
          if (found.length === MAX_MACHINE_FILES) {
            if (!warnings.some((warning) => warning.file === '')) warnings.push({ file: '', message: WARNINGS.tooManyFiles(MAX_MACHINE_FILES) });
            return;
          }
          found.push(path);
        }
      }
    };
    walk('');
    return found;
  };
  const read = (path: string): { text: string } | { error: string } => {
    const full = join(dir, path);
    try {
      const size = statSync(full).size;
      if (size > MAX_MACHINE_FILE_BYTES) return { error: WARNINGS.tooLarge(MAX_MACHINE_FILE_BYTES) };
      return { text: readFileSync(full, 'utf8') };
    } catch (error) {
      return { error: WARNINGS.unreadable((error as NodeJS.ErrnoException).code ?? String(error)) };
    }
  };
  return { list, read, warnings };
}

function isFolder(path: string): boolean {
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
