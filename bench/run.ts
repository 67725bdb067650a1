// `npm run bench`: how fast leakdiff reads big and dense logs, against the floor of reading them at all.
//
// Workloads (`--workloads`, all by default), each generated in a temporary directory (removed at
// the end, also on error and Ctrl-C, unless --keep):
// - big: an MPF log with rare dumps (default 1 GiB), a 100 MB one for the flat-memory check and a
//   gzipped copy; against `grep -c -F 'DEBUG DUMP'` (its output piped: on /dev/null GNU grep stops
//   at the first match), Node streaming the log, and `gzip -dc` of the .gz.
// - mc: a dump-heavy MPF-MC log (300 dumps, OBJECTS growing from 2,000 to 8,000 entries).
// - unordered: a leaky MPF log of ~200 MB, most of it `Unordered handler` lines; leakdiff must also
//   name the callback behind each planted leak (checked once, apart from the timed runs).
// - events: an MPF log of 10,000 small EVENTS dumps.
// The dense ones (mc, unordered, events) are read against the Node floor: a loop that only streams
// the file and counts its newlines. `--scale` shrinks them for a quick run.
//
// Every command runs --runs times, in turn with all the others, so that any drift of the machine
// (other load, CPU clocks) falls on all of them alike. Prints medians, ratios, MB/s and peak RSS
// beside the targets (docs/performance.md), each PASS or MISS. It reports; it asserts nothing.
//
// Peak RSS: GNU `/usr/bin/time -f %M` (getrusage of the child, exact) where it exists (Debian
// package `time`); otherwise /proc/<pid>/status VmHWM polled every 10 ms, which can miss growth
// in the last 10 ms before the child exits; otherwise not measured.

import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { checkCulprits, type CulpritCheck, type PlantedCulprit } from './culprit-check.js';
import { generateDenseLog, type DenseWorkload, type UnorderedInfo } from './generate-dense.js';
import { DEFAULT_DUMPS, DEFAULT_SEED, generateLog, parseSize } from './generate-log.js';

const USAGE = `usage: npm run bench -- [--workloads big,mc,unordered,events] [--size 1GiB] [--scale 1]
                         [--runs 5] [--keep] [--rss auto|time|proc]
                         [--leakdiff-args '{log} --format json'] [--seed 1] [--dumps 50]
  --workloads      which logs to read, comma-separated (default: all of them)
                     big        an MPF log with rare dumps (--size), its .gz and a 100 MB one
                     mc         a dump-heavy MPF-MC log: 300 dumps, OBJECTS from 2,000 to 8,000
                     unordered  a leaky MPF log of ~200 MB, mostly \`Unordered handler\` lines
                     events     an MPF log of 10,000 small EVENTS dumps
  --size           size of the big log: bytes, 100MB (10^6), 1GiB (2^30)
  --scale          size of the mc, unordered and events logs as a fraction of the above (0.1: quick)
  --runs           runs of each command; the table shows medians
  --keep           keep the temporary directory with the logs, and print where it is
  --rss            how to measure peak RSS (auto: /usr/bin/time if it works, else /proc polling)
  --leakdiff-args  leakdiff's arguments; {log} is replaced by the log's path
  --seed, --dumps  the generators' seed, and the big log's number of dumps`;

const WORKLOADS = ['big', 'mc', 'unordered', 'events'] as const;
type Workload = (typeof WORKLOADS)[number];

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const LEAKDIFF = join(ROOT, 'bin', 'leakdiff.js');
const NODE_FLOOR = join(ROOT, 'bench', 'node-floor.mjs');
const SMALL_BYTES = 100_000_000;
const TARGETS = {
  grepRatio: 4,
  gzipRatio: 1.5,
  peakRssMB: 150,
  flatRatio: 1.2,
  mcFloorRatio: 4,
  mcPeakRssMB: 150,
  unorderedFloorRatio: 3,
  unorderedPeakRssMB: 150,
  eventsPeakRssMB: 200,
} as const;

type RssMethod = 'time' | 'proc' | 'none';

