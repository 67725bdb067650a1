// The clock calls that schedule a callback, and whether anything cancels a repeating one.

import { classKey, definingClass, enclosingClass, lineage, relatedClasses, scopeCalls, splitQualname } from './class-lineage.js';
import { lastName, methodName, type CallRef, type FolderIndex } from './folder-index.js';
import { NOTES } from './notes.js';
import { ownerClassRef } from './owners.js';
import type { SourceLine } from './types.js';

const SCHEDULES = new Set(['schedule_interval', 'schedule_once', 'create_trigger', 'schedule_del_safe']);
const REPEATING = new Set(['schedule_interval']);
const UNSCHEDULES = new Set(['unschedule']);

/**
 * The clock calls that schedule a callback (`Class.method`, `partial(Class.method)`), and whether
 * anything cancels them. `owners`: the reprs of the objects whose method it is, as the clock
 * printed them (`<CustomCode.code.mc_hurry_up.HurryUpDisplay>`): the class their dotted path
 * names wins over a class of the same name elsewhere in the folder.
 */
export function clockSources(index: FolderIndex, callback: string, owners: readonly string[] = []): SourceLine[] {
  const inner = /^partial\((.*)\)$/.exec(callback)?.[1] ?? callback;
  const split = splitQualname(inner);
  if (split === null) return [];
  const ownerClass = owners.map((owner) => ownerClassRef(index, owner)).find((ref) => ref !== null) ?? null;
  const defining = definingClass(index, split.className, split.method, ownerClass);
  const lines: SourceLine[] = [];
  if (defining !== null) {
    lines.push(index.sourceLine(defining.file, defining.module, defining.record.methods.get(split.method)!.line, 'defines'));
  }
  const related = defining === null ? null : relatedClasses(index, defining, ownerClass);
  for (const ref of index.calls) {
    const call = ref.call;
    if (!SCHEDULES.has(call.name)) continue;
    const target = call.keywords.get('callback') ?? call.positional[0];
    if (target === undefined) continue;
    const text = target.partialOf ?? target.text;
    if (lastName(text) !== split.method) continue;
    if (text.startsWith('self.') && related !== null && !related.has(classKey(ref.file, call.className))) continue;
    lines.push({ ...index.callLine(ref, 'schedules'), note: scheduleNote(index, ref, text) });
  }
  return lines;
}

function scheduleNote(index: FolderIndex, ref: CallRef, callbackText: string): string {
  const call = ref.call;
  if (!REPEATING.has(call.name)) return NOTES.scheduleOnce();
  const enclosing = enclosingClass(index, ref);
  const scope = scopeCalls(index, ref, enclosing === null ? [] : lineage(index, enclosing));
  const kept = call.assignedTo;
  const cancel = scope.find(({ call: other }) =>
    (other.name === 'cancel' && kept !== null && other.callee === `${kept}.cancel`)
    || (UNSCHEDULES.has(other.name) && other.positional.some((argument) => argument.text === callbackText || (kept !== null && argument.text === kept))));
  if (cancel !== undefined) return NOTES.scheduleCancelledIn(methodName(cancel));
  return NOTES.scheduleRepeatsNeverCancelled(methodName(ref), kept);
}
