// What the posted events say the machine is doing (attract, game, ball, service; the modes running)
// and how often each event was posted since the last dump: what each dump records beside its sections.

import type { PostedEvent } from './posted-events.js';
import { recordOf } from './name-record.js';

/** The machine as its posted events say. In a segment's parse it starts unknown: null. */
export interface MachineState {
  /** in the order started */
  readonly modes: readonly string[];
  /** modes stopped and not started again: in a segment, the ones running before it that it ended */
  readonly stoppedModes: readonly string[];
  readonly inGame: boolean | null;
  readonly ballInPlay: boolean | null;
  readonly sawPostedEvent: boolean;
}

/** The machine state as a segment sets it before one of its dumps; null and absent are "as before the segment". */
export interface MachineStateInSegment {
  /** modes started in the segment and running at the dump */
  modes: string[];
  /** modes stopped in the segment and not started again before the dump */
  stoppedModes: string[];
  inGame: boolean | null;
  ballInPlay: boolean | null;
  /** true when the segment posted an event other than the dump trigger; false leaves it to before */
  sawPostedEvent: boolean;
}

/** What a dump's `state` and `activeModes` are made from. */
export type StateAtDump = Omit<MachineState, 'stoppedModes'>;

const NO_MODES: readonly string[] = [];

/** The state at the start of a log, or of a segment (`known: false`), where what came before is unknown. */
export function startState(known: boolean): MachineState {
  const unknown = known ? false : null;
  return { modes: NO_MODES, stoppedModes: NO_MODES, inGame: unknown, ballInPlay: unknown, sawPostedEvent: false };
}

/** The state after `event` is posted: `state` itself when the event changes nothing. */
export function applyPost(state: MachineState, event: PostedEvent): MachineState {
  // The dump's own trigger says nothing about what the machine is doing.
  const sawPostedEvent = state.sawPostedEvent || !event.trigger;
  const { mode, step } = event;
  if (mode === null && step === null && sawPostedEvent === state.sawPostedEvent) return state;
  let { modes, stoppedModes, inGame, ballInPlay } = state;
  if (mode !== null) {
    modes = mode.started ? withName(modes, mode.name) : withoutName(modes, mode.name);
    stoppedModes = mode.started ? withoutName(stoppedModes, mode.name) : withName(stoppedModes, mode.name);
  }
  switch (step) {
    case 'game-started':
      inGame = true;
      break;
    case 'game-ended':
      inGame = false;
      ballInPlay = false;
      break;
    case 'ball-started':
      // A log that begins mid-game has no game_started, but a ball only starts in a game.
      inGame = true;
      ballInPlay = true;
      break;
    case 'ball-ended':
      ballInPlay = false;
  }
  return { modes, stoppedModes, inGame, ballInPlay, sawPostedEvent };
}

function withName(names: readonly string[], name: string): readonly string[] {
  return hasName(names, name) ? names : [...names, name];
}

function withoutName(names: readonly string[], name: string): readonly string[] {
  return hasName(names, name) ? names.filter((other) => other !== name) : names;
}

/**
 * How often each list of modes was looked in, and, once often, the list as a set. A list is never
 * changed (a change makes a new one). A mode's start is posted again and again while it runs, so
 * one list may be looked in millions of times: with thousands of modes running, looking in the list
 * itself would take time that grows with their square. But a list that modes starting and stopping
 * replace at every post is looked in once or twice, where making a set costs more than looking.
 */
const looksIn = new WeakMap<readonly string[], { looks: number; set: ReadonlySet<string> | null }>();
const FEW_NAMES = 16;
const LOOKS_BEFORE_A_SET = 8;

function hasName(names: readonly string[], name: string): boolean {
  if (names.length <= FEW_NAMES) return names.includes(name);
  let looked = looksIn.get(names);
  if (looked === undefined) looksIn.set(names, (looked = { looks: 0, set: null }));
  if (looked.set === null && ++looked.looks >= LOOKS_BEFORE_A_SET) looked.set = new Set(names);
  return looked.set?.has(name) ?? names.includes(name);
}

/** A dump's `state`. */
export function stateOf(machine: StateAtDump): string {
  if (machine.inGame === true) return machine.ballInPlay === true ? 'game·ball' : 'game';
  if (machine.modes.includes('service')) return 'service';
  return machine.sawPostedEvent ? 'attract' : 'unknown';
}

/** A dump's `activeModes`. */
export function activeModesOf(machine: StateAtDump): string[] {
  return [...machine.modes].sort();
}

/** The state a segment's parse has set, as values to send to another thread. */
export function stateInSegment(machine: MachineState): MachineStateInSegment {
  return {
    modes: [...machine.modes],
    stoppedModes: [...machine.stoppedModes],
    inGame: machine.inGame,
    ballInPlay: machine.ballInPlay,
    sawPostedEvent: machine.sawPostedEvent,
  };
}

/** The state at a dump of a segment: what the segment set, the rest as `before` left it. */
export function stateAfter(before: MachineState, segment: MachineStateInSegment): StateAtDump {
  const modes = before.modes.filter((mode) => !segment.stoppedModes.includes(mode));
  for (const mode of segment.modes) if (!modes.includes(mode)) modes.push(mode);
  return {
    modes,
    inGame: segment.inGame ?? before.inGame,
    ballInPlay: segment.ballInPlay ?? before.ballInPlay,
    sawPostedEvent: segment.sawPostedEvent || before.sawPostedEvent,
  };
}

/**
 * How often each event was posted since the last dump, by event id. Counted in place: nearly every
 * line of a big log adds one here, too many to make a new value each time.
 */
export class PostCounts {
  private counts: Float64Array = new Float64Array(64);
  /** ids of the events posted since the last dump, in the order first posted */
  private ids: number[] = [];

  /** The posts of event `id` counted so far. */
  of(id: number): number {
    return id < this.counts.length ? this.counts[id]! : 0;
  }

  /** One more post of event `id`. */
  add(id: number): void {
    if (id >= this.counts.length) this.counts = grown(this.counts, id);
    const count = this.counts[id]!;
    if (count === 0) this.ids.push(id);
    this.counts[id] = count + 1;
  }

  /** `times` more posts of event `id`, already counted since the last dump (`of(id) > 0`). */
  addAgain(id: number, times: number): void {
    this.counts[id] = this.counts[id]! + times;
  }

  /** The counts by name, in the order first posted, as a snapshot keeps them. */
  toRecord(nameOf: (id: number) => string): Record<string, number> {
    return recordOf(this.ids.map((id) => [nameOf(id), this.counts[id]!] as const));
  }

  /**
   * Counts taken for a dump that turned out to be none, given back: they were posted before
   * anything counted since, so they come first.
   */
  giveBack(posted: Record<string, number>, idOf: (name: string) => number): void {
    const given: number[] = [];
    for (const name in posted) {
      const count = posted[name]!;
      const id = idOf(name);
      if (id >= this.counts.length) this.counts = grown(this.counts, id);
      if (this.counts[id] === 0) given.push(id);
      this.counts[id] = this.counts[id]! + count;
    }
    this.ids = [...given, ...this.ids];
  }

  /** The counts by name, as `toRecord`; counting restarts. */
  take(nameOf: (id: number) => string): Record<string, number> {
    const posted = this.toRecord(nameOf);
    for (const id of this.ids) this.counts[id] = 0;
    this.ids = [];
    return posted;
  }
}

/** A copy of `counts` with room for index `id`. */
function grown(counts: Float64Array, id: number): Float64Array {
  const copy = new Float64Array(Math.max(id + 1, counts.length * 2));
  copy.set(counts);
  return copy;
}
