// Who registered the handlers that grow: the callbacks the EventManager lines of a log name.
export { parseHandlerLine } from './handler-lines.js';
export type { CallbackCopies, CollisionLine, HandlerChangeLine, HandlerLine, HandlerLineKind } from './handler-lines.js';
export { HandlerCopies } from './handler-copies.js';
export type { CountedSeries, HandlerCopiesSource } from './handler-copies.js';
export { HandlerLineLog, HANDLER_LINE_MARKERS, type HandlerStep } from './handler-log.js';
export { attachCulprits, type CulpritContext } from './attach.js';
export { judgeWithoutDumps } from './without-dumps.js';
