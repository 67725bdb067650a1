// Attribution: which posted events explain a finding's growth, interval by interval. A count that
// grows by k for every post of an event, in every interval between the finding's dumps, points at
// the code that runs on that event. A wrong attribution sends people to the wrong code, so only
// exact fits are reported, resting on at least two intervals, and an event posted equally often in
// every interval is named only when the finding bears its name. Pure: no I/O.

import type { Attribution, Finding, Lead, Snapshot } from '../model.js';
import { DUMP_HANDLERS } from './keys.js';

/** Fits resting on fewer intervals than this say nothing: any event posted once fits one interval. */
export const MIN_FITTED_INTERVALS = 2;
/** At most this many events are listed; the rest are counted in `unlistedFits`. */
export const MAX_LISTED_FITS = 3;

/** Posts per event in one interval between two dumps of a finding; null when they cannot be known. */
export type IntervalPosts = PostCounts | null;

/** Posts per event: a Map, or a dump's own `posted` record read in place. */
export interface PostCounts {
  /** the posts of `event`; undefined when it was not posted */
  get(event: string): number | undefined;
  /** the events posted */
  keys(): Iterable<string>;
}

/**
 * Posts per event in each interval between consecutive `points` (indexes into `snapshots`). A
 * snapshot's `posted` counts from the previous dump of its process in its file, so an interval is
 * the sum over the dumps after the older point up to the newer one. An interval that crosses into
 * another file is known only through logs that continue one another (`postedSinceLog`: the first
 * dump of a log cut into files counts what the log before posted after its last dump); otherwise
 * it is unknown: what was posted after the last dump of the older file is not in either.
 */
export function postsBetween(snapshots: readonly Snapshot[], points: readonly number[]): IntervalPosts[] {
  // The findings of one state group share their points: sum each run of dumps once.
  let cache = POSTS_CACHE.get(snapshots);
  if (cache === undefined) POSTS_CACHE.set(snapshots, (cache = new Map()));
  const key = points.join(',');
  let intervals = cache.get(key);
  if (intervals === undefined) cache.set(key, (intervals = sumPosts(snapshots, points)));
  return intervals;
}

const POSTS_CACHE = new WeakMap<readonly Snapshot[], Map<string, IntervalPosts[]>>();

function sumPosts(snapshots: readonly Snapshot[], points: readonly number[]): IntervalPosts[] {
  const intervals: IntervalPosts[] = [];
  for (let i = 1; i < points.length; i++) {
    const posted = postedBetween(snapshots, points[i - 1]!, points[i]!);
    intervals.push(posted === null ? null : postsOf(posted));
  }
  return intervals;
}

/**
 * The `posted` records of the dumps of `newer`'s process after `older` up to `newer`, going back
 * from `newer` through its log and the logs it continues to `older`'s; null when the way back
 * breaks (a log that continues none) before it reaches `older`. A log's dumps of a process are
 * next to one another among that process's in `snapshots`, in line order.
 */
function postedBetween(snapshots: readonly Snapshot[], older: number, newer: number): Readonly<Record<string, number>>[] | null {
  const { process } = snapshots[newer]!;
  const posted: Readonly<Record<string, number>>[] = [];
  let file = snapshots[newer]!.file;
  let at = newer;
  // Each step back goes to another log: never more steps than logs.
  for (let logs = 0; logs <= snapshots.length; logs++) {
    let first: Snapshot | null = null;
    for (; at >= 0; at--) {
      const snapshot = snapshots[at]!;
      if (snapshot.process !== process) continue;
      if (snapshot.file !== file) break;
      if (at === older) return posted.reverse();
      posted.push(snapshot.posted);
      first = snapshot;
    }
    const before = first?.postedSinceLog;
    if (before === undefined) return null;
    at = snapshots.findLastIndex((snapshot) => snapshot.file === before && snapshot.process === process);
    file = before;
  }
  return null;
}

/**
 * The posts of these dumps' `posted` records. One dump's are read where they are; several dumps'
 * are added up when first looked up: a finding looks up a few events in most intervals, and an
 * interval it never reaches is never added up.
 */
function postsOf(posted: readonly Readonly<Record<string, number>>[]): PostCounts {
  if (posted.length === 1) {
    const [record] = posted as [Readonly<Record<string, number>>];
    // Own names only: a snapshot read back from JSON has a prototype, whose `constructor` is no event.
    return { get: (event) => (Object.hasOwn(record, event) ? record[event] : undefined), keys: () => Object.keys(record) };
  }
  let sums: Map<string, number> | null = null;
  const summed = (): Map<string, number> => {
    if (sums !== null) return sums;
    sums = new Map();
    // for…in: a record of many names is a hash table, whose entries Object.entries lists slowly.
    for (const record of posted) for (const event in record) if (Object.hasOwn(record, event)) sums.set(event, (sums.get(event) ?? 0) + record[event]!);
    return sums;
  };
  return { get: (event) => summed().get(event), keys: () => summed().keys() };
}

