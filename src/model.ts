// The data every stage shares: what the parser makes of a log, and what the differ makes of snapshots.
// Plain JSON-able records only, so `extract --format json` is this model as it is.

/** Which program wrote a dump: MPF itself (EVENTS only) or the media controller MPF-MC (all four sections). */
export type ProcessKind = 'mpf' | 'mc';

/**
 * Why a snapshot is not whole. The parser never drops a damaged dump; it says what is wrong with
 * it. A dump none of whose sections holds a line is no dump: a problem of the log (`empty-section`).
 */
export type ProblemReason =
  /** a `[...]` line: somebody cut lines out (the docs sample does) */
  | 'elided'
  /** the section had no END line: the log ended, or the next dump began, before it */
  | 'truncated'
  /** a section header came again before the END of the open one */
  | 'header-repeated'
  /** an END line came with no matching open section */
  | 'end-without-header'
  /** a declared total (`Total registered_handlers`, `Total children`) differs from the lines read */
  | 'count-mismatch'
  /** a count that is not a number, or too large to be one */
  | 'bad-number'
  /** an MC dump without one of the sections MPF-MC always writes */
  | 'missing-section'
  /** a dump line the parser could not read */
  | 'unreadable-line'
  /** the same event listed twice in one EVENTS section */
  | 'duplicate-event'
  /** a physical line longer than the parser keeps; the rest was dropped */
  | 'line-too-long'
  /** a section with no line between its header and its END or the next header: no dump (a problem of the log) */
  | 'empty-section';

/** One thing wrong with a snapshot or a log, at a 1-based line of its file. */
export interface Problem {
  /** 1-based line number in the input file */
  line: number;
  reason: ProblemReason;
  /** one sentence for people, naming what was expected */
  detail: string;
}

/** A problem of a log outside its dumps (a .gz cut off, an END without its header), with the log's name. */
export interface LogProblem extends Problem {
  /** the log as the user named it (`-` for standard input) */
  file: string;
}

/** The four totals on the second line of an EVENTS dump. */
export interface EventsTotals {
  /** number of distinct event names that have handlers (not the number of handlers) */
  registeredHandlers: number;
  /** events waiting in the event queue */
  eventQueue: number;
  /** callbacks waiting in the callback queue */
  callbackQueue: number;
  /** running queue-event tasks */
  queueTasks: number;
}

/** `--- DEBUG DUMP EVENTS ---`: handler counts per event, written by MPF and by MPF-MC. */
export interface EventsSection {
  /** line of the section header */
  line: number;
  /** null when the totals line is missing or unreadable */
  totals: EventsTotals | null;
  /** handlers registered per event name, in dump order (largest first) */
  handlers: Record<string, number>;
  /** reprs of the running queue-event tasks (usually none) */
  queue: string[];
}

/** One entry of MC's "Active slides" dict. */
export interface ActiveSlide {
  name: string;
  priority: number;
  /** creation-order number of the slide (global counter, not an address) */
  id: number;
}

/** A widget, slide, asset or other object printed as its Python repr, with a key that is stable across runs. */
export interface ObjectEntry {
  /** the repr as logged (multi-line Text reprs joined with "\n") */
  repr: string;
  /** normalised identity: type and name, no addresses, ids or animated positions (e.g. `Image:nyannyan`) */
  key: string;
  /** line where the repr starts */
  line: number;
}

/** The widget tree of one display, as `display.walk()` printed it. */
export interface DisplayTree {
  /** display name from `Listing children for display: <Display name=NAME[...]...>`; null when that line was elided */
  name: string | null;
  /** the display's repr, null when elided */
  repr: string | null;
  /** the display itself first, then its subtree in walk order */
  children: ObjectEntry[];
  /** the `Total children: N` line (counts the display itself); null when missing */
  totalChildren: number | null;
}

/** `--- DEBUG DUMP DISPLAYS ---` (MPF-MC only). */
export interface DisplaysSection {
  line: number;
  /** slides in the "Active slides" dict */
  activeSlides: ActiveSlide[];
  /** `(Count: N)` after the Active slides dict; null when the line was missing or unreadable */
  activeSlideCount: number | null;
  /** `(Count: N)` after the Displays dict */
  displayCount: number | null;
  /** `Available Slides: N` (MC 0.54+): slide configs ever created; null in older MC */
  availableSlides: number | null;
  displays: DisplayTree[];
}

/** `--- DEBUG DUMP OBJECTS ---` (MPF-MC only): every live tracked slide, widget and asset. */
export type ObjectsSection =
  | {
      line: number;
      disabled: false;
      /** `Elements in list (may be dead): N` — includes dead references, so entries.length may be smaller */
      declaredCount: number | null;
      entries: ObjectEntry[];
    }
  /** MC ran with the production flag (-P): no object tracking */
  | { line: number; disabled: true };

