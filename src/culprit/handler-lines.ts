// Reads the EventManager lines that name event handlers: the INFO line MPF and MPF-MC write when
// bound methods of one object collide on an event (`Unordered handler for class …`, older MPF
// `Duplicate handler for class …`), and the debug lines of `-v` logs (`Registered X as a handler
// for 'E'`, `Removing method X from event E`).
//
// A leaking machine writes one collision line per extra copy, each listing every copy, so these
// lines run to megabytes. The scan walks a line with indexOf and startsWith only: a callback text
// already met in the line is counted by comparing it in place, so a line of N copies of one method
// costs one small object, not N. No regex touches the handler list.

/** Which EventManager line a record came from. */
export type HandlerLineKind =
  /** `Unordered handler for class …` (MPF 0.53+, MPF-MC) */
  | 'unordered'
  /** `Duplicate handler for class …` (MPF 0.50–0.52) */
  | 'duplicate'
  /** `Registered Class.method as a handler for 'E', …` (`-v` debug) */
  | 'registered'
  /** `Removing method Class.method from event E` (`-v` debug) */
  | 'removed'
  /** `Removing event E since there are no more handlers registered for it` (`-v` debug) */
  | 'event-removed';

/** One callback of a collision line and how many handlers in the line's list call it. */
export interface CallbackCopies {
  /** `Class.method` of a bound method (the class that defines the method), the function name of a
   *  plain function, or the callback's repr as written when it is neither */
  callback: string;
  /** repr of the object the method is bound to (`<Mode.skillshot>`), null for a plain function */
  owner: string | null;
  /** handlers in the list with this callback on this owner */
  copies: number;
}

/** A collision line: every handler of one object, event and priority, counted per callback. */
export interface CollisionLine {
  kind: 'unordered' | 'duplicate';
  /** the event name as MPF wrote it */
  event: string;
  /** the object whose bound methods collide, as printed after `class ` */
  owner: string;
  /** the colliding priority; null when it is not an integer */
  priority: number | null;
  /** callbacks in order of first appearance in the list */
  callbacks: CallbackCopies[];
  /** handler reprs counted (the sum of the copies) */
  handlers: number;
  /** true when the line ends before its list does (a truncated log): the counts are those read */
  cut: boolean;
}

/** A `-v` debug line that adds or removes one handler, or clears an event. */
export interface HandlerChangeLine {
  kind: 'registered' | 'removed' | 'event-removed';
  event: string;
  /** `Class.method` as MPF prints it (`str(handler).split(' ')[2]`); null for `event-removed` */
  callback: string | null;
  /** priority of a `registered` line; null otherwise or when not an integer */
  priority: number | null;
}

export type HandlerLine = CollisionLine | HandlerChangeLine;

const UNORDERED = 'Unordered handler for class ';
const DUPLICATE = 'Duplicate handler for class ';
const ON_EVENT = ' on event ';
const WITH_PRIORITY = ' with priority ';
const HANDLERS_OPEN = '. Handlers: [';
const HANDLER_OPEN = 'RegisteredHandler(callback=';
const NEXT_HANDLER = ', RegisteredHandler(callback=';
// The part of NEXT_HANDLER that indexOf finds fastest; the rest is compared char by char.
const NEXT_HANDLER_PROBE = 'Handler(call';
const NEXT_HANDLER_PROBE_AT = NEXT_HANDLER.indexOf(NEXT_HANDLER_PROBE);
const PRIORITY_FIELD = ', priority=';
const BOUND_METHOD = '<bound method ';
const BOUND_TO = ' of ';
const FUNCTION = '<function ';
const FUNCTION_AT = ' at 0x';
const LIST_CLOSE = ')]';

const REGISTERED = 'Registered ';
const AS_HANDLER_FOR = " as a handler for '";
const AFTER_EVENT = "', priority: ";
const REMOVING_METHOD = 'Removing method ';
const FROM_EVENT = ' from event ';
const REMOVING_EVENT = 'Removing event ';
const NO_MORE_HANDLERS = ' since there are no more handlers registered for it';

/**
 * Reads one log message (the text after the prefix). Returns null for any other line, cheaply (a
 * line that does not start with one of the five openings is never scanned), and for a collision
 * line cut off before its list opens, which has nothing to count.
 */
