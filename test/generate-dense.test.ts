// The bench's dense logs at a small size: checked line by line with regexes of their own (not the
// parser's), then read by leakdiff, whose findings must be the planted leaks.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  generateDenseLog,
  generateEventsDumpsLog,
  generateMcDumpsLog,
  generateUnorderedLog,
  type DenseLogInfo,
  type McDumpsInfo,
  type UnorderedInfo,
} from '../bench/generate-dense.js';
import type { Finding, HandlerGrowthFinding } from '../src/model.js';
import { runCli } from './helpers/cli.js';

const MPF_LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} : (?:INFO|DEBUG) : ([^:]+?) : (.*)$/;
const MC_LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} : ([^:]+?) : (.*)$/;
const HANDLER = /^ {2}Total handlers: (\d+) \(for (\S+)\)$/;
const UNORDERED = /^Unordered handler for class (<[^>]+>) on event (\S+) with priority 1\. Handlers: \[(.*)\]\. The order of those handlers is not defined and they will be executed in random order\. This might lead to race conditions and potential bugs\.$/;
const REGISTERED = /RegisteredHandler\(callback=<bound method ([\w.]+) of (<[^>]+>)>, priority=1, kwargs=\{\}, key=UUID\('[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}'\), condition=None, blocking_facility=None\)/g;

/** Each line's logger and message, asserting the prefix. */
function messagesOf(text: string, prefix: RegExp): Array<{ logger: string; message: string }> {
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'the log ends with a newline');
  return lines.map((line, index) => {
    const match = prefix.exec(line);
    assert.ok(match, `line ${index + 1} has the file prefix: ${line.slice(0, 200)}`);
    return { logger: match[1]!, message: match[2]! };
  });
}

/** Handler counts of each EVENTS dump, in file order, with the dump's header line (1-based). */
function eventsDumpsOf(messages: ReadonlyArray<{ message: string }>): Array<{ line: number; handlers: Map<string, number> }> {
  const dumps: Array<{ line: number; handlers: Map<string, number> }> = [];
  for (let i = 0; i < messages.length; i += 1) {
    if (messages[i]!.message !== '--- DEBUG DUMP EVENTS ---') continue;
    const totals = /^Total registered_handlers: (\d+)\. /.exec(messages[i + 1]!.message);
    assert.ok(totals, `totals after line ${i + 1}`);
    assert.equal(messages[i + 2]!.message, 'Registered Handlers:');
    const handlers = new Map<string, number>();
    let at = i + 3;
    for (let match = HANDLER.exec(messages[at]!.message); match; match = HANDLER.exec(messages[(at += 1)]!.message)) {
      handlers.set(match[2]!, Number(match[1]));
    }
    assert.equal(handlers.size, Number(totals[1]), `dump at line ${i + 1}`);
    assert.equal(messages[at]!.message, 'Queue events:');
    assert.equal(messages[at + 1]!.message, '--- DEBUG DUMP EVENTS END ---');
    dumps.push({ line: i + 1, handlers });
  }
  return dumps;
}

interface Report {
  snapshots: Array<{ complete: boolean; process: string }>;
  findings: Finding[];
}

async function leakdiffOn(path: string): Promise<Report> {
  const result = await runCli([path, '--format', 'json']);
  assert.equal(result.code, 1, result.stderr);
  return JSON.parse(result.stdout) as Report;
}

let dir: string;
let mc: McDumpsInfo;
let unordered: UnorderedInfo;
let events: DenseLogInfo;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leakdiff-generate-dense-'));
  mc = await generateMcDumpsLog(join(dir, 'mc.log'), { dumps: 6, objectsFrom: 200, objectsTo: 500, seed: 5 });
  unordered = await generateUnorderedLog(join(dir, 'unordered.log'), { bytes: 1_500_000, seed: 5 });
  events = await generateEventsDumpsLog(join(dir, 'events.log'), { dumps: 40, seed: 5 });
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the same seed gives the same dense logs, a different seed another', async () => {
  const again = await generateMcDumpsLog(join(dir, 'mc-again.log'), { dumps: 6, objectsFrom: 200, objectsTo: 500, seed: 5 });
  assert.ok((await readFile(again.path)).equals(await readFile(mc.path)));
  const other = await generateUnorderedLog(join(dir, 'unordered-other.log'), { bytes: 1_500_000, seed: 6 });
  assert.ok(!(await readFile(other.path)).equals(await readFile(unordered.path)));
});