/** One scheduled Kivy clock event. */
export interface ClockEntry {
  /** seconds, as Kivy printed it (`0.0`, `-1.0`, `9.0`); null when not a finite number */
  timeout: number | null;
  /** the callback repr as logged */
  callback: string;
  /** normalised callback (e.g. `Widget.remove`, `MpfMc.tick`) */
  key: string;
  line: number;
}

/** `--- DEBUG DUMP CLOCK ---` (MPF-MC only). */
export interface ClockSection {
  line: number;
  entries: ClockEntry[];
}

/** One `debug_dump_stats` dump of one process, with the context the log gives around it. */
export interface Snapshot {
  /** the input as the user named it (never made absolute) */
  file: string;
  /** line of the first section header of this dump */
  line: number;
  process: ProcessKind;
  /** log time of the first header: `YYYY-MM-DDTHH:MM:SS.mmm`, `HH:MM:SS.mmm` for console logs without a date, null without any */
  time: string | null;
  /** false when any problem was recorded */
  complete: boolean;
  /** what is damaged or missing, in line order */
  problems: Problem[];
  /** the machine's state when the dump was taken, from the events posted before it: `attract`, `game`, `game·ball`, `service`, `unknown` */
  state: string;
  /** modes started and not stopped when the dump was taken (sorted) */
  activeModes: string[];
  /** how often each event was posted (`Event: ======'NAME'======` lines) since the previous dump of this process in this file */
  posted: Record<string, number>;
  events: EventsSection | null;
  displays: DisplaysSection | null;
  objects: ObjectsSection | null;
  clock: ClockSection | null;
}

/** Where the counts of a handler copies series come from. */
export type HandlerCopiesSource =
  /** collision lines (`Unordered handler` / `Duplicate handler`): the copies listed in the last one */
  | 'collision'
  /** `-v` debug lines: handlers registered minus handlers removed */
  | 'registered';

/** Copies of one callback on one event at each point of a log (its dumps, or its minutes when it has none). */
export interface HandlerCopiesSeries {
  event: string;
  /** `Class.method` (the class that defines the method), a function's name, or the callback's repr as written */
  callback: string;
  /** repr of the object the method is bound to; null for `-v` lines, which do not print it, and plain functions */
  owner: string | null;
  /** the priority of the line that last named it; null when unknown */
  priority: number | null;
  source: HandlerCopiesSource;
  /** per point: the copies as of the last line before it; null before the first line, and after a restart until a line names it again */
  counts: (number | null)[];
  /** per point: true when a line of this series' signature was read since the point before */
  fresh: boolean[];
  /** true when a line that named it was cut off mid-list */
  cut: boolean;
}

/** A point of a log without dumps: the end of a minute in which a handler line was written. */
export interface HandlerTick {
  /** log time of the last handler line of the minute (`Snapshot.time`'s form); null in a log without times */
  time: string | null;
  /** its 1-based line */
  line: number;
}

/** The EventManager lines of a log that name handlers, counted per callback: what culprits are made of. */
export interface LogHandlers {
  /**
   * `dumps`: a count per dump of the log, in file order (as the last line before the dump wrote
   * it); `minutes`: the log has no dump, a count per minute that had a handler line (`ticks`)
   */
  points: 'dumps' | 'minutes';
  /** for `minutes`: each point's minute; empty for `dumps` */
  ticks: HandlerTick[];
  /** every callback named, in order of first appearance */
  series: HandlerCopiesSeries[];
}

/** Everything the parser found in one input. */
export interface ParsedLog {
  file: string;
  /** physical lines read */
  lines: number;
  snapshots: Snapshot[];
  /** damage that belongs to no snapshot (an END with no header, a line too long outside a dump) */
  problems: Problem[];
  /** log line formats seen, by the letters of the format doc §5.3 (`A` MPF file, `B` MC file, `C` 0.57 console, …) */
  formats: string[];
  /** the EventManager lines that name handlers (`Unordered handler …`, `-v` `Registered …`), counted per callback; absent when the log has none */
  handlers?: LogHandlers;
}

// ---------------------------------------------------------------------------------------------
// The differ's output: findings over snapshots, and the report every format is made from.
// Numbers and names only; reporters make the words. `Report` is what `--format json` prints.

/** What grows. Tables keyed by kind use `satisfies Record<FindingKind, …>`. */
export type FindingKind =
  /** an event whose handler count grows (an event that appears counts from 0) */
  | 'handler-growth'
  /** the same normalised slide key (`Slide:NAME`) more than once in one snapshot */
  | 'duplicate-slide'
  /** the same named widget key (`Text:…`, `Image:…`, …) more than once in one display tree or in OBJECTS */
  | 'duplicate-widget'
  /** an OBJECTS key whose count grows (anonymous widgets, assets, Kivy objects, new slides) */
  | 'object-growth'
  /** a CLOCK callback key whose count grows (`Widget.remove`, `Animation._update` piling up) */
  | 'clock-growth'
  /** MC's `Available Slides` counter grows: slide configs of anonymous slides are never freed */
  | 'available-slides-growth'
  /** an EVENTS total grows: `event_queue`, `callback_queue` or `_queue_tasks` */
  | 'queue-growth';