/**
 * Every event that fits `series` (counts at each point), best first. An event fits when, in every
 * interval whose posts are known, growth = ratio × posts with one whole ratio of 1 or more: an
 * interval that grew while the event was not posted, or held while it was, rules the event out.
 * The ratio is whole because code that leaks adds whole things each time it runs; a fraction is
 * what two unrelated counts give by chance. A fit is `steady` when the event was posted equally
 * often in every interval: then it fits like every other event posted at that rate (in the real
 * run's scripted games, over 80 events fit a handler leak that grew with the clock), and only
 * growth that follows an event's ups and downs points at that event alone.
 */
export function fitsOf(series: readonly number[], intervals: readonly IntervalPosts[], subject: string): Attribution[] {
  const fits: Attribution[] = [];
  for (const event of candidatesOf(series, intervals)) {
    // The dump's own event is posted once per dump by definition: it would "explain" every count
    // that grows by the same amount at each dump, and say nothing.
    if (DUMP_HANDLERS.has(event)) continue;
    const fit = fitOf(series, intervals, event);
    if (fit !== null) fits.push(fit);
  }
  return fits.sort((a, b) => compareFits(a, b, subject));
}

/**
 * The fits worth reporting, and how many others fit as well. Fits that follow the posts' ups and
 * downs are reported. Steady fits cannot tell one event from another, so one is named only when
 * the finding is named after it: `ball_started` handlers that grow by one on every `ball_started`
 * (a handler registering itself again each time it runs) — and the others are counted.
 */
export function reportedFitsOf(fits: readonly Attribution[], subject: string, lead: Omit<Lead, 'evidence'> | null = null): { listed: Attribution[]; unlisted: number } {
  const telling = fits.filter((fit) => !fit.steady);
  const leading = new Set(lead?.basis === 'rate' ? [] : (lead?.events ?? []));
  const candidates = telling.length > 0 ? telling : fits.filter((fit) => kinship(fit.event, subject) > 0 || leading.has(fit.event));
  // The events the lead names first, so a reader meets them before the others that fit.
  const ordered = [...candidates.filter((fit) => leading.has(fit.event)), ...candidates.filter((fit) => !leading.has(fit.event))];
  const listed = ordered.slice(0, MAX_LISTED_FITS);
  const others = telling.length > 0 ? telling : fits;
  return { listed, unlisted: listed.length === 0 ? 0 : others.length - listed.length };
}

/**
 * The only events that may fit `series`: those posted in the first known interval where it changed.
 * An event not posted there is ruled out by that change, and where it shrank, or never changed
 * where posts are known, no event fits. Looked for in one interval, not in all of every finding:
 * a machine posts hundreds of events.
 */
function candidatesOf(series: readonly number[], intervals: readonly IntervalPosts[]): Iterable<string> {
  for (let i = 0; i < intervals.length; i++) {
    const posts = intervals[i];
    if (posts === null || posts === undefined) continue;
    const growth = series[i + 1]! - series[i]!;
    if (growth !== 0) return growth > 0 ? posts.keys() : [];
  }
  return [];
}

function fitOf(series: readonly number[], intervals: readonly IntervalPosts[], event: string): Attribution | null {
  let ratio: number | null = null;
  const fitted: number[] = [];
  let posted = 0;
  const postCounts = new Set<number>();
  let known = 0;
  for (let i = 0; i < intervals.length; i++) {
    const posts = intervals[i];
    if (posts === null || posts === undefined) continue;
    known++;
    const growth = series[i + 1]! - series[i]!;
    const count = posts.get(event) ?? 0;
    if (count === 0) {
      if (growth !== 0) return null;
      continue;
    }
    if (growth <= 0 || growth % count !== 0) return null;
    if (ratio === null) ratio = growth / count;
    else if (growth / count !== ratio) return null;
    fitted.push(i);
    posted += count;
    postCounts.add(count);
  }
  if (ratio === null || fitted.length < MIN_FITTED_INTERVALS) return null;
  // Steady: as often in every interval whose posts are known. An event posted in some of them and
  // not in others follows the growth's ups and downs, which no other event does by chance.
  return { event, ratio, intervals: fitted, posted, steady: postCounts.size < 2 && fitted.length === known };
}

