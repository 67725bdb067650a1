// From a culprit named in a log to the lines of the machine folder behind it: the Python class of
// an owner (`<Mode.NAME>`, `<Scriptlet.a.b.C>`, `<CustomCode.a.b.C>`), the `def` of a callback,
// the calls that register it for an event and why they leak, the YAML that defines and plays a
// widget or slide, the clock calls that schedule a callback, and the slides made without a name.
// Pure: the files come through MachineFiles, and nothing here throws on a damaged file.

import { posix } from 'node:path';
import type { OwnerKind, SourceLine, SourceRole } from '../model.js';
import { keyOfRepr } from '../parse/normalize.js';
import { NOTES, WARNINGS } from './notes.js';
import { indexPython, isSyntaxError, type PythonCall, type PythonClass, type PythonModule } from './python-index.js';
import { entriesOf, firstLineOf, indexYaml, isYamlSyntaxError, itemsOf, scalarText, valueAt, type YamlEntry, type YamlFile } from './yaml-index.js';

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

const REGISTERS = new Set(['add_handler', 'add_async_handler', 'replace_handler', 'add_mode_event_handler', 'add_mpf_event_handler']);
const REMOVES_BY_KEY = new Set(['remove_handler_by_key', 'remove_handlers_by_keys']);
const REMOVES_BY_METHOD = new Set(['remove_handler', 'remove_handler_by_event']);
const SCHEDULES = new Set(['schedule_interval', 'schedule_once', 'create_trigger', 'schedule_del_safe']);
const REPEATING = new Set(['schedule_interval']);
const UNSCHEDULES = new Set(['unschedule']);
// Called by MPF or MPF-MC themselves, so a removal there runs without a call in the machine's code.
const FRAMEWORK_HOOKS = new Set([
  '__init__', '__del__', 'mode_init', 'mode_start', 'mode_will_start', 'mode_stop', 'on_load', 'on_connect',
  'stop', 'on_stop', 'device_removed_from_mode', 'device_added_to_mode',
]);
// Methods that run once per object: a handler added there is one per object, not one per call.
const RUN_ONCE = new Set(['__init__', 'mode_init', 'on_load']);

/** `<Mode.NAME>`: a mode's repr. */
const MODE_OWNER = /^<Mode\.([^<>]+)>$/;
/** `<Scriptlet.a.b.C>` (MPF custom code) and `<CustomCode.a.b.C>` (MPF-MC custom code). */
const CUSTOM_CODE_OWNER = /^<(Scriptlet|CustomCode)\.([\w.]+)>$/;

/** Who an owner repr is, from the repr alone. */
export function ownerKindOf(owner: string): OwnerKind {
  if (MODE_OWNER.test(owner)) return 'mode';
  const custom = CUSTOM_CODE_OWNER.exec(owner);
  if (custom) return custom[1] === 'Scriptlet' ? 'custom-code' : 'mc-custom-code';
  return 'mpf';
}

/** The mode's name of a `<Mode.NAME>` repr; null for any other. */
export function modeOfOwner(owner: string): string | null {
  return MODE_OWNER.exec(owner)?.[1] ?? null;
}

interface ClassRef {
  file: string;
  module: PythonModule;
  record: PythonClass;
}

interface CallRef {
  file: string;
  module: PythonModule;
  call: PythonCall;
}

/** A machine folder, indexed once, asked many times. */
export class Machine {
  /** files that were skipped, and why */
  readonly warnings: MachineWarning[] = [];
  private readonly python = new Map<string, PythonModule>();
  private readonly yaml: YamlFile[] = [];
  private readonly classesByName = new Map<string, ClassRef[]>();
  private readonly calls: CallRef[] = [];
  /** files skipped, by path relative to the machine folder, with why */
  private readonly skipped = new Map<string, string>();

