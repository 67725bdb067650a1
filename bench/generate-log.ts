// A deterministic generator of a realistic MPF 0.57 file log, for the benchmark and for tests.
// The noise is modelled on a real MPF 0.57 run (posted events with their Args
// dicts, switch lines, ball device lines, mode starts and stops, BCP traffic); the dumps follow
// `EventManager._debug_dump_events` exactly. Leaks are planted on purpose and the returned info
// says what they are, so a test can check that the parser finds them and nothing else.
//
//   node --import tsx bench/generate-log.ts OUT.log [--bytes 1GiB] [--dumps 50] [--seed 1]

import { createWriteStream, realpathSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** An event whose handler list grows by the same number of handlers between every two dumps. */
export interface PlantedLeak {
  /** Event name as the dump prints it. */
  event: string;
  /** Handlers added between two consecutive dumps (per dump interval, whatever was posted). */
  perDump: number;
}

export interface GenerateOptions {
  /** Size of the log in bytes; the file is at most this long and short by less than one line. */
  bytes?: number;
  /** Number of EVENTS dumps, spread evenly through the log. */
  dumps?: number;
  /** Seed of the PRNG: same seed and options, byte-identical file. */
  seed?: number;
  /** The leaks to plant; `[]` for a log without any. */
  leaks?: readonly PlantedLeak[];
}

/** What the dumps say about one event, dump by dump. */
export interface EventSeries {
  event: string;
  /** `Total handlers` of each dump, in file order; 0 where the event is not in that dump. */
  counts: number[];
}

/** What the machine was doing when a dump was taken (the dumps cycle through these like a game). */
export type DumpState = 'attract' | 'ball 1' | 'ball 2' | 'ball 3';

/** The planted truth of a generated log. */
export interface GeneratedLogInfo {
  path: string;
  seed: number;
  /** File size in bytes (the log is ASCII, so also its length in characters). */
  bytes: number;
  /** Lines in the file, each ended by `\n`. */
  lines: number;
  dumps: number;
  /** 1-based line number of each `--- DEBUG DUMP EVENTS ---` header. */
  dumpLines: number[];
  dumpStates: DumpState[];
  /** `Total registered_handlers` of each dump (distinct events, as MPF counts them). */
  registeredHandlers: number[];
  /**
   * The planted leaks with what the dumps say (counts[i] = natural count + perDump * i) and how
   * often the event was posted before dump 0 (posted[0]) and between dump i-1 and dump i
   * (posted[i]): the truth for attributing growth to posted events.
   */
  leaks: Array<PlantedLeak & EventSeries & { posted: number[] }>;
  /** Every other event whose count changes between dumps: game-state noise, not leaks. */
  fluctuating: EventSeries[];
}

export const DEFAULT_BYTES = 1024 ** 3;
export const DEFAULT_DUMPS = 50;
export const DEFAULT_SEED = 1;
/**
 * Three leaks of different slopes: one on an event that also moves with the game state
 * (ball_started is one handler higher during a ball, as in the real run), one on a busy
 * player variable, one on a mode event that is otherwise constant.
 */
export const DEFAULT_LEAKS: readonly PlantedLeak[] = [
  { event: 'ball_started', perDump: 1 },
  { event: 'player_score', perDump: 2 },
  { event: 'mode_target_frenzy_stopped', perDump: 3 },
];

/** Fewer bytes than this per dump leave no room for the noise between dumps. */
const MIN_BYTES_PER_DUMP = 64 * 1024;
/** Lines are copied into buffers of this size, handed to the file stream when full. */
const CHUNK_BYTES = 4 * 1024 * 1024;
/** Log time of the first line; UTC arithmetic keeps the output independent of the local zone. */
export const START_MS = Date.UTC(2026, 10, 25, 3, 39, 31, 920);

/** mulberry32: a small, fast 32-bit PRNG; good enough for noise and fully reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Parses `1073741824`, `100MB` (10^6), `1GiB` (2^30), `512k`; throws on anything else. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?\s*$/i.exec(text);
  if (!match) throw new Error(`not a size: '${text}' (try 100MB, 1GiB or a number of bytes)`);
  const power = ' kmgt'.indexOf((match[2] || ' ').toLowerCase());
  const base = match[3] ? 1024 : 1000;
  return Math.round(Number(match[1]) * base ** power);
}

/** The attract dump of the real MPF 0.57.3 run, in its printed order (taken as registration order). */
export const REAL_HANDLERS: ReadonlyArray<readonly [string, number]> = [
  ['shutdown', 24], ['ball_started', 9], ['service_mode_entered', 7], ['ball_will_end', 6], ['game_ended', 3],
  ['debug_dump_stats', 2], ['ball_ending', 2], ['ball_starting', 2], ['player_added', 2], ['player_turn_started', 2],
  ['request_to_start_game', 2], ['game_start', 2], ['reset_complete', 2], ['balldevice_balls_available', 2],
  ['balldevice_bd_plunger_ejecting_ball', 2], ['player_turn_ended', 1], ['machine_reset_phase_1', 1],
  ['machine_var_brightness', 1], ['display_light_player_apply', 1], ['quit', 1], ['sw_quit', 1],
  ['mode_game_stopping', 1], ['s_ramp_active', 1], ['cancel_ball_search', 1],
  ['balldevice_bd_plunger_ball_eject_success', 1], ['balldevice_bd_plunger_ball_lost', 1],
  ['balldevice_bd_plunger_ball_eject_failed', 1], ['balldevice_captured_from_playfield', 1],
  ['sw_playfield_active', 1], ['flipper_cradle', 1], ['flipper_cradle_release', 1],
  ['balldevice_bd_trough_ball_enter', 1], ['mode_attract_started', 1], ['mode_base_started', 1],
  ['mode_target_frenzy_started', 1], ['mode_target_frenzy_stopped', 1], ['slides_play', 1], ['slides_clear', 1],
  ['lanes_hit', 1], ['widgets_play', 1], ['widgets_clear', 1], ['modes_active_modes_changed', 1], ['ball_ended', 1],
  ['update_segment_display', 1], ['game_started', 1], ['auditor_reset', 1], ['factory_reset', 1],
  ['game_starting', 1], ['balldevice_bd_trough_ejecting_ball', 1],
];

/** How the real run's counts moved from attract to ball in play (up and down: not leaks). */
const REAL_PLAY_DELTAS: Readonly<Record<string, number>> = {
  ball_drain: 1, ball_ended: 1, ball_started: 1, ball_will_end: 1, end_ball: 1, end_game: 1, game_ended: 3,
  game_ending: 1, game_start: -1, game_started: 2, lane_left_hit: 2, lane_right_hit: 2, lanes_hit: 2,
  lanes_lit_complete: 2, player_shot_lane_left: 1, player_shot_lane_right: 1, player_turn_started: 1,
  s_flipper_left_active: 1, s_flipper_right_active: 1, s_lane_left_active: 1, s_lane_right_active: 1,
  s_pop1_active: 1, s_pop2_active: 1, s_ramp_active: 1, s_sling_left_active: 1, s_sling_right_active: 1,
  s_target1_active: 1, s_target2_active: 1, s_target3_active: 1, sw_start: 1,
};

/** Modes of a bigger machine than the real run's, so that a dump holds ~300 events. */
const GAME_MODES: ReadonlyArray<readonly [string, number]> = [
  ['base', 100], ['lane_bonus', 200], ['target_frenzy', 300], ['ramp_combo', 250], ['orbit_chase', 260],
  ['pop_frenzy', 270], ['multiball', 400], ['skillshot', 500], ['extra_ball', 600], ['wizard', 1000],
];
/** Modes that run a timer while active. */
const TIMED_MODES = new Set(['target_frenzy', 'pop_frenzy', 'wizard']);

/** Playfield switches and the points a hit scores; a shot name where a shot watches the switch. */
const PLAYFIELD_SWITCHES: ReadonlyArray<readonly [switchName: string, points: number, shot: string | null]> = [
  ['s_sling_left', 10, null], ['s_sling_right', 10, null], ['s_pop1', 100, null], ['s_pop2', 100, null],
  ['s_pop3', 100, null], ['s_lane_left', 250, 'lane_left'], ['s_lane_center', 250, 'lane_center'],
  ['s_lane_right', 250, 'lane_right'], ['s_target1', 500, 'target1'], ['s_target2', 500, 'target2'],
  ['s_target3', 500, 'target3'], ['s_target4', 500, 'target4'], ['s_target5', 500, 'target5'],
  ['s_ramp', 1000, 'ramp'], ['s_ramp_right', 1000, 'ramp_right'], ['s_orbit_left', 750, 'orbit_left'],
  ['s_orbit_right', 750, 'orbit_right'], ['s_spinner', 10, null], ['s_scoop', 2000, 'scoop'],
  ['s_inlane_left', 50, null], ['s_inlane_right', 50, null], ['s_outlane_left', 50, null],
  ['s_outlane_right', 50, null], ['s_standup_a', 300, 'standup_a'], ['s_standup_b', 300, 'standup_b'],
];
const FLIPPERS = ['s_flipper_left', 's_flipper_right'] as const;

/** Handler lists of the whole machine, in registration order: [event, attract count, play delta]. */
interface MachineHandler {
  event: string;
  count: number;
  playDelta: number;
}

function buildMachine(): MachineHandler[] {
  const handlers = new Map<string, MachineHandler>();
  const add = (event: string, count: number, playDelta = 0): void => {
    if (!handlers.has(event)) handlers.set(event, { event, count, playDelta });
  };
  for (const [event, count] of REAL_HANDLERS) add(event, count, REAL_PLAY_DELTAS[event] ?? 0);
  for (const [event, delta] of Object.entries(REAL_PLAY_DELTAS)) add(event, 0, delta);
  for (const [name] of GAME_MODES) {
    add(`mode_${name}_started`, 1);
    add(`mode_${name}_stopped`, 1);
    add(`start_mode_${name}`, 1);
    add(`stop_mode_${name}`, 1);
    add(`logicblock_${name}_progress_hit`, 1);
    add(`logicblock_${name}_progress_complete`, 1);
    add(`show_${name}_show_played`, 1);
    add(`sound_${name}_music_stopped`, 1);
  }
  for (const [switchName, , shot] of PLAYFIELD_SWITCHES) {
    add(`${switchName}_active`, 1);
    add(`machine_var_audits_switches_${switchName}`, 1);
    if (shot) add(`player_shot_${shot}`, 1);
  }
  for (const device of ['bd_trough', 'bd_plunger', 'bd_scoop']) {
    for (const suffix of ['ball_eject_success', 'ball_lost', 'ball_eject_failed', 'ejecting_ball', 'ball_enter', 'ball_count_changed']) {
      add(`balldevice_${device}_${suffix}`, 1);
    }
  }
  for (const variable of ['score', 'ball', 'extra_balls', 'bonus_multiplier', 'ramps', 'combos', 'orbits']) {
    add(`player_${variable}`, 1);
  }
  for (const variable of ['credits_string', 'master_volume', 'player1_score', 'player2_score', 'high_score', 'free_play']) {
    add(`machine_var_${variable}`, 1);
  }
  // Registered while a game runs (mode devices, shot groups): absent from attract dumps.
  for (const [name] of GAME_MODES) {
    for (const suffix of ['shot_lit_hit', 'shot_unlit_hit', 'award_light', 'lights_played', 'slide_active', 'score_update', 'progress', 'qualify']) {
      add(`${name}_${suffix}`, 0, 1);
    }
  }
  return [...handlers.values()];
}

/** Dump i is taken in attract before each game and during each of its three balls. */
function dumpState(index: number): DumpState {
  return (['attract', 'ball 1', 'ball 2', 'ball 3'] as const)[index % 4]!;
}

/** One dump's `[event, count]` list in the order MPF prints it. */
function planDump(machine: readonly MachineHandler[], leaks: readonly PlantedLeak[], index: number): Array<[string, number]> {
  const inPlay = dumpState(index) !== 'attract';
  const leakOf = new Map(leaks.map((leak) => [leak.event, leak.perDump]));
  const entries: Array<[string, number]> = [];
  const known = new Set<string>();
  for (const handler of machine) {
    known.add(handler.event);
    let count = handler.count + (inPlay ? handler.playDelta : 0) + (leakOf.get(handler.event) ?? 0) * index;
    // A one-time step after the first game (a placeholder registered once), like the real MC log.
    if (handler.event === 'player_added' && index >= 4) count += 1;
    if (count > 0) entries.push([handler.event, count]);
  }
  // A leak on an event this machine does not know starts from one handler.
  for (const leak of leaks) {
    if (!known.has(leak.event)) entries.push([leak.event, 1 + leak.perDump * index]);
  }
  // Array.prototype.sort is stable, like Python's sorted(): equal counts keep registration order.
  return entries.sort((a, b) => b[1] - a[1]);
}

const MILLIS = Array.from({ length: 1000 }, (_, ms) => String(ms).padStart(3, '0'));

/** Buffers lines and hands them to the file stream in big chunks, waiting when the stream is full. */
export class LogWriter {
  bytes = 0;
  lines = 0;
  /** When set, a line that would take the file past this size is dropped, and so is all after it. */
  limit = Infinity;
  full = false;
  /** The level of `info` and `event` lines: null for MPF-MC's file log, which prints none. */
  infoLevel: string | null = 'INFO';
  /** Posts of the watched events since the last `takePosts`. */
  readonly posts: Map<string, number>;
  // Copying each line into a buffer at once keeps the garbage collector out of the way: joined
  // strings of millions of lines spent more than half the time in GC.
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly ready: Buffer[] = [];
  private clockMs: number;
  private second = -1;
  private secondText = '';

  constructor(private readonly stream: WriteStream, watched: readonly string[], startMs = START_MS) {
    this.clockMs = startMs;
    this.posts = new Map(watched.map((event) => [event, 0]));
  }

  /** Posts of each watched event since the previous call, in `watched` order. */
  takePosts(): number[] {
    const taken = [...this.posts.values()];
    for (const event of this.posts.keys()) this.posts.set(event, 0);
    return taken;
  }

  advance(ms: number): void {
    this.clockMs += ms;
  }

  /** One line; `level` null writes MPF-MC's file format, which has no level. */
  line(level: string | null, logger: string, message: string): void {
    if (this.full) return;
    const second = Math.floor(this.clockMs / 1000);
    if (second !== this.second) {
      const iso = new Date(second * 1000).toISOString();
      this.second = second;
      this.secondText = `${iso.slice(0, 10)} ${iso.slice(11, 19)},`;
    }
    const text = level === null
      ? `${this.secondText}${MILLIS[this.clockMs - second * 1000]} : ${logger} : ${message}\n`
      : `${this.secondText}${MILLIS[this.clockMs - second * 1000]} : ${level} : ${logger} : ${message}\n`;
    if (this.bytes + text.length > this.limit) {
      this.full = true;
      return;
    }
    if (this.used + text.length > this.chunk.length) {
      this.ready.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length));
      this.used = 0;
    }
    // latin1 is a straight copy for this ASCII text, cheaper than UTF-8 encoding.
    this.used += this.chunk.write(text, this.used, 'latin1');
    this.bytes += text.length;
    this.lines += 1;
  }

  info(logger: string, message: string): void {
    this.line(this.infoLevel, logger, message);
  }

  event(name: string, args: string): void {
    const linesBefore = this.lines;
    this.line(this.infoLevel, 'EventManager', `Event: ======'${name}'====== Args=${args}`);
    const posted = this.posts.get(name);
    if (posted !== undefined && this.lines > linesBefore) this.posts.set(name, posted + 1);
  }

  /** Writes the full buffers, waiting for the stream to drain when it asks to. */
  async writeFullChunks(): Promise<void> {
    while (this.ready.length > 0) {
      if (!this.stream.write(this.ready.shift())) await once(this.stream, 'drain');
    }
  }

  async flush(): Promise<void> {
    this.ready.push(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    await this.writeFullChunks();
  }
}