interface Subject {
  label: string;
  command: readonly string[];
  /** Uncompressed bytes the command reads, for MB/s. */
  bytes: number;
  /** Exit codes that mean it worked: leakdiff exits 1 when it finds a leak. */
  okCodes: readonly number[];
  /** stdout to a pipe the bench drains, not /dev/null (see measure) */
  pipeOut?: boolean;
}

interface Run {
  seconds: number;
  /** Peak resident set size in bytes, null when not measured. */
  peakRss: number | null;
}

interface Outcome {
  subject: Subject;
  runs: Run[];
  /** Why it stopped being run, if it failed. */
  failure?: string;
}

/** The child being measured, so Ctrl-C can end it (and only it) before cleaning up. */
let currentChild: number | undefined;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function detectRss(wanted: string, dir: string): RssMethod {
  const procWorks = existsSync('/proc/self/status');
  if (wanted === 'proc') return procWorks ? 'proc' : 'none';
  // BusyBox and BSD `time` have no -f/-o: try it once rather than trust the path.
  const probe = join(dir, 'time-probe');
  const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', probe, 'true'], { stdio: 'ignore' });
  const works = result.status === 0 && existsSync(probe) && /^\d+\s*$/.test(readFileSync(probe, 'utf8'));
  if (wanted === 'time' && !works) throw new Error('--rss time: /usr/bin/time -f %M does not work here (install the Debian package `time`)');
  if (works) return 'time';
  return procWorks ? 'proc' : 'none';
}

/** Peak RSS so far of a live process, from the kernel's high-water mark. */
function readVmHwm(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null; // already gone
  }
}

/**
 * Runs one command with stdout discarded; wall time from spawn to exit, and its peak RSS. stdout
 * is /dev/null, or with `pipeOut` a pipe read and dropped here: GNU grep sees /dev/null and stops
 * at the first match (as with -q), so on /dev/null it would not read the log at all.
 */
async function measure(command: readonly string[], rss: RssMethod, rssFile: string, pipeOut = false): Promise<Run & { code: number | null; signal: string | null; stderr: string }> {
  const [file, ...args] = rss === 'time' ? ['/usr/bin/time', '-f', '%M', '-o', rssFile, ...command] : command;
  const started = process.hrtime.bigint();
  // Own process group, so that Ctrl-C here can end the child and whatever it started.
  const child = spawn(file!, args, { stdio: ['ignore', pipeOut ? 'pipe' : 'ignore', 'pipe'], detached: true });
  child.stdout?.resume();
  currentChild = child.pid;
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  let peak: number | null = null;
  const pid = child.pid;
  const poll = rss === 'proc' && pid !== undefined
    ? setInterval(() => {
      const now = readVmHwm(pid);
      if (now !== null) peak = Math.max(peak ?? 0, now);
    }, 10)
    : undefined;
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  currentChild = undefined;
  if (poll) clearInterval(poll);
  if (rss === 'time') {
    // GNU time puts "Command exited with non-zero status N" before the format's line.
    const last = readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '';
    peak = /^\d+$/.test(last) ? Number(last) * 1024 : null;
  }
  return { seconds, peakRss: peak, code, signal, stderr };
}

async function gzipFile(from: string, to: string): Promise<void> {
  // zlib's default level 6 is gzip's and logrotate's.
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), createGzip(), createWriteStream(to));
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);
const secs = (seconds: number): string => seconds.toFixed(2);

function leakdiffCommand(template: string, log: string): string[] {
  return [process.execPath, LEAKDIFF, ...template.trim().split(/\s+/).map((arg) => (arg === '{log}' ? log : arg))];
}

function describeFailure(result: { code: number | null; signal: string | null; stderr: string }): string {
  const how = result.signal ? `killed by ${result.signal}` : `exit ${result.code}`;
  const said = result.stderr.replace(/^Command exited with non-zero status \d+\n?/m, '').trim().split('\n').slice(0, 3).join(' | ');
  return said ? `${how}: ${said}` : how;
}

