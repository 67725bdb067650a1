// Counts far beyond a real machine's: hundreds of thousands of dumps, a display tree of a million
// widgets. Spreading an array into a call's arguments puts every element on the stack and throws
// a RangeError past some 100,000 elements, so no source file spreads into a call at all.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import { treeListingsOf } from '../src/diff/trees.js';
import type { ObjectEntry, Snapshot } from '../src/model.js';
import { renderText } from '../src/report/text.js';
import { ROOT } from './helpers/cli.js';
import { letters, snapshotOf } from './helpers/snapshots.js';

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

test('no source file spreads an array into the arguments of a call', () => {
  const spreads: string[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isSpreadElement(node) && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent))) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        spreads.push(`${path.relative(ROOT, file)}:${line + 1}: ${node.parent.getText().slice(0, 80)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  assert.deepEqual(spreads, [], 'use a loop (or maxOf/minOf) instead');
});

test('150,000 dumps of one event are compared: the leak is found, no stack overflows', () => {
  const count = 150_000;
  const snapshots = Array.from({ length: count }, (_, index) =>
    snapshotOf('mpf', (line) => ({ events: { line, totals: null, handlers: { ball_started: 10 + index }, queue: [] } })),
  );
  const report = diffSnapshots(snapshots, DEFAULT_DIFF_OPTIONS);
  const finding = report.findings.find((candidate) => candidate.subject === 'ball_started');
  assert.equal(finding?.verdict, 'leak');
  assert.equal(finding.series.length, count);
  assert.equal(finding.delta, count - 1);
});

test('a display tree of a million widgets is compared and shown under --show-tree', () => {
  const widgets = 1_000_000;
  const display = (line: number, extra: string): Snapshot['displays'] => {
    const children: ObjectEntry[] = [{ repr: '<Display name=window[400, 300]>', key: 'Display:window', line }];
    for (let index = 0; index < widgets; index += 1) children.push({ repr: `<Text Widget text=${letters(index)}>`, key: `Text:${letters(index)}`, line: line + index + 1 });
    children.push({ repr: `<Text Widget text=${extra}>`, key: `Text:${extra}`, line: line + widgets + 1 });
    return {
      line,
      activeSlides: [],
      activeSlideCount: 0,
      displayCount: 1,
      availableSlides: null,
      displays: [{ name: 'window', repr: '<Display name=window[400, 300]>', children, totalChildren: children.length }],
    };
  };
  // The last widget is shown twice in the later dump: a duplicate the report names.
  const snapshots = [snapshotOf('mc', (line) => ({ displays: display(line, 'first') })), snapshotOf('mc', (line) => ({ displays: display(line, letters(widgets - 1)) }))];
  const report = diffSnapshots(snapshots, DEFAULT_DIFF_OPTIONS);
  const duplicate = report.findings.find((finding) => finding.kind === 'duplicate-widget');
  assert.equal(duplicate?.subject, `Text:${letters(widgets - 1)}`);
  const trees = treeListingsOf(snapshots, report);
  assert.equal(trees.filter((tree) => tree.part === 'display').length, 1);
  const text = renderText(report, { color: false, trees });
  assert.match(text, /^-Text:first$/m);
  assert.match(text, new RegExp(`^\\+Text:${letters(widgets - 1)}$`, 'm'));
});
