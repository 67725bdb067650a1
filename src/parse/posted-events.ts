// Posted events, `… : EventManager : Event: ======'player_score'====== Args={…}`: each name is
// looked at once, for what posting it says about the machine, and numbered for counting in arrays.

const MODE_CHANGE = /^mode_(.+)_(started|stopped)$/s;

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
  /** init_phase_1: the program starts (again, when the log goes on after a restart) */
  readonly restart: boolean;
  /**
   * init_phase_1 to init_phase_5: a phase of the program's start-up, posted once per life; after
   * any of them nothing the program did before goes on (the first may be lost in a cut line)
   */
  readonly startUp: boolean;
  /** posting it only adds to its count: no mode, no game step, not the trigger, not a start */
  readonly onlyCounts: boolean;
}

/** The posted events of one log, by name and by id. */
export class PostedEvents {
  private readonly events: PostedEvent[] = [];
  private readonly byName = new Map<string, PostedEvent>();

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
  const restart = name === 'init_phase_1';
  const startUp = /^init_phase_[1-5]$/.test(name);
  return { id, name, mode: mode ? { name: mode[1]!, started: mode[2] === 'started' } : null, step, trigger, restart, startUp, onlyCounts: mode === null && step === null && !trigger && !startUp };
}