  /**
   * @param dir the machine folder as the user named it (joined to file names, never read here)
   * @param files reads the machine folder
   * @param base the directory output paths are relative to (the current directory)
   */
  constructor(readonly dir: string, files: MachineFiles, private readonly base: string) {
    for (const path of files.list()) {
      const read = files.read(path);
      if ('error' in read) {
        this.addWarning(path, read.error);
        this.skipped.set(path, read.error);
        continue;
      }
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

  /** The machine's code behind an owner repr from a log. */
  ownerOf(owner: string): OwnerCode {
    const mode = MODE_OWNER.exec(owner);
    if (mode) return this.modeOwner(owner, mode[1]!);
    const custom = CUSTOM_CODE_OWNER.exec(owner);
    if (custom) {
      const kind = custom[1] === 'Scriptlet' ? 'custom-code' : 'mc-custom-code';
      const dotted = custom[2]!;
      const sections = kind === 'custom-code' ? ['custom_code', 'scriptlets'] : ['mc_custom_code', 'mc_scriptlets'];
      const code = this.classAt(dotted, []);
      return {
        kind, owner, name: dotted, className: lastName(dotted),
        source: code.ref === null ? null : this.classLine(code.ref, owner),
        config: this.listEntry(sections, dotted),
        note: code.ref === null ? this.classMissing(lastName(dotted), code.tried) : null,
      };
    }
    return { kind: 'mpf', owner, name: null, className: null, source: null, config: null, note: NOTES.mpfOwn(owner) };
  }

  /** The def of a callback and every call that registers a handler for the event, with leak notes. */
  handlerSources(query: HandlerQuery): SourceLine[] {
    const split = query.callback === null ? null : splitQualname(query.callback);
    // An owner that runs no class of the machine (MPF's own object, a mode without code) has
    // MPF's methods as callbacks: a machine method of the same name is someone else's.
    if (split !== null && query.owner !== null && this.ownerOf(query.owner).className === null) return [];
    const ownerClass = query.owner === null ? null : this.ownerClassRef(query.owner);
    const lines: SourceLine[] = [];
    let defining: ClassRef | null = null;
    if (split !== null) {
      defining = this.definingClass(split.className, split.method, ownerClass);
      // A callback whose class the machine does not define is MPF's (or in a skipped file).
      if (defining === null) return [];
      lines.push(this.sourceLine(defining.file, defining.module, defining.record.methods.get(split.method)!.line, 'defines'));
    }
    const related = defining === null ? null : this.relatedClasses(defining, ownerClass);
    for (const ref of this.calls) {
      const call = ref.call;
      if (!REGISTERS.has(call.name)) continue;
      const eventArgument = call.keywords.get('event') ?? call.positional[0];
      if (eventArgument?.string === undefined || eventArgument.string === null) continue;
      if (!sameEvent(eventArgument.string, query.event)) continue;
      const handler = call.keywords.get('handler') ?? call.positional[1];
      if (handler === undefined) continue;
      if (split !== null) {
        const handlerText = handler.partialOf ?? handler.text;
        if (lastName(handlerText) !== split.method) continue;
        if (handlerText.startsWith('self.') && related !== null && !related.has(call.className ?? '')) continue;
      }
      lines.push({ ...this.callLine(ref, 'registers'), ...optionalNote(this.registrationNote(ref, handler.text, ownerClass)) });
    }
    return lines;
  }

  /** The clock calls that schedule a callback (`Class.method`, `partial(Class.method)`), and whether anything cancels them. */
  clockSources(callback: string): SourceLine[] {
    const inner = /^partial\((.*)\)$/.exec(callback)?.[1] ?? callback;
    const split = splitQualname(inner);
    if (split === null) return [];
    const defining = this.definingClass(split.className, split.method, null);
    const lines: SourceLine[] = [];
    if (defining !== null) {
      lines.push(this.sourceLine(defining.file, defining.module, defining.record.methods.get(split.method)!.line, 'defines'));
    }
    const related = defining === null ? null : this.relatedClasses(defining, null);
    for (const ref of this.calls) {
      const call = ref.call;
      if (!SCHEDULES.has(call.name)) continue;
      const target = call.keywords.get('callback') ?? call.positional[0];
      if (target === undefined) continue;
      const text = target.partialOf ?? target.text;
      if (lastName(text) !== split.method) continue;
      if (text.startsWith('self.') && related !== null && !related.has(call.className ?? '')) continue;
      lines.push({ ...this.callLine(ref, 'schedules'), note: this.scheduleNote(ref, text) });
    }
    return lines;
  }

  /**
   * The events whose handlers run a method (`Class.method`), as the code registers them: for
   * `Class.__init__`, the events whose handlers make the class. Nearest first, each once; at most
   * `depth` steps of making classes are followed.
   */
  eventsRunning(method: string, depth = 3): string[] {
    const split = splitQualname(method);
    if (split === null || depth <= 0) return [];
    const events: string[] = [];
    const add = (event: string): void => {
      if (!events.includes(event)) events.push(event);
    };
    if (split.method === '__init__') {
      for (const { call } of this.calls) {
        if (call.name !== split.className || call.className === null || call.functionName === null) continue;
        for (const event of this.eventsRunning(`${call.className}.${call.functionName}`, depth - 1)) add(event);
      }
      return events;
    }
    const defining = this.definingClass(split.className, split.method, null);
    const related = defining === null ? null : this.relatedClasses(defining, null);
    for (const { call } of this.calls) {
      if (!REGISTERS.has(call.name)) continue;
      const handler = call.keywords.get('handler') ?? call.positional[1];
      const event = (call.keywords.get('event') ?? call.positional[0])?.string;
      if (handler === undefined || event === undefined || event === null) continue;
      const handlerText = handler.partialOf ?? handler.text;
      if (lastName(handlerText) !== split.method) continue;
      if (handlerText.startsWith('self.') && related !== null && !related.has(call.className ?? '')) continue;
      add(eventName(event));
    }
    return events;
  }

  /** The events a mode's config starts it with (`mode: start_events:`); empty when it has none or no config. */
  modeStartEvents(mode: string): string[] {
    const paths = [`modes/${mode}/config/${mode}.yaml`, `modes/${mode}/config/${mode}.yml`];
    const config = this.yaml.find((file) => paths.includes(file.path));
    if (config === undefined) return [];
    const value = valueAt(config, topValue(config, 'mode'), 'start_events')?.value;
    const written = scalarText(value);
    const names = written !== null ? written.split(/[\s,]+/) : itemsOf(value).map((item) => scalarText(item) ?? '');
    return names.filter(Boolean).map(eventName);
  }

  /** Calls that add a slide without a name: each makes an `Anon_<id>` slide config that MC keeps. */
  anonymousSlideSources(): SourceLine[] {
    const lines: SourceLine[] = [];
    for (const ref of this.calls) {
      const call = ref.call;
      const named = call.name === 'add_and_show_slide'
        ? call.keywords.has('slide_name') || call.positional.length >= 2
        : call.name === 'add_slide' ? call.keywords.has('name') || call.positional.length >= 1 : true;
      if (named) continue;
      lines.push({ ...this.callLine(ref, 'plays'), note: NOTES.anonymousSlide(call.name) });
    }
    return lines;
  }

  /**
   * The YAML that defines a widget key (`Text:SPINNER BONUS`, `Image:NAME`), the widgets and slides
   * that pull it in, and what plays them. A text is keyed as the dump's repr of it would be.
   */
  widgetSources(key: string, keyOfText: (text: string) => string = textWidgetKey): SourceLine[] {
    const colon = key.indexOf(':');
    if (colon === -1) return [];
    const type = key.slice(0, colon);
    const value = key.slice(colon + 1);
    const matches = (element: unknown, file: YamlFile): YamlEntry | null => {
      const elementType = scalarText(valueAt(file, element, 'type')?.value)?.toLowerCase();
      if (type === 'Text' && elementType === 'text') {
        const text = valueAt(file, element, 'text');
        const written = scalarText(text?.value);
        return text !== undefined && written !== null && keyOfText(written) === keyOfText(value) ? text : null;
      }
      if ((type === 'Image' || type === 'Video') && elementType === type.toLowerCase()) {
        const name = valueAt(file, element, type.toLowerCase());
        return name !== undefined && scalarText(name.value) === value ? name : null;
      }
      return null;
    };
    return this.containerSources(matches, (holder, kind) => NOTES.widgetElement(type.toLowerCase(), kind, holder));
  }

  /** The YAML that defines a slide key (`Slide:NAME`), and what shows it. */
  slideSources(key: string): SourceLine[] {
    if (!key.startsWith('Slide:')) return [];
    const name = key.slice('Slide:'.length);
    const lines: SourceLine[] = [];
    for (const file of this.yaml) {
      for (const slide of entriesOf(file, topValue(file, 'slides'))) {
        if (slide.key === name) lines.push(this.yamlLine(file, slide.line, 'defines', NOTES.slideDefinition(name)));
      }
    }
    for (const line of this.playerSources(new Set(), new Set([name]))) lines.push(line);
    for (const line of this.codeNaming(new Set([name]), 'slide')) lines.push(line);
    return lines;
  }

  private containerSources(
    matches: (element: unknown, file: YamlFile) => YamlEntry | null,
    describe: (holder: string, kind: 'widget' | 'slide') => string,
  ): SourceLine[] {
    const lines: SourceLine[] = [];
    const widgets = new Set<string>();
    const slides = new Set<string>();
    for (const file of this.yaml) {
      for (const [section, kind] of [['widgets', 'widget'], ['slides', 'slide']] as const) {
        for (const holder of entriesOf(file, topValue(file, section))) {
          for (const element of elementsOf(file, holder.value)) {
            const found = matches(element, file);
            if (found === null) continue;
            lines.push(this.yamlLine(file, found.line, 'defines', describe(holder.key, kind)));
            (kind === 'widget' ? widgets : slides).add(holder.key);
          }
        }
      }
    }
    if (widgets.size === 0 && slides.size === 0) return lines;
    // Widgets and slides that pull a matching widget in with `- widget: NAME`, to any depth.
    for (let grew = true; grew;) {
      grew = false;
      for (const file of this.yaml) {
        for (const [section, kind] of [['widgets', 'widget'], ['slides', 'slide']] as const) {
          for (const holder of entriesOf(file, topValue(file, section))) {
            const holders = kind === 'widget' ? widgets : slides;
            if (holders.has(holder.key)) continue;
            for (const element of elementsOf(file, holder.value)) {
              const reference = valueAt(file, element, 'widget');
              const referenced = scalarText(reference?.value);
              if (reference === undefined || referenced === null || !widgets.has(referenced)) continue;
              lines.push(this.yamlLine(file, reference.line, 'defines', NOTES.widgetReference(holder.key, kind, holder.line, holder.endLine, referenced)));
              holders.add(holder.key);
              grew = true;
              break;
            }
          }
        }
      }
    }
    for (const line of this.playerSources(widgets, slides)) lines.push(line);
    for (const line of this.codeNaming(widgets, 'widget')) lines.push(line);
    for (const line of this.codeNaming(slides, 'slide')) lines.push(line);
    return lines;
  }

  // widget_player and slide_player entries (in any config, modes too) that show these widgets or slides.
  private playerSources(widgets: Set<string>, slides: Set<string>): SourceLine[] {
    const lines: SourceLine[] = [];
    const removers = new Map<string, string>();
    const plays: { file: YamlFile; event: YamlEntry; widget: string; settings: unknown }[] = [];
    for (const file of this.yaml) {
      for (const event of entriesOf(file, topValue(file, 'widget_player'))) {
        for (const shown of playedNames(file, event.value)) {
          if (!widgets.has(shown.name)) continue;
          if (scalarText(valueAt(file, shown.settings, 'action')?.value) === 'remove') removers.set(shown.name, event.key);
          plays.push({ file, event, widget: shown.name, settings: shown.settings });
        }
      }
      for (const event of entriesOf(file, topValue(file, 'slide_player'))) {
        for (const shown of playedNames(file, event.value)) {
          if (slides.has(shown.name)) lines.push(this.yamlLine(file, event.line, 'plays', NOTES.slidePlayer(event.key, shown.name)));
        }
      }
    }
    for (const play of plays) {
      const { file, event, widget, settings } = play;
      const action = scalarText(valueAt(file, settings, 'action')?.value);
      const expire = scalarText(valueAt(file, settings, 'expire')?.value)
        ?? scalarText(valueAt(file, valueAt(file, settings, 'widget_settings')?.value, 'expire')?.value);
      const slide = scalarText(valueAt(file, settings, 'slide')?.value);
      const remover = removers.get(widget);
      const note = action === 'remove' ? NOTES.widgetPlayerRemoves(event.key, widget)
        : expire !== null ? NOTES.widgetPlayerExpires(event.key, widget, expire)
        : remover !== undefined ? NOTES.widgetPlayerRemovedElsewhere(event.key, widget, remover)
        : NOTES.widgetPlayerStays(event.key, widget, slide, event.line, event.endLine);
      lines.push(this.yamlLine(file, event.line, 'plays', note));
    }
    return lines;
  }

  private codeNaming(names: Set<string>, kind: 'widget' | 'slide'): SourceLine[] {
    const lines: SourceLine[] = [];
    for (const [file, module] of this.python) {
      for (const string of module.strings) {
        if (names.has(string.value)) lines.push({ ...this.sourceLine(file, module, string.line, 'plays'), note: NOTES.codeNames(kind, string.value) });
      }
    }
    return lines;
  }

  private modeOwner(owner: string, mode: string): OwnerCode {
    const paths = [`modes/${mode}/config/${mode}.yaml`, `modes/${mode}/config/${mode}.yml`];
    const config = this.yaml.find((file) => paths.includes(file.path));
    const base = { kind: 'mode' as const, owner, name: mode };
    const skipped = paths.find((path) => this.skipped.has(path));
    if (config === undefined && skipped !== undefined) {
      return { ...base, className: null, source: null, config: null, note: NOTES.modeConfigSkipped(this.relative(skipped), this.skipped.get(skipped)!) };
    }
    if (config === undefined) return { ...base, className: null, source: null, config: null, note: NOTES.mpfOwnMode(mode) };
    const code = valueAt(config, topValue(config, 'mode'), 'code');
    const dotted = scalarText(code?.value);
    if (code === undefined || dotted === null) return { ...base, className: null, source: null, config: null, note: NOTES.modeWithoutCode(mode) };
    const configLine = this.yamlLine(config, code.line, 'defines');
    const found = this.classAt(dotted, [`modes/${mode}/code`]);
    return {
      ...base,
      className: lastName(dotted),
      source: found.ref === null ? null : this.classLine(found.ref, owner),
      config: configLine,
      note: found.ref === null ? this.classMissing(lastName(dotted), found.tried) : null,
    };
  }

  private classMissing(className: string, tried: string[]): string {
    const skipped = tried.find((path) => this.skipped.has(path));
    if (skipped !== undefined) return NOTES.classInSkippedFile(className, this.relative(skipped), this.skipped.get(skipped)!);
    return NOTES.classNotFound(className, tried);
  }

  // A dotted class path: the module from the machine folder first, then under each fallback folder.
  private classAt(dotted: string, fallbacks: string[]): { ref: ClassRef | null; tried: string[] } {
    const parts = dotted.split('.');
    const className = parts.pop()!;
    const modulePath = parts.join('/');
    const tried: string[] = [];
    for (const folder of ['', ...fallbacks]) {
      for (const candidate of [`${modulePath}.py`, `${modulePath}/__init__.py`]) {
        const path = folder === '' ? candidate : `${folder}/${candidate}`;
        tried.push(path);
        const module = this.python.get(path);
        const record = module?.classes.find((one) => one.name === className);
        if (module !== undefined && record !== undefined) return { ref: { file: path, module, record }, tried };
      }
    }
    return { ref: null, tried: tried.filter((path) => !path.endsWith('/__init__.py')) };
  }

  private ownerClassRef(owner: string): ClassRef | null {
    const code = this.ownerOf(owner);
    if (code.source === null || code.className === null) return null;
    return (this.classesByName.get(code.className) ?? []).find((ref) => this.relative(ref.file) === code.source!.file) ?? null;
  }

  // The class named `className` that defines `method`: in the owner's class or its bases first.
  private definingClass(className: string, method: string, ownerClass: ClassRef | null): ClassRef | null {
    if (ownerClass !== null) {
      const inLine = this.lineage(ownerClass).find((ref) => ref.record.name === className && ref.record.methods.has(method));
      if (inLine !== undefined) return inLine;
    }
    return (this.classesByName.get(className) ?? []).find((ref) => ref.record.methods.has(method)) ?? null;
  }

  // A class and its bases found in the machine, nearest first (depth first, as written).
  private lineage(start: ClassRef): ClassRef[] {
    const seen: ClassRef[] = [];
    const visit = (ref: ClassRef): void => {
      if (seen.includes(ref)) return;
      seen.push(ref);
      for (const base of ref.record.bases) {
        const candidates = this.classesByName.get(lastName(base)) ?? [];
        const next = candidates.find((one) => one.file === ref.file) ?? candidates[0];
        if (next !== undefined) visit(next);
      }
    };
    visit(start);
    return seen;
  }

  // Names of the classes whose `self.X` can be the callback: the defining class, its subclasses,
  // and the owner's class with its bases.
  private relatedClasses(defining: ClassRef, ownerClass: ClassRef | null): Set<string> {
    const names = new Set<string>([defining.record.name]);
    for (const refs of this.classesByName.values()) {
      for (const ref of refs) if (this.lineage(ref).includes(defining)) names.add(ref.record.name);
    }
    if (ownerClass !== null) for (const ref of this.lineage(ownerClass)) names.add(ref.record.name);
    return names;
  }

  private registrationNote(ref: CallRef, handlerText: string, ownerClass: ClassRef | null): string | undefined {
    const call = ref.call;
    if (call.name === 'add_mode_event_handler') return NOTES.modeHandler();
    const enclosing = this.enclosingClass(ref);
    const lineage = ownerClass !== null ? this.lineage(ownerClass) : enclosing !== null ? this.lineage(enclosing) : [];
    const scope = this.scopeCalls(ref, lineage);
    const key = call.assignedTo ?? call.appendedTo;
    const removal = scope.find(({ call: other }) =>
      (REMOVES_BY_KEY.has(other.name) && key !== null && other.positional.some((argument) => refersTo(argument.text, key, other)))
      || (REMOVES_BY_METHOD.has(other.name) && other.positional.some((argument) => argument.text === handlerText)));
    const method = methodName(ref);
    if (removal !== undefined) return this.removalNote(removal, lineage);
    const isMode = lineage.some((one) => one.record.bases.some((base) => lastName(base) === 'Mode'));
    if (isMode && call.callee.includes('events.') && !RUN_ONCE.has(call.functionName ?? '')) return NOTES.globalHandlerInMode();
    if (RUN_ONCE.has(call.functionName ?? '')) return undefined;
    if (key !== null) return NOTES.keyNeverRemoved(key, method);
    return NOTES.keyNotKept(method);
  }

  private removalNote(removal: CallRef, lineage: ClassRef[]): string {
    const removing = methodName(removal);
    const name = removal.call.functionName;
    if (name === null) return NOTES.removedIn(removing);
    // The first class of the owner's lineage that defines the removing method wins (Python's MRO,
    // depth first as written). If that is not the class that removes, the removal may never run.
    const winner = lineage.find((ref) => ref.record.methods.has(name));
    if (winner !== undefined && winner.record.name !== removal.call.className) {
      const override = winner.record.methods.get(name)!;
      if (!override.superCalls.has(name)) return NOTES.removalOverridden(`${winner.record.name}.${name}`, removing, name);
    }
    if (!FRAMEWORK_HOOKS.has(name) && !this.isCalledOrPassed(name)) {
      return NOTES.removedInUncalled(removing, name);
    }
    return NOTES.removedIn(removing);
  }

  // Whether code calls a method of this name, or passes it on (as a handler, a callback).
  private isCalledOrPassed(name: string): boolean {
    return this.calls.some(({ call }) => call.name === name
      || [...call.positional, ...call.keywords.values()].some((argument) => lastName(argument.partialOf ?? argument.text) === name));
  }

  private scheduleNote(ref: CallRef, callbackText: string): string {
    const call = ref.call;
    if (!REPEATING.has(call.name)) return NOTES.scheduleOnce();
    const enclosing = this.enclosingClass(ref);
    const scope = this.scopeCalls(ref, enclosing === null ? [] : this.lineage(enclosing));
    const kept = call.assignedTo;
    const cancel = scope.find(({ call: other }) =>
      (other.name === 'cancel' && kept !== null && other.callee === `${kept}.cancel`)
      || (UNSCHEDULES.has(other.name) && other.positional.some((argument) => argument.text === callbackText || (kept !== null && argument.text === kept))));
    if (cancel !== undefined) return NOTES.scheduleCancelledIn(methodName(cancel));
    return NOTES.scheduleRepeatsNeverCancelled(methodName(ref), kept);
  }

  private enclosingClass(ref: CallRef): ClassRef | null {
    if (ref.call.className === null) return null;
    return (this.classesByName.get(ref.call.className) ?? []).find((one) => one.file === ref.file) ?? null;
  }

  // The calls that can undo `ref`: in the classes of the lineage and the subclasses of them for
  // `self.` state, in the same function for a local name, in the same file otherwise.
  private scopeCalls(ref: CallRef, lineage: ClassRef[]): CallRef[] {
    const classes = new Set(lineage.map((one) => `${one.file}\u0000${one.record.name}`));
    const enclosing = this.enclosingClass(ref);
    if (enclosing !== null) {
      classes.add(`${enclosing.file}\u0000${enclosing.record.name}`);
      for (const refs of this.classesByName.values()) {
        for (const one of refs) if (this.lineage(one).includes(enclosing)) classes.add(`${one.file}\u0000${one.record.name}`);
      }
    }
    return this.calls.filter((other) => other.call.className === null
      ? other.file === ref.file
      : classes.has(`${other.file}\u0000${other.call.className}`));
  }

  private listEntry(sections: string[], dotted: string): SourceLine | null {
    for (const file of this.yaml) {
      for (const section of sections) {
        const list = topValue(file, section);
        for (const item of itemsOf(list)) {
          if (scalarText(item) !== dotted) continue;
          const line = firstLineOf(file, item);
          if (line !== null) return this.yamlLine(file, line, 'defines');
        }
        // `custom_code: a.b.C, d.e.F` written as one string
        const written = scalarText(list);
        const entry = file.top.find((one) => one.key === section);
        if (written !== null && entry !== undefined && written.split(/[\s,]+/).includes(dotted)) return this.yamlLine(file, entry.line, 'defines');
      }
    }
    return null;
  }

  private classLine(ref: ClassRef, owner: string): SourceLine {
    return { ...this.sourceLine(ref.file, ref.module, ref.record.line, 'defines'), note: NOTES.classOfOwner(owner) };
  }

  private callLine(ref: CallRef, role: SourceRole): SourceLine {
    return { ...this.sourceLine(ref.file, ref.module, ref.call.line, role), method: methodName(ref) };
  }

  private sourceLine(file: string, module: PythonModule, line: number, role: SourceRole): SourceLine {
    return { file: this.relative(file), line, code: module.lines[line - 1] ?? '', role };
  }

  private yamlLine(file: YamlFile, line: number, role: SourceRole, note?: string): SourceLine {
    return { file: this.relative(file.path), line, code: file.lines[line - 1] ?? '', role, ...optionalNote(note) };
  }

  private relative(path: string): string {
    const full = posix.join(toPosix(this.dir), path);
    const relative = posix.relative(toPosix(this.base), full);
    return relative === '' ? '.' : relative;
  }

  /** Records a file that was not read; `path` is relative to the machine folder ('' for the folder). */
  addWarning(path: string, message: string): void {
    this.warnings.push({ file: this.relative(path), message });
  }
}

// `Class.method`, `module.function` outside a class, `module.<module>` at module level.
function methodName(ref: CallRef): string {
  return `${ref.call.className ?? posix.basename(ref.file, '.py')}.${ref.call.functionName ?? '<module>'}`;
}

function textWidgetKey(text: string): string {
  return keyOfRepr(`<Text Widget text=${text}>`);
}

function toPosix(path: string): string {
  return path.replaceAll('\\', '/');
}

function topValue(file: YamlFile, key: string): unknown {
  return file.top.find((entry) => entry.key === key)?.value ?? null;
}

// The elements of a widget or slide definition: a list of widget maps, one map, or `widgets:` of
// a slide written as a map.
function elementsOf(file: YamlFile, value: unknown): unknown[] {
  const widgetsEntry = valueAt(file, value, 'widgets');
  return itemsOf(widgetsEntry !== undefined ? widgetsEntry.value : value);
}

// What one widget_player / slide_player event entry shows: `event: name`, `event: [a, b]` or
// `event: {name: settings}`.
function playedNames(file: YamlFile, value: unknown): { name: string; settings: unknown }[] {
  const single = scalarText(value);
  if (single !== null) return single.split(/\s*,\s*/).filter(Boolean).map((name) => ({ name, settings: null }));
  const entries = entriesOf(file, value);
  if (entries.length > 0) return entries.map((entry) => ({ name: entry.key, settings: entry.value }));
  return itemsOf(value).map((item) => scalarText(item)).filter((name): name is string => name !== null).map((name) => ({ name, settings: null }));
}

function splitQualname(qualname: string): { className: string; method: string } | null {
  const dot = qualname.lastIndexOf('.');
  if (dot <= 0) return null;
  const method = qualname.slice(dot + 1);
  const className = lastName(qualname.slice(0, dot));
  return className === '<locals>' || className === '' ? null : { className, method };
}

function lastName(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

// An event name as code writes it may carry a condition `{…}` or a priority `.N`.
function sameEvent(written: string, event: string): boolean {
  return eventName(written) === event.toLowerCase();
}

// The event of a name as code or config writes it: without a condition `{…}` or a priority `.N`.
function eventName(written: string): string {
  const brace = written.indexOf('{');
  let name = brace === -1 ? written : written.slice(0, brace);
  const dot = name.lastIndexOf('.');
  if (dot > 0 && /^\d+$/.test(name.slice(dot + 1))) name = name.slice(0, dot);
  return name.trim().toLowerCase();
}

// Whether a removal's argument is the stored key, or a loop variable over it.
function refersTo(argument: string, key: string, call: PythonCall): boolean {
  if (argument === key) return true;
  const loop = call.loopVariables.indexOf(argument);
  return loop !== -1 && call.loopsOver[loop] === key;
}

function optionalNote(note: string | undefined): { note?: string } {
  return note === undefined ? {} : { note };
}
