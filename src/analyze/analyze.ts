// The analysis behind `diff`, `baseline` and `watch`: logs read, one run chosen, dumps compared,
// the logs' own problems and a baseline laid over the findings, and the exit status decided,
// once, from all of it. The commands choose flags before and print after; nothing here prints.

import path from 'node:path';
import { baselineText, markBaseline, MAX_BASELINE_BYTES, parseBaseline, tightenBaseline, type BaselineFile } from '../baseline.js';
import { diffOptionsOf, type Settings } from '../config.js';
import { attachCulprits } from '../culprit/attach.js';
import { judgeWithoutDumps } from '../culprit/without-dumps.js';
import { diffSnapshots } from '../diff/diff.js';
import { dumpRunsOf } from '../diff/dump-runs.js';
import { groupBy, runProcessKey } from '../diff/group-by.js';
import { maxOf } from '../diff/max-of.js';
import { exitCodeOf, logCutOffOf, unknownOf } from '../diff/exit-code.js';
import { positionOf } from '../diff/select.js';
import { describeSystemError, LeakdiffError } from '../errors.js';
import { findMachineFolder, logsFoldersWithoutMachine, machineFolderProblem } from '../machine/folder.js';
import { WARNINGS } from '../machine/notes.js';
import type { DiffOptions, ExitCode, LogProblem, MachineFolder, ParsedLog, ProcessKind, Report, RunSelection, Snapshot } from '../model.js';
import { noDumpsMessage } from '../read/load.js';
import type { InputSource } from '../read/inputs.js';
import { checkInterrupted } from '../interrupt.js';
import { readTextUpTo } from '../read-text-up-to.js';
import { escapeTerminal } from '../report/escape.js';
import { readInputs, type ReadIo } from './read-inputs.js';

/** What one analysis of the inputs found. */
export interface Analysis {
  /** the report, its `exitCode` decided */
  report: Report;
  /** the exit status the report earns (the same as `report.exitCode`) */
  exitCode: ExitCode;
  /** every dump read, for the tree listings */
  snapshots: Snapshot[];
  /** every source the inputs stand for, read or not: output must never be written over one */
  sources: InputSource[];
  /** the other files read (the baseline, the machine folder's), as absolute paths: never written over either */
  otherInputs: string[];
  /** with `--update-baseline`: the baseline with its budgets lowered, for the command to write */
  tightenedBaseline: TightenedBaseline | null;
}

/** A baseline file to be rewritten. */
export interface TightenedBaseline {
  /** the file as the user named it */
  file: string;
  /** its absolute path */
  target: string;
  /** its new text */
  text: string;
}

/** What a comparison may be judged with besides its dumps. */
export interface AnalysisContext {
  /** what is wrong with the logs outside their dumps */
  logProblems?: readonly LogProblem[];
  /** how the logs were read as runs */
  runs?: RunSelection | null;
  /** the known findings (`--baseline`), and the file as the user named it */
  baseline?: { file: string; content: BaselineFile } | null;
}

/**
 * Reads the inputs and compares their dumps, as `settings` say. Throws a LeakdiffError for what
 * the user can fix: no dump, nothing to compare, an unreadable baseline.
 */
