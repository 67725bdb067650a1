// Culprits laid over a report after diffing: for each handler-growth finding, the callbacks the
// log's EventManager lines name as registered again and again for its event, and for any finding
// the lines of the machine folder behind it. The findings keep every field they had; culprits,
// sources and the reason there is no culprit are added, and the finding's attribution prefers the
// events the culprit names. Pure: the machine folder comes indexed.

import { attribute, type LeadHint } from '../diff/attribution.js';
import { clockOwnersOf } from './clock-owners.js';
import { judgeSeries } from '../diff/judge.js';
import type { Machine } from '../machine/machine.js';
import { modeOfOwner, ownerKindOf } from '../machine/owner-names.js';
import type { Culprit, DiffOptions, Finding, HandlerCopiesSeries, HandlerGrowthFinding, ParsedLog, Report, Snapshot, SourceLine } from '../model.js';

/** What culprits are made from besides the report. */
export interface CulpritContext {
  /** every snapshot, in the order the report was made from (its `points` index these) */
  snapshots: readonly Snapshot[];
  /** every log read, with its handler lines (`ParsedLog.handlers`) */
  logs: readonly ParsedLog[];
  /** the machine folder, indexed; null when none was given or found */
  machine: Machine | null;
}

/** Where a snapshot is in its log. */
interface Place {
  log: ParsedLog;
  /** its index among the log's snapshots */
  ordinal: number;
}

/** Methods MPF calls when a mode starts: a handler they add is added once per start of the mode. */
const MODE_START_METHODS = new Set(['mode_start', 'mode_will_start']);

/** The report with culprits and source lines on its findings, and attributions that prefer what the culprits name. */
export function attachCulprits(report: Report, context: CulpritContext): Report {
  const places = new Map<Snapshot, Place>();
  for (const log of context.logs) log.snapshots.forEach((snapshot, ordinal) => places.set(snapshot, { log, ordinal }));
  const findings = report.findings.map((finding) => withCulprits(finding, report.options, context, places));
  return { ...report, findings };
}

function withCulprits(finding: Finding, options: DiffOptions, context: CulpritContext, places: ReadonlyMap<Snapshot, Place>): Finding {
  const { machine } = context;
  if (finding.kind !== 'handler-growth') {
    const sources = machine === null ? [] : sourcesOf(finding, machine, context.snapshots);
    if (sources.length === 0) return finding;
    // The code that schedules a clock callback or adds a slide runs on events too.
    const hinted = leadEventsOf([], sources, machine);
    const attributed = hinted.length === 0 ? finding : attribute(finding, context.snapshots, () => hinted);
    return { ...attributed, sources };
  }
  const logs = [...new Set(finding.points.flatMap((point) => {
    const place = places.get(context.snapshots[point]!);
    return place === undefined ? [] : [place.log];
  }))];
  const { culprits, named } = culpritsOf(finding, options, context, places);
  const eventSources = culprits.length > 0 || machine === null ? [] : machine.handlerSources({ callback: null, owner: null, event: finding.subject });
  const hinted = leadEventsOf(culprits, eventSources, machine);
  const hint: LeadHint = () => hinted;
  const attributed = hinted.length === 0 ? finding : attribute(finding, context.snapshots, hint);
  if (culprits.length > 0) return { ...attributed, culprits };
  const logged = logs.some((log) => log.handlers !== undefined || log.snapshots.some((snapshot) => Object.keys(snapshot.posted).length > 0));
  const found: HandlerGrowthFinding = { ...attributed, noCulprit: named ? 'not-growing' : logged ? 'no-line' : 'not-logged' };
  return eventSources.length === 0 ? found : { ...found, sources: eventSources };
}

/**
 * The callbacks of the finding's event whose copies, at the finding's dumps, keep growing by the
 * rule that judged the finding: a leak or a suspect, but not a step that rose once; and registered
 * again, two copies or more at one of the dumps at least. A callback not
 * named yet at a dump had fewer than two copies of one object: it counts 0 there. `named`: a line
 * named a callback of the event at one of the dumps.
 */
