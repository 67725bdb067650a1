// Makes the input logs of fixtures/diff-*/ from the real MPF 0.57.3 / MPF-MC 0.57.0 clean run
// (fixtures/real-057-clean-run/), so every planted leak sits in real dumps with real noise around it.
//
//   node --import tsx scripts/make-diff-fixtures.ts
//
// Each log keeps the first dumps of the real log whole, plus the posted events that set the
// machine's state (game, ball, modes) and the scenario's checkpoint lines; other lines are dropped
// to keep the fixtures small. Then each case edits the dumps: it changes counts or adds lines in the
// format MPF/MC write them, and keeps the declared totals (`Total children`, `Elements in list`,
// `Total registered_handlers`) consistent, so the parser sees whole dumps.
// Expected outputs are written by the golden test: UPDATE_GOLDEN=1 node --import tsx --test test/diff-golden.test.ts

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const REAL = 'fixtures/real-057-clean-run';
const REAL_MPF = `${REAL}/mpf-0.57.3+mc-0.57.0-clean-3games-per-ball-13-dumps.mpf.log`;
const REAL_MC = `${REAL}/mpf-0.57.3+mc-0.57.0-clean-3games-per-ball-13-dumps.mc.log`;

const KEPT_EVENT = /Event: ======'(?:game_started|game_ended|ball_started|ball_ended|mode_[a-z_]+_(?:started|stopped)|slide_[a-z_]+_(?:created|removed))'======/;
const DUMP_TRIGGER = "Event: ======'debug_dump_stats'======";
/** Every posted event: the attribution cases need the real run's ~100 events per interval, whose counts may fit by chance. */
const ANY_EVENT = /Event: ======'/;
const PREFIX = /^(.*? : (?:INFO : )?(?:EventManager|mpfmc) : )(.*)$/s;

/** One dump's lines (from its debug_dump_stats event line to its last END), and what came before it. */
interface Dump {
  lines: string[];
  /** events posted in the real log before this dump */
  gamesStarted: number;
  gamesEnded: number;
  ballsStarted: number;
}

interface Log {
  /** kept lines before each dump, then the dump */
  parts: { before: string[]; dump: Dump }[];
}

function readLog(file: string, dumps: number, lastLine: RegExp, kept: RegExp = KEPT_EVENT): Log {
  const lines = readFileSync(file, 'utf8').split('\n');
  const parts: Log['parts'] = [];
  let before: string[] = [];
  let current: string[] | null = null;
  const counts = { gamesStarted: 0, gamesEnded: 0, ballsStarted: 0 };
  for (const line of lines) {
    if (parts.length === dumps) break;
    if (current !== null) {
      current.push(line);
      if (lastLine.test(line)) {
        parts.push({ before, dump: { lines: current, ...counts } });
        before = [];
        current = null;
      }
      continue;
    }
    if (line.includes(DUMP_TRIGGER)) {
      current = [line];
      continue;
    }
    if (line.includes("Event: ======'game_started'")) counts.gamesStarted++;
    if (line.includes("Event: ======'game_ended'")) counts.gamesEnded++;
    if (line.includes("Event: ======'ball_started'")) counts.ballsStarted++;
    if (kept.test(line) || line.includes('Scenario checkpoint')) before.push(line);
  }
  return { parts };
}

const readMpf = (dumps: number, kept?: RegExp): Log => readLog(REAL_MPF, dumps, /--- DEBUG DUMP EVENTS END ---/, kept);
const readMc = (dumps: number, kept?: RegExp): Log => readLog(REAL_MC, dumps, /--- DEBUG DUMP CLOCK END ---/, kept);

function textOf(log: Log): string {
  return `${log.parts.flatMap((part) => [...part.before, ...part.dump.lines]).join('\n')}\n`;
}

function write(caseName: string, file: string, text: string): void {
  const folder = path.join('fixtures', caseName);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, file), text);
}

/** The same line with another message. */
function withMessage(line: string, message: string): string {
  const match = PREFIX.exec(line);
  if (!match) throw new Error(`not a dump line: ${line}`);
  return `${match[1]}${message}`;
}