function printMachine(rss: RssMethod): void {
  const cpu = cpus();
  const rssText = { time: '/usr/bin/time -f %M (getrusage of the child)', proc: '/proc/<pid>/status VmHWM, polled every 10 ms', none: 'not measured (no /usr/bin/time, no /proc)' }[rss];
  console.log(`machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform} ${release()}, node ${process.version}`);
  console.log(`peak RSS via ${rssText}`);
}

function printTable(outcomes: readonly Outcome[]): void {
  const rows = [['command', 'median s', 'min s', 'max s', 'MB/s', 'peak RSS MB'].map(String)];
  for (const { subject, runs, failure } of outcomes) {
    if (runs.length === 0) {
      rows.push([subject.label, `FAILED (${failure ?? 'not run'})`]);
      continue;
    }
    const seconds = runs.map((run) => run.seconds);
    const peaks = runs.flatMap((run) => (run.peakRss === null ? [] : [run.peakRss]));
    rows.push([
      subject.label,
      secs(median(seconds)),
      secs(Math.min(...seconds)),
      secs(Math.max(...seconds)),
      (subject.bytes / 1e6 / median(seconds)).toFixed(0),
      peaks.length ? mb(Math.max(...peaks)) : 'n/a',
    ]);
    if (failure) rows.push(['', `  (stopped after ${runs.length} runs: ${failure})`]);
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.filter((row) => row.length > 2).map((row) => row[col]?.length ?? 0)));
  for (const row of rows) {
    if (row.length <= 2) console.log(`${row[0]!.padEnd(widths[0]!)}  ${row[1]}`);
    else console.log(row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  '));
  }
}

/** The subjects of each workload, by key; a workload not run has none. */
type SubjectKey = 'grep' | 'floor' | 'big' | 'gzip' | 'gz' | 'small' | `${DenseWorkload}Floor` | DenseWorkload;

const time = (o: Outcome | undefined): number | null => (o && o.runs.length && !o.failure ? median(o.runs.map((run) => run.seconds)) : null);
const peak = (o: Outcome | undefined): number | null => {
  const peaks = o?.runs.flatMap((run) => (run.peakRss === null ? [] : [run.peakRss])) ?? [];
  return peaks.length && !o?.failure ? Math.max(...peaks) : null;
};
const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a / b);

