// What a line must hold for the parser to read it while no dump is open: the one list that the
// line splitter skips by and the line scanner (fast-path/) stops at.

import { HANDLER_LINE_MARKERS } from '../culprit/handler-log.js';

/** Dump headers, posted events, and the EventManager lines that name handlers. */
export const GRAMMAR_MARKERS: readonly string[] = ['DEBUG DUMP', 'Event: ==', ...HANDLER_LINE_MARKERS];
