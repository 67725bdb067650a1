// Deterministic generators of the dense logs of the bench: logs where dumps, or the handler lines a
// leak writes, are most of the bytes, unlike generate-log.ts's log where dumps are rare.
//
// - A dump-heavy MPF-MC 0.57 file log: every dump has EVENTS, DISPLAYS, OBJECTS and CLOCK, and
//   OBJECTS grows from a couple of thousand entries to several thousand (a leaking machine).
// - A leaky MPF 0.57 file log dominated by `Unordered handler` lines: after the N-th copy of a
//   handler is added, MPF writes N-1 lines listing all N (mpf-dump-format.md §6.1), so the lines
//   grow long and the log grows with the cube of the leak.
// - An MPF file log of many small EVENTS dumps: a week of `watch --every 2m`.
//
// Line shapes follow the real 0.57.3 / MC 0.57.0 logs (the fixture real-057-clean-run and the
// leaky machine's logs); what is planted is returned, so a test can check the parser finds it.
//
//   node --import tsx bench/generate-dense.ts mc|unordered|events OUT.log [--scale 1] [--seed 1]

import { createWriteStream, realpathSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LogWriter, mulberry32, parseSize, REAL_HANDLERS, START_MS } from './generate-log.js';

/** A key whose count the generator makes grow, with its count in every dump, in file order. */
export interface PlantedSeries {
  /** the event name, or the normalised OBJECTS key (`Text:BONUS #`, `Rectangle Widget`) */
  key: string;
  counts: number[];
}

/** What every dense generator returns. */
export interface DenseLogInfo {
  path: string;
  seed: number;
  /** file size in bytes (ASCII, so also characters) */
  bytes: number;
  /** lines, each ended by `\n` */
  lines: number;
  dumps: number;
  /** 1-based line of each dump's `--- DEBUG DUMP EVENTS ---` */
  dumpLines: number[];
  /** the keys made to grow, with their counts at each dump */
  leaks: PlantedSeries[];
}

export const DEFAULT_SEED = 1;

/** Writes a log with `write`, returns its size and line count once it is on disk. */
async function writeLog(path: string, setUp: (w: LogWriter) => void, write: (w: LogWriter) => Promise<void>): Promise<{ bytes: number; lines: number }> {
  const stream = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  const w = new LogWriter(stream, [], START_MS);
  setUp(w);
  try {
    await write(w);
    await w.flush();
    stream.end();
    await finished(stream);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return { bytes: w.bytes, lines: w.lines };
}

function hexDigits(random: () => number, n: number): string {
  let text = '';
  for (let i = 0; i < n; i += 1) text += Math.floor(random() * 16).toString(16);
  return text;
}

// ---------------------------------------------------------------------------------------------
// The dump-heavy MPF-MC log.

export interface McDumpsOptions {
  /** dumps, each with all four MC sections */
  dumps?: number;
  /** OBJECTS entries of the first dump */
  objectsFrom?: number;
  /** OBJECTS entries of the last dump */
  objectsTo?: number;
  seed?: number;
}

export interface McDumpsInfo extends DenseLogInfo {
  /** OBJECTS entries printed in each dump */
  objects: number[];
}

export const MC_DEFAULTS = { dumps: 300, objectsFrom: 2000, objectsTo: 8000 } as const;

/** The MC process's own handlers and those its slide and widget players register. */
function mcEvents(): Array<[string, number]> {
  const events: Array<[string, number]> = [
    ['debug_dump_stats', 2], ['shutdown', 2], ['assets_to_load', 1], ['mc_reset_complete', 1], ['player_turn_start', 1],
    ['display_lights_play', 1], ['display_lights_clear', 1], ['slides_play', 1], ['slides_clear', 1], ['widgets_play', 1],
    ['widgets_clear', 1], ['ball_started', 1], ['ball_ending', 1], ['player_score', 1], ['player_ball', 1],
  ];
  for (const mode of ['attract', 'base', 'skillshot', 'multiball', 'target_frenzy', 'wizard', 'bonus', 'high_score']) {
    events.push([`mode_${mode}_started`, 1], [`mode_${mode}_stopped`, 1]);
  }
  for (const shot of ['lane_left', 'lane_right', 'ramp', 'orbit_left', 'orbit_right', 'scoop', 'target1', 'target2', 'target3']) {
    events.push([`${shot}_hit`, 1], [`player_shot_${shot}`, 1]);
  }
  for (const variable of ['credits_string', 'master_volume', 'player1_score', 'player2_score', 'high_score']) {
    events.push([`machine_var_${variable}`, 1]);
  }
  return events;
}

/** `n` in letters (a Text widget's number would be normalised away, and its key shared). */
function letters(n: number): string {
  let text = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) text = String.fromCharCode(65 + ((rest - 1) % 26)) + text;
  return text;
}