/** Target lines: what was measured, the target, PASS or MISS (a missing measurement is a MISS). */
function printTargets(outcomes: Readonly<Partial<Record<SubjectKey, Outcome>>>, workloads: ReadonlySet<Workload>, smallIsBig: boolean, culprits: CulpritCheck | null): void {
  const why = (...parts: Array<Outcome | undefined>): string => {
    const failed = parts.find((o) => o !== undefined && (o.failure || o.runs.length === 0));
    return failed ? `not measured: ${failed.subject.label} failed` : 'not measured: no RSS method';
  };
  const lines: string[][] = [['target', 'measured', 'goal', 'result']];
  const add = (label: string, value: number | null, goal: number, format: (v: number) => string, goalText: string, missing: string): void => {
    lines.push(value === null ? [label, missing, goalText, 'MISS'] : [label, format(value), goalText, value <= goal ? 'PASS' : 'MISS']);
  };
  const times = (v: number): string => `${v.toFixed(2)}x`;
  const megabytes = (v: number): string => `${v.toFixed(0)} MB`;
  const peakMB = (o: Outcome | undefined): number | null => {
    const bytes = peak(o);
    return bytes === null ? null : bytes / 1e6;
  };
  if (workloads.has('big')) {
    add('leakdiff big.log / grep -c -F', ratio(time(outcomes.big), time(outcomes.grep)), TARGETS.grepRatio, times, `<= ${TARGETS.grepRatio}x`, why(outcomes.big, outcomes.grep));
    add('leakdiff big.log.gz / gzip -dc', ratio(time(outcomes.gz), time(outcomes.gzip)), TARGETS.gzipRatio, times, `<= ${TARGETS.gzipRatio}x`, why(outcomes.gz, outcomes.gzip));
    const leakdiffPeaks = [outcomes.big, outcomes.gz, outcomes.small].map(peak);
    const worst = leakdiffPeaks.includes(null) ? null : Math.max(...(leakdiffPeaks as number[]));
    add('peak RSS of leakdiff on big, .gz, small', worst === null ? null : worst / 1e6, TARGETS.peakRssMB, megabytes, `<= ${TARGETS.peakRssMB} MB`, why(outcomes.big, outcomes.gz, outcomes.small));
    if (smallIsBig) {
      lines.push(['peak RSS big log vs 100 MB log', 'n/a: --size is not above 100 MB', `<= +${((TARGETS.flatRatio - 1) * 100).toFixed(0)}%`, 'MISS']);
    } else {
      const flat = ratio(peak(outcomes.big), peak(outcomes.small));
      add('peak RSS big log vs 100 MB log', flat, TARGETS.flatRatio, (v) => `${v >= 1 ? '+' : ''}${((v - 1) * 100).toFixed(0)}%`, `<= +${((TARGETS.flatRatio - 1) * 100).toFixed(0)}%`, why(outcomes.big, outcomes.small));
    }
  }
  if (workloads.has('mc')) {
    add('leakdiff mc.log / node floor', ratio(time(outcomes.mc), time(outcomes.mcFloor)), TARGETS.mcFloorRatio, times, `<= ${TARGETS.mcFloorRatio}x`, why(outcomes.mc, outcomes.mcFloor));
    add('peak RSS of leakdiff mc.log', peakMB(outcomes.mc), TARGETS.mcPeakRssMB, megabytes, `<= ${TARGETS.mcPeakRssMB} MB`, why(outcomes.mc));
  }
  if (workloads.has('unordered')) {
    add('leakdiff unordered.log / node floor', ratio(time(outcomes.unordered), time(outcomes.unorderedFloor)), TARGETS.unorderedFloorRatio, times, `<= ${TARGETS.unorderedFloorRatio}x`, why(outcomes.unordered, outcomes.unorderedFloor));
    add('peak RSS of leakdiff unordered.log', peakMB(outcomes.unordered), TARGETS.unorderedPeakRssMB, megabytes, `<= ${TARGETS.unorderedPeakRssMB} MB`, why(outcomes.unordered));
    if (culprits !== null) {
      const measured = culprits.failure ?? `${culprits.named.length}/${culprits.planted}${culprits.named.map((leak) => ` ${leak.callback}`).join(',')}`;
      const met = culprits.failure === null && culprits.named.length === culprits.planted;
      lines.push(['culprits named on unordered.log', measured, 'each planted leak', met ? 'PASS' : 'MISS']);
    }
  }
  if (workloads.has('events')) {
    add('peak RSS of leakdiff events.log', peakMB(outcomes.events), TARGETS.eventsPeakRssMB, megabytes, `<= ${TARGETS.eventsPeakRssMB} MB`, why(outcomes.events));
  }
  const widths = lines[0]!.map((_, col) => Math.max(...lines.map((line) => line[col]!.length)));
  for (const line of lines) console.log(line.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd());
  // Not targets: how far grep is from what Node itself needs to read the lines, and the events
  // log's time against its floor.
  const notes: string[] = [];
  const floor = ratio(time(outcomes.floor), time(outcomes.grep));
  const overFloor = ratio(time(outcomes.big), time(outcomes.floor));
  if (floor !== null && overFloor !== null) notes.push(`Node streaming big.log and finding its newlines, nothing more, takes ${floor.toFixed(2)}x grep; leakdiff takes ${overFloor.toFixed(2)}x that`);
  const events = ratio(time(outcomes.events), time(outcomes.eventsFloor));
  if (events !== null) notes.push(`leakdiff events.log takes ${events.toFixed(2)}x its node floor`);
  if (notes.length > 0) console.log(`\nfor scale: ${notes.join('; ')}`);
}