/** `leak`: growth that is never given back and repeats; `suspect`: growth worth a look that does not prove a leak. */
export type Verdict = 'leak' | 'suspect';

/** How a series of three or more dumps is judged (`--trend`). Two dumps are always judged by `two-dumps`. */
export type TrendRule =
  /** never drops, ends above its start by more than the budget, rose in at least two intervals */
  | 'monotonic'
  /** grows in every interval (after warm-up), and ends more than the budget above its start */
  | 'strict'
  /** last minus first is more than the budget, whatever happened between */
  | 'net';

/** The rule that gave a finding its verdict; reporters put it in words. */
export type FindingRule =
  /** leak: exactly two dumps, growth above the budget (a third dump would tell a one-time step from a leak) */
  | 'two-dumps'
  /** leak by `--trend monotonic` */
  | 'monotonic'
  /** leak by `--trend strict` */
  | 'strict'
  /** leak by `--trend net` */
  | 'net'
  /** suspect: rose in one interval only, the last: a later dump would tell a step that holds from a leak */
  | 'one-time-step'
  /**
   * suspect: grew between the only two dumps of its state (or group) in a run of more dumps: a
   * series of two cannot tell a leak from a one-time step, and the run's other dumps are in other states
   */
  | 'two-in-state'
  /** suspect: ends above its start, but dropped on the way */
  | 'up-and-down'
  /** suspect (`--trend strict` only): never dropped, rose in two or more intervals, but not in every one */
  | 'not-every-interval'
  /** suspect: present more than once in one snapshot, and the number of copies does not grow beyond the budget */
  | 'duplicate'
  /**
   * suspect: grew only between dumps taken in different machine states or with different modes
   * running, which change dozens of counts for no fault (`differs` says what differed); a leak by
   * the rule otherwise
   */
  | 'states-differ';

/** What a process's dumps are grouped by before they are compared (`--by-state`). */
export type ByStateMode =
  /** by state when the dumps have several states and at least one state repeats */
  | 'auto'
  | 'on'
  | 'off';

/** Which findings fail the CI gate (`--fail-on`). */
export type FailOn = 'leak' | 'suspect' | 'never';

/** Exit status: 0 nothing fails the gate, 1 a finding fails it, 2 usage or input error (or `--strict` on incomplete dumps). */
export type ExitCode = 0 | 1 | 2;

/** Settings of one comparison; echoed in the report as `options`. */
export interface DiffOptions {
  /** how series of three or more dumps are judged */
  trend: TrendRule;
  /** growth (in count units: handlers, objects, clock events…) a key may show before it is a finding; 0 = any growth */
  maxGrowth: number;
  /** dumps at the start of each process (after `from`/`to`) left out of judging: start-up registrations */
  warmup: number;
  /** how a process's dumps are grouped by machine state before they are compared */
  byState: ByStateMode;
  /** which findings give exit code 1 */
  failOn: FailOn;
  /** a comparison resting on an incomplete snapshot is an error (exit 2) */
  strict: boolean;
  /** globs (`*`, `?`) on subjects; matching keys are not judged */
  ignore: string[];
  /** keep the dump's own handlers (`debug_dump_stats`, `bcp_debug_dump`), left out by default */
  includeDumpHandlers: boolean;
  /** compare only this process; null = every process found */
  process: ProcessKind | null;
  /** first dump compared, 1-based per process as `leakdiff list` numbers them; negative counts from the end; null = the first */
  from: number | null;
  /** last dump compared, same numbering as `from`; null = the last */
  to: number | null;
  /** list the keys that are not findings (unchanged, shrinking, within budget) in `otherKeys` */
  all: boolean;
  /**
   * which runs among the dumps are judged (`dumpRuns`): `all`, each on its own; `newest`, the
   * newest only (a folder of logs); a number, that run (1 = the oldest, negative from the newest)
   */
  run: RunChoice;
}

/** Which runs among the dumps are judged: every one, the newest, or one by number (negative from the newest). */
export type RunChoice = 'all' | 'newest' | number;

/** How the dumps before a run are known to be of another run. */
export type RunStart =
  /** the oldest run, with nothing logged before its first dump that says how it started */
  | 'first'
  /** a start-up (`init_phase_1`…) is logged before its first dump */
  | 'start-up'
  /** its first dump is older than the dump before it in the same log (a log appended to, logs concatenated) */
  | 'time-went-back'
  /** its log is named for another start time than the log before it (MPF's log names) */
  | 'log-name';