/** Repr makers of the objects a big machine keeps alive, by kind, with how many of each there are. */
function mcObjectPool(count: number, random: () => number): string[] {
  const address = (): string => String(140522940000000 + Math.floor(random() * 9_000_000) * 16);
  const kinds: Array<[weight: number, make: (i: number) => string]> = [
    [30, (i) => `<Images Asset: bg_${i}, loaded=True>`],
    [20, (i) => `<Sound: sfx_${i} (${i}), Loaded=True>`],
    [2, (i) => `<Videos Asset: clip_${i}, loaded=False>`],
    [1, (i) => `<Bitmap_fonts Asset: font_${i}, loaded=True>`],
    [12, (i) => `<Text Widget text=LABEL ${letters(i)}>`],
    [8, (i) => `<Image name=icon_${i}, size=[64, 64], pos=[${i % 400}, ${i % 300}]>`],
    [8, () => `<Rectangle Widget id=${address()}>`],
    [3, (i) => `<Slide name=slide_${i}, priority=${(i % 5) * 100}, id=${i}>`],
    [2, () => `<Line Widget id=${address()}>`],
    [2, () => `<mpfmc.widgets.text.BitmapFontLabel object at 0x7fce${hexDigits(random, 8)}>`],
  ];
  const total = kinds.reduce((sum, [weight]) => sum + weight, 0);
  const pool = ['<Display name=window[1366, 768], current slide=base_slide, total slides=5>', '<DisplayWidget size=[1366, 768], pos=[0, 0], source=window>'];
  let made = 0;
  for (const [weight, make] of kinds) {
    const share = Math.round(((count - pool.length) * weight) / total);
    for (let i = 0; i < share && pool.length < count; i += 1) pool.push(make((made += 1)));
  }
  while (pool.length < count) pool.push(`<Text Widget text=LABEL ${letters((made += 1))}>`);
  return pool;
}

/** Leaks of the MC log: what one leaked object looks like, and its share of the growth. */
const MC_LEAKS: ReadonlyArray<{ key: string; weight: number; repr: (n: number, random: () => number) => string }> = [
  { key: 'Text:BONUS #', weight: 8, repr: (n) => `<Text Widget text=BONUS ${n * 10}>` },
  { key: 'Rectangle Widget', weight: 6, repr: (_n, random) => `<Rectangle Widget id=${140522950000000 + Math.floor(random() * 9_000_000) * 16}>` },
  { key: 'Image:sparkle', weight: 4, repr: (n) => `<Image name=sparkle, size=[32, 32], pos=[${(n * 37) % 1366}.0, ${(n * 11) % 768}.5]>` },
  { key: 'Slide:Anon_*', weight: 2, repr: (n) => `<Slide name=Anon_${1000 + n}, priority=0, id=${1000 + n}>` },
];