export function parseHandlerLine(message: string): HandlerLine | null {
  switch (message.charCodeAt(0)) {
    case 0x55 /* U */:
      return message.startsWith(UNORDERED) ? parseCollision(message, 'unordered', UNORDERED.length) : null;
    case 0x44 /* D */:
      return message.startsWith(DUPLICATE) ? parseCollision(message, 'duplicate', DUPLICATE.length) : null;
    case 0x52 /* R */:
      if (message.startsWith(REGISTERED)) return parseRegistered(message);
      if (message.startsWith(REMOVING_METHOD)) return parseRemovedMethod(message);
      if (message.startsWith(REMOVING_EVENT)) return parseRemovedEvent(message);
      return null;
    default:
      return null;
  }
}

// A callback text met earlier in the same line. `nextAt` is where its text (with the field after
// it) occurs next at or after the handler last compared, so each known callback costs one forward
// scan over the line however many handlers there are.
interface SeenCallback extends CallbackCopies {
  needle: string;
  nextAt: number;
}

function parseCollision(text: string, kind: 'unordered' | 'duplicate', ownerStart: number): CollisionLine | null {
  // Owner reprs may hold any text, events and priorities hold no spaces: the first `. Handlers: [`
  // closes the header, and the header is taken apart from its end.
  const listOpen = text.indexOf(HANDLERS_OPEN, ownerStart);
  if (listOpen === -1) return null;
  const priorityAt = text.lastIndexOf(WITH_PRIORITY, listOpen);
  const eventAt = priorityAt === -1 ? -1 : text.lastIndexOf(ON_EVENT, priorityAt);
  if (eventAt < ownerStart) return null;
  const owner = text.slice(ownerStart, eventAt);
  const event = text.slice(eventAt + ON_EVENT.length, priorityAt);
  const priority = integerOrNull(text.slice(priorityAt + WITH_PRIORITY.length, listOpen));
  // The usual callback: a method bound to the header's owner. Its full text is known in advance.
  const ownerTail = `${BOUND_TO}${owner}>`;

  const seen: SeenCallback[] = [];
  let handlers = 0;
  let cut = false;
  let lastCallbackEnd = listOpen + HANDLERS_OPEN.length;
  let at = text.startsWith(HANDLER_OPEN, lastCallbackEnd) ? lastCallbackEnd : -1;
  if (at === -1 && !text.startsWith(']', lastCallbackEnd)) cut = true;
  while (at !== -1) {
    const start = at + HANDLER_OPEN.length;
    let found: SeenCallback | undefined;
    for (const candidate of seen) {
      if (candidate.nextAt !== -1 && candidate.nextAt < start) candidate.nextAt = text.indexOf(candidate.needle, start);
      if (candidate.nextAt === start) {
        found = candidate;
        break;
      }
    }
    if (found === undefined) {
      const end = callbackEnd(text, start, ownerTail);
      if (end === -1) {
        cut = true;
        break;
      }
      found = describeCallback(text.slice(start, end), start);
      seen.push(found);
    }
    found.copies += 1;
    handlers += 1;
    lastCallbackEnd = start + found.needle.length - PRIORITY_FIELD.length;
    at = nextHandlerAt(text, lastCallbackEnd);
  }
  if (!cut) cut = !closesList(text, lastCallbackEnd);
  const callbacks = seen.map(({ callback, owner: callbackOwner, copies }) => ({ callback, owner: callbackOwner, copies }));
  return { kind, event, owner, priority, callbacks, handlers, cut };
}

// Where the next `RegisteredHandler(callback=` after `from` starts (after its `, `), or -1.
function nextHandlerAt(text: string, from: number): number {
  for (let probe = text.indexOf(NEXT_HANDLER_PROBE, from); probe !== -1; probe = text.indexOf(NEXT_HANDLER_PROBE, probe + 1)) {
    const start = probe - NEXT_HANDLER_PROBE_AT;
    if (start >= from && sameChars(text, start, NEXT_HANDLER)) return start + 2;
  }
  return -1;
}

// startsWith with a position is slow in V8 on long strings; a short literal compares faster by hand.
function sameChars(text: string, at: number, literal: string): boolean {
  if (at + literal.length > text.length) return false;
  for (let index = 0; index < literal.length; index += 1) {
    if (text.charCodeAt(at + index) !== literal.charCodeAt(index)) return false;
  }
  return true;
}

