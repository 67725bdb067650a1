// From a culprit named in a log to the lines of the machine folder behind it: the Python class of
// an owner (`<Mode.NAME>`, `<Scriptlet.a.b.C>`, `<CustomCode.a.b.C>`), the `def` of a callback,
// the calls that register it for an event and why they leak, the YAML that defines and plays a
// widget or slide, the clock calls that schedule a callback, and the slides made without a name.
// Pure: the files come through MachineFiles, and nothing here throws on a damaged file.

import { join } from 'node:path';
import { clockSources } from './clock-sources.js';
import { eventsRunning, modeStartEvents } from './events.js';
import { FolderIndex } from './folder-index.js';
import { handlerSources } from './handler-sources.js';
import { anonymousSlideSources, slideSources, widgetSources } from './mc-sources.js';
import { ownerOf } from './owners.js';
import type { HandlerQuery, MachineFiles, MachineWarning, OwnerCode, SourceLine } from './types.js';

export { modeOfOwner, ownerKindOf } from './owners.js';
export type { HandlerQuery, MachineFiles, MachineWarning, OwnerCode, OwnerKind, SourceLine, SourceRole } from './types.js';

/** A machine folder, indexed once, asked many times. */
export class Machine {
  /** files that were skipped, and why */
  readonly warnings: MachineWarning[];
  private readonly index: FolderIndex;

  /**
   * @param dir the machine folder as the user named it (joined to file names, never read here)
   * @param files reads the machine folder
   * @param base the directory output paths are relative to (the current directory)
   */
  constructor(readonly dir: string, files: MachineFiles, base: string) {
    this.index = new FolderIndex(dir, files, base);
    this.warnings = this.index.warnings;
  }

  /** The files it read, as paths under `dir`. */
  filesRead(): string[] {
    return this.index.read.map((file) => join(this.dir, file));
  }

  /** The machine's code behind an owner repr from a log. */
  ownerOf(owner: string): OwnerCode {
    return ownerOf(this.index, owner);
  }

  /** The def of a callback and every call that registers a handler for the event, with leak notes. */
  handlerSources(query: HandlerQuery): SourceLine[] {
    return handlerSources(this.index, query);
  }

  /**
   * The clock calls that schedule a callback (`Class.method`, `partial(Class.method)`), and whether
   * anything cancels them; `owners`, the reprs of the objects the clock names, pick the class.
   */
  clockSources(callback: string, owners: readonly string[] = []): SourceLine[] {
    return clockSources(this.index, callback, owners);
  }

  /**
   * The events whose handlers run a method (`Class.method`), as the code registers them: for
   * `Class.__init__`, the events whose handlers make the class. Nearest first, each once; at most
   * `depth` steps of making classes are followed.
   */
  eventsRunning(method: string, depth?: number): string[] {
    return eventsRunning(this.index, method, depth);
  }

  /** The events a mode's config starts it with (`mode: start_events:`); empty when it has none or no config. */
  modeStartEvents(mode: string): string[] {
    return modeStartEvents(this.index, mode);
  }

  /** Calls that add a slide without a name: each makes an `Anon_<id>` slide config that MC keeps. */
  anonymousSlideSources(): SourceLine[] {
    return anonymousSlideSources(this.index);
  }

  /**
   * The YAML that defines a widget key (`Text:SPINNER BONUS`, `Image:NAME`), the widgets and slides
   * that pull it in, and what plays them. A text is keyed as the dump's repr of it would be.
   */
  widgetSources(key: string, keyOfText?: (text: string) => string): SourceLine[] {
    return widgetSources(this.index, key, keyOfText);
  }

  /** The YAML that defines a slide key (`Slide:NAME`), and what shows it. */
  slideSources(key: string): SourceLine[] {
    return slideSources(this.index, key);
  }

  /** Records a file that was not read; `path` is relative to the machine folder ('' for the folder). */
  addWarning(path: string, message: string): void {
    this.index.addWarning(path, message);
  }
}