/** A run among the dumps read: the lives of MPF and of the MPF-MC started with it. No series crosses a run. */
export interface DumpRun {
  /** 1-based, oldest first (by the time of its first dump, else in input order) */
  number: number;
  /** how it is told apart from the dumps before it */
  start: RunStart;
  /** log time of its first dump, as in `Snapshot.time` */
  time: string | null;
  /** the log of its first dump, as the user named it */
  file: string;
  /** line of its first dump in `file` */
  line: number;
  /** every log holding its dumps, in input order */
  files: string[];
  /** its dumps per process */
  dumps: Record<ProcessKind, number>;
  /** whether its dumps were judged (`options.run`) */
  judged: boolean;
}

/**
 * A posted event whose count explains a finding's growth interval by interval: growth = ratio ×
 * posts in every interval between the finding's dumps, and no growth where it was not posted.
 */
export interface Attribution {
  /** the posted event's name (`Event: ======'NAME'======` lines of the same process's log) */
  event: string;
  /** growth per post, a whole number 1 or more: growth = ratio × posts in every interval */
  ratio: number;
  /**
   * the intervals of the finding's `series` the event was posted in, each fitting the ratio: `i`
   * is the interval from `points[i]` to `points[i + 1]` (in the others it was not posted and the
   * count held, or their posts are unknown)
   */
  intervals: number[];
  /** how often the event was posted over those intervals */
  posted: number;
  /**
   * posted equally often in every interval: any event posted at that rate fits as well, so it is
   * reported only when the finding is named after it, and `unlistedFits` counts the others
   */
  steady: boolean;
}

/**
 * Which posted event a finding's growth points at, when it points anywhere. Events posted as often
 * as each other in every interval fit equally well and the dumps cannot tell them apart, so the
 * lead never picks one of them at random: it names one another source of knowledge names
 * (`culprit`), else the game's lifecycle events among them (`lifecycle`: `ball_started`,
 * `ball_will_end`, `game_started`, `player_turn_started`, `mode_NAME_started`), else only the rate
 * (`rate`). An event that fits better than every other leads on its own (`unique`).
 */
export interface Lead {
  /** how the lead was chosen */
  basis: 'unique' | 'culprit' | 'lifecycle' | 'rate';
  /** the events it names: the one (unique, culprit), the lifecycle events that fit equally, or every event that fits equally (rate) */
  events: string[];
  /** growth per post of each event */
  ratio: number;
  /** how often each of them was posted over the fitted intervals */
  posted: number;
  /** how many events fit exactly as well, those named included */
  equallyFitting: number;
  /** the index in `evidence` of the series fitted; `explainedBy` intervals are of that series */
  evidence: number;
}

/** Slides created versus alive over a slide finding's dumps: churn (replaced, few alive) or accumulation (all alive). */
export interface Churn {
  /** slides of any name created from the first to the last dump: growth of the highest creation-order id */
  created: number;
  /** slides of the finding's key alive at the last dump (for Available Slides: anonymous slides, `Anon_N`) */
  alive: number;
  /** for each interval of `series`: slides of any name created in it */
  createdPerInterval: number[];
}

/** What a finding's deciding series spans, from its first to its last dump. */
export interface FindingSpan {
  /** `game_started` posted between the dumps; null when the posts in a gap between logs are unknown */
  games: number | null;
  /** `ball_started` posted between the dumps; null when unknown */
  balls: number | null;
  /** hours of log time between the dumps; null when a dump has no time */
  hours: number | null;
}

/** The unit a baseline budget is a rate of: growth per game, per ball, or per hour of log time. */
export type BudgetUnit = 'game' | 'ball' | 'hour';

/** Where a finding stands against a baseline file (`--baseline`). */
export interface FindingBaseline {
  /** `new`: not in the baseline; `within-budget`: grew no more than recorded; `over-budget`: grew more */
  status: 'new' | 'within-budget' | 'over-budget';
  /** the growth the baseline allows (per `per`, when a rate), null when new */
  budget: number | null;
  /** the unit of `budget` when it is a rate; absent for growth over the whole series */
  per?: BudgetUnit;
  /** the finding's growth per `per` now, null when it cannot be measured (no time, a gap in the posts); absent without `per` */
  rate?: number | null;
  /** the key the finding is recorded under: what grows (handlers, objects, clock, …), process, subject */
  fingerprint: string;
}

/** What a line of the machine folder does for a finding. */
export type SourceRole =
  /** registers a handler for the finding's event (`add_handler`, `add_mode_event_handler`, …) */
  | 'registers'
  /** defines the callback, the class of the owner, a widget or a slide */
  | 'defines'
  /** shows a widget or slide (`widget_player:`, `slide_player:`, a call that adds a slide) */
  | 'plays'
  /** schedules a clock callback (`Clock.schedule_interval`, …) */
  | 'schedules';