function culpritsOf(
  finding: HandlerGrowthFinding,
  options: DiffOptions,
  context: CulpritContext,
  places: ReadonlyMap<Snapshot, Place>,
): { culprits: Culprit[]; named: boolean } {
  const event = finding.subject.toLowerCase();
  const gathered = new Map<string, { series: HandlerCopiesSeries; counts: (number | null)[]; cut: boolean }>();
  finding.points.forEach((point, index) => {
    const place = places.get(context.snapshots[point]!);
    const handlers = place?.log.handlers;
    if (place === undefined || handlers === undefined) return;
    for (const series of handlers.series) {
      if (series.event.toLowerCase() !== event) continue;
      const key = `${series.source}\u0000${series.callback}\u0000${series.owner ?? ''}`;
      let entry = gathered.get(key);
      if (entry === undefined) gathered.set(key, (entry = { series, counts: finding.points.map(() => null), cut: false }));
      entry.counts[index] = series.counts[place.ordinal] ?? null;
      if (series.cut) entry.cut = true;
      // The latest priority named wins, as in the series.
      if (series.priority !== null) entry.series = series;
    }
  });
  const culprits: Culprit[] = [];
  for (const { series, counts, cut } of gathered.values()) {
    // One copy beside another callback of the same object is no repeat.
    if (!counts.some((count) => count !== null && count >= 2)) continue;
    const judgement = judgeSeries(counts.map((count) => count ?? 0), options.trend, options.maxGrowth);
    if (!('verdict' in judgement) || judgement.rule === 'one-time-step') continue;
    culprits.push(culpritOf(series, counts, cut, finding.subject, context.machine));
  }
  culprits.sort((a, b) => lastCount(b) - lastCount(a) || (a.callback < b.callback ? -1 : a.callback > b.callback ? 1 : 0));
  return { culprits, named: gathered.size > 0 };
}

function culpritOf(series: HandlerCopiesSeries, counts: (number | null)[], cut: boolean, event: string, machine: Machine | null): Culprit {
  const { callback, owner, priority, source } = series;
  const sources = machine === null ? [] : machine.handlerSources({ callback, owner, event });
  const culprit: Culprit = { callback, owner, ownerKind: owner === null ? null : ownerKindOf(owner), priority, counts, from: source, cut, sources };
  const note = machine !== null && sources.length === 0 && owner !== null ? machine.ownerOf(owner).note : null;
  return note === null ? culprit : { ...culprit, note };
}

function lastCount(culprit: Culprit): number {
  return culprit.counts[culprit.counts.length - 1] ?? 0;
}

/**
 * The events the culprits name, nearest first: for a handler added when a mode starts, the mode's
 * started event and its start events; for one added in a method, the events whose handlers run that
 * method (or make its class). From the culprits' source lines, or the finding's own when no culprit
 * is named (the calls that register, schedule or show what grows).
 */
function leadEventsOf(culprits: readonly Culprit[], eventSources: readonly SourceLine[], machine: Machine | null): string[] {
  const events: string[] = [];
  const add = (names: readonly string[]): void => {
    for (const name of names) if (!events.includes(name)) events.push(name);
  };
  const fromSources = (sources: readonly SourceLine[], mode: string | null): void => {
    for (const source of sources) {
      if (source.role === 'defines' || source.method === undefined || machine === null) continue;
      const name = source.method.slice(source.method.lastIndexOf('.') + 1);
      if (mode !== null && MODE_START_METHODS.has(name)) add(modeStarted(mode, machine));
      else add(machine.eventsRunning(source.method));
    }
  };
  for (const culprit of culprits) {
    const mode = culprit.owner === null ? null : modeOfOwner(culprit.owner);
    fromSources(culprit.sources, mode);
    if (mode !== null && machine !== null) add(modeStarted(mode, machine));
  }
  fromSources(eventSources, null);
  return events;
}

function modeStarted(mode: string, machine: Machine): string[] {
  return [`mode_${mode}_started`, ...machine.modeStartEvents(mode)];
}

/** The machine's lines behind a finding that has no handler lines: widgets, slides, clock callbacks, anonymous slides. */
function sourcesOf(finding: Finding, machine: Machine, snapshots: readonly Snapshot[]): SourceLine[] {
  switch (finding.kind) {
    case 'duplicate-slide':
      return machine.slideSources(finding.subject);
    case 'duplicate-widget':
    case 'object-growth':
      return finding.subject.startsWith('Slide:') ? machine.slideSources(finding.subject) : machine.widgetSources(finding.subject);
    case 'clock-growth':
      return machine.clockSources(finding.subject, clockOwnersOf(snapshots, finding.evidence.flatMap((one) => one.points), finding.subject));
    case 'available-slides-growth':
      return machine.anonymousSlideSources();
    case 'handler-growth':
    case 'queue-growth':
      return [];
  }
}