/** The workloads of `--workloads`, in their own order. */
function parseWorkloads(text: string): Set<Workload> {
  const named = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = named.filter((name) => !(WORKLOADS as readonly string[]).includes(name));
  if (unknown.length > 0 || named.length === 0) throw new Error(`--workloads takes a comma-separated list of ${WORKLOADS.join(', ')}, not '${text}'`);
  return new Set(WORKLOADS.filter((name) => named.includes(name)));
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      workloads: { type: 'string', default: WORKLOADS.join(',') },
      size: { type: 'string', default: '1GiB' },
      scale: { type: 'string', default: '1' },
      runs: { type: 'string', default: '5' },
      keep: { type: 'boolean', default: false },
      rss: { type: 'string', default: 'auto' },
      'leakdiff-args': { type: 'string', default: '{log} --format json' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      dumps: { type: 'string', default: String(DEFAULT_DUMPS) },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const workloads = parseWorkloads(values.workloads);
  const size = parseSize(values.size);
  const scale = Number(values.scale);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`--scale must be a number above 0, not ${values.scale}`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, not ${values.runs}`);
  if (!['auto', 'time', 'proc'].includes(values.rss)) throw new Error(`--rss must be auto, time or proc, not ${values.rss}`);
  const seed = Number(values.seed);
  const generateOptions = { dumps: Number(values.dumps), seed };

  const dir = mkdtempSync(join(tmpdir(), 'leakdiff-bench-'));
  const cleanUp = (): void => {
    if (values.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (currentChild !== undefined) {
      try {
        process.kill(-currentChild, 'SIGTERM');
      } catch {
        // it has just exited
      }
    }
    cleanUp();
    process.stderr.write(`\nbench: stopped by ${signal}\n`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const rss = detectRss(values.rss, dir);
    printMachine(rss);
    if (!existsSync(LEAKDIFF)) console.log(`note: ${LEAKDIFF} is missing; the leakdiff rows will fail`);

    const subjects: Partial<Record<SubjectKey, Subject>> = {};
    let planted: { log: string; culprits: PlantedCulprit[] } | null = null;
    let smallIsBig = size <= SMALL_BYTES;
    if (workloads.has('big')) {
      const big = join(dir, 'big.log');
      let started = process.hrtime.bigint();
      const info = await generateLog(big, { bytes: size, ...generateOptions });
      let seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(`generated big.log: ${mb(info.bytes)} MB, ${info.lines} lines, ${info.dumps} dumps, leaks planted on ${info.leaks.map((leak) => `${leak.event} +${leak.perDump}/dump`).join(', ')}; ${secs(seconds)} s (${mb(info.bytes / seconds)} MB/s)`);

      smallIsBig = size <= SMALL_BYTES;
      const small = smallIsBig ? big : join(dir, 'small.log');
      const smallInfo = smallIsBig ? info : await generateLog(small, { bytes: SMALL_BYTES, ...generateOptions });
      if (!smallIsBig) console.log(`generated small.log: ${mb(smallInfo.bytes)} MB for the flat-memory check`);

      const gz = `${big}.gz`;
      started = process.hrtime.bigint();
      await gzipFile(big, gz);
      seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(`gzipped big.log.gz: ${mb(statSync(gz).size)} MB in ${secs(seconds)} s`);

      Object.assign(subjects, {
        grep: { label: "grep -c -F 'DEBUG DUMP' big.log | …", command: ['grep', '-c', '-F', 'DEBUG DUMP', big], bytes: info.bytes, okCodes: [0, 1], pipeOut: true },
        floor: { label: 'node: stream big.log, find newlines', command: [process.execPath, NODE_FLOOR, big], bytes: info.bytes, okCodes: [0] },
        big: { label: 'leakdiff big.log', command: leakdiffCommand(values['leakdiff-args'], big), bytes: info.bytes, okCodes: [0, 1] },
        gzip: { label: 'gzip -dc big.log.gz > /dev/null', command: ['gzip', '-dc', gz], bytes: info.bytes, okCodes: [0] },
        gz: { label: 'leakdiff big.log.gz', command: leakdiffCommand(values['leakdiff-args'], gz), bytes: info.bytes, okCodes: [0, 1] },
        small: { label: `leakdiff ${smallIsBig ? 'big' : 'small'}.log (${mb(smallInfo.bytes)} MB)`, command: leakdiffCommand(values['leakdiff-args'], small), bytes: smallInfo.bytes, okCodes: [0, 1] },
      } satisfies Partial<Record<SubjectKey, Subject>>);
    }
    for (const workload of (['mc', 'unordered', 'events'] as const).filter((name) => workloads.has(name))) {
      const log = join(dir, `${workload}.log`);
      const started = process.hrtime.bigint();
      const info = await generateDenseLog(workload, log, scale, seed);
      if (workload === 'unordered') planted = { log, culprits: (info as UnorderedInfo).culprits };
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(`generated ${workload}.log: ${mb(info.bytes)} MB, ${info.lines} lines, ${info.dumps} dumps, growing ${info.leaks.map((leak) => `${leak.key} ${leak.counts[0]}→${leak.counts.at(-1)}`).join(', ')}; ${secs(seconds)} s`);
      subjects[`${workload}Floor`] = { label: `node: stream ${workload}.log, find newlines`, command: [process.execPath, NODE_FLOOR, log], bytes: info.bytes, okCodes: [0] };
      subjects[workload] = { label: `leakdiff ${workload}.log`, command: leakdiffCommand(values['leakdiff-args'], log), bytes: info.bytes, okCodes: [0, 1] };
    }
    console.log(`leakdiff runs as: node bin/leakdiff.js ${values['leakdiff-args']}  (stdout discarded; exit 0 or 1 counts as success)`);
    console.log(`${runs} runs each, alternating; the logs are in the page cache (warm runs)`);
    // Node reads this certificate file as it starts, before any script: every node command here
    // (leakdiff and the Node floors) pays for it, grep and gzip do not.
    if (process.env.NODE_EXTRA_CA_CERTS) console.log('NODE_EXTRA_CA_CERTS is set: every Node start reads that file first (unset it to time Node as it starts elsewhere)');
    console.log('');

    const outcomes = Object.fromEntries(Object.entries(subjects).map(([key, subject]) => [key, { subject, runs: [] } as Outcome])) as Partial<Record<SubjectKey, Outcome>>;
    const rssFile = join(dir, 'rss');
    for (let round = 1; round <= runs; round += 1) {
      for (const outcome of Object.values(outcomes)) {
        if (outcome.failure) continue;
        let result: Awaited<ReturnType<typeof measure>>;
        try {
          result = await measure(outcome.subject.command, rss, rssFile, outcome.subject.pipeOut);
        } catch (error) {
          outcome.failure = `could not start: ${(error as Error).message}`;
          console.log(`run ${round}/${runs}  ${outcome.subject.label}: ${outcome.failure}`);
          continue;
        }
        const peakText = result.peakRss === null ? '' : `, peak RSS ${mb(result.peakRss)} MB`;
        if (result.signal || result.code === null || !outcome.subject.okCodes.includes(result.code)) {
          outcome.failure = describeFailure(result);
          console.log(`run ${round}/${runs}  ${outcome.subject.label}: FAILED, ${outcome.failure}`);
          continue;
        }
        outcome.runs.push({ seconds: result.seconds, peakRss: result.peakRss });
        console.log(`run ${round}/${runs}  ${outcome.subject.label}: ${secs(result.seconds)} s${peakText}`);
      }
    }

    const culprits = planted === null ? null : await checkCulprits(LEAKDIFF, planted.log, planted.culprits);
    console.log('');
    printTable(Object.values(outcomes));
    console.log('');
    printTargets(outcomes, workloads, smallIsBig, culprits);
    const failed = Object.values(outcomes).filter((outcome) => outcome.failure);
    if (failed.length > 0) {
      console.log(`\n${failed.length} command(s) failed, so their figures are missing: ${failed.map((o) => o.subject.label).join(', ')}`);
      return 1;
    }
    return 0;
  } finally {
    cleanUp();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
