// The events behind a culprit: an event name as code and config write it, the events whose
// handlers run a method, and the events a mode's config starts it with.

import { classKey, definingClass, relatedClasses, splitQualname } from './class-lineage.js';
import { lastName, topValue, type FolderIndex } from './folder-index.js';
import { itemsOf, scalarText, valueAt } from './yaml-index.js';

/** The calls that register a handler for an event. */
export const REGISTERS = new Set(['add_handler', 'add_async_handler', 'replace_handler', 'add_mode_event_handler', 'add_mpf_event_handler']);

/**
 * The events whose handlers run a method (`Class.method`), as the code registers them: for
 * `Class.__init__`, the events whose handlers make the class. Nearest first, each once; at most
 * `depth` steps of making classes are followed.
 */
export function eventsRunning(index: FolderIndex, method: string, depth = 3): string[] {
  const split = splitQualname(method);
  if (split === null || depth <= 0) return [];
  const events: string[] = [];
  const add = (event: string): void => {
    if (!events.includes(event)) events.push(event);
  };
  if (split.method === '__init__') {
    for (const { call } of index.calls) {
      if (call.name !== split.className || call.className === null || call.functionName === null) continue;
      for (const event of eventsRunning(index, `${call.className}.${call.functionName}`, depth - 1)) add(event);
    }
    return events;
  }
  const defining = definingClass(index, split.className, split.method, null);
  const related = defining === null ? null : relatedClasses(index, defining, null);
  for (const { call, file } of index.calls) {
    if (!REGISTERS.has(call.name)) continue;
    const handler = call.keywords.get('handler') ?? call.positional[1];
    const event = (call.keywords.get('event') ?? call.positional[0])?.string;
    if (handler === undefined || event === undefined || event === null) continue;
    const handlerText = handler.partialOf ?? handler.text;
    if (lastName(handlerText) !== split.method) continue;
    if (handlerText.startsWith('self.') && related !== null && !related.has(classKey(file, call.className))) continue;
    add(eventName(event));
  }
  return events;
}

/** The events a mode's config starts it with (`mode: start_events:`); empty when it has none or no config. */
export function modeStartEvents(index: FolderIndex, mode: string): string[] {
  const paths = [`modes/${mode}/config/${mode}.yaml`, `modes/${mode}/config/${mode}.yml`];
  const config = index.yaml.find((file) => paths.includes(file.path));
  if (config === undefined) return [];
  const value = valueAt(config, topValue(config, 'mode'), 'start_events')?.value;
  const written = scalarText(value);
  const names = written !== null ? written.split(/[\s,]+/) : itemsOf(value).map((item) => scalarText(item) ?? '');
  return names.filter(Boolean).map(eventName);
}

/** The event of a name as code or config writes it: without a condition `{…}` or a priority `.N`. */
export function eventName(written: string): string {
  const brace = written.indexOf('{');
  let name = brace === -1 ? written : written.slice(0, brace);
  const dot = name.lastIndexOf('.');
  if (dot > 0 && /^\d+$/.test(name.slice(dot + 1))) name = name.slice(0, dot);
  return name.trim().toLowerCase();
}
