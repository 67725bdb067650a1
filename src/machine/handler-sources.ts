// The calls that register an event handler, and why each leaks: a key kept but never removed, a
// removal in a method that is overridden or never called, a global handler added by a mode.

import { classKey, definingClass, enclosingClass, lineage, relatedClasses, scopeCalls, splitQualname } from './class-lineage.js';
import { eventName, REGISTERS } from './events.js';
import { lastName, methodName, optionalNote, type CallRef, type ClassRef, type FolderIndex } from './folder-index.js';
import { NOTES } from './notes.js';
import { ownerClassRef, ownerOf } from './owners.js';
import type { PythonCall } from './python-index.js';
import type { HandlerQuery, SourceLine } from './types.js';

const REMOVES_BY_KEY = new Set(['remove_handler_by_key', 'remove_handlers_by_keys']);
const REMOVES_BY_METHOD = new Set(['remove_handler', 'remove_handler_by_event']);
// Called by MPF or MPF-MC themselves, so a removal there runs without a call in the machine's code.
const FRAMEWORK_HOOKS = new Set([
  '__init__', '__del__', 'mode_init', 'mode_start', 'mode_will_start', 'mode_stop', 'on_load', 'on_connect',
  'stop', 'on_stop', 'device_removed_from_mode', 'device_added_to_mode',
]);
// Methods that run once per object: a handler added there is one per object, not one per call.
const RUN_ONCE = new Set(['__init__', 'mode_init', 'on_load']);

/** The def of a callback and every call that registers a handler for the event, with leak notes. */
export function handlerSources(index: FolderIndex, query: HandlerQuery): SourceLine[] {
  const split = query.callback === null ? null : splitQualname(query.callback);
  // An owner that runs no class of the machine (MPF's own object, a mode without code) has
  // MPF's methods as callbacks: a machine method of the same name is someone else's.
  if (split !== null && query.owner !== null && ownerOf(index, query.owner).className === null) return [];
  const ownerClass = query.owner === null ? null : ownerClassRef(index, query.owner);
  const lines: SourceLine[] = [];
  let defining: ClassRef | null = null;
  if (split !== null) {
    defining = definingClass(index, split.className, split.method, ownerClass);
    // A callback whose class the machine does not define is MPF's (or in a skipped file).
    if (defining === null) return [];
    lines.push(index.sourceLine(defining.file, defining.module, defining.record.methods.get(split.method)!.line, 'defines'));
  }
  const related = defining === null ? null : relatedClasses(index, defining, ownerClass);
  for (const ref of index.calls) {
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
      if (handlerText.startsWith('self.') && related !== null && !related.has(classKey(ref.file, call.className))) continue;
    }
    lines.push({ ...index.callLine(ref, 'registers'), ...optionalNote(registrationNote(index, ref, handler.text, ownerClass)) });
  }
  return lines;
}

function registrationNote(index: FolderIndex, ref: CallRef, handlerText: string, ownerClass: ClassRef | null): string | undefined {
  const call = ref.call;
  if (call.name === 'add_mode_event_handler') return NOTES.modeHandler();
  const enclosing = enclosingClass(index, ref);
  const classLineage = ownerClass !== null ? lineage(index, ownerClass) : enclosing !== null ? lineage(index, enclosing) : [];
  const scope = scopeCalls(index, ref, classLineage);
  const key = call.assignedTo ?? call.appendedTo;
  const removal = scope.find(({ call: other }) =>
    (REMOVES_BY_KEY.has(other.name) && key !== null && other.positional.some((argument) => refersTo(argument.text, key, other)))
    || (REMOVES_BY_METHOD.has(other.name) && other.positional.some((argument) => argument.text === handlerText)));
  const method = methodName(ref);
  if (removal !== undefined) return removalNote(index, removal, classLineage);
  const isMode = classLineage.some((one) => one.record.bases.some((base) => lastName(base) === 'Mode'));
  if (isMode && call.callee.includes('events.') && !RUN_ONCE.has(call.functionName ?? '')) return NOTES.globalHandlerInMode();
  if (RUN_ONCE.has(call.functionName ?? '')) return undefined;
  if (key !== null) return NOTES.keyNeverRemoved(key, method);
  return NOTES.keyNotKept(method);
}

function removalNote(index: FolderIndex, removal: CallRef, classLineage: ClassRef[]): string {
  const removing = methodName(removal);
  const name = removal.call.functionName;
  if (name === null) return NOTES.removedIn(removing);
  // The first class of the owner's lineage that defines the removing method wins (Python's MRO,
  // depth first as written). If that is not the class that removes, the removal may never run.
  const winner = classLineage.find((ref) => ref.record.methods.has(name));
  if (winner !== undefined && winner.record.name !== removal.call.className) {
    const override = winner.record.methods.get(name)!;
    if (!override.superCalls.has(name)) return NOTES.removalOverridden(`${winner.record.name}.${name}`, removing, name);
  }
  if (!FRAMEWORK_HOOKS.has(name) && !isCalledOrPassed(index, name)) {
    return NOTES.removedInUncalled(removing, name);
  }
  return NOTES.removedIn(removing);
}

// Whether code calls a method of this name, or passes it on (as a handler, a callback).
function isCalledOrPassed(index: FolderIndex, name: string): boolean {
  return index.calls.some(({ call }) => call.name === name
    || [...call.positional, ...call.keywords.values()].some((argument) => lastName(argument.partialOf ?? argument.text) === name));
}

// An event name as code writes it may carry a condition `{…}` or a priority `.N`.
function sameEvent(written: string, event: string): boolean {
  return eventName(written) === event.toLowerCase();
}

// Whether a removal's argument is the stored key, or a loop variable over it.
function refersTo(argument: string, key: string, call: PythonCall): boolean {
  if (argument === key) return true;
  const loop = call.loopVariables.indexOf(argument);
  return loop !== -1 && call.loopsOver[loop] === key;
}