/** One line of the machine folder's code or config behind a finding. */
export interface SourceLine {
  /** path relative to the current directory, with `/` */
  file: string;
  /** 1-based line */
  line: number;
  /** the line as written, without its line end */
  code: string;
  role: SourceRole;
  /** the Python function or method that holds the line (`Skillshot.mode_start`), for calls */
  method?: string;
  /** why this line matters: why it leaks, or why it does not, when the code shows it */
  note?: string;
}

/** Who the object a callback is bound to is, from its repr in the log. */
export type OwnerKind =
  /** `<Mode.NAME>`: a mode */
  | 'mode'
  /** `<Scriptlet.a.b.C>`: MPF custom code (`custom_code:`) */
  | 'custom-code'
  /** `<CustomCode.a.b.C>`: MPF-MC custom code (`mc_custom_code:`) */
  | 'mc-custom-code'
  /** anything else: an object of MPF or MPF-MC itself */
  | 'mpf';

/**
 * A callback that the log's EventManager lines name as registered again and again for a
 * handler-growth finding's event: its copies grow over the finding's dumps.
 */
export interface Culprit {
  /** `Class.method` as MPF prints it: the class that defines the method (a base class of the owner's, maybe) */
  callback: string;
  /** repr of the object the method is bound to (`<Mode.skillshot>`); null when the lines do not print it (`-v` lines) */
  owner: string | null;
  /** who the owner is; null when `owner` is */
  ownerKind: OwnerKind | null;
  /** the priority the handlers were registered with; null when unknown */
  priority: number | null;
  /**
   * copies of the callback at each point of the finding, as the last line before that dump wrote
   * them; null where no line had named it yet (fewer than two copies of one object collide)
   */
  counts: (number | null)[];
  /**
   * which lines counted them: `collision`, MPF's `Unordered handler` (older MPF: `Duplicate
   * handler`) lines; `registered`, the `Registered …`/`Removing …` lines of a `-v` log
   */
  from: 'collision' | 'registered';
  /** a line that named it was cut off mid-list (a log copied while written): a count there is what the line held */
  cut: boolean;
  /** the machine folder's lines that define and register the callback; empty without a machine folder or when none is found */
  sources: SourceLine[];
  /** why there are no source lines, when the machine folder says (MPF's own object, a class not found) */
  note?: string;
}

/** Why a handler-growth finding has no culprit. */
export type NoCulpritReason =
  /**
   * the log has EventManager lines, but none names a callback of this event: the handlers are
   * bound to different objects (MPF names only methods of one object that collide), or are plain
   * functions
   */
  | 'no-line'
  /** lines name callbacks of this event, but the copies of none keep growing (a step that rose once, copies that hold) */
  | 'not-growing'
  /** the log has no EventManager lines at all (no posted events, no handler lines): its INFO logging is off */
  | 'not-logged';

/** The machine folder read for the source lines of culprits and findings. */
export interface MachineFolder {
  /** the folder as given (`--machine`) or found, relative when the input was */
  dir: string;
  /** `option`: `--machine`; `logs-folder`: the folder above a `logs/` input, which holds `config/` */
  chosenBy: 'option' | 'logs-folder';
  /** files not read, and why (a missing folder, or one without `config/`, is one warning naming the folder) */
  warnings: { file: string; message: string }[];
}

/** What every finding carries. */
interface FindingBase {
  /** leak or suspect */
  verdict: Verdict;
  /** the rule that gave the verdict */
  rule: FindingRule;
  /** the process whose dumps show the growth */
  process: ProcessKind;
  /** the run the dumps are of (`report.dumpRuns`) */
  run: number;
  /** what grows: an event name, a normalised key (`Slide:attract`, `Widget.remove`), `availableSlides`, or a queue total */
  subject: string;
  /** the count at each judged dump, oldest first (for duplicates: copies in that dump) */
  series: number[];
  /** for each value of `series`, the index of its dump in `report.snapshots` */
  points: number[];
  /** last minus first value of `series` */
  delta: number;
  /** the state group judged (`attract`, `game·ball`, …), or null when the process's dumps were judged together */
  state: string | null;
  /**
   * indexes in `report.snapshots` of compared dumps where the subject's count is unknown (a section
   * cut off, elided or unreadable), left out of its series (`evidence`); absent when there are none
   */
  unknown?: number[];
  /**
   * every series of the subject in its run: one per state group, and for widget and slide keys one
   * per place counted (OBJECTS, each display's tree). The first decides (the strongest verdict,
   * then the biggest growth): `series`, `points`, `state` and the verdict are its own
   */
  evidence: Evidence[];
  /** what set apart the dumps the growth rests on, for rule `states-differ` */
  differs?: DumpDifference;
  /** posted events that explain the growth, best first (at most three); absent when none fits in two intervals */
  explainedBy?: Attribution[];
  /** how many more posted events fit, ranked below those listed in `explainedBy`; absent when none */
  unlistedFits?: number;
  /** which posted event the growth points at, or the rate when several fit equally; absent when none fits */
  lead?: Lead;
  /** slides created versus alive (slide findings of MC dumps with slide ids only) */
  churn?: Churn;
  /** what the deciding series spans in games, balls and hours: the units of budgets per game, ball or hour */
  span: FindingSpan;
  /** where the finding stands against `--baseline`; absent without one */
  baseline?: FindingBaseline;
  /**
   * the machine folder's lines behind the finding when it has no culprit: what defines and plays a
   * widget or slide, schedules a clock callback, adds slides without a name, or registers handlers
   * for the event; absent without a machine folder or when none is found
   */
  sources?: SourceLine[];
}

