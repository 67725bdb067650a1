// The shapes the machine lookups answer in: owners resolved to code, the handler query, and the
// file reader a Machine is built on. Source lines and owner kinds are part of the report model.

import type { OwnerKind, SourceLine } from '../model.js';

export type { OwnerKind, SourceLine, SourceRole } from '../model.js';

/** A file of the machine folder that was not read, and why. */
export interface MachineWarning {
  /** path relative to the base directory, with `/` */
  file: string;
  message: string;
}

/** How the files of a machine folder are read. Paths are relative to the machine folder, with `/`. */
export interface MachineFiles {
  /** the machine's Python and YAML files (`.py`, `.yaml`, `.yml`) */
  list(): string[];
  /** a file's text; a string message when it cannot be read */
  read(path: string): { text: string } | { error: string };
  /** the folders that `list()` could not look into, with why: what they hold is unknown, not absent */
  unlistedFolders?: ReadonlyMap<string, string>;
}

/** An owner repr resolved to the machine's code. */
export interface OwnerCode {
  kind: OwnerKind;
  owner: string;
  /** the mode name, or the dotted path of the custom code */
  name: string | null;
  /** the Python class of the machine the owner is an instance of; null when it runs MPF's own */
  className: string | null;
  /** the `class` line of that class; null when not in the machine folder */
  source: SourceLine | null;
  /** the config line that names the code (`code:` of the mode, the `custom_code:` entry) */
  config: SourceLine | null;
  /** when the owner runs no code of the machine, or its class was not found: why */
  note: string | null;
}

/** A handler to find: its callback when the log names one, its owner and its event. */
export interface HandlerQuery {
  /** `Class.method` as the log writes it; null when no line named the callback */
  callback: string | null;
  /** the owner repr (`<Mode.skillshot>`); null when unknown */
  owner: string | null;
  event: string;
}
