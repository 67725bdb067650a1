// What the posted events say the machine is doing (attract, game, ball, service; the modes running)
// and how often each event was posted since the last dump: what each dump records beside its sections.

import type { MachineStateInSegment } from '../model.js';
import type { PostedEvent } from './posted-events.js';
import { recordOf } from './name-record.js';

/**
 * The machine as its posted events say, changed in place as they come: one per writer of a log. It
 * starts unknown (null): in a log until its posts say, in a segment as before the segment.
 */
export interface MachineState {
  /** in the order started (a set lists its names in the order added) */
  readonly modes: Set<string>;
  /** modes stopped and not started again: in a segment, the ones running before it that it ended */
  readonly stoppedModes: Set<string>;
  inGame: boolean | null;
  ballInPlay: boolean | null;
  sawPostedEvent: boolean;
  /** a start-up (`init_phase_1`…`5`) was posted: in a segment, nothing from before it holds any more */
  startedOver: boolean;
  /** what the posts say the machine was doing before the first of them (a ball that ends was in play) */
  readonly before: StateBefore;
}

/** What a run of lines says of the game and the ball before them (in a game; no ball in play); null where it says nothing. */
export interface StateBefore {
  inGame: boolean | null;
  ballInPlay: boolean | null;
}

/** What a dump's `state` and `activeModes` are made from. */
export interface StateAtDump {
  readonly modes: ReadonlySet<string>;
  readonly inGame: boolean | null;
  readonly ballInPlay: boolean | null;
  readonly sawPostedEvent: boolean;
}

/**
 * The state at the start of a log or of a segment, where what came before is not known: a log's
 * first line may come long after the program's start-up, whose posts are what says it is out of a game.
 */
export function startState(): MachineState {
  return { modes: new Set(), stoppedModes: new Set(), inGame: null, ballInPlay: null, sawPostedEvent: false, startedOver: false, before: { inGame: null, ballInPlay: null } };
}

/**
 * Changes `state` as `event` says. In place: a machine may start thousands of modes, and a new list
 * at each would take time that grows with their square.
 */
export function applyPost(state: MachineState, event: PostedEvent): void {
  const { mode, step } = event;
  if (event.startUp) {
    // The program starts again: nothing it was doing before goes on, whether the log goes on after
    // a crash or two logs were joined into one.
    state.modes.clear();
    state.stoppedModes.clear();
    state.inGame = false;
    state.ballInPlay = false;
    state.startedOver = true;
  }
  // The dump's own trigger says nothing about what the machine is doing.
  if (!event.trigger) state.sawPostedEvent = true;
  if (mode !== null) {
    if (mode.started) {
      state.modes.add(mode.name);
      state.stoppedModes.delete(mode.name);
      // MPF runs its attract mode only out of a game (it starts it as a game ends).
      if (mode.name === 'attract') state.inGame = state.ballInPlay = false;
    } else {
      state.modes.delete(mode.name);
      state.stoppedModes.add(mode.name);
    }
  }
  // The first steps of the lines say what came before them: a ball starts or ends only in a game,
  // and no game starts while a ball is in play. (Other steps come in pairs of events that a cut
  // may part, `mode_game_stopped` after `game_ended`, and MPF-MC posts no `ball_ended`.)
  if ((step === 'ball-started' || step === 'ball-ended') && state.inGame === null) state.before.inGame = true;
  if (step === 'game-started' && state.ballInPlay === null) state.before.ballInPlay = false;
  switch (step) {
    case 'game-started':
      state.inGame = true;
      break;
    case 'game-ended':
      state.inGame = false;
      state.ballInPlay = false;
      break;
    case 'ball-started':
      // A log that begins mid-game has no game_started, but a ball only starts in a game.
      state.inGame = true;
      state.ballInPlay = true;
      break;
    case 'ball-ended':
      // MPF ends a ball only in a game: between balls, or before the game ends.
      state.inGame = true;
      state.ballInPlay = false;
  }
}

/** A dump's `state`. */
export function stateOf(machine: StateAtDump): string {
  if (machine.inGame === true) return machine.ballInPlay === true ? 'game·ball' : 'game';
  if (machine.modes.has('service')) return 'service';
  // Out of a game as the posts say, or MPF's attract mode running; else not known: a log that
  // begins after the program's start-up (cut from a longer one) says nothing of what came before.
  if ((machine.inGame === false && machine.sawPostedEvent) || machine.modes.has('attract')) return 'attract';
  return 'unknown';
}

/** A dump's `activeModes`. */
export function activeModesOf(machine: StateAtDump): string[] {
  return [...machine.modes].sort();
}

/** The state as it is now, for later: `machine` goes on changing as posts come. */
export function stateNow(machine: StateAtDump): StateAtDump {
  return { modes: new Set(machine.modes), inGame: machine.inGame, ballInPlay: machine.ballInPlay, sawPostedEvent: machine.sawPostedEvent };
}

/** The state a segment's parse has set, as values to send to another thread. */
export function stateInSegment(machine: MachineState): MachineStateInSegment {
  return {
    modes: [...machine.modes],
    stoppedModes: [...machine.stoppedModes],
    inGame: machine.inGame,
    ballInPlay: machine.ballInPlay,
    sawPostedEvent: machine.sawPostedEvent,
    startedOver: machine.startedOver,
  };
}

/** The state at a dump of a segment: what the segment set, the rest as `before` left it. */
export function stateAfter(before: StateAtDump, segment: MachineStateInSegment): StateAtDump {
  const { inGame, ballInPlay, sawPostedEvent } = before;
  const joined = joinedStates({ modes: [...before.modes], stoppedModes: [], inGame, ballInPlay, sawPostedEvent, startedOver: false }, segment);
  return { modes: new Set(joined.modes), inGame: joined.inGame, ballInPlay: joined.ballInPlay, sawPostedEvent: joined.sawPostedEvent };
}

/** What two runs of lines set, `before`'s then `after`'s, as one run of lines sets it. */
export function joinedStates(before: MachineStateInSegment, after: MachineStateInSegment): MachineStateInSegment {
  if (after.startedOver) return after;
  // A mode `after` started or stopped moves to the end of its list, as in a set re-added to.
  const changed = new Set([...after.modes, ...after.stoppedModes]);
  return {
    modes: [...before.modes.filter((mode) => !changed.has(mode)), ...after.modes],
    stoppedModes: [...before.stoppedModes.filter((mode) => !changed.has(mode)), ...after.stoppedModes],
    inGame: after.inGame ?? before.inGame,
    ballInPlay: after.ballInPlay ?? before.ballInPlay,
    sawPostedEvent: after.sawPostedEvent || before.sawPostedEvent,
    startedOver: before.startedOver,
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