/** `handler-growth`: `subject` is the event name. */
export interface HandlerGrowthFinding extends FindingBase {
  /** the discriminant */
  kind: 'handler-growth';
  /** the callbacks the log names as registered again and again for the event, most copies first; absent when none is */
  culprits?: Culprit[];
  /** why there is no culprit; absent when there is one, or when the log's handler lines were not read */
  noCulprit?: NoCulpritReason;
}

/** `duplicate-slide` / `duplicate-widget`: `subject` is the normalised key. */
export interface DuplicateFinding extends FindingBase {
  /** the discriminant: a slide key or a named widget key */
  kind: 'duplicate-slide' | 'duplicate-widget';
  /** the most copies of the key in one judged dump */
  copies: number;
  /** where the copies were counted: one display's widget tree, or the OBJECTS list */
  where: 'display' | 'objects';
  /** the display's name when `where` is `display` (null when its name was elided), else null */
  display: string | null;
}

/** `object-growth`: `subject` is an OBJECTS key. */
export interface ObjectGrowthFinding extends FindingBase {
  /** the discriminant */
  kind: 'object-growth';
}

/** `clock-growth`: `subject` is a normalised clock callback key. */
export interface ClockGrowthFinding extends FindingBase {
  /** the discriminant */
  kind: 'clock-growth';
}

/** `available-slides-growth`: `subject` is `availableSlides`. */
export interface AvailableSlidesFinding extends FindingBase {
  /** the discriminant */
  kind: 'available-slides-growth';
}

/** The EVENTS totals judged for `queue-growth`. */
export type QueueTotal = 'eventQueue' | 'callbackQueue' | 'queueTasks';

/** `queue-growth`: `subject` is the total's field name in `EventsTotals`. */
export interface QueueGrowthFinding extends FindingBase {
  /** the discriminant */
  kind: 'queue-growth';
  /** which total grows */
  subject: QueueTotal;
}

/** One thing that grows, with the numbers that show it. */
export type Finding =
  | HandlerGrowthFinding
  | DuplicateFinding
  | ObjectGrowthFinding
  | ClockGrowthFinding
  | AvailableSlidesFinding
  | QueueGrowthFinding;

/** What a compared key that is not a finding did. */
export type KeyOutcome =
  | 'unchanged'
  | 'shrinking'
  | 'within-budget'
  /** rose in one interval, then held for the rest of the run: a start-up or first-game step, not a leak */
  | 'settled';

/** What set two dumps apart, when a finding's growth rests on them: the machine's state, the modes running. */
export interface DumpDifference {
  /** index in `report.snapshots` of the older dump */
  before: number;
  /** index in `report.snapshots` of the newer dump */
  after: number;
  /** the two machine states, older first, when they differ; null when they agree */
  states: [string, string] | null;
  /** modes running at the newer dump and not at the older */
  modesStarted: string[];
  /** modes running at the older dump and not at the newer */
  modesStopped: string[];
}

/** One series of a finding's subject: a state group's dumps, in OBJECTS or in one display's tree. */
export interface Evidence {
  /** the state group (`attract`, `game·ball`, …), or null when the run's dumps were compared together */
  state: string | null;
  /** for widget and slide keys: counted in OBJECTS or in a display's tree; null for other subjects */
  where: 'objects' | 'display' | null;
  /** the display's name when `where` is `display` (null when elided), else null */
  display: string | null;
  /** the count at each compared dump, oldest first */
  series: number[];
  /** indexes in `report.snapshots`, one per value of `series` */
  points: number[];
  /** last minus first value of `series` */
  delta: number;
  /** this series' own verdict; null when it is no finding on its own (see `outcome`) */
  verdict: Verdict | null;
  /** the rule of `verdict`; null with `outcome` */
  rule: FindingRule | null;
  /** what the series did when it is no finding on its own; null with `verdict` */
  outcome: KeyOutcome | null;
  /** what set apart the dumps its growth rests on (rule `states-differ`) */
  differs?: DumpDifference;
  /** compared dumps where the count is unknown, left out of `series` */
  unknown?: number[];
}