function messageOf(line: string): string {
  return PREFIX.exec(line)?.[2] ?? '';
}

function indexOfMessage(lines: readonly string[], test: (message: string) => boolean): number {
  const index = lines.findIndex((line) => test(messageOf(line)));
  if (index === -1) throw new Error('line not found');
  return index;
}

/** Sets an event's handler count (adding the event when new), keeps MPF's order and the total. */
function setHandlers(dump: Dump, event: string, count: (old: number) => number): void {
  const lines = dump.lines;
  const first = indexOfMessage(lines, (message) => message.startsWith('  Total handlers: '));
  const end = indexOfMessage(lines, (message) => message === 'Queue events:');
  const entries = lines.slice(first, end).map((line) => {
    const match = /^ {2}Total handlers: (\d+) \(for (.*)\)$/.exec(messageOf(line))!;
    return { line, name: match[2]!, count: Number(match[1]) };
  });
  const entry = entries.find((candidate) => candidate.name === event);
  if (entry) entry.count = count(entry.count);
  else entries.push({ line: lines[first]!, name: event, count: count(0) });
  const kept = entries.filter((candidate) => candidate.count > 0);
  // MPF sorts by count, largest first; Python's sort is stable.
  kept.sort((a, b) => b.count - a.count);
  lines.splice(first, end - first, ...kept.map((candidate) => withMessage(candidate.line, `  Total handlers: ${candidate.count} (for ${candidate.name})`)));
  const totals = indexOfMessage(lines, (message) => message.startsWith('Total registered_handlers: '));
  lines[totals] = withMessage(lines[totals]!, messageOf(lines[totals]!).replace(/registered_handlers: \d+/, `registered_handlers: ${kept.length}`));
}

function setTotal(dump: Dump, total: 'event_queue' | 'callback_queue', value: number): void {
  const index = indexOfMessage(dump.lines, (message) => message.startsWith('Total registered_handlers: '));
  dump.lines[index] = withMessage(dump.lines[index]!, messageOf(dump.lines[index]!).replace(new RegExp(`${total}: \\d+`), `${total}: ${value}`));
}

/** Adds reprs at the end of the OBJECTS list and raises `Elements in list` by as many. */
function addObjects(dump: Dump, reprs: readonly string[]): void {
  const end = indexOfMessage(dump.lines, (message) => message === '--- DEBUG DUMP OBJECTS END ---');
  dump.lines.splice(end, 0, ...reprs.map((repr) => withMessage(dump.lines[end]!, repr)));
  const declared = indexOfMessage(dump.lines, (message) => message.startsWith('Elements in list (may be dead): '));
  const count = Number(/\d+$/.exec(messageOf(dump.lines[declared]!))![0]) + reprs.length;
  dump.lines[declared] = withMessage(dump.lines[declared]!, `Elements in list (may be dead): ${count}`);
}

/** Adds children at the end of the (only) display's walk and raises `Total children`. */
function addChildren(dump: Dump, reprs: readonly string[]): void {
  const total = indexOfMessage(dump.lines, (message) => message.startsWith('Total children: '));
  const count = Number(/\d+$/.exec(messageOf(dump.lines[total]!))![0]) + reprs.length;
  dump.lines.splice(total, 1, ...reprs.map((repr) => withMessage(dump.lines[total]!, repr)), withMessage(dump.lines[total]!, `Total children: ${count}`));
}

function addClock(dump: Dump, reprs: readonly string[]): void {
  const end = indexOfMessage(dump.lines, (message) => message === '--- DEBUG DUMP CLOCK END ---');
  dump.lines.splice(end, 0, ...reprs.map((repr) => withMessage(dump.lines[end]!, repr)));
}

function setAvailableSlides(dump: Dump, value: number): void {
  const index = indexOfMessage(dump.lines, (message) => message.startsWith('Active slides: '));
  dump.lines[index] = withMessage(dump.lines[index]!, messageOf(dump.lines[index]!).replace(/Available Slides: \d+/, `Available Slides: ${value}`));
}

