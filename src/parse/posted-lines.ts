// Posted events, `2026-11-25 03:39:32,920 : INFO : EventManager : Event: ======'player_score'====== Args={…}`:
// their names, looked at once each, and the prefixes of their lines, which the line scanner
// (line-scanner.wat) is taught so that it reads such lines from their bytes without the parser.
//
// The scanner and the parser must read a line alike. They do because a prefix is learned only when
// the full parser reads it as a posted event's, and its result cannot depend on the rest of the
// line: the logger is the shortest text before ` : ` and the prefix regexes are dotAll. Names with
// bytes above 0x7F are left to the parser (it may decode the line as Windows-1252).

import { parseRecord, type LineFormat } from './prefix.js';

/** In a timestamp pattern: any digit 0-9. */
const DIGIT = 0;
/** A prefix longer than this is left to the full parser (no cache of odd shapes). */
const MAX_PREFIX_BYTES = 200;
/** Enough for the loggers of one file; each more slows down every line that is not one. */
const MAX_PREFIXES = 8;
const POSTED_MARKER = 'Event: ==';
const SAMPLE_MESSAGE = `${POSTED_MARKER}'x'==`;
const MODE_CHANGE = /^mode_(.+)_(started|stopped)$/;

/** The timestamps the line formats start with (prefix.ts); a digit stands for any digit. */
const STAMPS = [
  { test: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}/, pattern: stampPattern('2000-01-01 00:00:00,000') },
  { test: /^\d{2}:\d{2}:\d{2}\.\d{3}/, pattern: stampPattern('00:00:00.000') },
  { test: /^\d{2}\.\d{3}/, pattern: stampPattern('00.000') },
  { test: /^/, pattern: stampPattern('') },
] as const;

/** What posting an event changes in the machine's state, as the dumps' `state` reads it. */
export type GameStep = 'game-started' | 'game-ended' | 'ball-started' | 'ball-ended';

/** An event name met in posted-event lines, looked at once. */
export interface PostedEvent {
  /** 0, 1, 2… in the order first met: an index for counting in arrays */
  readonly id: number;
  readonly name: string;
  /** for `mode_NAME_started` and `mode_NAME_stopped` */
  readonly mode: { readonly name: string; readonly started: boolean } | null;
  readonly step: GameStep | null;
  /** debug_dump_stats: the dump's own trigger, which says nothing about what the machine is doing */
  readonly trigger: boolean;
  /** posting it only adds to its count: no mode, no game step, not the trigger */
  readonly onlyCounts: boolean;
}

/** A line prefix accepted as a posted event's: a timestamp, then fixed bytes up to `Event: ==`. */
export interface PostedPrefix {
  /** the prefix's bytes, `Event: ==` included; any digit may stand where `digits` says */
  template: Buffer;
  digits: boolean[];
  format: LineFormat;
}

/** Names every posted event of one log, and learns the prefixes of its posted-event lines. */
export class PostedLines {
  private readonly prefixes: PostedPrefix[] = [];
  private readonly events: PostedEvent[] = [];
  private readonly byName = new Map<string, PostedEvent>();

  /**
   * The prefix `[start, marker)` of a line whose first `Event: ==` is at `marker`, when the full
   * parser reads it as a posted event's and it is not one learned before; otherwise null.
   */
  learn(buffer: Buffer, start: number, marker: number): PostedPrefix | null {
    if (this.prefixes.length >= MAX_PREFIXES || marker - start > MAX_PREFIX_BYTES) return null;
    // Leading blanks vary from line to line; such prefixes would each take a place here.
    if (buffer[start]! <= 0x20) return null;
    for (let i = start; i < marker; i++) if (buffer[i]! >= 0x80) return null;
    const prefix = buffer.toString('latin1', start, marker);
    const record = parseRecord(prefix + SAMPLE_MESSAGE);
    if (record === null || (record.logger !== 'EventManager' && record.logger !== null) || record.message !== SAMPLE_MESSAGE) return null;
    const stamp = STAMPS.find((candidate) => candidate.test.test(prefix))!.pattern;
    const template = Buffer.from(prefix + POSTED_MARKER, 'latin1');
    const digits = Array.from(template, (_, i) => i < stamp.length && stamp[i] === DIGIT);
    if (this.prefixes.some((known) => fits(template, known))) return null;
    const learned = { template, digits, format: record.format };
    this.prefixes.push(learned);
    return learned;
  }

  /** The event of this name, looked at the first time it is met. */
  ofName(name: string): PostedEvent {
    let event = this.byName.get(name);
    if (event === undefined) {
      event = describe(this.events.length, name);
      this.events.push(event);
      this.byName.set(name, event);
    }
    return event;
  }

  nameOf(id: number): string {
    return this.events[id]!.name;
  }

  eventOf(id: number): PostedEvent {
    return this.events[id]!;
  }
}

function describe(id: number, name: string): PostedEvent {
  const mode = MODE_CHANGE.exec(name);
  let step: GameStep | null = null;
  if (name === 'game_started' || name === 'mode_game_started') step = 'game-started';
  else if (name === 'game_ended' || name === 'mode_game_stopped') step = 'game-ended';
  else if (name === 'ball_started') step = 'ball-started';
  else if (name === 'ball_ended') step = 'ball-ended';
  const trigger = name === 'debug_dump_stats';
  return { id, name, mode: mode ? { name: mode[1]!, started: mode[2] === 'started' } : null, step, trigger, onlyCounts: mode === null && step === null && !trigger };
}

function stampPattern(example: string): Uint8Array {
  return Uint8Array.from(example, (char) => (char >= '0' && char <= '9' ? DIGIT : char.charCodeAt(0)));
}

/** Whether a line starting with `template` starts with the prefix `known` too. */
function fits(template: Buffer, known: PostedPrefix): boolean {
  if (template.length !== known.template.length) return false;
  for (let i = 0; i < template.length; i++) {
    const byte = template[i]!;
    // `(byte - 48) >>> 0 > 9`: not a digit, in one unsigned comparison.
    if (known.digits[i] ? (byte - 48) >>> 0 > 9 : byte !== known.template[i]) return false;
  }
  return true;
}