/** A compared key that is not a finding (listed only with `all`). */
export interface OtherKey {
  /** the kind of finding it would have been */
  kind: FindingKind;
  /** the process of the dumps compared */
  process: ProcessKind;
  /** the run the dumps are of (`report.dumpRuns`) */
  run: number;
  /** the state group, or null when the dumps were compared regardless of state */
  state: string | null;
  /** an event name, a normalised key, `availableSlides` or a queue total */
  subject: string;
  /** what the key did */
  outcome: KeyOutcome;
  /** the count at each compared dump, oldest first */
  series: number[];
  /** indexes into `report.snapshots`, one per value of `series` */
  points: number[];
  /** last minus first value of `series` */
  delta: number;
  /** dumps where the subject's count is unknown, left out of `series`, as in `Finding.unknown`; absent when none */
  unknown?: number[];
}

/** How a snapshot was used: judged, left out as warm-up, outside `from`/`to`/`process`, or of a run not judged (`options.run`). */
export type SnapshotRole = 'judged' | 'warmup' | 'excluded' | 'other-run';

/** A snapshot as the report names it; findings point at these by index. */
export interface ReportSnapshot {
  /** the input as the user named it */
  file: string;
  /** line of the dump's first section header */
  line: number;
  /** the process that wrote the dump */
  process: ProcessKind;
  /** 1-based number of this dump among its process's dumps, as `leakdiff list` and `--from`/`--to` count */
  number: number;
  /** log time of the first header, as in `Snapshot.time` */
  time: string | null;
  /** false when the parser recorded a problem */
  complete: boolean;
  /** the machine's state at the dump */
  state: string;
  /** how many problems the parser recorded on it */
  problems: number;
  /** judged, warm-up, outside `from`/`to`/`process`, or of a run not judged */
  role: SnapshotRole;
  /** the number of its run in `report.dumpRuns` (1 when the dumps are of one run) */
  run: number;
}

/** Which dumps were compared with which: one process, one state group (or all its dumps). */
export interface Comparison {
  /** the run the dumps are of (`report.dumpRuns`) */
  run: number;
  /** the process whose dumps were compared */
  process: ProcessKind;
  /** the state group, or null when the process's dumps were compared regardless of state */
  state: string | null;
  /** indexes into `report.snapshots`, oldest first; a group of one was not compared */
  snapshots: number[];
}

/** Counts for one process. */
export interface ProcessSummary {
  /** dumps of this process in the inputs */
  dumps: number;
  /** dumps judged (not warm-up, inside `from`/`to`) */
  judged: number;
  /** findings with verdict leak */
  leaks: number;
  /** findings with verdict suspect */
  suspects: number;
  /** compared keys that ended where they started */
  unchanged: number;
  /** compared keys that ended below their start */
  shrinking: number;
  /** compared keys that grew by no more than `maxGrowth` */
  withinBudget: number;
  /** compared keys that rose once and then held (a start-up or first-game step) */
  settled: number;
  /**
   * present and true when dumps of this process were compared but none of its handler counts could
   * be read in two of them (their EVENTS sections damaged): its verdict is unknown, never clean
   */
  unknown?: true;
}

/** Counts over the whole report. */
export interface ReportSummary {
  /** findings with verdict leak, all processes */
  leaks: number;
  /** findings with verdict suspect, all processes */
  suspects: number;
  /** compared keys that ended where they started */
  unchanged: number;
  /** compared keys that ended below their start */
  shrinking: number;
  /** compared keys that grew by no more than `maxGrowth` */
  withinBudget: number;
  /** compared keys that rose once and then held (a start-up or first-game step) */
  settled: number;
  /** judged snapshots that are incomplete */
  incomplete: number;
  /** the same counts per process; both processes always present */
  byProcess: Record<ProcessKind, ProcessSummary>;
}

/** One run of the machine as MPF and MPF-MC name their logs: `<start>-mpf-<host>.log` and `<start>-mc-<host>.log`. */
export interface Run {
  /** 1-based, oldest first: what `--run N` picks */
  number: number;
  /** the start-time prefix of the run's first log, `YYYY-MM-DD-HH-MM-SS` (what `--run PREFIX` matches) */
  start: string;
  /** the host part of the log names */
  host: string;
  /** the MPF log, as named in `snapshots`; null when the run has none (an unpaired MC log) */
  mpf: string | null;
  /** the MPF-MC log started within a few seconds of the MPF log; null when there is none (an unpaired MPF log) */
  mc: string | null;
  /** whether this run's logs were read */
  read: boolean;
}

/** How the logs found in directories and globs were read as runs. */
export interface RunSelection {
  /** every run the inputs' log names show, oldest first */
  runs: Run[];
  /** `only`: one run; `newest`: the newest of several (the default); `run-option`: picked by `--run`; `named`: every log was named one by one, so all were read */
  chosenBy: 'only' | 'newest' | 'run-option' | 'named';
}

