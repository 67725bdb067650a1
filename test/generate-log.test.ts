import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateLog, mulberry32, parseSize, type GeneratedLogInfo } from '../bench/generate-log.js';

// The checks below read the dumps with their own regexes, on purpose: the generator is the
// reference the parser will be tested against, so it must not be checked with the parser.
const PREFIX = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) : (DEBUG|INFO) : ([^:]+?) : (.*)$/;
const HEADER = '--- DEBUG DUMP EVENTS ---';
const TOTALS = /^Total registered_handlers: (\d+)\. Total event_queue: (\d+)\. Total callback_queue: (\d+)\. Total _queue_tasks: (\d+)$/;
const HANDLER = /^ {2}Total handlers: (\d+) \(for (.+)\)$/;

const SMALL = 2_000_000;
const DUMPS = 9;

interface WrittenDump {
  /** 1-based line number of the header. */
  line: number;
  registered: number;
  handlers: Array<[string, number]>;
}

/** Reads every EVENTS dump of a log, asserting its structure line by line. */
function readDumps(text: string): WrittenDump[] {
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'the log ends with a newline');
  const messages = lines.map((line, index) => {
    const match = PREFIX.exec(line);
    assert.ok(match, `line ${index + 1} has the MPF file prefix: ${line}`);
    return { time: match[1]!, logger: match[3]!, message: match[4]! };
  });
  const dumps: WrittenDump[] = [];
  for (let i = 0; i < messages.length; i += 1) {
    if (messages[i]!.message !== HEADER) continue;
    const at = (offset: number): string => {
      const entry = messages[i + offset];
      assert.ok(entry, `dump at line ${i + 1} is cut off`);
      assert.equal(entry.logger, 'EventManager', `line ${i + offset + 1} of a dump is from EventManager`);
      return entry.message;
    };
    assert.equal(messages[i - 1]?.message, "Event: ======'debug_dump_stats'====== Args={}", `dump at line ${i + 1} follows its posted event`);
    const totals = TOTALS.exec(at(1));
    assert.ok(totals, `line ${i + 2} is the totals line`);
    assert.equal(at(2), 'Registered Handlers:');
    const handlers: Array<[string, number]> = [];
    let offset = 3;
    for (let match = HANDLER.exec(at(offset)); match; match = HANDLER.exec(at(offset))) {
      handlers.push([match[2]!, Number(match[1])]);
      offset += 1;
    }
    assert.equal(at(offset), 'Queue events:');
    assert.equal(at(offset + 1), '--- DEBUG DUMP EVENTS END ---');
    dumps.push({ line: i + 1, registered: Number(totals[1]), handlers });
  }
  return dumps;
}

let dir: string;
let info: GeneratedLogInfo;
let text: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leakdiff-generate-log-'));
  info = await generateLog(join(dir, 'seed-7.log'), { bytes: SMALL, dumps: DUMPS, seed: 7 });
  text = await readFile(info.path, 'latin1');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the same seed gives a byte-identical log and the same info', async () => {
  const again = await generateLog(join(dir, 'seed-7-again.log'), { bytes: SMALL, dumps: DUMPS, seed: 7 });
  assert.ok((await readFile(again.path)).equals(await readFile(info.path)));
  assert.deepEqual({ ...again, path: info.path }, info);
});

test('a different seed gives a different log', async () => {
  const other = await generateLog(join(dir, 'seed-8.log'), { bytes: SMALL, dumps: DUMPS, seed: 8 });
  assert.ok(!(await readFile(other.path)).equals(await readFile(info.path)));
});

test('the log has the requested size, short of it by less than one line', async () => {
  const size = (await stat(info.path)).size;
  assert.equal(size, info.bytes);
  assert.ok(size <= SMALL && size > SMALL - 1024, `${size} bytes for ${SMALL} asked`);
  assert.equal(text.length, size, 'the log is ASCII');
  assert.equal(text.split('\n').length - 1, info.lines);
});

test('timestamps never go back', () => {
  let previous = '';
  for (const line of text.split('\n').slice(0, -1)) {
    const time = line.slice(0, 23);
    assert.ok(time >= previous, `${time} after ${previous}`);
    previous = time;
  }
});

test('every dump is well-formed: as many handler lines as registered_handlers, by descending count', () => {
  const dumps = readDumps(text);
  assert.equal(dumps.length, DUMPS);
  assert.deepEqual(dumps.map((dump) => dump.line), info.dumpLines);
  assert.deepEqual(dumps.map((dump) => dump.registered), info.registeredHandlers);
  for (const dump of dumps) {
    assert.equal(dump.handlers.length, dump.registered, `dump at line ${dump.line}`);
    assert.ok(dump.registered >= 180 && dump.registered <= 320, `about 300 events: ${dump.registered}`);
    assert.equal(new Set(dump.handlers.map(([event]) => event)).size, dump.handlers.length, 'no event twice');
    for (let i = 1; i < dump.handlers.length; i += 1) {
      assert.ok(dump.handlers[i - 1]![1] >= dump.handlers[i]![1], `sorted at line ${dump.line + 3 + i}`);
    }
  }
});

