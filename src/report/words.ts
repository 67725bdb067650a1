// The phrasebook: the words every human report shares (text, markdown, github, html): kinds,
// rules, subjects, series, verdicts and the summary line; compared-words.ts has the words for what
// was read and compared. Plain text with names as the log has them: each format escapes for its
// own medium (terminal, markdown, workflow commands, HTML) after calling these, and paints tones
// its own way (chalk, CSS classes).

import type {
  Attribution,
  DumpDifference,
  Evidence,
  Finding,
  FindingKind,
  FindingRule,
  KeyOutcome,
  OtherKey,
  ProcessKind,
  Lead,
  QueueTotal,
  Report,
  TrendRule,
} from '../model.js';
import { describeRunNumbers } from './unread-runs.js';

/** Processes in the order reports show them. */
export const PROCESS_ORDER = ['mpf', 'mc'] as const satisfies readonly ProcessKind[];

/** The words for one kind of finding. */
interface KindWords {
  /** The heading of the kind's findings. */
  title: string;
  /** One word, for table columns. */
  short: string;
  /** One unit of growth, singular and plural: `+1 handler per ball_started`. */
  unit: readonly [string, string];
  /** What a finding's series counts, for a chart's y axis. */
  axis: string;
}

/** Every kind's words, in the order reports show the kinds. */
export const KIND_WORDS = {
  'handler-growth': { title: 'Handler growth (EVENTS)', short: 'handlers', unit: ['handler', 'handlers'], axis: 'handlers' },
  'duplicate-slide': { title: 'Duplicate slides', short: 'slides', unit: ['copy', 'copies'], axis: 'copies' },
  'duplicate-widget': { title: 'Duplicate widgets', short: 'widgets', unit: ['copy', 'copies'], axis: 'copies' },
  'object-growth': { title: 'Object growth (OBJECTS)', short: 'objects', unit: ['object', 'objects'], axis: 'objects' },
  'clock-growth': { title: 'Clock growth (CLOCK)', short: 'clock', unit: ['clock event', 'clock events'], axis: 'clock events' },
  'available-slides-growth': {
    title: 'Available Slides growth (anonymous slides)',
    short: 'available',
    unit: ['available slide', 'available slides'],
    axis: 'available slides',
  },
  'queue-growth': { title: 'Queue growth (EVENTS totals)', short: 'queue', unit: ['queued item', 'queued items'], axis: 'queued' },
} as const satisfies Record<FindingKind, KindWords>;

/** The kinds in report order. */
const KIND_ORDER = Object.keys(KIND_WORDS) as FindingKind[];

/** `handler`, `handlers`: the unit of `count` units of growth of a finding of this kind, without the count. */
function describeUnit(kind: FindingKind, count: number): string {
  return KIND_WORDS[kind].unit[count === 1 ? 0 : 1];
}

/** The queue totals as MPF writes them in the dump. */
const QUEUE_WORDS = {
  eventQueue: 'event_queue',
  callbackQueue: 'callback_queue',
  queueTasks: '_queue_tasks',
} as const satisfies Record<QueueTotal, string>;

/** What a compared key that is no finding did. */
export const OUTCOME_WORDS = {
  unchanged: 'unchanged',
  shrinking: 'shrinking',
  'within-budget': 'within budget',
  settled: 'settled',
} as const satisfies Record<KeyOutcome, string>;

/**
 * How a phrase stands out: `leak`, `suspect` and `clean` as verdicts, `idle` for a process not
 * compared, `plain` for words that need no tone. Each format paints them its own way.
 */
export type Tone = 'leak' | 'suspect' | 'clean' | 'idle' | 'plain';

/** Paints plain words in a tone (chalk for the terminal, a CSS class for html), escaping them for its medium. */
export type Paint = (text: string, tone: Tone) => string;

/** Words as they are: for markdown, github and the page title. */
const unpainted: Paint = (text) => text;

/** A phrase and how it stands out. */
interface Phrase {
  text: string;
  tone: Tone;
}

interface Shape {
  rises: number;
  intervals: number;
}