export async function generateMcDumpsLog(path: string, options: McDumpsOptions = {}): Promise<McDumpsInfo> {
  const dumps = options.dumps ?? MC_DEFAULTS.dumps;
  const objectsFrom = options.objectsFrom ?? MC_DEFAULTS.objectsFrom;
  const objectsTo = options.objectsTo ?? MC_DEFAULTS.objectsTo;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(dumps) || dumps < 2) throw new RangeError(`dumps must be a whole number of at least 2, not ${dumps}`);
  if (!Number.isInteger(objectsFrom) || objectsFrom < 10 || !Number.isInteger(objectsTo) || objectsTo < objectsFrom) {
    throw new RangeError(`objects must grow from at least 10: ${objectsFrom} to ${objectsTo}`);
  }
  const random = mulberry32(seed);
  const base = mcObjectPool(objectsFrom, random);
  const baseCounts = new Map<string, number>([['Rectangle Widget', base.filter((repr) => repr.startsWith('<Rectangle Widget')).length]]);
  const weights = MC_LEAKS.reduce((sum, leak) => sum + leak.weight, 0);
  const leaked: string[][] = MC_LEAKS.map(() => []);
  const leakCounts: number[][] = MC_LEAKS.map(() => []);
  const objects: number[] = [];
  const dumpLines: number[] = [];
  const events = mcEvents();
  let score = 0;
  let slideId = 2000;

  const { bytes, lines } = await writeLog(path, (w) => {
    w.infoLevel = null;
  }, async (w) => {
    w.info('mpfmc', 'Mission Pinball Framework Media Controller v0.57.0');
    w.info('mpfmc', 'Mission Pinball Framework v0.57.3');
    for (let index = 0; index < dumps; index += 1) {
      // Between dumps: what MPF forwards over BCP while a ball is played.
      for (let hit = 0; hit < 12; hit += 1) {
        w.advance(150 + Math.floor(random() * 400));
        const change = [10, 100, 250, 500, 1000][Math.floor(random() * 5)]!;
        w.event('player_score', `{'value': ${score + change}, 'prev_value': ${score}, 'change': ${change}, 'player_num': 1}`);
        score += change;
        if (random() < 0.3) w.event('widgets_play', `{'settings': {'bonus_widget': {'priority': 0, 'slide': None, 'action': 'add', 'key': None, 'target': None}}, 'context': '_global', 'calling_context': 'lanes_hit', 'priority': 0}`);
      }
      // Growth so far, split over the leaks by weight; the last takes what rounding leaves.
      const total = Math.round(objectsFrom + ((objectsTo - objectsFrom) * index) / (dumps - 1));
      const extra = total - objectsFrom;
      let given = 0;
      MC_LEAKS.forEach((leak, k) => {
        const want = k === MC_LEAKS.length - 1 ? extra - given : Math.floor((extra * leak.weight) / weights);
        given += want;
        while (leaked[k]!.length < want) leaked[k]!.push(leak.repr(leaked[k]!.length + 1, random));
        leakCounts[k]!.push(want + (baseCounts.get(leak.key) ?? 0));
      });
      const anonymous = leaked[MC_LEAKS.length - 1]!.length;

      w.advance(300);
      w.event('debug_dump_stats', '{}');
      w.info('EventManager', '--- DEBUG DUMP EVENTS ---');
      dumpLines.push(w.lines);
      w.info('EventManager', `Total registered_handlers: ${events.length}. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0`);
      w.info('EventManager', 'Registered Handlers:');
      for (const [event, count] of events) w.info('EventManager', `  Total handlers: ${count} (for ${event})`);
      w.info('EventManager', 'Queue events:');
      w.info('EventManager', '--- DEBUG DUMP EVENTS END ---');

      slideId += 1;
      const current = `<Slide name=base_slide, priority=0, id=${slideId}>`;
      const display = `<Display name=window[1366, 768], current slide=base_slide, total slides=5>`;
      w.info('mpfmc', '--- DEBUG DUMP DISPLAYS ---');
      w.info('mpfmc', `Active slides: {'window_blank': <Slide name=window_blank, priority=0, id=1>, 'attract_slide': <Slide name=attract_slide, priority=10, id=2>, 'hud': <Slide name=hud, priority=1000, id=3>, 'base_slide': ${current}} (Count: 4). Displays: {'window': ${display}} (Count: 1). Available Slides: ${60 + anonymous}`);
      w.info('mpfmc', "Iterating device collections directly is deprecated and will be removed. Access by value(): device_collections[displays] -> device_collections['displays'].values()");
      w.info('mpfmc', `Listing children for display: ${display}`);
      const children = [display, current];
      for (const widget of ['<Text Widget text=BALL 1>', `<Text Widget text=${score}>`, '<Text Widget text=PLAYER 1>', '<Image name=playfield_bg, size=[1366, 768], pos=[683, 384]>']) {
        children.push('<WidgetContainer z=0 key=None>', widget);
      }
      for (const widget of leaked[0]!.slice(-10)) children.push('<WidgetContainer z=0 key=None>', widget);
      for (const child of children) w.info('mpfmc', child);
      w.info('mpfmc', `Total children: ${children.length}`);
      w.info('mpfmc', '--- DEBUG DUMP DISPLAYS END ---');

      w.advance(25);
      const printed = base.length + leaked.reduce((sum, list) => sum + list.length, 0);
      objects.push(printed);
      w.info('mpfmc', '--- DEBUG DUMP OBJECTS ---');
      w.info('mpfmc', `Elements in list (may be dead): ${printed + Math.floor(random() * 5)}`);
      let written = 0;
      const object = (repr: string): void => {
        // A real dump takes about a millisecond per hundred objects.
        if ((written += 1) % 100 === 0) w.advance(1);
        w.info('mpfmc', repr);
      };
      for (const repr of base) object(repr);
      for (const list of leaked) for (const repr of list) object(repr);
      w.info('mpfmc', '--- DEBUG DUMP OBJECTS END ---');

      w.info('mpfmc', '--- DEBUG DUMP CLOCK ---');
      w.info('mpfmc', '<ClockEvent (1.0) callback=<function Cache._purge_by_timeout at 0x7fce0f46c180>>');
      w.info('mpfmc', '<ClockEvent (0.0) callback=<bound method BcpProcessor._get_from_queue of <mpfmc.core.bcp_processor.BcpProcessor object at 0x7fce0c6a8d10>>>');
      w.info('mpfmc', '<ClockEvent (1.0) callback=<bound method MpfMc._check_crash_queue of <mpfmc.core.mc.MpfMc object at 0x7fce0ce51160>>>');
      w.info('mpfmc', '<ClockEvent (0.0) callback=<bound method MpfMc.tick of <mpfmc.core.mc.MpfMc object at 0x7fce0ce51160>>>');
      w.info('mpfmc', '<ClockEvent (0.5) callback=<bound method BallOverlay._refresh of <CustomCode.code.mc_overlay.BallOverlay>>>');
      w.info('mpfmc', '--- DEBUG DUMP CLOCK END ---');
      await w.writeFullChunks();
    }
  });

  return {
    path,
    seed,
    bytes,
    lines,
    dumps,
    dumpLines,
    objects,
    leaks: MC_LEAKS.map((leak, k) => ({ key: leak.key, counts: leakCounts[k]! })),
  };
}