export async function analyze(inputs: readonly string[], settings: Settings, io: ReadIo): Promise<Analysis> {
  const folder = machineFolderOf(inputs, settings, io);
  const { sources, loaded, runs, runChoice, withoutDumps } = await readInputs(inputs, io, { run: settings.run, handlerLines: true, reprs: 'none' });
  // A folder without config/ is no machine's: nothing is said of its code.
  // Loaded only for a machine folder: reading one loads the Python and YAML parsers.
  const machine = folder === null || folder.problem !== null ? null : (await import('../machine/disk.js')).loadMachine(path.resolve(io.cwd, folder.dir), io.cwd);
  let compared: Report;
  let snapshots = loaded.flatMap((entry) => entry.log.snapshots);
  if (withoutDumps) {
    const judged = judgeWithoutDumps(loaded.map(({ source, log }) => ({ log, process: processOfLog(source.name, log) })), { ...diffOptionsOf(settings), run: runChoice }, machine);
    if (judged === null) throw new LeakdiffError(noDumpsMessage(loaded));
    compared = judged;
    snapshots = [];
  } else {
    if (settings.process !== null && !snapshots.some((snapshot) => snapshot.process === settings.process)) {
      throw new LeakdiffError(`--process ${settings.process}: the inputs hold no ${settings.process} dump`);
    }
    checkDumpRange(snapshots, settings);
    // Ctrl-C is heard between the long steps: the read, the comparison, and what follows.
    await checkInterrupted(io.signal);
    const options = { ...diffOptionsOf(settings), run: runChoice };
    const compare = (): Report => diffSnapshots(snapshots, options);
    const diffed = io.killableDuring?.(compare) ?? compare();
    await checkInterrupted(io.signal);
    if (!hasComparison(diffed)) throw new LeakdiffError(nothingToCompare(diffed));
    compared = attachCulprits(diffed, { snapshots, logs: loaded.map(({ log }) => log), machine });
  }
  const logProblems = loaded.flatMap(({ log }) => log.problems.map((problem): LogProblem => ({ file: log.file, ...problem })));
  const baseline = settings.baseline === null ? null : { file: settings.baseline, path: path.resolve(io.cwd, settings.baseline), content: await readBaseline(io.cwd, settings.baseline) };
  let report = judged(compared, { logProblems, runs, baseline });
  let tightenedBaseline: TightenedBaseline | null = null;
  // Entries that match no finding now: recorded on other logs or settings, or every known leak
  // is gone. Said, and such a file is never rewritten: emptied, it would pass the next leak.
  const unmatched = baseline !== null && baseline.content.entries.length > 0 && report.baseline?.matched === 0;
  if (unmatched) {
    const count = baseline.content.entries.length;
    const entries = count === 1 ? 'its entry matches' : `none of its ${count} entries matches`;
    io.warn(`${escapeTerminal(baseline.file)}: ${entries} a finding now: recorded on other logs or settings, or every known leak is gone${settings.updateBaseline ? '; left as it is' : ''}`);
  }
  if (baseline !== null && settings.updateBaseline && !unmatched) {
    tightenedBaseline = { file: baseline.file, target: baseline.path, text: baselineText(tightenBaseline(baseline.content, compared)) };
    report = { ...report, baseline: { ...report.baseline!, updated: true } };
  }
  if (folder === null) noteMissingMachine(inputs, report, io);
  else {
    const warnings = machine?.warnings ?? [{ file: folder.dir, message: WARNINGS.noMachineFolder() }];
    report = { ...report, machine: { dir: folder.dir, chosenBy: folder.chosenBy, warnings } };
  }
  const otherInputs = [...(baseline === null ? [] : [baseline.path]), ...(machine?.filesRead() ?? [])];
  return { report, exitCode: report.exitCode, snapshots, sources, otherInputs, tightenedBaseline };
}

/** Which process wrote a log without dumps: MPF-MC by its name (`…-mc-HOST.log`) or its lines' format, else MPF. */
function processOfLog(name: string, log: ParsedLog): ProcessKind {
  return /-mc-/.test(name) || log.formats.includes('B') || log.formats.includes('F') ? 'mc' : 'mpf';
}

/**
 * The machine folder to read: `--machine`, else the folder above a `logs/` input that holds
 * `config/`; null for none. A `--machine` that is missing or not a folder is a bad option value;
 * one without `config/` is said in a warning, and its `problem` keeps it from being read.
 */
function machineFolderOf(inputs: readonly string[], settings: Settings, io: ReadIo): (Pick<MachineFolder, 'dir' | 'chosenBy'> & { problem: 'no-config' | null }) | null {
  if (settings.machine !== null) {
    const dir = settings.machine;
    const problem = machineFolderProblem(path.resolve(io.cwd, dir));
    const shown = escapeTerminal(dir);
    if (problem === 'missing') throw new LeakdiffError(`--machine ${shown}: no such folder`);
    if (problem === 'not-a-folder') throw new LeakdiffError(`--machine ${shown}: not a folder (give the machine folder, the one that holds config/)`);
    if (problem === 'no-config') io.warn(`--machine ${shown}: not a machine folder (it holds no config/ folder), so no source lines are shown`);
    return { dir, chosenBy: 'option', problem };
  }
  const found = findMachineFolder(inputs, io.cwd);
  return found === null ? null : { dir: found, chosenBy: 'logs-folder', problem: null };
}

/** Notes for the `logs/` inputs with no machine folder above them, said when there are findings its code would explain. */
function noteMissingMachine(inputs: readonly string[], report: Report, io: ReadIo): void {
  if (report.findings.length === 0) return;
  for (const { logs, above } of logsFoldersWithoutMachine(inputs, io.cwd)) {
    const folder = above === '.' ? 'the current folder' : escapeTerminal(above);
    (io.note ?? io.warn)(`${escapeTerminal(logs)}: no machine folder above it (${folder} holds no config/ folder), so no source lines are shown (--machine DIR names one)`);
  }
}

/**
 * Compares dumps already read (`watch` follows its logs itself). Unlike `analyze`, fewer than two
 * comparable dumps is no error: `hasComparison` tells.
 */