test('the MC log: MC file lines, four sections per dump, OBJECTS growing as planted', async () => {
  const text = await readFile(mc.path, 'latin1');
  assert.equal(text.length, mc.bytes);
  const messages = messagesOf(text, MC_LINE);
  assert.equal(messages.length, mc.lines);
  const headers = messages.filter(({ message }) => message.startsWith('--- DEBUG DUMP ')).map(({ message }) => message);
  const oneDump = ['EVENTS', 'EVENTS END', 'DISPLAYS', 'DISPLAYS END', 'OBJECTS', 'OBJECTS END', 'CLOCK', 'CLOCK END'].map((name) => `--- DEBUG DUMP ${name} ---`);
  assert.deepEqual(headers, Array.from({ length: mc.dumps }, () => oneDump).flat());
  assert.deepEqual(eventsDumpsOf(messages).map((dump) => dump.line), mc.dumpLines);

  const objectDumps: string[][] = [];
  for (let i = 0; i < messages.length; i += 1) {
    if (messages[i]!.message !== '--- DEBUG DUMP OBJECTS ---') continue;
    assert.match(messages[i + 1]!.message, /^Elements in list \(may be dead\): \d+$/);
    const reprs: string[] = [];
    for (let at = i + 2; messages[at]!.message !== '--- DEBUG DUMP OBJECTS END ---'; at += 1) reprs.push(messages[at]!.message);
    objectDumps.push(reprs);
  }
  assert.deepEqual(objectDumps.map((reprs) => reprs.length), mc.objects);
  assert.equal(mc.objects[0], 200);
  assert.equal(mc.objects.at(-1), 500);
  const shapes: Record<string, RegExp> = {
    'Text:BONUS #': /^<Text Widget text=BONUS \d+>$/,
    'Rectangle Widget': /^<Rectangle Widget id=\d+>$/,
    'Image:sparkle': /^<Image name=sparkle, size=/,
    'Slide:Anon_*': /^<Slide name=Anon_\d+, /,
  };
  assert.deepEqual(mc.leaks.map((leak) => leak.key), Object.keys(shapes));
  for (const leak of mc.leaks) {
    assert.deepEqual(objectDumps.map((reprs) => reprs.filter((repr) => shapes[leak.key]!.test(repr)).length), leak.counts, leak.key);
    assert.ok(leak.counts.at(-1)! > leak.counts[0]!, `${leak.key} grows`);
  }
});

