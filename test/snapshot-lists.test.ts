// A dump read with every entry kept and the same dump read with its entries only counted
// (`reprs: 'none'`, what the CLI's comparisons read) must make the same report, tree listings and
// list, on every fixture and on a generated MC log.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateMcDumpsLog } from '../bench/generate-dense.js';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import { treeListingsOf } from '../src/diff/trees.js';
import type { ParsedLog, ReprsKept, Snapshot } from '../src/model.js';
import { parseLog } from '../src/parse/parser.js';
import { renderListText } from '../src/report/list-text.js';
import { childCount, childKeysOf, clockCount, clockEntriesCounted, highestObjectSlideId, objectCount, objectKeyCounts } from '../src/snapshot-lists.js';

const fixtures = new URL('../fixtures/', import.meta.url);

/** Every log of every fixture folder, read both ways. */
function fixtureLogs(): Array<{ name: string; bytes: Buffer }> {
  return readdirSync(fixtures, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(new URL(`${entry.name}/`, fixtures))
        .filter((file) => /\.log$|^kivy_.*\.txt$/.test(file))
        .map((file) => ({ name: `${entry.name}/${file}`, bytes: readFileSync(new URL(`${entry.name}/${file}`, fixtures)) })),
    );
}

function bothWays(bytes: Buffer, name: string): Record<ReprsKept, ParsedLog> {
  return { all: parseLog(bytes, name, { reprs: 'all' }), none: parseLog(bytes, name, { reprs: 'none' }) };
}

/** What the differ and the list read of a snapshot's lists, through snapshot-lists.ts. */
function listsOf(snapshot: Snapshot): unknown {
  const objects = snapshot.objects !== null && !snapshot.objects.disabled ? snapshot.objects : null;
  return {
    objects: objects && { keys: [...objectKeyCounts(objects)], count: objectCount(objects), slide: highestObjectSlideId(objects) },
    displays: snapshot.displays?.displays.map((display) => ({ name: display.name, keys: childKeysOf(display), count: childCount(display) })),
    clock: snapshot.clock && { entries: clockEntriesCounted(snapshot.clock), count: clockCount(snapshot.clock) },
  };
}

function assertSameReading(logs: Record<ReprsKept, ParsedLog>, name: string): void {
  const snapshots = { all: logs.all.snapshots, none: logs.none.snapshots };
  assert.equal(snapshots.none.length, snapshots.all.length, name);
  snapshots.all.forEach((snapshot, i) => assert.deepEqual(listsOf(snapshots.none[i]!), listsOf(snapshot), `${name} dump ${i + 1}`));
  const options = { ...DEFAULT_DIFF_OPTIONS, all: true };
  const reports = { all: diffSnapshots(snapshots.all, options), none: diffSnapshots(snapshots.none, options) };
  assert.deepEqual(reports.none, reports.all, name);
  assert.deepEqual(treeListingsOf(snapshots.none, reports.none), treeListingsOf(snapshots.all, reports.all), name);
  const list = { color: false };
  assert.equal(renderListText([logs.none], list), renderListText([logs.all], list), name);
}

test('every fixture log reads the same to the differ with its entries counted', () => {
  const logs = fixtureLogs();
  assert.ok(logs.length >= 50, `${logs.length} logs`);
  for (const { name, bytes } of logs) assertSameReading(bothWays(bytes, name), name);
});

test('counted dumps keep no repr: their lists are empty and the counts stand in for them', () => {
  const { none } = bothWays(readFileSync(new URL('real-057-clean-run/mpf-0.57.3+mc-0.57.0-clean-3games-per-ball-13-dumps.mc.log', fixtures)), 'mc.log');
  const mc = none.snapshots.filter((snapshot) => snapshot.process === 'mc');
  assert.ok(mc.length > 0);
  for (const snapshot of mc) {
    assert.ok(snapshot.objects !== null && !snapshot.objects.disabled);
    assert.deepEqual(snapshot.objects.entries, []);
    assert.ok(snapshot.objects.counted!.total > 0);
    assert.ok(snapshot.displays!.displays.every((display) => display.children.length === 0 && display.childKeys!.length > 0));
    assert.deepEqual(snapshot.clock!.entries, []);
    assert.ok(snapshot.clock!.counted!.length > 0);
  }
});

test('a generated dump-heavy MC log reads the same counted', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'leakdiff-snapshot-lists-'));
  try {
    const info = await generateMcDumpsLog(join(dir, 'mc.log'), { dumps: 8, objectsFrom: 300, objectsTo: 900, seed: 2 });
    assertSameReading(bothWays(await readFile(info.path), 'mc.log'), 'generated mc.log');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