// ---------------------------------------------------------------------------------------------
// The log of a leak that MPF reports with `Unordered handler` lines.

export interface UnorderedOptions {
  /** size of the log; it is cut before the first line that would pass it */
  bytes?: number;
  /** balls played between two dumps */
  ballsPerDump?: number;
  seed?: number;
}

export interface UnorderedInfo extends DenseLogInfo {
  /** `Unordered handler` lines written */
  unorderedLines: number;
  /** the longest line, in bytes with its newline */
  longestLine: number;
  /** for each leak: the callback MPF's lines name, and its owner */
  culprits: Array<{ event: string; callback: string; owner: string }>;
}

export const UNORDERED_DEFAULTS = { bytes: 200_000_000, ballsPerDump: 5 } as const;

/** The leaky machine's two leaks MPF names: a mode's and a custom code's handler added again and again. */
const UNORDERED_LEAKS = [
  { event: 's_top_rollover_active', callback: 'Skillshot._rollover_hit', owner: '<Mode.skillshot>', everyBalls: 1 },
  { event: 'orbit_left_hit', callback: 'OrbitCombos._orbit_made', owner: '<Scriptlet.code.orbit_combos.OrbitCombos>', everyBalls: 2 },
] as const;

const UNORDERED_TAIL = '. The order of those handlers is not defined and they will be executed in random order. This might lead to race conditions and potential bugs.';

