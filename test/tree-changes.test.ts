// `--show-tree` listings of trees too changed to align: the same widgets in another order cost the
// line aligner lines × edits, so past a bound the listing shows the lines whose number changed.
// The sizes here are ones the aligner finishes quickly with its bound and slowly without it; the
// tests check which way each listing was shown, never how long it took.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import { treeListingsOf } from '../src/diff/trees.js';
import type { ObjectEntry, Snapshot } from '../src/model.js';
import { renderHtml } from '../src/report/html.js';
import { renderText } from '../src/report/text.js';
import { alignmentBound, alignTreeLines, countChangedLines, patchTreeLines } from '../src/report/tree-changes.js';
import { snapshotOf } from './helpers/snapshots.js';

function widgets(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `Image:w${index}`);
}

/** Two MC dumps whose display `window` lists these keys. */
function twoTrees(before: readonly string[], after: readonly string[]): { text: string; html: string } {
  const display = (keys: readonly string[]) => (line: number): Partial<Snapshot> => {
    const children: ObjectEntry[] = keys.map((key, index) => ({ repr: `<${key}>`, key, line: line + index }));
    return { displays: { line, activeSlides: [], activeSlideCount: 0, displayCount: 1, availableSlides: null, displays: [{ name: 'window', repr: '<Display name=window>', children, totalChildren: children.length }] } };
  };
  const snapshots = [snapshotOf('mc', display(before)), snapshotOf('mc', display(after))];
  const report = diffSnapshots(snapshots, DEFAULT_DIFF_OPTIONS);
  const trees = treeListingsOf(snapshots, report);
  return { text: renderText(report, { color: false, trees }), html: renderHtml(report, { color: false, trees }) };
}

test('the same widgets reversed: too many changes to align, said in one line, in text and html', () => {
  const before = widgets(3000);
  const { text, html } = twoTrees(before, before.slice().reverse());
  assert.match(text, /^ {2}too many changes to align line by line: the same lines, in another order$/m);
  assert.doesNotMatch(text, /^@@/m, 'no hunk');
  assert.match(html, /too many changes to align line by line: the same lines, in another order/);
  assert.doesNotMatch(html, /class="line (added|removed)"/);
});

test('too many changes with widgets gained and lost: the lines whose number changed, with both counts', () => {
  const before = widgets(3000);
  const after = before.slice(1).reverse().concat(['Image:extra', 'Image:extra', 'Image:w5']);
  const { text, html } = twoTrees(before, after);
  assert.match(text, /shown as counts, 3 lines whose number changed$/m);
  assert.match(text, /^-Image:w0 {2}1 → 0$/m);
  assert.match(text, /^\+Image:w5 {2}1 → 2$/m);
  assert.match(text, /^\+Image:extra {2}0 → 2$/m);
  assert.match(html, /<span class="line added">\+ Image:extra {2}0 → 2<\/span>/);
});

test('a few widgets added to a big tree are still aligned line by line', () => {
  const before = widgets(20_000);
  const after = before.slice(0, 10_000).concat(['Image:leaked'], before.slice(10_000, 19_999), ['Image:late']);
  const { text } = twoTrees(before, after);
  assert.match(text, /^\+Image:leaked$/m);
  assert.match(text, /^-Image:w19999$/m);
  assert.match(text, /^\+Image:late$/m);
  assert.doesNotMatch(text, /too many changes/);
});

test('the aligner gives up past the bound and aligns below it; counting is one pass each side', () => {
  const before = widgets(2000);
  assert.equal(alignTreeLines(before, before.slice().reverse()), null);
  assert.equal(patchTreeLines(before, before.slice().reverse()), null);
  assert.ok(alignmentBound(2000, 2000) < 2 * 2000, 'reversing costs more edits than the bound');
  const changes = alignTreeLines(before, before.concat(['Image:new']));
  assert.deepEqual(changes?.filter((change) => change.added).map((change) => change.value), [['Image:new']]);
  assert.ok(alignmentBound(10_000_000, 10_000_000) >= 2, 'a tiny change to a huge tree is still aligned');
  assert.deepEqual(countChangedLines(['a', 'b', 'b'], ['b', 'c', 'a']), [
    { line: 'b', before: 2, after: 1 },
    { line: 'c', before: 0, after: 1 },
  ]);
});
