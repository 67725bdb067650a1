// Attribution: which posted events explain a finding's growth, interval by interval. A count that
// grows by k for every post of an event, in every interval between the finding's dumps, points at
// the code that runs on that event. A wrong attribution sends people to the wrong code, so only
// exact fits are reported, resting on at least two intervals, and an event posted equally often in
// every interval is named only when the finding bears its name. Pure: no I/O.

import type { Attribution, Finding, Snapshot } from '../model.js';
import { DUMP_HANDLERS } from './keys.js';

/** Fits resting on fewer intervals than this say nothing: any event posted once fits one interval. */
export const MIN_FITTED_INTERVALS = 2;
/** At most this many events are listed; the rest are counted in `unlistedFits`. */
export const MAX_LISTED_FITS = 3;

/** Posts per event in one interval between two dumps of a finding; null when they cannot be known. */
export type IntervalPosts = Map<string, number> | null;

/**
 * Posts per event in each interval between consecutive `points` (indexes into `snapshots`). A
 * snapshot's `posted` counts from the previous dump of its process in its file, so an interval is
 * the sum over the dumps after the older point up to the newer one. An interval that crosses into
 * another file is unknown: what was posted after the last dump of the older file is not in either.
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
    const older = snapshots[points[i - 1]!]!;
    const newer = snapshots[points[i]!]!;
    if (older.file !== newer.file) {
      intervals.push(null);
      continue;
    }
    const posts = new Map<string, number>();
    for (let index = points[i - 1]! + 1; index <= points[i]!; index++) {
      const snapshot = snapshots[index]!;
      if (snapshot.process !== newer.process || snapshot.file !== newer.file) continue;
      for (const [event, count] of Object.entries(snapshot.posted)) posts.set(event, (posts.get(event) ?? 0) + count);
    }
    intervals.push(posts);
  }
  return intervals;
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
export function fitsOf(series: readonly number[], intervals: readonly IntervalPosts[], subject: string, hinted: readonly string[] = []): Attribution[] {
  const events = new Set<string>();
  for (const posts of intervals) for (const event of posts?.keys() ?? []) events.add(event);
  const fits: Attribution[] = [];
  for (const event of events) {
    // The dump's own event is posted once per dump by definition: it would "explain" every count
    // that grows by the same amount at each dump, and say nothing.
    if (DUMP_HANDLERS.has(event)) continue;
    const fit = fitOf(series, intervals, event);
    if (fit !== null) fits.push(fit);
  }
  return fits.sort((a, b) => compareFits(a, b, subject, hinted));
}

/**
 * The fits worth reporting, and how many others fit as well. Fits that follow the posts' ups and
 * downs are reported. Steady fits cannot tell one event from another, so one is named only when
 * the finding is named after it: `ball_started` handlers that grow by one on every `ball_started`
 * (a handler registering itself again each time it runs) — and the others are counted.
 */
export function reportedFitsOf(fits: readonly Attribution[], subject: string, hinted: readonly string[] = []): { listed: Attribution[]; unlisted: number } {
  const telling = fits.filter((fit) => !fit.steady);
  const candidates = telling.length > 0 ? telling : fits.filter((fit) => kinship(fit.event, subject) > 0 || hinted.includes(fit.event));
  const listed = candidates.slice(0, MAX_LISTED_FITS);
  const others = telling.length > 0 ? telling : fits;
  return { listed, unlisted: listed.length === 0 ? 0 : others.length - listed.length };
}

function fitOf(series: readonly number[], intervals: readonly IntervalPosts[], event: string): Attribution | null {
  let ratio: number | null = null;
  const fitted: number[] = [];
  let posted = 0;
  const postCounts = new Set<number>();
  for (let i = 0; i < intervals.length; i++) {
    const posts = intervals[i];
    if (posts === null || posts === undefined) continue;
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
  return { event, ratio, intervals: fitted, posted, steady: postCounts.size < 2 };
}

/**
 * Telling fits before steady ones; then more intervals; then events the finding's culprit names
 * (the event that starts the mode or runs the code that registers the handlers), in its order;
 * then events named after what grows (`ball_started` handlers added on
 * every `ball_started`, `Slide:frenzy_slide` on `slide_frenzy_slide_created`); then the smaller
 * ratio, the simpler story; then by name, so the order is the same everywhere. Two fits with the
 * same ratio were posted equally often in every interval: the dumps cannot tell them apart, which
 * is why reporters name the others that fit.
 */
function compareFits(a: Attribution, b: Attribution, subject: string, hinted: readonly string[]): number {
  return (
    Number(a.steady) - Number(b.steady) ||
    b.intervals.length - a.intervals.length ||
    hintRank(a.event, hinted) - hintRank(b.event, hinted) ||
    kinship(b.event, subject) - kinship(a.event, subject) ||
    a.ratio - b.ratio ||
    (a.event < b.event ? -1 : a.event > b.event ? 1 : 0)
  );
}

/** The place of an event among those a culprit names; after all of them when it is not one. */
function hintRank(event: string, hinted: readonly string[]): number {
  const rank = hinted.indexOf(event);
  return rank === -1 ? hinted.length : rank;
}

/** 2 when the event is the subject, 1 when its name holds the subject's name (`Slide:NAME` → NAME), else 0. */
function kinship(event: string, subject: string): number {
  if (event === subject) return 2;
  const name = subject.slice(subject.indexOf(':') + 1);
  return name.length > 0 && event.includes(name) ? 1 : 0;
}

/**
 * Events another source of knowledge names for a finding, best first: the culprit of a handler
 * (the mode or code that registers it, and the event that starts it). Among fits alike, these
 * come first; an event that does not fit is never named.
 */
export type LeadHint = (finding: Finding) => readonly string[];

/** The finding with its attribution added (`explainedBy`, `unlistedFits`), or as it was when nothing fits. */
export function attribute<F extends Finding>(finding: F, snapshots: readonly Snapshot[], hint?: LeadHint): F {
  const hinted = hint?.(finding) ?? [];
  const fits = fitsOf(finding.series, postsBetween(snapshots, finding.points), finding.subject, hinted);
  const { listed, unlisted } = reportedFitsOf(fits, finding.subject, hinted);
  // Attributed again (with a hint), a finding keeps its keys where they were.
  const attributed: F = { ...finding, explainedBy: listed, unlistedFits: unlisted };
  if (listed.length === 0) delete attributed.explainedBy;
  if (listed.length === 0 || unlisted === 0) delete attributed.unlistedFits;
  return attributed;
}