export async function generateUnorderedLog(path: string, options: UnorderedOptions = {}): Promise<UnorderedInfo> {
  const limit = options.bytes ?? UNORDERED_DEFAULTS.bytes;
  const ballsPerDump = options.ballsPerDump ?? UNORDERED_DEFAULTS.ballsPerDump;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(limit) || limit < 100_000) throw new RangeError(`bytes must be at least 100000, not ${limit}`);
  if (!Number.isInteger(ballsPerDump) || ballsPerDump < 1) throw new RangeError(`ballsPerDump must be a positive whole number, not ${ballsPerDump}`);
  const random = mulberry32(seed);
  const uuid = (): string => `${hexDigits(random, 8)}-${hexDigits(random, 4)}-4${hexDigits(random, 3)}-${'89ab'[Math.floor(random() * 4)]}${hexDigits(random, 3)}-${hexDigits(random, 12)}`;
  // What MPF prints of each leak's handlers so far, joined, and how many there are.
  const handlers = UNORDERED_LEAKS.map(() => ({ list: '', copies: 0 }));
  const counts: number[][] = UNORDERED_LEAKS.map(() => []);
  const dumpLines: number[] = [];
  const dumpEvents = REAL_HANDLERS.filter(([event]) => !UNORDERED_LEAKS.some((leak) => leak.event === event));
  let unorderedLines = 0;
  let longestLine = 0;
  let score = 0;

  const addCopy = (w: LogWriter, k: number): void => {
    const leak = UNORDERED_LEAKS[k]!;
    const state = handlers[k]!;
    const handler = `RegisteredHandler(callback=<bound method ${leak.callback} of ${leak.owner}>, priority=1, kwargs={}, key=UUID('${uuid()}'), condition=None, blocking_facility=None)`;
    state.list = state.copies === 0 ? handler : `${state.list}, ${handler}`;
    state.copies += 1;
    if (state.copies < 2) return;
    const message = `Unordered handler for class ${leak.owner} on event ${leak.event} with priority 1. Handlers: [${state.list}]${UNORDERED_TAIL}`;
    for (let line = 1; line < state.copies; line += 1) {
      const before = w.lines;
      w.info('EventManager', message);
      if (w.lines > before) {
        unorderedLines += 1;
        longestLine = Math.max(longestLine, 23 + ' : INFO : EventManager : '.length + message.length + 1);
      }
    }
  };

  const { bytes, lines } = await writeLog(path, (w) => {
    w.limit = limit;
  }, async (w) => {
    w.info('Machine', 'Mission Pinball Framework Core Engine v0.57.3');
    for (let ball = 1; !w.full; ball += 1) {
      w.advance(2000);
      w.event('ball_starting', `{'player': 1, 'ball': ${ball}, 'balls_remaining': 2, 'is_extra_ball': False}`);
      w.info('Mode.skillshot', 'Started. Priority: 200');
      w.event('mode_skillshot_started', `{'player': 1, 'ball': ${ball}, 'balls_remaining': 2, 'is_extra_ball': False}`);
      UNORDERED_LEAKS.forEach((leak, k) => {
        if (ball % leak.everyBalls === 0 || ball === 1) addCopy(w, k);
      });
      w.event('ball_started', `{'player': 1, 'ball': ${ball}, 'balls_remaining': 2, 'is_extra_ball': False}`);
      for (const switchName of ['s_top_rollover', 's_bumper', 's_sling_right', 's_spinner', 's_orbit_left', 's_standup', 's_flipper_left']) {
        w.advance(200 + Math.floor(random() * 300));
        w.info('SwitchController', `<<<<<<< '${switchName}' active >>>>>>>`);
        w.event(`${switchName}_active`, '{}');
        const change = [10, 100, 250, 1000, 2500][Math.floor(random() * 5)]!;
        w.event('player_score', `{'value': ${score + change}, 'prev_value': ${score}, 'change': ${change}, 'player_num': 1, 'source': 'base'}`);
        score += change;
        w.info('SwitchController', `<<<<<<< '${switchName}' inactive >>>>>>>`);
      }
      w.event('ball_ending', "{'queue': '<QueuedEvent>'}");
      if (ball % ballsPerDump === 0 && !w.full) {
        const entries: Array<[string, number]> = [...dumpEvents.map(([event, count]): [string, number] => [event, count]), ...UNORDERED_LEAKS.map((leak, k): [string, number] => [leak.event, handlers[k]!.copies])];
        entries.sort((a, b) => b[1] - a[1]);
        w.advance(1000);
        w.event('debug_dump_stats', '{}');
        const before = w.lines;
        w.info('EventManager', '--- DEBUG DUMP EVENTS ---');
        w.info('EventManager', `Total registered_handlers: ${entries.length}. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0`);
        w.info('EventManager', 'Registered Handlers:');
        for (const [event, count] of entries) w.info('EventManager', `  Total handlers: ${count} (for ${event})`);
        w.info('EventManager', 'Queue events:');
        w.info('EventManager', '--- DEBUG DUMP EVENTS END ---');
        // A dump that did not fit whole is not one: the log was cut in it.
        if (!w.full) {
          dumpLines.push(before + 1);
          UNORDERED_LEAKS.forEach((_, k) => counts[k]!.push(handlers[k]!.copies));
        }
      }
      await w.writeFullChunks();
    }
  });

  return {
    path,
    seed,
    bytes,
    lines,
    dumps: dumpLines.length,
    dumpLines,
    leaks: UNORDERED_LEAKS.map((leak, k) => ({ key: leak.event, counts: counts[k]! })),
    unorderedLines,
    longestLine,
    culprits: UNORDERED_LEAKS.map(({ event, callback, owner }) => ({ event, callback, owner })),
  };
}

