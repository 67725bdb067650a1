// A machine folder read once: its Python modules with their classes and calls, its YAML files, the
// files skipped and why, and the source lines the lookups answer with, relative to the base directory.

import { posix } from 'node:path';
import { WARNINGS } from './notes.js';
import { indexPython, isSyntaxError, type PythonCall, type PythonClass, type PythonModule } from './python-index.js';
import type { MachineFiles, MachineWarning, SourceLine, SourceRole } from './types.js';
import { indexYaml, isYamlSyntaxError, type YamlFile } from './yaml-index.js';

/** A class of the machine, with the module that holds it. */
export interface ClassRef {
  file: string;
  module: PythonModule;
  record: PythonClass;
}

/** A call in the machine's code, with the module that holds it. */
export interface CallRef {
  file: string;
  module: PythonModule;
  call: PythonCall;
}

/** The indexed files of one machine folder, shared by the lookups of a Machine. */
export class FolderIndex {
  /** files that were skipped, and why */
  readonly warnings: MachineWarning[] = [];
  readonly python = new Map<string, PythonModule>();
  readonly yaml: YamlFile[] = [];
  readonly classesByName = new Map<string, ClassRef[]>();
  readonly calls: CallRef[] = [];
  /** files skipped, by path relative to the machine folder, with why */
  readonly skipped = new Map<string, string>();
  /** files read, by path relative to the machine folder */
  readonly read: string[] = [];
  /** folders that could not be looked into, by path relative to the machine folder ('' for itself), with why */
  readonly unlistedFolders: ReadonlyMap<string, string>;

  /**
   * @param dir the machine folder as the user named it (joined to file names, never read here)
   * @param files reads the machine folder
   * @param base the directory output paths are relative to (the current directory)
   */
  constructor(readonly dir: string, files: MachineFiles, private readonly base: string) {
    // Listing finds the folders that cannot be looked into: they are known once it is done.
    const listed = files.list();
    this.unlistedFolders = files.unlistedFolders ?? new Map();
    for (const path of listed) {
      const read = files.read(path);
      if ('error' in read) {
        this.addWarning(path, read.error);
        this.skipped.set(path, read.error);
        continue;
      }
      this.read.push(path);
      if (path.endsWith('.py')) {
        const indexed = indexPython(read.text);
        if (isSyntaxError(indexed)) {
          this.addWarning(path, WARNINGS.pythonSyntax(indexed.line));
          this.skipped.set(path, WARNINGS.pythonSyntax(indexed.line));
          continue;
        }
        this.python.set(path, indexed);
        for (const record of indexed.classes) {
          const refs = this.classesByName.get(record.name) ?? [];
          refs.push({ file: path, module: indexed, record });
          this.classesByName.set(record.name, refs);
        }
        for (const call of indexed.calls) this.calls.push({ file: path, module: indexed, call });
      } else {
        const indexed = indexYaml(path, read.text);
        if (isYamlSyntaxError(indexed)) {
          this.addWarning(path, WARNINGS.yamlSyntax(indexed.line, indexed.message));
          this.skipped.set(path, WARNINGS.yamlSyntax(indexed.line, indexed.message));
          continue;
        }
        this.yaml.push(indexed);
      }
    }
  }

  callLine(ref: CallRef, role: SourceRole): SourceLine {
    return { ...this.sourceLine(ref.file, ref.module, ref.call.line, role), method: methodName(ref) };
  }

  sourceLine(file: string, module: PythonModule, line: number, role: SourceRole): SourceLine {
    return { file: this.relative(file), line, code: module.lines[line - 1] ?? '', role };
  }

  yamlLine(file: YamlFile, line: number, role: SourceRole, note?: string): SourceLine {
    return { file: this.relative(file.path), line, code: file.lines[line - 1] ?? '', role, ...optionalNote(note) };
  }

  /** A path relative to the machine folder, made relative to the base directory. */
  relative(path: string): string {
    const full = posix.join(toPosix(this.dir), path);
    const relative = posix.relative(toPosix(this.base), full);
    return relative === '' ? '.' : relative;
  }

  /**
   * Why the file at `path` (relative to the machine folder) was not read, when it was skipped or a
   * folder above it could not be looked into: the path skipped and why; null when neither.
   */
  skipOf(path: string): { path: string; why: string } | null {
    const skipped = this.skipped.get(path);
    if (skipped !== undefined) return { path, why: skipped };
    const parts = path.split('/');
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      const folder = parts.slice(0, depth).join('/');
      const why = this.unlistedFolders.get(folder);
      if (why !== undefined) return { path: folder, why };
    }
    return null;
  }

  /** Records a file that was not read; `path` is relative to the machine folder ('' for the folder). */
  addWarning(path: string, message: string): void {
    this.warnings.push({ file: this.relative(path), message });
  }
}

// `Class.method`, `module.function` outside a class, `module.<module>` at module level.
export function methodName(ref: CallRef): string {
  return `${ref.call.className ?? posix.basename(ref.file, '.py')}.${ref.call.functionName ?? '<module>'}`;
}

export function topValue(file: YamlFile, key: string): unknown {
  return file.top.find((entry) => entry.key === key)?.value ?? null;
}

export function lastName(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

export function optionalNote(note: string | undefined): { note?: string } {
  return note === undefined ? {} : { note };
}

function toPosix(path: string): string {
  return path.replaceAll('\\', '/');
}
