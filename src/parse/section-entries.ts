// The entry lines of a dump's sections: OBJECTS entries, a display's children, CLOCK events and
// running queue tasks. Each is a repr that may go on over the next physical lines (a Text widget's
// text holds newlines), so an entry waits until the next line shows where it ends, and is then
// written into its dump: whole, or only counted by key (reprs 'none').

import type { DisplaysSection, DisplayTree } from '../model.js';
import { slideIdOf } from '../snapshot-lists.js';
import { keyOfCallback, keyOfRepr, ownerOfCallback } from './normalize.js';
import { addProblem } from './problem-list.js';
import type { Draft, SectionMessage } from './section-lines.js';

/** A running queue task's line: its repr, then a colon. */
export const QUEUE_TASK = /^\s*(<.*>):\s*$/s;
/** Used only on text ending in `>`: on other text the lazy group retries at every `) callback=`, quadratic. */
const CLOCK_EVENT = /^<ClockEvent \((.*?)\) callback=(.*)>$/s;

/** What an entry line lists: a display's child, an object, a clock event, a running queue task. */
export type EntryKind = 'child' | 'object' | 'clock' | 'queue';

/** An object, child, clock or queue line whose repr may go on over the next physical lines. */
export interface PendingEntry {
  kind: EntryKind;
  line: number;
  text: string;
  draft: Draft;
  /** the message the line was read as, with what was read from it before; null once `text` goes on */
  message: SectionMessage | null;
}

/** A CLOCK line's timeout, callback and callback key. */
export interface ClockReading {
  timeout: number | null;
  callback: string;
  key: string;
}

/** The entry being read, and one finished with to hold the next: a dump has thousands, one a line. */
export class PendingEntries {
  pending: PendingEntry | null = null;
  private spare: PendingEntry | null = null;

  /** The entry of kind `kind` that line `line` starts, pending until the next line shows where its repr ends. */
  start(kind: EntryKind, line: number, text: string, draft: Draft, message: SectionMessage | null): void {
    const entry = this.spare;
    if (entry === null) {
      this.pending = { kind, line, text, draft, message };
      return;
    }
    this.spare = null;
    entry.kind = kind;
    entry.line = line;
    entry.text = text;
    entry.draft = draft;
    entry.message = message;
    this.pending = entry;
  }

  /** Writes the pending entry, if any, into its dump. */
  finish(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    finishEntry(pending);
    this.spare = pending;
  }

  /** A line with no log prefix after an entry: the rest of its repr. */
  continueWith(text: string): void {
    if (this.pending === null) return;
    this.pending.text += `\n${text}`;
    this.pending.message = null;
  }
}

/** Children that follow a `[...]` where the `Listing children` line was cut out. */
export function elidedDisplay(draft: Draft, displays: DisplaysSection): DisplayTree {
  const display: DisplayTree = { name: null, repr: null, children: [], totalChildren: null };
  if (draft.reprs === 'none') display.childKeys = [];
  displays.displays.push(display);
  return display;
}

/** Writes an entry into its dump, now that the line after it has shown where its repr ends. */
export function finishEntry(pending: PendingEntry): void {
  const { draft, text, line, message } = pending;
  switch (pending.kind) {
    case 'queue':
      draft.events?.queue.push(QUEUE_TASK.exec(text)?.[1] ?? text);
      return;
    case 'object': {
      const objects = draft.objects;
      if (objects === null || objects.disabled) return;
      const tally = draft.objectTally;
      if (tally === null) {
        objects.entries.push({ repr: text, key: message?.keyOfRepr() ?? reprKeys.keyOf(text), line });
        return;
      }
      const key = message?.keyOfRepr() ?? reprKeys.keyOf(text);
      const number = message?.keyNumberIn(tally.numbers) ?? tally.numbers.numberOf(key);
      tally.add(number, key.startsWith('Slide:') ? (message === null ? slideIdOf(text) : message.slideIdOfRepr()) : null);
      return;
    }
    case 'child': {
      const displays = draft.displays!;
      const lastDisplay = displays.displays.at(-1);
      const display = lastDisplay && lastDisplay.totalChildren === null ? lastDisplay : elidedDisplay(draft, displays);
      const key = message?.keyOfRepr() ?? reprKeys.keyOf(text);
      if (display.childKeys !== undefined) display.childKeys.push(key);
      else display.children.push({ repr: text, key, line });
      return;
    }
    case 'clock': {
      const clock = message === null ? readClock(text) : message.clockEntry();
      if (clock === null) {
        addProblem(draft, line, 'unreadable-line', 'a CLOCK line is not a <ClockEvent (timeout) callback=...> repr');
        return;
      }
      const { timeout, callback, key } = clock;
      const section = draft.clock;
      if (section === null) return;
      if (section.counted === undefined || draft.clockCounts === null) {
        section.entries.push({ timeout, callback, key, line });
        return;
      }
      const id = `${key}\u0000${timeout}`;
      const known = draft.clockCounts.get(id);
      if (known !== undefined) known.count++;
      else {
        const entry = { key, timeout, count: 1, owner: ownerOfCallback(callback) };
        draft.clockCounts.set(id, entry);
        section.counted.push(entry);
      }
    }
  }
}

/** A CLOCK line's reading, or null for text that is no `<ClockEvent (timeout) callback=...>`. */
export function readClock(text: string): ClockReading | null {
  const clock = text.endsWith('>') ? CLOCK_EVENT.exec(text) : null;
  if (clock === null) return null;
  const timeout = Number(clock[1]);
  return { timeout: Number.isFinite(timeout) ? timeout : null, callback: clock[2]!, key: callbackKeys.keyOf(clock[2]!) };
}

/**
 * A pure function of a repr, remembered for the reprs met last: a dump lists the same objects as
 * the dump before, so most reprs have been keyed before, and the keys are one string each.
 */
class RememberedKeys {
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly keyOfText: (text: string) => string,
    private readonly capacity: number,
  ) {}

  keyOf(text: string): string {
    let key = this.keys.get(text);
    if (key === undefined) {
      key = this.keyOfText(text);
      // Reprs with addresses may all differ: forget them all rather than grow without end.
      if (this.keys.size >= this.capacity) this.keys.clear();
      this.keys.set(text, key);
    }
    return key;
  }
}

const reprKeys = new RememberedKeys(keyOfRepr, 50_000);
const callbackKeys = new RememberedKeys(keyOfCallback, 10_000);