const RULE_WORDS = {
  'two-dumps': () => 'grew between the two dumps',
  monotonic: (shape) => `never dropped, rose in ${shape.rises} of ${shape.intervals} intervals`,
  strict: () => 'rose in every interval',
  net: () => 'ends above its start (net rule)',
  'one-time-step': () => 'rose once, at the last dump: a later dump would tell a step that holds from a leak',
  'two-in-state': () => 'grew between the only two dumps of its state: a third would tell a step from a leak',
  'up-and-down': () => 'went up and down, ends higher',
  'not-every-interval': (shape) => `rose in ${shape.rises} of ${shape.intervals} intervals, not in every one`,
  duplicate: () => 'more than one copy, not growing',
  // Two dumps: the one interval crosses the difference. More: it may also have grown between dumps
  // that agree (in one interval only, or, for `net`, where the first and last dumps differ).
  'states-differ': (shape) => (shape.intervals <= 1 ? 'grew only between dumps of different machine states or modes' : 'grew across dumps of different machine states or modes'),
} as const satisfies Record<FindingRule, (shape: Shape) => string>;

/** What makes a leak under each `--trend` rule, after the rule's name. */
const TREND_WORDS = {
  monotonic: (budget: number) => `a leak never drops, rises in at least two intervals and ends more than ${budget} above its start`,
  strict: (budget: number) => `a leak rises in every interval and ends more than ${budget} above its start`,
  net: (budget: number) => `a leak ends more than ${budget} above its start`,
} as const satisfies Record<TrendRule, (budget: number) => string>;

/** Series longer than this show their two first and two last values around a `…`. */
const MAX_SHOWN_VALUES = 7;

/** The subject as people know it: `event_queue` rather than `eventQueue`. */
export function describeSubject(finding: Finding): string {
  switch (finding.kind) {
    case 'queue-growth':
      return QUEUE_WORDS[finding.subject];
    case 'available-slides-growth':
      return 'Available Slides';
    default:
      return finding.subject;
  }
}

/** The subject of a compared key that is no finding, as `describeSubject` names a finding's. */
export function describeKeySubject(key: OtherKey): string {
  return key.kind === 'queue-growth' ? (QUEUE_WORDS[key.subject as QueueTotal] ?? key.subject) : key.subject;
}

/** Why the finding has its verdict, in words (duplicates: how many copies, and where). */
export function describeRule(finding: Finding): string {
  let rises = 0;
  for (let i = 1; i < finding.series.length; i++) if (finding.series[i]! > finding.series[i - 1]!) rises++;
  let words = RULE_WORDS[finding.rule]({ rises, intervals: finding.series.length - 1 });
  if (finding.differs !== undefined) words += ` (${describeDifference(finding.differs)})`;
  if (finding.kind !== 'duplicate-slide' && finding.kind !== 'duplicate-widget') return words;
  const where = finding.where === 'objects' ? 'in OBJECTS' : `in display ${finding.display ?? '(unnamed)'}`;
  return `${words}; up to ${finding.copies} copies ${where}`;
}

/** `monotonic: a leak never drops, …`; `separator` goes between the rule's name and its words. */
export function describeTrend(report: Report, separator = ': '): string {
  return `${report.options.trend}${separator}${TREND_WORDS[report.options.trend](report.options.maxGrowth)}`;
}

/** `24 → 26 → 28`; long series elide their middle. */
export function describeSeries(series: readonly number[]): string {
  if (series.length <= MAX_SHOWN_VALUES) return series.join(' → ');
  return `${series[0]} → ${series[1]} → … → ${series[series.length - 2]} → ${series[series.length - 1]}`;
}