test('the planted truth is what the dumps say', () => {
  const dumps = readDumps(text);
  const series = (event: string): number[] => dumps.map((dump) => dump.handlers.find(([name]) => name === event)?.[1] ?? 0);
  assert.equal(info.leaks.length, 3);
  for (const leak of info.leaks) {
    assert.deepEqual(leak.counts, series(leak.event), leak.event);
    assert.equal(leak.posted.length, DUMPS);
  }
  for (const noise of info.fluctuating) assert.deepEqual(noise.counts, series(noise.event), noise.event);

  // Every event whose count moves is either a planted leak or listed as noise.
  const moving = new Set(dumps.flatMap((dump) => dump.handlers.map(([event]) => event)).filter((event) => {
    const counts = series(event);
    return counts.some((count) => count !== counts[0]);
  }));
  assert.deepEqual([...moving].sort(), [...info.leaks, ...info.fluctuating].map((entry) => entry.event).sort());
});

test('a leak grows by perDump from one dump to the next, beyond what the game state explains', () => {
  for (const leak of info.leaks) {
    const noiseFree = leak.counts.map((count, i) => count - leak.perDump * i);
    // What remains is the event's own count, which only follows the game state.
    info.dumpStates.forEach((state, i) => {
      const first = info.dumpStates.indexOf(state);
      assert.equal(noiseFree[i], noiseFree[first], `${leak.event} at dump ${i} (${state})`);
    });
  }
});

test('posted counts the Event lines of each leaking event between dumps', () => {
  const lines = text.split('\n');
  for (const leak of info.leaks) {
    const marker = `Event: ======'${leak.event}'======`;
    const posted = info.dumpLines.map((line, i) => {
      const from = i === 0 ? 0 : info.dumpLines[i - 1]!;
      return lines.slice(from, line - 1).filter((entry) => entry.includes(marker)).length;
    });
    assert.deepEqual(leak.posted, posted, leak.event);
  }
  // Each interval that ends during a ball starts at least one ball.
  const ballStarted = info.leaks.find((leak) => leak.event === 'ball_started')!;
  info.dumpStates.forEach((state, i) => {
    if (i > 0 && state !== 'attract') assert.ok(ballStarted.posted[i]! >= 1, `dump ${i}`);
  });
});

test('noise goes up and down with the game: the attract dumps hold fewer events than the ball dumps', () => {
  const attract = info.registeredHandlers.filter((_, i) => info.dumpStates[i] === 'attract');
  const inPlay = info.registeredHandlers.filter((_, i) => info.dumpStates[i] !== 'attract');
  assert.ok(Math.max(...attract) < Math.min(...inPlay));
  assert.ok(info.fluctuating.some((noise) => noise.counts.some((count, i) => i > 0 && count < noise.counts[i - 1]!)), 'some counts go down');
});

test('leaks are configurable, including events the machine does not know and none at all', async () => {
  const custom = await generateLog(join(dir, 'custom.log'), {
    bytes: 1_000_000,
    dumps: 4,
    leaks: [{ event: 'my_custom_event', perDump: 5 }],
  });
  assert.deepEqual(custom.leaks.map(({ event, counts }) => ({ event, counts })), [{ event: 'my_custom_event', counts: [1, 6, 11, 16] }]);
  const clean = await generateLog(join(dir, 'clean.log'), { bytes: 1_000_000, dumps: 4, leaks: [] });
  assert.deepEqual(clean.leaks, []);
  assert.ok(readDumps(await readFile(clean.path, 'latin1')).every((dump) => dump.handlers.length === dump.registered));
});

test('a size too small for the dumps is refused', async () => {
  await assert.rejects(generateLog(join(dir, 'tiny.log'), { bytes: 100_000, dumps: 50 }), RangeError);
  await assert.rejects(generateLog(join(dir, 'bad-leak.log'), { bytes: 1_000_000, dumps: 2, leaks: [{ event: 'has space', perDump: 1 }] }), RangeError);
});

test('parseSize reads bytes, decimal and binary units', () => {
  assert.equal(parseSize('1048576'), 1_048_576);
  assert.equal(parseSize('100MB'), 100_000_000);
  assert.equal(parseSize('1GiB'), 1024 ** 3);
  assert.equal(parseSize('1.5 kib'), 1536);
  assert.throws(() => parseSize('lots'));
});

test('mulberry32 is reproducible and stays in [0, 1)', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  for (let i = 0; i < 1000; i += 1) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
  }
});
