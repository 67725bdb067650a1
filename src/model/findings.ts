// What the differ finds over snapshots: findings with the series, events and budgets behind them,
// and the compared keys that are not findings. Numbers and names only; reporters make the words.

import type { Culprit, NoCulpritReason, SourceLine } from './culprits.js';
import type { ProcessKind } from './log.js';

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
  /**
   * for a `lifecycle` lead: events that fit as well at other rates (posted more or less often, the
   * count growing less or more at each post), which the dumps cannot tell from the lead either: how
   * many, and the one listed first by the preference `explainedBy` follows; absent when none
   */
  otherRates?: { fitting: number; event: string; ratio: number };
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
  /**
   * posted events that explain the growth, best first (at most three); when several fit equally
   * (`lead.basis` other than `unique`), from among those: the culprit's events, the lifecycle
   * events, events named after the subject, then by name; absent when none fits in two intervals
   */
  explainedBy?: Attribution[];
  /**
   * how many more posted events fit, ranked below those listed in `explainedBy` (when several fit
   * equally, the others that fit equally: listed and unlisted add up to `lead.equallyFitting`); absent when none
   */
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