export function analyzeSnapshots(snapshots: readonly Snapshot[], options: DiffOptions, context: AnalysisContext = {}): { report: Report; exitCode: ExitCode } {
  const report = judged(diffSnapshots([...snapshots], options), context);
  return { report, exitCode: report.exitCode };
}

/** Whether the report compares two dumps or more anywhere (else it has nothing to say). */
export function hasComparison(report: Report): boolean {
  return report.comparisons.some((comparison) => comparison.snapshots.length > 1);
}

/**
 * The comparison with the logs' problems, the runs and the baseline laid over it, and its exit
 * status decided from them all. Keys are added in a fixed order: JSON output keeps it.
 */
function judged(compared: Report, context: AnalysisContext): Report {
  let report = compared;
  if (context.logProblems !== undefined && context.logProblems.length > 0) report = { ...report, logProblems: [...context.logProblems] };
  if (context.runs != null) report = { ...report, runs: context.runs };
  if (context.baseline != null) report = { ...report, ...markBaseline(report, context.baseline.content, context.baseline.file) };
  const exitCode = exitCodeOf({ findings: report.findings, incomplete: report.incomplete, logCutOff: logCutOffOf(report), unknown: unknownOf(report) }, report.options);
  return { ...report, exitCode };
}

/** The baseline file `--baseline` names, checked. */
async function readBaseline(cwd: string, file: string): Promise<BaselineFile> {
  let text: string;
  try {
    text = await readTextUpTo(path.resolve(cwd, file), MAX_BASELINE_BYTES + 1);
  } catch (error) {
    throw new LeakdiffError(`${file}: cannot read the baseline (${describeSystemError(error)}); leakdiff baseline <inputs...> -o ${file} records one`);
  }
  return parseBaseline(text, file);
}

/**
 * Throws when `--from` or `--to` names a dump that no compared process has in any run (dumps are
 * numbered within their run): a number past the end would otherwise compare nothing, or
 * everything, without a word.
 */
function checkDumpRange(snapshots: readonly Snapshot[], settings: Settings): void {
  const { runOf } = dumpRunsOf(snapshots);
  const totals = new Map<string, { process: ProcessKind; total: number }>();
  snapshots.forEach((snapshot, index) => {
    if (settings.process !== null && snapshot.process !== settings.process) return;
    const key = runProcessKey(runOf[index]!, snapshot.process);
    const entry = totals.get(key) ?? { process: snapshot.process, total: 0 };
    entry.total += 1;
    totals.set(key, entry);
  });
  for (const [flag, value] of [['--from', settings.from], ['--to', settings.to]] as const) {
    if (value === null) continue;
    const exists = [...totals.values()].some(({ total }) => {
      const position = positionOf(value, total)!;
      return position >= 1 && position <= total;
    });
    if (exists) continue;
    const ranges = (['mpf', 'mc'] as const satisfies readonly ProcessKind[]).flatMap((process) => {
      const most = maxOf([0, ...[...totals.values()].filter((entry) => entry.process === process).map((entry) => entry.total)]);
      return most === 0 ? [] : [`${process} #1–${most}`];
    });
    const perRun = new Set([...totals.keys()].map((key) => key.split(' ')[0])).size > 1 ? ' in a run' : '';
    throw new LeakdiffError(`${flag} ${value}: no such dump; the inputs hold ${ranges.join(', ')}${perRun} (as leakdiff list numbers them; -1 is the last)`);
  }
}

/** Why nothing could be compared, as one line. */
function nothingToCompare(report: Report): string {
  const counts = (['mpf', 'mc'] as const satisfies readonly ProcessKind[])
    .filter((process) => report.summary.byProcess[process].dumps > 0)
    .map((process) => {
      const { dumps, judged } = report.summary.byProcess[process];
      return judged === dumps ? `${process} ${dumps}` : `${process} ${judged} of ${dumps} after --process/--from/--to/--warmup`;
    });
  const byState = report.options.byState === 'on' ? '; with --by-state on, two dumps of the same state are needed' : '';
  // Two dumps of a process with a start-up between them are of two runs, which no comparison crosses.
  const judged = report.snapshots.filter((snapshot) => snapshot.role === 'judged');
  const twoOfAProcess = [...groupBy(judged, (snapshot) => snapshot.process).values()].some((group) => group.length > 1);
  const twoInARun = [...groupBy(judged, (snapshot) => runProcessKey(snapshot.run, snapshot.process)).values()].some((group) => group.length > 1);
  const inRuns = twoOfAProcess && !twoInARun ? `, no two of them in one run (a restart comes between them, and no comparison crosses one: leakdiff list shows the runs)` : '';
  return `nothing to compare: leakdiff needs two dumps of the same process in one run, found ${counts.join(', ')}${inRuns}${byState}`;
}