/** An MPF dump and the MC dump taken with it: the nearest in time, each the other's nearest. */
export interface DumpPair {
  /** index in `report.snapshots` of the MPF dump */
  mpf: number;
  /** index in `report.snapshots` of the MC dump */
  mc: number;
  /** MC's dump time minus MPF's, in milliseconds */
  offsetMs: number;
}

/** MPF and MC dumps paired by time, so one report reads both processes at the same moments. */
export interface DumpPairing {
  /** pairs in MPF dump order */
  pairs: DumpPair[];
  /** indexes in `report.snapshots` of dumps with no partner (none of the other process within the window, or no time) */
  unpaired: number[];
}

/** A baseline entry that no finding reaches now: the leak is gone, or grows less than its budget. */
export interface StaleBaselineEntry {
  /** the entry's fingerprint */
  fingerprint: string;
  /** the growth the entry allows (per `per`, when a rate) */
  budget: number;
  /** the unit of `budget` when it is a rate */
  per?: BudgetUnit;
  /** the growth (or rate) of the matching finding now; null when no finding matches (gone) */
  growth: number | null;
}

/** The comparison against a baseline file (`--baseline`). */
export interface BaselineCheck {
  /** the baseline file as the user named it */
  file: string;
  /** entries in the file */
  entries: number;
  /**
   * entries that match a finding now; none of several is a warning (recorded on other logs, or
   * every known leak gone), and `--update-baseline` then leaves the file as it is
   */
  matched: number;
  /** entries now smaller than their budget or gone: tighten them with `--update-baseline` */
  stale: StaleBaselineEntry[];
  /** the file was rewritten with tightened budgets (`--update-baseline`) */
  updated: boolean;
}

/** Version of the report document; raised only when a field changes meaning or goes away. */
export type ReportSchemaVersion = 1;

/** Everything a reporter needs, and what `--format json` prints. */
export interface Report {
  /** 1 */
  schemaVersion: ReportSchemaVersion;
  /** every dump read, in input order (files as given, dumps in file order) */
  snapshots: ReportSnapshot[];
  /** the runs among the dumps, oldest first: each judged on its own (one run when nothing restarted) */
  dumpRuns: DumpRun[];
  /** which dumps were compared with which; by run, then mpf first, then mc */
  comparisons: Comparison[];
  /** sorted by kind (in `FindingKind` order), then biggest growth first */
  findings: Finding[];
  /** keys that are not findings; present only when `options.all` */
  otherKeys?: OtherKey[];
  /** counts over all findings and keys */
  summary: ReportSummary;
  /** the comparison rests on at least one incomplete snapshot */
  incomplete: boolean;
  /** the settings the comparison ran with */
  options: DiffOptions;
  /**
   * the exit status of this comparison (see `ExitCode`); with a baseline, only new and over-budget
   * findings count; with --strict, a log cut off is 2 too
   */
  exitCode: ExitCode;
  /**
   * what is wrong with the logs read outside their dumps: a .gz cut off (the dumps after the cut are
   * missing), an END line without its header, an over-long line; present when there is any
   */
  logProblems?: LogProblem[];
  /** how the logs were read as runs; present when a log is named as MPF and MPF-MC name theirs */
  runs?: RunSelection;
  /** MPF and MC dumps paired by time; present when the inputs hold dumps of both processes */
  dumpPairs?: DumpPairing;
  /** the comparison against `--baseline`; absent without one */
  baseline?: BaselineCheck;
  /** the machine folder read for source lines; absent when none was given or found */
  machine?: MachineFolder;
  /**
   * no log held a dump: the copies each handler line names were judged instead, and `snapshots`
   * are the points judged (not dumps); absent when dumps were compared
   */
  withoutDumps?: JudgedWithoutDumps;
}

/** What was judged when no log held a dump. */
export interface JudgedWithoutDumps {
  /**
   * what a point of `report.snapshots` is: `minute`, the end of a minute of log time that had
   * handler lines; `lines`, of a stretch of 1000 lines, in a log without times
   */
  point: 'minute' | 'lines';
  /** the logs whose handler lines were judged */
  files: string[];
}

/** Normalised lines of one part of two dumps, for `--show-tree` (a display's widget tree or the clock list). */
export interface TreeListing {
  /** the process of the two dumps (MC: only it has trees and a clock) */
  process: ProcessKind;
  /** the state group of the comparison, or null */
  state: string | null;
  /** a display's widget tree, or the clock list (sorted, with timeouts) */
  part: 'display' | 'clock';
  /** the display's name for `display` listings (null when elided), null for `clock` */
  display: string | null;
  /** index in `report.snapshots` of the older dump */
  before: number;
  /** index in `report.snapshots` of the newer dump */
  after: number;
  /** normalised keys of the older dump, one a line */
  beforeLines: string[];
  /** normalised keys of the newer dump, one a line */
  afterLines: string[];
}