/** A made-up CPython address, different for each (dump, n), in the style of the real log. */
function address(dump: number, n: number): string {
  return `0x7fce0${(0xa000000 + dump * 0x10000 + n * 0x70).toString(16)}`;
}

/** An animated position: floats that differ in every dump. */
function position(dump: number, n: number): string {
  return `[${(60 + n * 37.5 + dump * 3.25).toFixed(1)}, ${(100.44406174999192 + dump * 7.1 + n).toString()}]`;
}

function times<T>(count: number, make: (n: number) => T): T[] {
  return Array.from({ length: count }, (_, n) => make(n));
}

// --- the cases -----------------------------------------------------------------------------------

/** MPF: a `ball_started` handler added at every ball and never removed; a `timer_*` event that
 *  appears after the first game and gains two handlers per game (for `--ignore 'timer_*'`). */
function handlerGrowth(): void {
  const log = readMpf(9);
  for (const { dump } of log.parts) {
    setHandlers(dump, 'ball_started', (count) => count + dump.ballsStarted);
    setHandlers(dump, 'timer_frenzy_timer_tick', () => dump.gamesEnded * 2);
  }
  write('diff-handler-growth', 'mpf-pinbox.log', textOf(log));
}

/** MPF: the callback queue fills by two at every ball and is never drained. */
function queueGrowth(): void {
  const log = readMpf(9);
  for (const { dump } of log.parts) setTotal(dump, 'callback_queue', dump.ballsStarted * 2);
  write('diff-queue-growth', 'mpf-pinbox.log', textOf(log));
}

/** MC: each ball leaves an animated `nyannyan` Image on the display whose expire (`Widget.remove`)
 *  and animation (`Animation._update`) stay scheduled: the leak the 2018 docs dump shows. */
function clockPileup(): void {
  const log = readMc(9);
  log.parts.forEach(({ dump }, index) => {
    const leaked = dump.ballsStarted;
    const image = (n: number): string => `<Image name=nyannyan, size=[110, 281], pos=${position(index, n)}>`;
    addChildren(dump, times(leaked, (n) => [`<WidgetContainer z=2 key=None>`, image(n)]).flat());
    addObjects(dump, times(leaked, image));
    addClock(dump, [
      ...times(leaked, (n) => `<ClockEvent (9.0) callback=<bound method Widget.remove of ${image(n)}>>`),
      ...times(leaked, (n) => `<ClockEvent (0.0) callback=<bound method Animation._update of <mpfmc.uix.relative_animation.RelativeAnimation object at ${address(index, n)}>>>`),
    ]);
  });
  write('diff-clock-pileup', 'mc-pinbox.log', textOf(log));
}

/** MC: the frenzy slide of every ball is removed from the display but never freed: OBJECTS keeps
 *  each one, with its text widget. Ids follow MC's creation counter. */
function duplicateSlides(): void {
  const log = readMc(9);
  for (const { dump } of log.parts) {
    addObjects(dump, times(dump.ballsStarted, (n) => [`<Slide name=frenzy_slide, priority=500, id=${4 + n * 3}>`, '<Text Widget text=FRENZY!>']).flat());
  }
  write('diff-duplicate-slides', 'mc-pinbox.log', textOf(log));
}

/** MC: a slide_player with an inline slide makes an anonymous slide at every ball. Its config stays
 *  in `mc.slides` (Available Slides grows) while the slide itself is replaced: one `Anon_N` alive,
 *  with a new id each time, which is not a leak. */
function anonymousSlides(): void {
  const log = readMc(9);
  log.parts.forEach(({ dump }, index) => {
    setAvailableSlides(dump, 5 + dump.ballsStarted);
    if (index % 4 !== 0) addObjects(dump, [`<Slide name=Anon_${20 + dump.ballsStarted * 4}, priority=0, id=${20 + dump.ballsStarted * 4}>`]);
  });
  write('diff-anonymous-slides', 'mc-pinbox.log', textOf(log));
}