/**
 * Telling fits before steady ones; then more intervals; then events named after what grows (`ball_started` handlers added on
 * every `ball_started`, `Slide:frenzy_slide` on `slide_frenzy_slide_created`); then the smaller
 * ratio, the simpler story; then by name, so the order is the same everywhere. Two fits with the
 * same ratio were posted equally often in every interval: the dumps cannot tell them apart, which
 * is why reporters name the others that fit.
 */
export function compareFits(a: Attribution, b: Attribution, subject: string): number {
  return (
    Number(a.steady) - Number(b.steady) ||
    b.intervals.length - a.intervals.length ||
    kinship(b.event, subject) - kinship(a.event, subject) ||
    a.ratio - b.ratio ||
    (a.event < b.event ? -1 : a.event > b.event ? 1 : 0)
  );
}

/** 2 when the event is the subject, 1 when its name holds the subject's name (`Slide:NAME` → NAME), else 0. */
function kinship(event: string, subject: string): number {
  if (event === subject) return 2;
  const name = subject.slice(subject.indexOf(':') + 1);
  return name.length > 0 && event.includes(name) ? 1 : 0;
}

/**
 * Events the machine posts at the moments a game's life is made of: code registered on them runs
 * once per ball, game or player turn, which is where a leak most often lives. Among events that
 * fit a finding equally well, these lead, in this order.
 */
const LIFECYCLE_EVENTS = ['ball_started', 'ball_will_end', 'game_started', 'player_turn_started'] as const;
const MODE_STARTED = /^mode_(.+)_started$/;

/**
 * Events another source of knowledge names for a finding, best first: the culprit of a handler
 * (the mode or code that registers it, and the event that starts it). Among the events that fit
 * equally, one of these leads before any lifecycle event; an event that does not fit is never led with.
 */
export type LeadHint = (finding: Finding) => readonly string[];

/** The finding with its attribution added (`explainedBy`, `unlistedFits`, `lead`), or as it was when nothing fits. */
export function attribute<F extends Finding>(finding: F, snapshots: readonly Snapshot[], hint?: LeadHint): F {
  // Every series that grew may explain the finding: a leak that grows by one per ball can show it
  // in a ball's dumps and not in attract's, where balls come in uneven numbers.
  let chosen: { evidence: number; fits: Attribution[] } | null = null;
  finding.evidence.forEach((one, index) => {
    if (one.verdict === null) return;
    // The same count in the other states grows by the same rule, or the event is not behind it:
    // `+1 per ball` in attract's dumps is no rule where a ball's dumps held through a ball.
    const elsewhere = finding.evidence.filter((other) => other !== one && other.where === one.where && other.display === one.display);
    const fits = fitsOf(one.series, postsBetween(snapshots, one.points), finding.subject).filter((fit) =>
      elsewhere.every((other) => followsEveryPost(fit, other.series, postsBetween(snapshots, other.points))),
    );
    const best = fits[0];
    if (best === undefined) return;
    if (chosen === null || compareFits(best, chosen.fits[0]!, finding.subject) < 0) chosen = { evidence: index, fits };
  });
  if (chosen === null) return finding;
  const { evidence, fits } = chosen as { evidence: number; fits: Attribution[] };
  const series = finding.evidence[evidence]!;
  const intervals = postsBetween(snapshots, series.points);
  const hinted = hint?.(finding) ?? [];
  const lead = leadOf(fits, intervals, hinted);
  // Events that fit equally are listed from among themselves, so the list and the count of the
  // others add up to `equallyFitting`.
  const { listed, unlisted } = lead === null || lead.basis === 'unique'
    ? reportedFitsOf(fits, finding.subject, lead)
    : listedEqualFits(equalFitsOf(fits, intervals), finding.subject, hinted);
  if (listed.length === 0 && lead === null) return finding;
  return {
    ...finding,
    ...(listed.length > 0 ? { explainedBy: listed } : {}),
    ...(unlisted > 0 ? { unlistedFits: unlisted } : {}),
    ...(lead === null ? {} : { lead: { ...lead, evidence } }),
  };
}

/** Whether `series` grew by `fit.ratio` for each post of its event in every interval whose posts are known, and by nothing else. */
function followsEveryPost(fit: Attribution, series: readonly number[], intervals: readonly IntervalPosts[]): boolean {
  return intervals.every((posts, i) => posts === null || series[i + 1]! - series[i]! === fit.ratio * (posts.get(fit.event) ?? 0));
}

/**
 * The lead among the fits: the best fit when it fits better than any other; when several fit
 * equally (the same ratio and the same posts in every interval: the dumps cannot tell them
 * apart), an event the hint names, else the lifecycle events among them, else only the rate.
 */
