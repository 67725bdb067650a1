import { Chalk } from 'chalk';
import type { ParsedLog, Snapshot } from '../model.js';
import { childCount, clockCount, objectCount } from '../snapshot-lists.js';
import { columnWidths } from './columns.js';
import { escapeTerminal } from './escape.js';

export interface ListOptions {
  color: boolean;
  /**
   * The run of each log, when the logs' names show several runs (read/runs.ts): dumps are then
   * numbered within their run, as `diff` numbers the run it reads
   */
  runOf?: (file: string) => number | null;
  /**
   * The run of each dump when the names show none but the dumps do (a start-up, time going back,
   * inside one file): shown in the RUN column; dumps keep the numbers `diff` gives them
   */
  runOfDump?: (snapshot: Snapshot) => number | null;
  /** each dump's number among its run's dumps of its process, as `diff` gives it; else counted per run in input order */
  numberOf?: (snapshot: Snapshot) => number;
}

/** `#` is the dump's number among its process's dumps of its run, the number `--from`/`--to` take. */
const COLUMNS = ['#', 'FILE', 'LINE', 'PROCESS', 'TIME', 'STATE', 'EVENTS', 'HANDLERS', 'SLIDES', 'WIDGETS', 'OBJECTS', 'CLOCK', 'STATUS'] as const;
/** Columns of counts, right-aligned. */
const NUMBER_COLUMNS = new Set(['#', 'RUN', 'EVENTS', 'HANDLERS', 'SLIDES', 'WIDGETS', 'OBJECTS', 'CLOCK']);

/** `leakdiff list`: one row per dump found, with the size of each section. */
export function renderListText(logs: readonly ParsedLog[], options: ListOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const runOf = options.runOf ?? (() => null);
  const runOfDump = options.runOfDump ?? (() => null);
  const showRuns = logs.some((log) => runOf(log.file) !== null || log.snapshots.some((snapshot) => runOfDump(snapshot) !== null));
  const columns: string[] = showRuns ? ['RUN', ...COLUMNS] : [...COLUMNS];
  const numbers = new Map<string, number>();
  const rows = logs.flatMap((log) => {
    const run = runOf(log.file);
    return log.snapshots.map((snapshot) => {
      const shownRun = run ?? runOfDump(snapshot);
      const counter = `${shownRun ?? ''}:${snapshot.process}`;
      const number = options.numberOf?.(snapshot) ?? (numbers.get(counter) ?? 0) + 1;
      numbers.set(counter, number);
      return { run: shownRun ?? 0, cells: [...(showRuns ? [shownRun === null ? '-' : String(shownRun)] : []), String(number), ...rowOf(snapshot)] };
    });
  });
  // Run by run; within a run, in the order the logs were read.
  const rowsInOrder = rows.map((row, index) => ({ ...row, index })).sort((a, b) => a.run - b.run || a.index - b.index);
  return renderRows(rowsInOrder.map((row) => row.cells), columns, logs, chalk);
}

function renderRows(rows: readonly string[][], columns: readonly string[], logs: readonly ParsedLog[], chalk: InstanceType<typeof Chalk>): string {
  const widths = columnWidths(rows, columns.map((title) => title.length));
  const format = (cells: readonly string[]): string =>
    cells.map((cell, column) => (NUMBER_COLUMNS.has(columns[column]!) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  const isComplete = (row: readonly string[]): boolean => row[row.length - 1] === 'complete';
  const lines = [chalk.bold(format(columns)), ...rows.map((row) => (isComplete(row) ? format(row) : chalk.yellow(format(row))))];
  const dumps = rows.length;
  const incomplete = rows.filter((row) => !isComplete(row)).length;
  lines.push('', `${dumps} dump${dumps === 1 ? '' : 's'} in ${logs.length} log${logs.length === 1 ? '' : 's'}${incomplete > 0 ? `, ${incomplete} incomplete` : ''}`);
  for (const log of logs) {
    for (const problem of log.problems) lines.push(chalk.yellow(`${escapeTerminal(log.file)}:${problem.line}: ${escapeTerminal(problem.detail)}`));
  }
  return `${lines.join('\n')}\n`;
}

function rowOf(snapshot: Snapshot): string[] {
  const events = snapshot.events;
  const handlers = events ? Object.values(events.handlers).reduce((sum, count) => sum + count, 0) : null;
  const widgets = snapshot.displays ? snapshot.displays.displays.reduce((sum, display) => sum + childCount(display), 0) : null;
  const objects = snapshot.objects === null ? '-' : snapshot.objects.disabled ? 'off (-P)' : readOf(objectCount(snapshot.objects), snapshot.objects.declaredCount);
  const status = snapshot.complete
    ? 'complete'
    : `incomplete: ${snapshot.problems.map((problem) => `${problem.reason} (line ${problem.line})`).join(', ')}`;
  return [
    escapeTerminal(snapshot.file),
    String(snapshot.line),
    snapshot.process,
    snapshot.time?.replace('T', ' ') ?? '-',
    snapshot.state,
    events ? readOf(Object.keys(events.handlers).length, events.totals?.registeredHandlers ?? null) : '-',
    handlers === null ? '-' : String(handlers),
    snapshot.displays ? String(snapshot.displays.activeSlides.length) : '-',
    widgets === null ? '-' : String(widgets),
    objects,
    snapshot.clock ? String(clockCount(snapshot.clock)) : '-',
    status,
  ];
}

/** `9`, or `9 of 42` when the dump declared more than was read (an elided or cut-off dump). */
function readOf(read: number, declared: number | null): string {
  return declared === null || declared === read ? String(read) : `${read} of ${declared}`;
}