/** MC: three bitmap-font labels per game are never freed; each has its own address. */
function objectGrowth(): void {
  const log = readMc(9);
  log.parts.forEach(({ dump }, index) => {
    addObjects(dump, times(dump.gamesStarted * 3, (n) => `<mpfmc.widgets.text.BitmapFontLabel object at ${address(index, n)}>`));
  });
  write('diff-object-growth', 'mc-pinbox.log', textOf(log));
}

/** MPF + MC: nothing leaks, but much changes. Counts go up and down within a state, every address
 *  and animated position differs from dump to dump, and slides are replaced with new ids. */
function noise(): void {
  const mpf = readMpf(9);
  mpf.parts.forEach(({ dump }, index) => {
    // A shot group that enables and disables its switches: 2, 3, 2, 3… handlers, net 0 by the last dump.
    setHandlers(dump, 's_ramp_active', (count) => count + (index % 4 === 0 ? (index / 4) % 2 : index % 2));
  });
  write('diff-noise-not-a-leak', 'mpf-pinbox.log', textOf(mpf));

  const mc = readMc(9);
  mc.parts.forEach(({ dump }, index) => {
    dump.lines = dump.lines.map((line) => line.replace(/0x7fce[0-9a-f]+/g, (found) => `0x7fce${((parseInt(found.slice(6), 16) + index * 0x1240) % 0xfffffff).toString(16).padStart(8, '0')}`));
    addChildren(dump, ['<WidgetContainer z=1 key=logo>', `<Image name=logo, size=[64, 64], pos=${position(index, 0)}>`]);
    addObjects(dump, [`<Image name=logo, size=[64, 64], pos=${position(index, 0)}>`]);
    addClock(dump, [`<ClockEvent (0.0) callback=<bound method Animation._update of <mpfmc.uix.relative_animation.RelativeAnimation object at ${address(index, 7)}>>>`]);
    // A score slide replaced at every ball: one alive, a new creation id each time.
    if (index % 4 !== 0) addObjects(dump, [`<Slide name=score_popup, priority=100, id=${30 + index * 2}>`]);
  });
  write('diff-noise-not-a-leak', 'mc-pinbox.log', textOf(mc));
}

/** MPF, two files of one dump each (attract before the first game, attract after it): the
 *  documented "dump, play, dump again". Two handlers pile up on ball_started. */
function twoDumps(): void {
  const log = readMpf(5);
  const first = log.parts[0]!;
  const last = log.parts[4]!;
  setHandlers(last.dump, 'ball_started', (count) => count + 2);
  write('diff-two-dumps', 'before.log', `${[...first.before, ...first.dump.lines].join('\n')}\n`);
  write('diff-two-dumps', 'after.log', `${[...last.before, ...last.dump.lines].join('\n')}\n`);
}

/** MC: three dumps during balls, the log cut off in the middle of the third dump's OBJECTS. */
function incompleteDump(): void {
  const log = readMc(4);
  log.parts.shift();
  const last = log.parts[2]!.dump;
  const objects = indexOfMessage(last.lines, (message) => message.startsWith('Elements in list'));
  last.lines = last.lines.slice(0, objects + 4);
  write('diff-incomplete-dump', 'mc-pinbox.log', textOf(log));
}

// Cases of attribution, churn, and MPF and MC runs.

/** How often an event was posted in the kept lines before a dump. */
function postsBefore(part: Log['parts'][number], event: string): number {
  return part.before.filter((line) => line.includes(`Event: ======'${event}'======`)).length;
}

/** The lanes shot group re-registers its switch handler each time the lanes complete and never
 *  removes the old one: `s_lane_left_active` gains one handler per `lanes_complete` (2 or 3 a ball). */
function plantLaneHandlerLeak(log: Log): void {
  let completed = 0;
  for (const part of log.parts) {
    completed += postsBefore(part, 'lanes_complete');
    setHandlers(part.dump, 's_lane_left_active', (count) => count + completed);
  }
}

