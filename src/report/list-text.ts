import { Chalk } from 'chalk';
import type { ParsedLog, Snapshot } from '../model.js';
import { escapeTerminal } from './escape.js';

export interface ListOptions {
  color: boolean;
}

/** `#` is the dump's number among its process's dumps, the number `--from`/`--to` take. */
const COLUMNS = ['#', 'FILE', 'LINE', 'PROCESS', 'TIME', 'STATE', 'EVENTS', 'HANDLERS', 'SLIDES', 'WIDGETS', 'OBJECTS', 'CLOCK', 'STATUS'] as const;

/** `leakdiff list`: one row per dump found, with the size of each section. */
export function renderListText(logs: readonly ParsedLog[], options: ListOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const numbers = { mpf: 0, mc: 0 };
  const rows = logs.flatMap((log) => log.snapshots.map((snapshot) => [String(++numbers[snapshot.process]), ...rowOf(snapshot)]));
  const widths = COLUMNS.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 || (column >= 6 && column <= 11) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  const lines = [chalk.bold(format(COLUMNS)), ...rows.map((row) => (row[12] === 'complete' ? format(row) : chalk.yellow(format(row))))];
  const dumps = rows.length;
  const incomplete = rows.filter((row) => row[12] !== 'complete').length;
  lines.push('', `${dumps} dump${dumps === 1 ? '' : 's'} in ${logs.length} log${logs.length === 1 ? '' : 's'}${incomplete > 0 ? `, ${incomplete} incomplete` : ''}`);
  for (const log of logs) {
    for (const problem of log.problems) lines.push(chalk.yellow(`${escapeTerminal(log.file)}:${problem.line}: ${escapeTerminal(problem.detail)}`));
  }
  return `${lines.join('\n')}\n`;
}

function rowOf(snapshot: Snapshot): string[] {
  const events = snapshot.events;
  const handlers = events ? Object.values(events.handlers).reduce((sum, count) => sum + count, 0) : null;
  const widgets = snapshot.displays ? snapshot.displays.displays.reduce((sum, display) => sum + display.children.length, 0) : null;
  const objects = snapshot.objects === null ? '-' : snapshot.objects.disabled ? 'off (-P)' : String(snapshot.objects.entries.length);
  const status = snapshot.complete
    ? 'complete'
    : `incomplete: ${snapshot.problems.map((problem) => `${problem.reason} (line ${problem.line})`).join(', ')}`;
  return [
    escapeTerminal(snapshot.file),
    String(snapshot.line),
    snapshot.process,
    snapshot.time?.replace('T', ' ') ?? '-',
    snapshot.state,
    events ? String(events.totals?.registeredHandlers ?? Object.keys(events.handlers).length) : '-',
    handlers === null ? '-' : String(handlers),
    snapshot.displays ? String(snapshot.displays.activeSlides.length) : '-',
    widgets === null ? '-' : String(widgets),
    objects,
    snapshot.clock ? String(snapshot.clock.entries.length) : '-',
    status,
  ];
}