test('the Unordered log: after the N-th copy, N-1 lines of N handlers each, cut before the size', async () => {
  const text = await readFile(unordered.path, 'latin1');
  assert.equal(text.length, unordered.bytes);
  assert.ok(unordered.bytes <= 1_500_000 && unordered.bytes > 1_500_000 - unordered.longestLine, `${unordered.bytes} bytes`);
  const messages = messagesOf(text, MPF_LINE);
  const lines = messages.filter(({ message }) => message.startsWith('Unordered handler'));
  assert.equal(lines.length, unordered.unorderedLines);
  assert.ok(lines.length * 2 > 0 && unordered.bytes < 2 * lines.reduce((sum, { message }) => sum + message.length, 0), 'most bytes are Unordered lines');
  const runs = new Map<string, number[]>();
  for (const { logger, message } of lines) {
    assert.equal(logger, 'EventManager');
    const match = UNORDERED.exec(message);
    assert.ok(match, message.slice(0, 200));
    const callbacks = [...match[3]!.matchAll(REGISTERED)];
    assert.equal(callbacks.map((each) => each[0]).join(', '), match[3], 'the list is nothing but handler reprs');
    assert.ok(callbacks.every((each) => each[2] === match[1]), 'bound to the owner the line names');
    const culprit = unordered.culprits.find((each) => each.event === match[2]);
    assert.ok(culprit && callbacks.every((each) => each[1] === culprit.callback), match[2]);
    runs.set(match[2]!, [...(runs.get(match[2]!) ?? []), callbacks.length]);
  }
  for (const [event, sizes] of runs) {
    // 2, 3 3, 4 4 4, …: N-1 lines of N, the last run maybe cut short by the size.
    let expected: number[] = [];
    for (let n = 2; expected.length < sizes.length; n += 1) expected = [...expected, ...Array.from({ length: n - 1 }, () => n)];
    assert.deepEqual(sizes, expected.slice(0, sizes.length), event);
  }
  const dumps = eventsDumpsOf(messages);
  assert.deepEqual(dumps.map((dump) => dump.line), unordered.dumpLines);
  for (const leak of unordered.leaks) assert.deepEqual(dumps.map((dump) => dump.handlers.get(leak.key)), leak.counts, leak.key);
});

test('the events log: as many small dumps as asked, the leaks counted in them', async () => {
  const messages = messagesOf(await readFile(events.path, 'latin1'), MPF_LINE);
  const dumps = eventsDumpsOf(messages);
  assert.equal(dumps.length, 40);
  assert.deepEqual(dumps.map((dump) => dump.line), events.dumpLines);
  assert.ok(dumps.every((dump) => dump.handlers.size < 60), 'small dumps');
  for (const leak of events.leaks) assert.deepEqual(dumps.map((dump) => dump.handlers.get(leak.key)), leak.counts, leak.key);
});

test('leakdiff finds the planted leaks of each dense log, every dump complete', async () => {
  // A named widget piling up in OBJECTS is a duplicate-widget finding, an anonymous one object-growth.
  const objectKinds: readonly string[] = ['object-growth', 'duplicate-widget'];
  const handlerKinds: readonly string[] = ['handler-growth'];
  for (const [info, kinds] of [[mc, objectKinds], [unordered, handlerKinds], [events, handlerKinds]] as const) {
    const report = await leakdiffOn(info.path);
    assert.equal(report.snapshots.length, info.dumps, info.path);
    assert.ok(report.snapshots.every((snapshot) => snapshot.complete), info.path);
    for (const leak of info.leaks) {
      const found = report.findings.find((finding) => kinds.includes(finding.kind) && finding.subject === leak.key && finding.verdict === 'leak');
      assert.ok(found, `${leak.key} in ${info.path}`);
      assert.deepEqual(found.series, found.points.map((point) => leak.counts[point]), leak.key);
    }
  }
});

test('leakdiff names the callbacks of the Unordered log\'s leaks, with their copies at the last dump', async () => {
  const report = await leakdiffOn(unordered.path);
  for (const [k, culprit] of unordered.culprits.entries()) {
    const finding = report.findings.find((each): each is HandlerGrowthFinding => each.kind === 'handler-growth' && each.subject === culprit.event);
    const named = finding?.culprits?.find((each) => each.callback === culprit.callback);
    assert.ok(named, `${culprit.callback} on ${culprit.event}`);
    assert.equal(named.owner, culprit.owner);
    assert.equal(named.counts.at(-1), unordered.leaks[k]!.counts.at(-1));
  }
});

test('generateDenseLog scales each workload; a bad size is refused', async () => {
  const small = await generateDenseLog('events', join(dir, 'scaled.log'), 0.001);
  assert.equal(small.dumps, 10);
  await assert.rejects(generateDenseLog('mc', join(dir, 'bad.log'), 0), RangeError);
  await assert.rejects(generateMcDumpsLog(join(dir, 'bad.log'), { objectsFrom: 500, objectsTo: 100 }), RangeError);
  await assert.rejects(generateUnorderedLog(join(dir, 'bad.log'), { bytes: 10 }), RangeError);
});