// Where the callback repr that starts at `start` ends, or -1 when the line ends first.
function callbackEnd(text: string, start: number, ownerTail: string): number {
  if (text.startsWith(BOUND_METHOD, start)) {
    const nameEnd = text.indexOf(' ', start + BOUND_METHOD.length);
    if (nameEnd === -1) return -1;
    if (text.startsWith(ownerTail, nameEnd) && text.startsWith(PRIORITY_FIELD, nameEnd + ownerTail.length)) {
      return nameEnd + ownerTail.length;
    }
    // Bound to another object: its repr ends with `>`, right before the priority field.
    const closed = text.indexOf(`>${PRIORITY_FIELD}`, nameEnd);
    return closed === -1 ? -1 : closed + 1;
  }
  return text.indexOf(PRIORITY_FIELD, start);
}

function describeCallback(text: string, at: number): SeenCallback {
  const needle = `${text}${PRIORITY_FIELD}`;
  if (text.startsWith(BOUND_METHOD)) {
    const nameEnd = text.indexOf(' ', BOUND_METHOD.length);
    if (nameEnd !== -1 && text.startsWith(BOUND_TO, nameEnd) && text.endsWith('>')) {
      const callback = text.slice(BOUND_METHOD.length, nameEnd);
      return { callback, owner: text.slice(nameEnd + BOUND_TO.length, -1), copies: 0, needle, nextAt: at };
    }
  }
  if (text.startsWith(FUNCTION)) {
    const nameEnd = text.indexOf(FUNCTION_AT, FUNCTION.length);
    if (nameEnd !== -1) return { callback: text.slice(FUNCTION.length, nameEnd), owner: null, copies: 0, needle, nextAt: at };
  }
  return { callback: text, owner: null, copies: 0, needle, nextAt: at };
}

// The list closes with `)]`, followed by MPF 0.53+'s sentence (`]. The order of those handlers …`)
// or by the end of the line (0.50–0.52). A `)]` inside a kwargs value is followed by neither.
function closesList(text: string, from: number): boolean {
  for (let at = text.indexOf(LIST_CLOSE, from); at !== -1; at = text.indexOf(LIST_CLOSE, at + 1)) {
    let next = at + LIST_CLOSE.length;
    if (text.charCodeAt(next) === 0x2e /* . */) return true;
    while (next < text.length && isSpace(text.charCodeAt(next))) next += 1;
    if (next === text.length) return true;
  }
  return false;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

function parseRegistered(text: string): HandlerChangeLine | null {
  const nameEnd = text.indexOf(AS_HANDLER_FOR, REGISTERED.length);
  if (nameEnd === -1) return null;
  const eventStart = nameEnd + AS_HANDLER_FOR.length;
  const eventEnd = text.indexOf(AFTER_EVENT, eventStart);
  if (eventEnd === -1) return null;
  const priorityStart = eventEnd + AFTER_EVENT.length;
  const priorityEnd = text.indexOf(',', priorityStart);
  return {
    kind: 'registered',
    event: text.slice(eventStart, eventEnd),
    callback: text.slice(REGISTERED.length, nameEnd),
    priority: integerOrNull(text.slice(priorityStart, priorityEnd === -1 ? text.length : priorityEnd)),
  };
}

function parseRemovedMethod(text: string): HandlerChangeLine | null {
  const nameEnd = text.indexOf(FROM_EVENT, REMOVING_METHOD.length);
  if (nameEnd === -1) return null;
  const event = text.slice(nameEnd + FROM_EVENT.length).trimEnd();
  if (event === '') return null;
  return { kind: 'removed', event, callback: text.slice(REMOVING_METHOD.length, nameEnd), priority: null };
}

function parseRemovedEvent(text: string): HandlerChangeLine | null {
  const eventEnd = text.indexOf(NO_MORE_HANDLERS, REMOVING_EVENT.length);
  if (eventEnd === -1) return null;
  return { kind: 'event-removed', event: text.slice(REMOVING_EVENT.length, eventEnd), callback: null, priority: null };
}

function integerOrNull(text: string): number | null {
  const trimmed = text.trim();
  if (!/^-?\d{1,15}$/.test(trimmed)) return null;
  return Number(trimmed);
}