// ---------------------------------------------------------------------------------------------
// Many small EVENTS dumps: a machine left in attract with a dump every two minutes.

export interface EventsDumpsOptions {
  dumps?: number;
  seed?: number;
}

export const EVENTS_DEFAULTS = { dumps: 10_000 } as const;

/** Two slow leaks: one handler more every dump, and one every ten. */
const EVENTS_LEAKS = [
  { event: 'ball_started', everyDumps: 1 },
  { event: 'slide_attract_slide_active', everyDumps: 10 },
] as const;

export async function generateEventsDumpsLog(path: string, options: EventsDumpsOptions = {}): Promise<DenseLogInfo> {
  const dumps = options.dumps ?? EVENTS_DEFAULTS.dumps;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(dumps) || dumps < 2) throw new RangeError(`dumps must be a whole number of at least 2, not ${dumps}`);
  const random = mulberry32(seed);
  const counts: number[][] = EVENTS_LEAKS.map(() => []);
  const dumpLines: number[] = [];
  const natural = new Map(REAL_HANDLERS);

  const { bytes, lines } = await writeLog(path, () => {}, async (w) => {
    w.info('Machine', 'Mission Pinball Framework Core Engine v0.57.3');
    for (let index = 0; index < dumps; index += 1) {
      // Two minutes of attract: the show steps, a flipper pressed now and then.
      for (let step = 0; step < 8; step += 1) {
        w.advance(12_000 + Math.floor(random() * 4000));
        w.event('slide_attract_slide_active', "{'_from_bcp': True}");
        if (random() < 0.3) {
          w.info('SwitchController', "<<<<<<< 's_flipper_left' active >>>>>>>");
          w.event('flipper_cradle', '{}');
          w.info('SwitchController', "<<<<<<< 's_flipper_left' inactive >>>>>>>");
        }
        w.line('DEBUG', 'BCPClientSocket.local_display', 'Sending "trigger?name=attract_show_step"');
      }
      const leakOf = new Map<string, number>(EVENTS_LEAKS.map((leak) => [leak.event, Math.floor(index / leak.everyDumps)]));
      const entries: Array<[string, number]> = REAL_HANDLERS.map(([event, count]) => [event, count + (leakOf.get(event) ?? 0)]);
      for (const leak of EVENTS_LEAKS) {
        if (!natural.has(leak.event)) entries.push([leak.event, 1 + leakOf.get(leak.event)!]);
      }
      entries.sort((a, b) => b[1] - a[1]);
      EVENTS_LEAKS.forEach((leak, k) => counts[k]!.push(entries.find(([event]) => event === leak.event)![1]));
      w.event('debug_dump_stats', '{}');
      w.info('EventManager', '--- DEBUG DUMP EVENTS ---');
      dumpLines.push(w.lines);
      w.info('EventManager', `Total registered_handlers: ${entries.length}. Total event_queue: 0. Total callback_queue: 0. Total _queue_tasks: 0`);
      w.info('EventManager', 'Registered Handlers:');
      for (const [event, count] of entries) w.info('EventManager', `  Total handlers: ${count} (for ${event})`);
      w.info('EventManager', 'Queue events:');
      w.info('EventManager', '--- DEBUG DUMP EVENTS END ---');
      await w.writeFullChunks();
    }
  });

  return { path, seed, bytes, lines, dumps, dumpLines, leaks: EVENTS_LEAKS.map((leak, k) => ({ key: leak.event, counts: counts[k]! })) };
}