/** Noise of a running machine: the state it needs to write consistent Args (scores, audits, modes). */
class Game {
  private readonly audits = new Map<string, number>();
  private readonly activeModes = new Set<string>();
  private readonly uuids: [string, string];
  private players = 1;
  private player = 1;
  private ball = 1;
  private scores: number[] = [0];
  private timerTicks = 0;

  constructor(private readonly w: LogWriter, private readonly random: () => number) {
    for (const switchName of [...PLAYFIELD_SWITCHES.map(([name]) => name), ...FLIPPERS, 's_trough1', 's_plunger', 's_start']) {
      this.audits.set(switchName, 100 + this.int(5000));
    }
    this.uuids = [this.uuid(), this.uuid()];
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  private uuid(): string {
    const hex = (n: number): string => Array.from({ length: n }, () => this.int(16).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[this.int(4)]}${hex(3)}-${hex(12)}`;
  }

  /** A pause between scenes; lines within a scene are 0-1 ms apart. */
  private pause(minMs: number, maxMs: number): void {
    this.w.advance(minMs + this.int(maxMs - minMs));
  }

  private tick(): void {
    this.w.advance(this.int(2));
  }

  private bcpSend(command: string): void {
    this.w.line('DEBUG', 'BCPClientSocket.local_display', `Sending "${command}"`);
  }

  private bcpReceive(command: string): void {
    // MPF logs the raw bytes object, hence the b'...' inside the quotes.
    this.w.line('DEBUG', 'BCPClientSocket.local_display', `Received "b'${command}'"`);
  }

  private switchChange(switchName: string, active: boolean): void {
    this.w.info('SwitchController', `<<<<<<< '${switchName}' ${active ? 'active' : 'inactive'} >>>>>>>`);
    // Only switches the MC subscribed to go over BCP.
    if (this.random() < 0.2) this.bcpSend(`switch?name=${switchName}&state=int:${active ? 1 : 0}`);
  }

  private audit(switchName: string): void {
    const prev = this.audits.get(switchName) ?? 0;
    this.audits.set(switchName, prev + 1);
    this.w.event(`machine_var_audits_switches_${switchName}`, `{'value': ${prev + 1}, 'prev_value': ${prev}, 'change': 1}`);
  }

  private score(points: number, source: string | null): void {
    const prev = this.scores[this.player - 1] ?? 0;
    const value = prev + points;
    this.scores[this.player - 1] = value;
    const from = source ? `, 'source': '${source}'` : '';
    this.w.event('player_score', `{'value': ${value}, 'prev_value': ${prev}, 'change': ${points}, 'player_num': ${this.player}${from}}`);
    if (this.random() < 0.3) this.bcpSend(`player_variable?name=score&value=int:${value}&prev_value=int:${prev}&change=int:${points}&player_num=int:${this.player}`);
  }

  private slide(mode: string, what: 'created' | 'active' | 'removed'): void {
    this.bcpReceive(`trigger?name=slide_${mode}_slide_${what}`);
    this.w.event(`slide_${mode}_slide_${what}`, "{'_from_bcp': True}");
  }

  private startMode(name: string, priority: number, args: string): void {
    for (const phase of ['will_start', 'starting']) this.w.event(`mode_${name}_${phase}`, args);
    this.w.info(`Mode.${name}`, `Started. Priority: ${priority}`);
    this.w.event('modes_active_modes_changed', '{}');
    this.w.event(`mode_${name}_started`, args);
    this.bcpSend(`mode_start?name=${name}&priority=int:${priority}`);
    this.activeModes.add(name);
  }

  private stopMode(name: string): void {
    for (const phase of ['will_stop', 'stopping']) this.w.event(`mode_${name}_${phase}`, '{}');
    this.w.info(`Mode.${name}`, 'Stopped.');
    this.w.event('modes_active_modes_changed', '{}');
    this.w.event(`mode_${name}_stopped`, '{}');
    this.w.event('clear', `{'key': '${name}'}`);
    this.bcpSend(`mode_stop?name=${name}`);
    this.activeModes.delete(name);
  }

  /** Modes running during the ball (base always is), the sources of scores and slides. */
  private ballModes(): string[] {
    const modes = [...this.activeModes].filter((name) => name !== 'game' && name !== 'attract');
    return modes.length > 0 ? modes : ['base'];
  }

  /** One piece of noise while a ball is in play. */
  playScene(): void {
    this.pause(20, 400);
    const roll = this.random();
    if (roll < 0.62) this.switchHit();
    else if (roll < 0.77) this.flipper();
    else if (roll < 0.85) this.timerTick();
    else if (roll < 0.92) this.slide(this.pick(this.ballModes()), this.pick(['created', 'active', 'removed'] as const));
    else this.toggleMode();
  }

  private switchHit(): void {
    const [switchName, points, shot] = this.pick(PLAYFIELD_SWITCHES);
    this.switchChange(switchName, true);
    this.tick();
    this.w.event(`${switchName}_active`, '{}');
    if (this.random() < 0.2) this.w.event('playfield_active', `{'source': '${switchName.slice(2)}'}`);
    this.audit(switchName);
    if (shot) {
      const prev = this.int(2);
      this.w.event(`player_shot_${shot}`, `{'value': ${1 - prev}, 'prev_value': ${prev}, 'change': ${1 - 2 * prev}, 'player_num': ${this.player}}`);
      this.w.event(`${shot}_hit`, '{}');
      this.w.event(`${shot}_${prev ? 'lit' : 'unlit'}_hit`, `{'state': '${prev ? 'lit' : 'unlit'}', 'advancing': ${prev ? 'False' : 'True'}}`);
      if (this.random() < 0.15) this.w.event(`machine_var_audits_shots_${shot}`, `{'value': ${this.int(900) + 100}, 'prev_value': ${this.int(100)}, 'change': 1}`);
    }
    this.tick();
    const scoringMode = this.pick(this.ballModes());
    this.score(points * (scoringMode === 'base' ? 1 : 2), this.random() < 0.9 ? scoringMode : null);
    this.w.advance(30 + this.int(40));
    this.switchChange(switchName, false);
  }

  private flipper(): void {
    const switchName = this.pick(FLIPPERS);
    this.switchChange(switchName, true);
    this.w.event(`${switchName}_active`, '{}');
    this.audit(switchName);
    if (this.random() < 0.3) this.w.event('flipper_cradle', '{}');
    this.w.advance(80 + this.int(600));
    if (this.random() < 0.3) this.w.event('flipper_cradle_release', '{}');
    this.switchChange(switchName, false);
  }

  private timerTick(): void {
    const timed = this.ballModes().filter((name) => TIMED_MODES.has(name));
    if (timed.length === 0) {
      this.w.info('ball_device.bd_plunger', 'State: idle');
      return;
    }
    const mode = this.pick(timed);
    this.timerTicks += 1;
    const remaining = 30 - (this.timerTicks % 30);
    this.w.event(`timer_${mode}_timer_tick`, `{'ticks': ${this.timerTicks % 30}, 'ticks_remaining': ${remaining}}`);
    this.w.event(`player_${mode}_${mode}_timer_tick`, `{'value': ${this.timerTicks % 30}, 'prev_value': ${(this.timerTicks - 1) % 30}, 'change': 1, 'player_num': ${this.player}}`);
    if (remaining === 1) {
      this.w.info(`Timer.${mode}_timer`, 'Timer Complete');
      this.w.info(`Timer.${mode}_timer`, 'Stopping Timer');
      this.w.event(`timer_${mode}_timer_complete`, `{'ticks': 30, 'ticks_remaining': 0}`);
    }
  }

  private toggleMode(): void {
    const [name, priority] = this.pick(GAME_MODES.slice(1));
    if (this.activeModes.has(name)) {
      this.stopMode(name);
      this.slide(name, 'removed');
      if (TIMED_MODES.has(name)) this.w.info(`Timer.${name}_timer`, 'Stopping Timer');
    } else {
      this.startMode(name, priority, '{}');
      this.slide(name, 'created');
      this.slide(name, 'active');
      if (TIMED_MODES.has(name)) this.w.info(`Timer.${name}_timer`, 'Starting Timer.');
    }
  }

  /** One piece of noise in attract: flipper presses, attract slides, BCP chatter. */
  attractScene(): void {
    this.pause(200, 3000);
    const roll = this.random();
    if (roll < 0.4) this.slide('attract', this.pick(['created', 'active', 'removed'] as const));
    else if (roll < 0.7) this.flipper();
    else if (roll < 0.85) this.w.event('machine_var_credits_string', "{'value': 'FREE PLAY', 'prev_value': 'FREE PLAY', 'change': False}");
    else {
      this.bcpSend('trigger?name=attract_show_step');
      this.w.event('display_light_player_apply', "{'_from_bcp': True}");
    }
  }

  startGame(): void {
    this.pause(500, 4000);
    this.switchChange('s_start', true);
    this.audit('s_start');
    this.w.event('request_to_start_game', '{}');
    this.w.event('game_will_start', '{}');
    this.w.event('game_starting', '{}');
    this.stopMode('attract');
    this.startMode('game', 20, '{}');
    this.players = 1 + Math.floor(this.random() ** 2 * 4);
    this.scores = Array.from({ length: this.players }, () => 0);
    for (let player = 1; player <= this.players; player += 1) {
      this.w.event('player_added', `{'player': <Player ${player}>, 'num': ${player}}`);
      this.w.info('Mode.game', `Player added successfully. Total players: ${player}`);
    }
    this.w.advance(50);
    this.switchChange('s_start', false);
    this.w.event('game_started', '{}');
  }

  /** Player `player` starts ball `ball`: turn events, modes, the trough-to-plunger eject. */
  startBall(player: number, ball: number): void {
    this.pause(100, 1000);
    this.player = player;
    this.ball = ball;
    const args = `'player': ${player}, 'ball': ${ball}, 'balls_remaining': ${3 - ball}, 'is_extra_ball': False`;
    for (const phase of ['will_start', 'starting']) this.w.event(`player_turn_${phase}`, `{'player': <Player ${player}>, 'number': ${player}}`);
    this.w.event('player_ball', `{'value': ${ball}, 'prev_value': ${ball - 1}, 'change': 1, 'player_num': ${player}}`);
    this.w.event('player_turn_started', `{'player': <Player ${player}>, 'number': ${player}}`);
    this.w.event('ball_will_start', `{${args}}`);
    this.w.event('ball_starting', `{${args}}`);
    this.w.info('EventManager', `Unordered handler for class <BCP Interface> on event ball_started with priority 1. Handlers: [RegisteredHandler(callback=<bound method BcpInterface._ball_started of <BCP Interface>>, priority=1, kwargs={}, key=UUID('${this.uuids[0]}'), condition=None, blocking_facility=None), RegisteredHandler(callback=<bound method BcpInterface.bcp_trigger of <BCP Interface>>, priority=1, kwargs={'name': 'ball_started'}, key=UUID('${this.uuids[1]}'), condition=None, blocking_facility=None)]. The order of those handlers is not defined and they will be executed in random order. This might lead to race conditions and potential bugs.`);
    this.startMode('base', 100, `{'queue': <QueuedEvent>, ${args}}`);
    this.w.event('balls_in_play', "{'balls': 1}");
    this.w.event('ball_started', `{${args}}`);
    this.bcpSend(`ball_start?player_num=int:${player}&ball=int:${ball}`);
    this.startMode('lane_bonus', 200, `{${args}}`);
    if (this.players === 1) this.w.event('single_player_ball_started', '{}');
    this.slide('base', 'created');
    this.slide('base', 'active');
    this.eject();
  }

  private eject(): void {
    const trough = 'ball_device.bd_trough';
    const plunger = 'ball_device.bd_plunger';
    const ejectArgs = (target: string, source: string): string =>
      `{'balls': 1, 'target': <${target}>, 'source': <${source}>, 'mechanical_eject': False, 'num_attempts': 0}`;
    this.w.event('ball_start_target', "{'target': 'playfield'}");
    this.w.info(plunger, 'Setting up player-controlled eject. Balls: 1, Target: <playfield.playfield>, player_controlled_eject_event: None');
    this.w.info(plunger, 'Adding 1 ball(s) to the eject_queue with target <playfield.playfield>.');
    this.w.event('balldevice_balls_available', '{}');
    this.w.info(trough, 'State: waiting_for_target_ready');
    this.w.event('balldevice_bd_trough_ball_eject_attempt', ejectArgs('ball_device.bd_plunger', 'ball_device.bd_trough'));
    this.w.info(plunger, 'State: waiting_for_ball');
    this.w.info(trough, 'State: ejecting');
    this.w.info(trough, 'Ejecting ball to <ball_device.bd_plunger>');
    this.w.event('balldevice_bd_trough_ejecting_ball', ejectArgs('ball_device.bd_plunger', 'ball_device.bd_trough'));
    this.w.info(trough, 'Wait for ball to leave device');
    this.w.info('coil.c_trough_eject', 'Pulsing Driver for 20ms (1.0 pulse_power)');
    this.tick();
    this.switchChange('s_trough1', false);
    this.w.info(trough, 'State: ball_left');
    this.w.info(trough, 'Ball left');
    this.w.info(trough, 'Wait for confirm with timeout 10.0');
    this.w.advance(100 + this.int(50));
    this.switchChange('s_plunger', true);
    this.audit('s_plunger');
    this.w.advance(400 + this.int(200));
    this.w.info(plunger, 'Received ball from <ball_device.bd_trough>');
    this.w.event('balldevice_bd_plunger_ball_enter', "{'new_balls': 1, 'unclaimed_balls': 0, 'new_available_balls': 0, 'device': <ball_device.bd_plunger>}");
    this.w.event('balldevice_bd_plunger_ball_count_changed', "{'balls': 1}");
    this.w.info(trough, 'Got eject confirm');
    this.w.info(trough, 'Eject successful');
    this.w.event('balldevice_bd_trough_ball_eject_success', "{'balls': 1, 'target': <ball_device.bd_plunger>}");
    this.w.event('balldevice_bd_trough_ball_count_changed', "{'balls': 2}");
    this.w.info(trough, 'State: idle');
    this.w.info(plunger, 'State: ejecting');
    this.w.info(plunger, 'Ejecting ball to <playfield.playfield>');
    this.w.event('balldevice_bd_plunger_ejecting_ball', ejectArgs('playfield.playfield', 'ball_device.bd_plunger'));
    this.w.info('coil.c_plunger_eject', 'Pulsing Driver for 20ms (1.0 pulse_power)');
    this.switchChange('s_plunger', false);
    this.w.info(plunger, 'State: ball_left');
    this.w.info(plunger, 'Wait for confirm with timeout 3.0');
    this.w.advance(3000);
    this.w.info(plunger, 'Got timeout (3.0s) before confirm from <playfield.playfield>');
    this.w.info(plunger, 'Confirming eject because target is playfield and ball did not return.');
    this.w.event('balldevice_bd_plunger_ball_eject_success', "{'balls': 1, 'target': <playfield.playfield>}");
    this.w.event('balldevice_playfield_ball_enter', "{'new_balls': 1, 'unclaimed_balls': 1, 'device': <playfield.playfield>}");
    this.w.event('playfield_ball_count_change', "{'balls': 1, 'change': 1}");
    this.w.info(plunger, 'State: idle');
  }

  /** The ball drains: game modes stop, the turn ends. */
  endBall(): void {
    this.pause(100, 1000);
    this.switchChange('s_trough1', true);
    this.audit('s_trough1');
    this.w.info('ball_device.bd_trough', 'Received unexpected ball');
    this.w.event('balldevice_captured_from_playfield', "{'balls': 1}");
    this.w.event('playfield_ball_count_change', "{'balls': 0, 'change': -1}");
    this.w.event('ball_drain', "{'device': <ball_device.bd_trough>, 'balls': 1}");
    this.w.event('ball_will_end', '{}');
    this.w.event('ball_ending', '{}');
    for (const name of [...this.activeModes]) if (name !== 'game') this.stopMode(name);
    this.w.event('ball_ended', '{}');
    for (const phase of ['will_end', 'ending', 'ended']) this.w.event(`player_turn_${phase}`, `{'player': <Player ${this.player}>, 'number': ${this.player}}`);
  }

  endGame(): void {
    this.w.event('game_will_end', '{}');
    this.w.event('game_ending', '{}');
    this.stopMode('game');
    this.w.event('game_ended', '{}');
    this.w.info('CustomCode.code.game_stats.GameStats', `Game ended after ${3 * this.players} player turns`);
    this.startMode('attract', 10, '{}');
    this.slide('attract', 'created');
    this.slide('attract', 'active');
  }

  get playerCount(): number {
    return this.players;
  }

  get currentBall(): number {
    return this.ball;
  }
}

function writeStartup(w: LogWriter): void {
  w.info('root', 'Loading config.');
  w.info('Machine', 'Mission Pinball Framework Core Engine v0.57.3');
  w.info('Machine', "Command line arguments: {'no_load_cache': False, 'create_config_cache': True, 'bcp': True, 'configfile': ['config.yaml'], 'force_assets_load': False, 'platform_integration_test': False, 'jsonlogging': False, 'logfile': None, 'pause': False, 'production': False, 'text_ui': False, 'loglevel': 10, 'consoleloglevel': 20, 'force_platform': None, 'syslog_address': None, 'mc_file_name': None, 'no_sound': False}");
  w.info('Machine', 'Python version: 3.11.2 (64-bit)');
  w.info('Machine', 'Initializing MPF...');
  for (const phase of [1, 2, 3, 4, 5]) {
    w.advance(20);
    w.event(`init_phase_${phase}`, '{}');
  }
  w.info('BCPClientSocket', "Connecting BCP to 'local_display' at localhost:5050...");
  w.advance(600);
  w.info('BCPClientSocket', "Connected BCP to 'local_display' localhost:5050");
  w.event('bcp_clients_connected', '{}');
  w.info('ball_device.bd_trough', 'BCH: Initial count: 3');
  w.event('reset_complete', '{}');
  w.info('Mode.attract', 'Started. Priority: 10');
  w.event('mode_attract_started', '{}');
  w.info('Machine', 'Starting the main run loop with active modes: [<Mode.attract>]');
}

function writeDump(w: LogWriter, entries: ReadonlyArray<readonly [string, number]>): number {
  w.advance(300);
  w.event('debug_dump_stats', '{}');
  w.info('EventManager', '--- DEBUG DUMP EVENTS ---');
  const headerLine = w.lines;
  w.info('EventManager', `Total registered_handlers: ${entries.length}. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0`);
  w.info('EventManager', 'Registered Handlers:');
  entries.forEach(([event, count], index) => {
    // The real dump takes about a millisecond per 30 lines.
    if (index % 30 === 29) w.advance(1);
    w.info('EventManager', `  Total handlers: ${count} (for ${event})`);
  });
  w.info('EventManager', 'Queue events:');
  w.info('EventManager', '--- DEBUG DUMP EVENTS END ---');
  return headerLine;
}

/**
 * Plays the game from the state of one dump to the next until the file reaches `end` bytes:
 * most bytes go to balls in play, attract gets a short stretch around a game's end and start.
 */
async function playInterval(w: LogWriter, game: Game, from: number, end: number): Promise<void> {
  const start = w.bytes;
  const attractBytes = Math.min((end - start) * 0.05, 16 * 1024);
  const fill = async (until: number, scene: () => void): Promise<void> => {
    while (w.bytes < until && !w.full) {
      scene();
      await w.writeFullChunks();
    }
  };
  const play = (): void => game.playScene();
  const attract = (): void => game.attractScene();
  const next = dumpState(from + 1);
  if (next === 'ball 1') {
    await fill(start + attractBytes, attract);
    game.startGame();
    game.startBall(1, 1);
    await fill(end, play);
    return;
  }
  // A ball of player 1 is running; the other players play the same ball before player 1's next.
  const ball = game.currentBall;
  const turns = game.playerCount + (next === 'attract' ? 0 : 1);
  const playEnd = next === 'attract' ? end - attractBytes : end;
  const share = (playEnd - start) / turns;
  await fill(start + share, play);
  game.endBall();
  for (let player = 2; player <= game.playerCount; player += 1) {
    game.startBall(player, ball);
    await fill(start + share * player, play);
    game.endBall();
  }
  if (next === 'attract') {
    game.endGame();
    await fill(end, attract);
  } else {
    game.startBall(1, ball + 1);
    await fill(end, play);
  }
}

export async function generateLog(path: string, options: GenerateOptions = {}): Promise<GeneratedLogInfo> {
  const bytes = options.bytes ?? DEFAULT_BYTES;
  const dumps = options.dumps ?? DEFAULT_DUMPS;
  const seed = options.seed ?? DEFAULT_SEED;
  const leaks = options.leaks ?? DEFAULT_LEAKS;
  if (!Number.isInteger(dumps) || dumps < 1) throw new RangeError(`dumps must be a positive integer, not ${dumps}`);
  if (!Number.isInteger(bytes) || bytes < dumps * MIN_BYTES_PER_DUMP) {
    throw new RangeError(`${bytes} bytes is too small for ${dumps} dumps: give at least ${dumps * MIN_BYTES_PER_DUMP}`);
  }
  for (const leak of leaks) {
    if (!/^[A-Za-z0-9_]+$/.test(leak.event) || !Number.isInteger(leak.perDump) || leak.perDump < 1) {
      throw new RangeError(`a leak needs an event name of letters, digits and _ and a positive whole perDump: ${JSON.stringify(leak)}`);
    }
  }

  const machine = buildMachine();
  const plans = Array.from({ length: dumps }, (_, index) => planDump(machine, leaks, index));

  const stream = createWriteStream(path, { highWaterMark: CHUNK_BYTES });
  const w = new LogWriter(stream, leaks.map((leak) => leak.event));
  const posted: number[][] = [];
  const game = new Game(w, mulberry32(seed));
  const dumpLines: number[] = [];
  try {
    writeStartup(w);
    for (let index = 0; index < dumps; index += 1) {
      // Dump 0 comes shortly after start-up, in attract; the others every bytes/dumps after it.
      if (index > 0) await playInterval(w, game, index - 1, Math.floor((bytes * index) / dumps));
      posted.push(w.takePosts());
      dumpLines.push(writeDump(w, plans[index]!));
      await w.writeFullChunks();
    }
    if (w.bytes > bytes) throw new RangeError(`${bytes} bytes is too small for ${dumps} dumps: the log needed ${w.bytes}`);
    // The log goes on after the last dump until the size is reached, cut off like a running log.
    w.limit = bytes;
    for (let index = dumps - 1; !w.full; index += 1) await playInterval(w, game, index, bytes);
    await w.flush();
    stream.end();
    await finished(stream);
  } catch (error) {
    stream.destroy();
    throw error;
  }

  return {
    path,
    seed,
    bytes: w.bytes,
    lines: w.lines,
    dumps,
    dumpLines,
    dumpStates: plans.map((_, index) => dumpState(index)),
    registeredHandlers: plans.map((entries) => entries.length),
    ...seriesOf(plans, leaks, posted),
  };
}

/** The dumps' counts per event; `posted[i][j]` is the posts of leak j before dump i. */
function seriesOf(
  plans: ReadonlyArray<ReadonlyArray<readonly [string, number]>>,
  leaks: readonly PlantedLeak[],
  posted: readonly number[][],
): Pick<GeneratedLogInfo, 'leaks' | 'fluctuating'> {
  const counts = new Map<string, number[]>();
  plans.forEach((entries, index) => {
    for (const [event, count] of entries) {
      let series = counts.get(event);
      if (!series) counts.set(event, (series = plans.map(() => 0)));
      series[index] = count;
    }
  });
  const leaking = new Set(leaks.map((leak) => leak.event));
  return {
    leaks: leaks.map((leak, j) => ({ ...leak, counts: counts.get(leak.event)!, posted: posted.map((perLeak) => perLeak[j]!) })),
    fluctuating: [...counts]
      .filter(([event, series]) => !leaking.has(event) && series.some((count) => count !== series[0]))
      .map(([event, series]) => ({ event, counts: series })),
  };
}

async function cli(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { bytes: { type: 'string' }, dumps: { type: 'string' }, seed: { type: 'string' } },
  });
  const [out] = positionals;
  if (!out || positionals.length > 1) {
    throw new Error('usage: node --import tsx bench/generate-log.ts OUT.log [--bytes 1GiB] [--dumps 50] [--seed 1]');
  }
  const started = process.hrtime.bigint();
  const info = await generateLog(out, {
    bytes: values.bytes === undefined ? DEFAULT_BYTES : parseSize(values.bytes),
    dumps: values.dumps === undefined ? DEFAULT_DUMPS : Number(values.dumps),
    seed: values.seed === undefined ? DEFAULT_SEED : Number(values.seed),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stderr.write(`wrote ${out}: ${info.bytes} bytes, ${info.lines} lines, ${info.dumps} dumps in ${seconds.toFixed(1)} s (${(info.bytes / 1e6 / seconds).toFixed(0)} MB/s)\n`);
  // The planted truth goes to stdout, so it can be saved beside the log.
  process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`generate-log: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