export function leadOf(fits: readonly Attribution[], intervals: readonly IntervalPosts[], hinted: readonly string[]): Omit<Lead, 'evidence'> | null {
  const best = fits[0];
  if (best === undefined) return null;
  const equal = equalFitsOf(fits, intervals);
  const base = { ratio: best.ratio, posted: best.posted, equallyFitting: equal.length };
  // Another event that fits at another rate (posted half as often, the count growing twice as much
  // at each post) fits exactly as well: the dumps cannot tell the two apart. Every fit of a series
  // rests on the same intervals, those where it changed.
  const rivals = fits.filter((fit) => !equal.includes(fit) && fit.steady === best.steady);
  const rivalled = rivals.length > 0;
  // A steady fit never leads alone either: growth that keeps time with the dumps fits any event
  // posted as often as they are taken. Either leads as the event a culprit names or as one of the
  // game's life, below, or not at all.
  if (equal.length === 1 && !best.steady && !rivalled) return { basis: 'unique', events: [best.event], ...base };
  // What a culprit names is evidence of its own; the game's life is only a preference among the
  // fits of one rate, so the fits at other rates are named with it.
  const named = hinted.find((event) => equal.some((fit) => fit.event === event));
  if (named !== undefined) return { basis: 'culprit', events: [named], ...base };
  const lifecycle = [
    ...LIFECYCLE_EVENTS.filter((event) => equal.some((fit) => fit.event === event)),
    ...equal.map((fit) => fit.event).filter((event) => MODE_STARTED.test(event)).sort(),
  ];
  if (lifecycle.length > 0) return { basis: 'lifecycle', events: lifecycle, ...base, ...(rivalled ? { otherRates: otherRatesOf(rivals, hinted) } : {}) };
  // Posted as often in every interval and none a lifecycle event: the growth keeps time with the
  // dumps, and a rate per post of any of them would say nothing; nor would a rate that other
  // events fit at rates of their own.
  if (best.steady || rivalled) return null;
  return { basis: 'rate', events: equal.map((fit) => fit.event).sort(), ...base };
}

/** Fits at other rates than the lead's: how many, and the one a reader would look at first (`listedEqualFits`'s preference). */
function otherRatesOf(rivals: readonly Attribution[], hinted: readonly string[]): NonNullable<Lead['otherRates']> {
  let first = rivals[0]!;
  for (const rival of rivals) if (preferenceOf(rival.event, '', hinted) < preferenceOf(first.event, '', hinted)) first = rival;
  return { fitting: rivals.length, event: first.event, ratio: first.ratio };
}

/** The fits that fit exactly as well as the best: the same ratio and the same posts in every interval. */
export function equalFitsOf(fits: readonly Attribution[], intervals: readonly IntervalPosts[]): Attribution[] {
  const best = fits[0];
  if (best === undefined) return [];
  const signature = (fit: Attribution): string => `${fit.ratio}|${intervals.map((posts) => (posts === null ? '?' : (posts.get(fit.event) ?? 0))).join(',')}`;
  const wanted = signature(best);
  return fits.filter((fit) => signature(fit) === wanted);
}

/**
 * Events that fit equally, listed by preference, never picked at random: those the hint names (in
 * its order), the lifecycle events (in their order), the `mode_NAME_started` events, the events
 * named after what grows; then by name. Steady fits are listed only when preferred: any event
 * posted at that rate fits as well. The others are counted.
 */
export function listedEqualFits(equal: readonly Attribution[], subject: string, hinted: readonly string[]): { listed: Attribution[]; unlisted: number } {
  const ranked = equal.map((fit) => ({ fit, rank: preferenceOf(fit.event, subject, hinted) }));
  ranked.sort((a, b) => a.rank - b.rank || (a.fit.event < b.fit.event ? -1 : a.fit.event > b.fit.event ? 1 : 0));
  const steady = equal.some((fit) => fit.steady);
  const listed = ranked.filter(({ rank }) => !steady || rank < NOT_PREFERRED).slice(0, MAX_LISTED_FITS).map(({ fit }) => fit);
  return { listed, unlisted: listed.length === 0 ? 0 : equal.length - listed.length };
}

/** The rank of an event that no preference names: listed by name after the preferred ones. */
const NOT_PREFERRED = Number.MAX_SAFE_INTEGER;

function preferenceOf(event: string, subject: string, hinted: readonly string[]): number {
  const named = hinted.indexOf(event);
  if (named !== -1) return named;
  let rank = hinted.length;
  const lifecycle = (LIFECYCLE_EVENTS as readonly string[]).indexOf(event);
  if (lifecycle !== -1) return rank + lifecycle;
  rank += LIFECYCLE_EVENTS.length;
  if (MODE_STARTED.test(event)) return rank;
  const kin = kinship(event, subject);
  return kin > 0 ? rank + 3 - kin : NOT_PREFERRED;
}