// ---------------------------------------------------------------------------------------------

export type DenseWorkload = 'mc' | 'unordered' | 'events';

/** A dense log at `scale` times its default size (dumps, or bytes for `unordered`). */
export async function generateDenseLog(workload: DenseWorkload, path: string, scale = 1, seed = DEFAULT_SEED): Promise<DenseLogInfo> {
  if (!(scale > 0)) throw new RangeError(`scale must be above 0, not ${scale}`);
  switch (workload) {
    case 'mc':
      return generateMcDumpsLog(path, { dumps: Math.max(2, Math.round(MC_DEFAULTS.dumps * scale)), seed });
    case 'unordered':
      return generateUnorderedLog(path, { bytes: Math.max(100_000, Math.round(UNORDERED_DEFAULTS.bytes * scale)), seed });
    case 'events':
      return generateEventsDumpsLog(path, { dumps: Math.max(2, Math.round(EVENTS_DEFAULTS.dumps * scale)), seed });
  }
}

async function cli(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { scale: { type: 'string' }, seed: { type: 'string' }, bytes: { type: 'string' } },
  });
  const [workload, out] = positionals;
  if (!out || positionals.length > 2 || !['mc', 'unordered', 'events'].includes(workload!)) {
    throw new Error('usage: node --import tsx bench/generate-dense.ts mc|unordered|events OUT.log [--scale 1] [--seed 1] [--bytes 200MB (unordered)]');
  }
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  const started = process.hrtime.bigint();
  const info = workload === 'unordered' && values.bytes !== undefined
    ? await generateUnorderedLog(out, { bytes: parseSize(values.bytes), seed })
    : await generateDenseLog(workload as DenseWorkload, out, values.scale === undefined ? 1 : Number(values.scale), seed);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stderr.write(`wrote ${out}: ${info.bytes} bytes, ${info.lines} lines, ${info.dumps} dumps in ${seconds.toFixed(1)} s\n`);
  process.stdout.write(`${JSON.stringify({ ...info, dumpLines: info.dumpLines.length > 20 ? `${info.dumpLines.length} lines` : info.dumpLines }, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`generate-dense: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
