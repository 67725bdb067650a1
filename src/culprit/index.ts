// Who registered the handlers that grow: the callbacks the EventManager lines of a log name.
export { parseHandlerLine } from './handler-lines.js';
export type { CallbackCopies, CollisionLine, HandlerChangeLine, HandlerLine, HandlerLineKind } from './handler-lines.js';
export { HandlerCopies } from './handler-copies.js';
export type { HandlerCopiesSeries, HandlerCopiesSource } from './handler-copies.js';