/** MPF: a handler added every 3 s of machine time by a timer nobody stops: it grows steadily, but
 *  with the clock, not with any posted event. Attribution must say nothing. */
function unattributedLeak(): void {
  const log = readMpf(9, ANY_EVENT);
  const secondsOf = (line: string): number => {
    const [, hours, minutes, seconds] = /^\d{4}-\d{2}-\d{2} (\d{2}):(\d{2}):(\d{2}),/.exec(line)!;
    return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  };
  const start = secondsOf(log.parts[0]!.dump.lines[0]!);
  for (const { dump } of log.parts) {
    const added = Math.floor((secondsOf(dump.lines[0]!) - start) / 3);
    setHandlers(dump, 'flipper_cradle', (count) => count + added);
  }
  write('diff-unattributed-leak', 'mpf-pinbox.log', textOf(log));
}

/**
 * MC, with slide ids that follow MC's creation counter: at each ball a slide_player makes an
 * anonymous slide that replaces the previous one (its config stays: Available Slides grows, one
 * `Anon_N` alive), and a `bonus_slide` that is never freed (all of them alive in OBJECTS). The
 * real run creates base_slide then frenzy_slide at each ball; the two planted slides come right
 * after, so every later real id moves up by two per ball.
 */
function plantSlideLeaks(log: Log): void {
  // frenzy_slide of ball k is created right after that ball's base_slide (the real run's order).
  const frenzyIds: number[] = [];
  for (const { dump } of log.parts) {
    const base = /'base_slide': <Slide name=base_slide, priority=0, id=(\d+)>/.exec(dump.lines.join('\n'));
    if (base && dump.ballsStarted > frenzyIds.length) frenzyIds.push(Number(base[1]) + 1);
  }
  const shifted = (id: number): number => id + 2 * frenzyIds.filter((frenzy) => frenzy < id).length;
  const plantedIds = (ball: number): { anonymous: number; bonus: number } => {
    const after = frenzyIds[ball - 1]! + 2 * (ball - 1);
    return { anonymous: after + 1, bonus: after + 2 };
  };
  for (const { dump } of log.parts) {
    dump.lines = dump.lines.map((line) => line.replace(/(<Slide name=[^,]*, priority=-?\d+, id=)(\d+)>/g, (_, head: string, id: string) => `${head}${shifted(Number(id))}>`));
    const balls = dump.ballsStarted;
    setAvailableSlides(dump, 5 + balls);
    if (balls === 0) continue;
    const anonymous = plantedIds(balls).anonymous;
    addObjects(dump, [
      `<Slide name=Anon_${anonymous}, priority=0, id=${anonymous}>`,
      ...times(balls, (n) => `<Slide name=bonus_slide, priority=200, id=${plantedIds(n + 1).bonus}>`),
    ]);
  }
}

/**
 * A logs/ folder as MPF leaves it after two runs. The newer, `mpf both`: the MPF log with the
 * lanes handler leak and the MC log with the slide leaks; the MPF log is cut after its 9th dump,
 * so MC's 10th has no partner. The older, a day before: MPF alone (an unpaired log), no leak.
 * diff-attributed-leak and diff-slide-churn read the newer run's logs one at a time.
 */
function pairedRuns(): void {
  const mpf = readMpf(9, ANY_EVENT);
  plantLaneHandlerLeak(mpf);
  const mc = readMc(10, ANY_EVENT);
  plantSlideLeaks(mc);
  write('diff-paired-runs/logs', '2026-11-25-03-39-31-mpf-pinbox.log', textOf(mpf));
  write('diff-paired-runs/logs', '2026-11-25-03-39-32-mc-pinbox.log', textOf(mc));
  const older = readMpf(5);
  write('diff-paired-runs/logs', '2026-11-24-21-39-31-mpf-pinbox.log', textOf(older).replaceAll('2026-11-25 03:', '2026-11-24 21:'));
}

handlerGrowth();
queueGrowth();
clockPileup();
duplicateSlides();
anonymousSlides();
objectGrowth();
noise();
twoDumps();
incompleteDump();
unattributedLeak();
pairedRuns();
