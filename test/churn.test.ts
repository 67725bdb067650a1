// Churn versus accumulation on inline MC dumps: slides created (growth of the highest creation id)
// against slides of the finding's key alive.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { churnOf, highestSlideId } from '../src/diff/churn.js';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import type { ActiveSlide, Finding, Snapshot } from '../src/model.js';
import { snapshotOf } from './helpers/snapshots.js';

/** An MC dump with these slides in Active slides and these slide reprs in OBJECTS (`name:id`). */
function mc(active: readonly string[], objects: readonly string[], available = 5): Snapshot {
  const slide = (text: string): ActiveSlide => {
    const [name, id] = text.split(':');
    return { name: name!, priority: 0, id: Number(id) };
  };
  return snapshotOf('mc', (line) => ({
    displays: { line, activeSlides: active.map(slide), activeSlideCount: active.length, displayCount: 1, availableSlides: available, displays: [] },
    objects: {
      line,
      disabled: false,
      declaredCount: objects.length,
      entries: objects.map((text) => {
        const { name, id } = slide(text);
        return { repr: `<Slide name=${name}, priority=0, id=${id}>`, key: `Slide:${name}`, line };
      }),
    },
  }));
}

function finding(kind: Finding['kind'], subject: string, series: number[]): Finding {
  const base = { verdict: 'leak', rule: 'monotonic', process: 'mc', run: 1, evidence: [] as Finding['evidence'], span: { games: null, balls: null, hours: null }, subject, series, points: series.map((_, index) => index), delta: series.at(-1)! - series[0]!, state: null } as const;
  if (kind === 'duplicate-slide' || kind === 'duplicate-widget') return { kind, ...base, copies: Math.max(...series), where: 'objects', display: null };
  if (kind === 'queue-growth') return { kind, ...base, subject: 'eventQueue' };
  return { kind, ...base };
}

test('highestSlideId: the largest creation id in Active slides and OBJECTS, null without slides', () => {
  assert.equal(highestSlideId(mc(['window_blank:1', 'attract_slide:9'], ['window_blank:1', 'base_slide:12'])), 12);
  assert.equal(highestSlideId(mc(['window_blank:1', 'attract_slide:9'], [])), 9);
  assert.equal(highestSlideId(mc([], [])), null);
});

test('accumulation: every bonus slide made is still alive', () => {
  const snapshots = [mc(['base_slide:3'], ['bonus_slide:4']), mc(['base_slide:5'], ['bonus_slide:4', 'bonus_slide:6']), mc(['base_slide:7'], ['bonus_slide:4', 'bonus_slide:6', 'bonus_slide:8'])];
  assert.deepEqual(churnOf(finding('duplicate-slide', 'Slide:bonus_slide', [1, 2, 3]), snapshots), { created: 4, alive: 3, createdPerInterval: [2, 2] });
});

test('churn: anonymous slides replaced at every ball, one alive, while Available Slides grows', () => {
  const snapshots = [mc([], ['Anon_10:10'], 6), mc([], ['Anon_22:22'], 7), mc([], ['Anon_40:40'], 8)];
  assert.deepEqual(churnOf(finding('available-slides-growth', 'availableSlides', [6, 7, 8]), snapshots), { created: 30, alive: 1, createdPerInterval: [12, 18] });
  // With -P (no OBJECTS), the Active slides dict tells which anonymous slides are alive.
  const production = snapshots.map((snapshot, index) => ({ ...snapshot, objects: { line: 1, disabled: true as const }, displays: { ...snapshot.displays!, activeSlides: [{ name: `Anon_${index}`, priority: 0, id: 10 + index * 15 }] } }));
  assert.deepEqual(churnOf(finding('available-slides-growth', 'availableSlides', [6, 7, 8]), production), { created: 30, alive: 1, createdPerInterval: [15, 15] });
});

test('no churn for findings that are not about slides, for dumps without slide ids, or across an MC restart', () => {
  const snapshots = [mc(['a:3'], []), mc(['a:5'], [])];
  assert.equal(churnOf(finding('object-growth', 'Text:BALL #', [1, 2]), snapshots), null);
  assert.equal(churnOf(finding('handler-growth', 'slide_play', [1, 2]), snapshots), null);
  assert.equal(churnOf(finding('object-growth', 'Slide:a', [1, 2]), [mc([], []), mc(['a:5'], [])]), null);
  assert.equal(churnOf(finding('object-growth', 'Slide:a', [1, 2]), [mc(['a:30'], []), mc(['a:2'], [])]), null, 'the counter went back: MC restarted');
  assert.deepEqual(churnOf(finding('object-growth', 'Slide:a', [1, 2]), snapshots), { created: 2, alive: 2, createdPerInterval: [2] });
});

test('diffSnapshots puts churn on the slide findings only', () => {
  const snapshots = [mc([], ['bonus_slide:4'], 5), mc([], ['bonus_slide:4', 'bonus_slide:6'], 6), mc([], ['bonus_slide:4', 'bonus_slide:6', 'bonus_slide:8'], 7)];
  const report = diffSnapshots(snapshots, DEFAULT_DIFF_OPTIONS);
  const churn = report.findings.map((found) => `${found.kind} ${found.subject} ${JSON.stringify(found.churn ?? null)}`);
  assert.deepEqual(churn, [
    'duplicate-slide Slide:bonus_slide {"created":4,"alive":3,"createdPerInterval":[2,2]}',
    'available-slides-growth availableSlides {"created":4,"alive":0,"createdPerInterval":[2,2]}',
  ]);
});
