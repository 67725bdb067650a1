// Churn versus accumulation for slide findings. MC numbers every slide it creates (`id=N`, a global
// creation counter), so the growth of the highest id seen tells how many slides were made between
// two dumps, whatever became of them. Set against how many of the finding's slides are alive, it
// tells "replaced 40 times, 1 alive" (churn, fine) from "40 alive" (accumulation). Pure: no I/O.

import type { Churn, Finding, Snapshot } from '../model.js';
import { ANONYMOUS_SLIDE_KEY, highestObjectSlideId, objectKeyCounts } from '../snapshot-lists.js';
import { AVAILABLE_SLIDES } from './keys.js';

const ANONYMOUS_SLIDE_NAME = /^Anon_\d+$/;

/** The highest slide creation id in a dump (Active slides and OBJECTS), or null when it shows none. */
export function highestSlideId(snapshot: Snapshot): number | null {
  let highest: number | null = null;
  for (const slide of snapshot.displays?.activeSlides ?? []) highest = Math.max(highest ?? 0, slide.id);
  if (snapshot.objects && !snapshot.objects.disabled) {
    const inObjects = highestObjectSlideId(snapshot.objects);
    if (inObjects !== null) highest = Math.max(highest ?? 0, inObjects);
  }
  return highest;
}

/** Whether a finding counts slides: a slide key, or MC's Available Slides (anonymous slide configs). */
export function isSlideFinding(finding: Finding): boolean {
  if (finding.kind === 'available-slides-growth') return true;
  return (finding.kind === 'duplicate-slide' || finding.kind === 'object-growth') && finding.subject.startsWith('Slide:');
}

/**
 * Churn over a slide finding's dumps, or null when it is not a slide finding or a dump shows no
 * slide id. Also null when the highest id ever drops: MC restarted between the dumps, and its
 * counter with it.
 */
export function churnOf(finding: Finding, snapshots: readonly Snapshot[]): Churn | null {
  if (!isSlideFinding(finding)) return null;
  const highest = finding.points.map((index) => highestSlideId(snapshots[index]!));
  if (highest.some((id) => id === null)) return null;
  const createdPerInterval = highest.slice(1).map((id, i) => id! - highest[i]!);
  if (createdPerInterval.some((created) => created < 0)) return null;
  const last = snapshots[finding.points[finding.points.length - 1]!]!;
  return {
    created: createdPerInterval.reduce((sum, created) => sum + created, 0),
    alive: finding.subject === AVAILABLE_SLIDES ? anonymousSlidesAlive(last) : finding.series[finding.series.length - 1]!,
    createdPerInterval,
  };
}

/**
 * Anonymous slides (`Anon_N`) alive in a dump: OBJECTS holds every live slide; without it (MC run
 * with -P), the Active slides dict.
 */
function anonymousSlidesAlive(snapshot: Snapshot): number {
  if (snapshot.objects && !snapshot.objects.disabled) return objectKeyCounts(snapshot.objects).get(ANONYMOUS_SLIDE_KEY) ?? 0;
  return (snapshot.displays?.activeSlides ?? []).filter((slide) => ANONYMOUS_SLIDE_NAME.test(slide.name)).length;
}

/** The finding with `churn` added when it is a slide finding whose dumps show slide ids. */
export function withChurn<F extends Finding>(finding: F, snapshots: readonly Snapshot[]): F {
  const churn = churnOf(finding, snapshots);
  return churn === null ? finding : { ...finding, churn };
}