export function describeDelta(delta: number): string {
  return delta > 0 ? `+${delta}` : delta === 0 ? '±0' : String(delta);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Whether this finding fails the CI gate (`--fail-on`, `--baseline`), as `exitCodeOf` decides for the report. */
export { failsGate } from '../diff/exit-code.js';

/** The kinds that have findings, in report order, each with its findings in report order. */
export function findingsByKind(report: Report): { kind: FindingKind; findings: Finding[] }[] {
  const byKind = new Map<FindingKind, Finding[]>();
  for (const finding of report.findings) {
    const mine = byKind.get(finding.kind);
    if (mine === undefined) byKind.set(finding.kind, [finding]);
    else mine.push(finding);
  }
  return KIND_ORDER.flatMap((kind) => {
    const findings = byKind.get(kind);
    return findings === undefined ? [] : [{ kind, findings }];
  });
}

/** `Handler growth (EVENTS): 2 leaks, 1 suspect`: the heading of a kind's findings. */
export function describeKindHeading(kind: FindingKind, findings: readonly Finding[]): string {
  let leaks = 0;
  for (const finding of findings) if (finding.verdict === 'leak') leaks++;
  const counts = [leaks > 0 ? plural(leaks, 'leak') : '', findings.length > leaks ? plural(findings.length - leaks, 'suspect') : ''];
  return `${KIND_WORDS[kind].title}: ${counts.filter(Boolean).join(', ')}`;
}

/** Whether `--process` leaves this process's dumps out of the comparison. */
export function isFilteredOut(report: Report, process: ProcessKind): boolean {
  return report.options.process !== null && report.options.process !== process;
}

/** What the report says when it has no finding: nothing grows, or nothing could be read to grow. */
export function describeNoFinding(report: Report): { text: string; tone: Tone } {
  const unknown = PROCESS_ORDER.some((process) => report.summary.byProcess[process].unknown === true);
  if (unknown) return { text: 'No finding, but no handler count could be read: see the warnings.', tone: 'leak' };
  if ((report.unknownKeys?.length ?? 0) > 0) return { text: 'Nothing grows among the keys that could be read; some could not (see Other keys).', tone: 'suspect' };
  return { text: 'Nothing grows.', tone: 'clean' };
}

/** A process's verdict in the summary: `clean`, `3 leaks, 1 suspect`, `not compared`. */
interface Verdict {
  process: ProcessKind;
  /** the verdict as one phrase */
  text: string;
  /** the tone of the verdict as a whole: its worst count's */
  tone: Tone;
  /** the verdict's counts, each in its own tone; joined by `, ` they are `text` */
  counts: Phrase[];
}

/** The summary's part for each process that has dumps: `clean`, `3 leaks, 1 suspect`, `not compared`. */
function describeVerdicts(report: Report): Verdict[] {
  return PROCESS_ORDER.filter((process) => report.summary.byProcess[process].dumps > 0).map((process) => {
    const { leaks, suspects, settled, unknown, unknownRuns = [], unknownKeys } = report.summary.byProcess[process];
    const compared = report.comparisons.some((comparison) => comparison.process === process && comparison.snapshots.length > 1);
    // Suspects only because a slide or widget is there twice: said as duplicates.
    let duplicates = 0;
    for (const finding of report.findings) if (finding.process === process && finding.rule === 'duplicate') duplicates++;
    const counts: Phrase[] = [];
    if (!compared) {
      counts.push({ text: `not compared${isFilteredOut(report, process) ? ` (--process ${report.options.process})` : ''}`, tone: 'idle' });
    } else if (leaks === 0 && suspects === 0 && unknown === true) {
      // Unknown as a whole only when no run of it was judged otherwise.
      const judgedRuns = new Set(report.comparisons.filter((comparison) => comparison.process === process && comparison.snapshots.length > 1).map((comparison) => comparison.run));
      const wholly = [...judgedRuns].every((run) => unknownRuns.includes(run));
      counts.push({ text: wholly ? 'unknown (no handler count read)' : `no finding, ${describeRunNumbers(unknownRuns)} unknown (no handler count read)`, tone: 'leak' });
    } else if (leaks === 0 && suspects === 0) {
      // Not clean while some keys could not be read: nothing grows among those that could.
      counts.push(unknownKeys === undefined ? { text: 'clean', tone: 'clean' } : { text: 'no finding', tone: 'plain' });
    } else {
      if (leaks > 0) counts.push({ text: plural(leaks, 'leak'), tone: 'leak' });
      // Found in one run while another could not be judged at all.
      if (unknown === true) counts.push({ text: `${describeRunNumbers(unknownRuns)} unknown (no handler count read)`, tone: 'leak' });
      if (suspects > duplicates) counts.push({ text: plural(suspects - duplicates, 'suspect'), tone: 'suspect' });
      // With --fail-on suspect they fail the gate: said so, or the exit code would have no word.
      const failing = report.options.failOn !== 'suspect' ? '' : duplicates === 1 ? ' (a suspect)' : ' (suspects)';
      if (duplicates > 0) counts.push({ text: `${plural(duplicates, 'duplicate')}${failing}`, tone: 'suspect' });
    }
    if (compared && settled > 0) counts.push({ text: `${settled} settled`, tone: 'plain' });
    if (compared && unknown !== true && unknownKeys !== undefined) counts.push({ text: `${plural(unknownKeys, 'key')} unknown`, tone: 'suspect' });
    const tone = leaks > 0 ? 'leak' : suspects > 0 ? 'suspect' : counts[0]!.tone;
    return { process, text: counts.map((count) => count.text).join(', '), tone, counts };
  });
}

/**
 * `mpf: 3 leaks, 1 suspect · mc: clean`, the line the text report ends with. `paint` gets each
 * count of a verdict, or each verdict whole with `paintEach: 'verdict'`, the incomplete count and
 * the baseline's counts.
 */
export function describeSummary(report: Report, paint: Paint = unpainted, paintEach: 'count' | 'verdict' = 'count'): string {
  const parts = describeVerdicts(report).map((verdict) => {
    const words = paintEach === 'verdict' ? paint(verdict.text, verdict.tone) : verdict.counts.map((count) => paint(count.text, count.tone)).join(', ');
    return `${verdict.process}: ${words}`;
  });
  if (report.incomplete) parts.push(paint(`${plural(report.summary.incomplete, 'incomplete dump')} compared`, 'leak'));
  if (report.baseline) parts.push(`baseline: ${paint(describeBaselineCounts(report), 'plain')}`);
  return parts.join(' · ');
}

/** `121 unchanged, 0 shrinking` (and within the budget, when there is one). */
export function describeOtherKeys(report: Report): string {
  const { unchanged, shrinking, withinBudget, settled } = report.summary;
  const parts = [`${unchanged} unchanged`, `${shrinking} shrinking`];
  if (withinBudget > 0 || report.options.maxGrowth > 0) parts.push(`${withinBudget} within the budget of ${report.options.maxGrowth}`);
  if (settled > 0) parts.push(`${settled} settled (rose once, then held)`);
  const unknownKeys = report.unknownKeys ?? [];
  if (unknownKeys.length > 0) {
    const shown = unknownKeys.slice(0, 5).map((key) => key.subject);
    const more = unknownKeys.length > shown.length ? ` and ${unknownKeys.length - shown.length} more` : '';
    parts.push(`${unknownKeys.length} unknown (read in fewer than two dumps, damaged in the others: ${shown.join(', ')}${more})`);
  }
  return parts.join(', ');
}

/**
 * What to keep in mind when reading the findings, a sentence each: that some rest on two dumps
 * only, that some compare dumps taken in different machine states. Empty when neither applies.
 */
export function describeCaveats(report: Report): string[] {
  const caveats: string[] = [];
  const twoDumps = PROCESS_ORDER.filter((process) => report.findings.some((finding) => finding.rule === 'two-dumps' && finding.process === process));
  if (twoDumps.length > 0) caveats.push(`Only two dumps were compared (${twoDumps.join(', ')}): a third dump would tell a one-time step from a leak.`);
  if (report.findings.some((finding) => finding.rule === 'states-differ')) {
    caveats.push('Dumps taken in different machine states (attract, a ball in play, …) differ on dozens of counts for no fault, so growth between them is only a suspect: dump again in the same state to tell a leak.');
  }
  return caveats;
}

/** `≈ +1 handler per ball_started (12 posted)`: one attribution, without the others that fit. */
function describeFit(finding: Finding, attribution: Attribution): string {
  return `≈ +${attribution.ratio} ${describeUnit(finding.kind, attribution.ratio)} per ${attribution.event} (${attribution.posted} posted)`;
}

/**
 * The posted events that explain a finding's growth in one line, or null: `≈ +1 handler per
 * lanes_complete (11 posted); also fit: lanes_unlit_hit, player_shot_lane_left`. A steady fit says
 * that it rests on the name: other events posted as often fit as well.
 */
export function describeAttribution(finding: Finding): string | null {
  const lead = finding.lead;
  // Fitted on another of the finding's series than the one its line shows: say which.
  const fitted = lead === undefined || lead.evidence === 0 ? '' : ` in ${describeEvidencePlace(finding.evidence[lead.evidence]!)}`;
  if (lead !== undefined && lead.basis !== 'unique') return `${describeLead(finding, lead)}${fitted}`;
  const [best, ...others] = finding.explainedBy ?? [];
  if (best === undefined) return null;
  const more = finding.unlistedFits ?? 0;
  let text = describeFit(finding, best);
  if (others.length > 0) {
    const names = others.map((other) => (other.ratio === best.ratio ? other.event : `${other.event} (×${other.ratio})`));
    text += `; also fit: ${names.join(', ')}`;
  }
  if (best.steady) {
    // Posted as often in every interval: the dumps cannot tell these events apart.
    text += more > 0 ? ` — by name only: ${plural(more, 'other event')} posted the same number of times in every interval ${more === 1 ? 'fits' : 'fit'} as well` : ' — by name only: posted as often in every interval';
  } else if (more > 0) {
    text += others.length > 0 ? ` and ${more} more` : `; ${plural(more, 'other event')} fit as well`;
  }
  return `${text}${fitted}`;
}

/** The unit of growth a lifecycle event counts: `ball` for ball_started, `start of mode skillshot` for mode_skillshot_started. */
function describeLifecycleUnit(event: string): string {
  if (event === 'ball_started' || event === 'ball_will_end') return 'ball';
  if (event === 'game_started') return 'game';
  if (event === 'player_turn_started') return 'player turn';
  return `start of mode ${/^mode_(.+)_started$/.exec(event)?.[1] ?? event}`;
}

/** Events that fit equally are all named when there are no more than this. */
const MAX_NAMED_EQUAL = 3;

/** Where a `culprit` lead's event comes from: the culprit's code, or, with no culprit, the machine folder's code behind the finding. */
function describeHintSource(finding: Finding): string {
  const culprits = finding.kind === 'handler-growth' ? (finding.culprits ?? []) : [];
  return culprits.length > 0 ? 'the event its culprit names' : 'the event its code in the machine folder runs on';
}

/** `; e_g fits as well at another rate (+2 handlers per post)`, or nothing when no event does. */
function describeOtherRates(finding: Finding, lead: Lead): string {
  const rival = lead.otherRates;
  if (rival === undefined) return '';
  const rate = `+${rival.ratio} ${describeUnit(finding.kind, rival.ratio)} per post`;
  return rival.fitting === 1
    ? `; ${rival.event} fits as well at another rate (${rate})`
    : `; ${rival.fitting} events fit as well at other rates (such as ${rival.event}, ${rate})`;
}

/**
 * A lead among events that fit equally, never one of them picked at random: `≈ +2 handlers per
 * ball (ball_started and 28 other events posted once per ball, 27 times)`; the event its culprit
 * names; or only the rate, naming all when they are few.
 */
function describeLead(finding: Finding, lead: Lead): string {
  const growth = `≈ +${lead.ratio} ${describeUnit(finding.kind, lead.ratio)}`;
  const others = lead.equallyFitting - 1;
  switch (lead.basis) {
    case 'culprit':
      return `${growth} per ${lead.events[0]} (${lead.posted} posted), ${describeHintSource(finding)}${others > 0 ? `; ${plural(others, 'other event')} posted as often fit as well` : ''}`;
    case 'lifecycle': {
      const unit = describeLifecycleUnit(lead.events[0]!);
      return `${growth} per ${unit} (${lead.events[0]}${others > 0 ? ` and ${plural(others, 'other event')}` : ''} posted once per ${unit}, ${lead.posted} times)${describeOtherRates(finding, lead)}`;
    }
    case 'rate': {
      const names = lead.events.length < 2 ? (lead.events[0] ?? '') : `${lead.events.slice(0, -1).join(', ')} or ${lead.events.at(-1)}`;
      return lead.events.length <= MAX_NAMED_EQUAL
        ? `${growth} per ${names} (each posted ${lead.posted} times: the dumps cannot tell them apart)`
        : `${growth} per post of any of ${lead.equallyFitting} events posted equally often (${lead.posted} times each), none a ball, game, player turn or mode start`;
    }
    case 'unique':
      return `${growth} per ${lead.events[0]} (${lead.posted} posted)`;
  }
}

/**
 * What set two dumps apart: `attract → game·ball` when the states differ (the modes differ with
 * them), else the modes: `modes +target_frenzy −skillshot`.
 */
export function describeDifference(difference: DumpDifference): string {
  if (difference.states !== null) return `${difference.states[0]} → ${difference.states[1]}`;
  const changes = [...difference.modesStarted.map((mode) => `+${mode}`), ...difference.modesStopped.map((mode) => `−${mode}`)];
  const shown = changes.slice(0, MODE_CHANGES_SHOWN);
  return `modes ${shown.join(' ')}${changes.length > shown.length ? ` and ${changes.length - shown.length} more` : ''}`;
}

/** Modes started or stopped named in one line; a machine may start thousands between two dumps. */
const MODE_CHANGES_SHOWN = 10;

/** `game·ball`, or `game·ball display window` with where it was counted. */
export function describeEvidencePlace(evidence: Evidence, withWhere = evidence.where === 'display', separator = ' '): string {
  const where = !withWhere ? '' : evidence.where === 'objects' ? 'OBJECTS' : evidence.where === 'display' ? `display ${evidence.display ?? '(unnamed)'}` : '';
  return [evidence.state ?? 'all dumps', where].filter(Boolean).join(separator);
}

const EVIDENCE_OUTCOME_WORDS = {
  unchanged: 'unchanged',
  shrinking: 'shrinking',
  'within-budget': 'within budget',
  settled: 'settled: rose once, then held',
} as const satisfies Record<KeyOutcome, string>;

/**
 * The series of a finding other than the first, the one its line shows, a row each: the other
 * state groups and places it was counted in, e.g. `game·ball  display window`, `4 → 18 → 32 → 43`,
 * `+39`, `leak`. A series that held is left out (the JSON keeps it).
 */
export function describeEvidence(finding: Finding): { where: string; series: string; delta: string; judgement: string }[] {
  // Where a widget was counted matters only when it was counted in more than one place.
  const showWhere = finding.evidence.some((one) => one.where === 'display');
  return finding.evidence
    .slice(1)
    .filter((one) => one.outcome !== 'unchanged')
    .map((one) => ({
      where: describeEvidencePlace(one, showWhere, '  '),
      series: describeSeries(one.series),
      delta: describeDelta(one.delta),
      judgement:
        one.verdict !== null
          ? `${one.verdict}${one.rule === 'states-differ' && one.differs !== undefined ? ` (${describeDifference(one.differs)})` : ''}`
          : EVIDENCE_OUTCOME_WORDS[one.outcome!],
    }));
}

/** `21 created from #1 to #13 (all names), 2 Slide:attract_slide alive at #13`: slide churn, when computed. */
export function describeChurn(report: Report, finding: Finding): string | null {
  if (finding.churn === undefined) return null;
  const first = report.snapshots[finding.points[0]!]!.number;
  const last = report.snapshots[finding.points[finding.points.length - 1]!]!.number;
  const alive = finding.kind === 'available-slides-growth' ? plural(finding.churn.alive, 'anonymous slide') : `${finding.churn.alive} ${describeSubject(finding)}`;
  return `${finding.churn.created} created from #${first} to #${last} (all names), ${alive} alive at #${last}`;
}

const BASELINE_STATUS_WORDS = {
  new: 'baseline: new',
  'within-budget': 'baseline: within its budget',
  'over-budget': 'baseline: over its budget',
} as const satisfies Record<NonNullable<Finding['baseline']>['status'], string>;

/** `3 within budget, 1 new, 0 over budget`: the findings against `--baseline`. */
export function describeBaselineCounts(report: Report): string {
  const counts = { new: 0, 'within-budget': 0, 'over-budget': 0 } satisfies Record<NonNullable<Finding['baseline']>['status'], number>;
  for (const finding of report.findings) if (finding.baseline) counts[finding.baseline.status]++;
  return `${counts['within-budget']} within budget, ${counts.new} new, ${counts['over-budget']} over budget`;
}

/** `baseline: within its budget of +3`, or null without `--baseline`. */
export function describeBaselineStatus(finding: Finding): string | null {
  if (!finding.baseline) return null;
  const { status, budget, per, rate } = finding.baseline;
  if (budget === null) return BASELINE_STATUS_WORDS[status];
  if (per === undefined) return `${BASELINE_STATUS_WORDS[status]} of ${describeDelta(budget)}`;
  const now = rate === null || rate === undefined ? `its growth per ${per} cannot be measured` : `now ${describeDelta(Math.round(rate * 1000) / 1000)} per ${per}`;
  return `${BASELINE_STATUS_WORDS[status]} of ${describeDelta(budget)} per ${per} (${now})`;
}

/** The note over a `--show-tree` listing too changed to align line by line, given how many lines changed in number. */
export function describeUnalignedTree(changedLines: number): string {
  if (changedLines === 0) return 'too many changes to align line by line: the same lines, in another order';
  return `too many changes to align line by line: shown as counts, ${plural(changedLines, 'line')} whose number changed`;
}

/** `Text:score  1 → 3`: a line of a `--show-tree` listing shown as counts. */
export function describeCountedLine(counted: { line: string; before: number; after: number }): string {
  return `${counted.line}  ${counted.before} → ${counted.after}`;
}
