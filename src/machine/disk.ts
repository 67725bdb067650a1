// The machine folder's files on disk, read into a Machine. With folder.ts (where the folder is),
// the only part of src/machine that touches the file system; neither writes.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isFolder, isMachineFolder } from './folder.js';
import { Machine, type MachineFiles } from './machine.js';
import { WARNINGS } from './notes.js';

export { findMachineFolder, isMachineFolder, logsFoldersWithoutMachine, machineFolderProblem } from './folder.js';

/** Files larger than this are not machine code or config but something else left in the folder. */
export const MAX_MACHINE_FILE_BYTES = 2 * 1024 * 1024;
/** The walk stops after this many Python and YAML files. */
export const MAX_MACHINE_FILES = 5000;

// Folders of a machine that hold no code or config of it: MPF's logs and audits, caches,
// environments, version control.
const SKIPPED_FOLDERS = new Set(['logs', 'data', '__pycache__', 'node_modules', 'venv', 'env', 'site-packages']);
const MACHINE_FILE = /\.(?:py|ya?ml)$/;

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
  const unlistedFolders = new Map<string, string>();
  const list = (): string[] => {
    const found: string[] = [];
    const walk = (relative: string): void => {
      let entries;
      try {
        entries = readdirSync(join(dir, relative), { withFileTypes: true });
      } catch (error) {
        const why = WARNINGS.unreadable((error as NodeJS.ErrnoException).code ?? String(error));
        warnings.push({ file: relative, message: why });
        unlistedFolders.set(relative, why);
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
  return { list, read, warnings, unlistedFolders };
}
