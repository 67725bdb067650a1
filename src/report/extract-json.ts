import type { ParsedLog, Problem, Snapshot } from '../model.js';
import { escapeJsonForTerminal } from './escape.js';

/** Version of the `extract --format json` document; raised only when a field changes meaning or goes away. */
export const EXTRACT_SCHEMA_VERSION = 1;

/** What the `logs` list of the extract document says of one log. */
export interface ExtractedLog {
  file: string;
  lines: number;
  formats: string[];
  /** the log's snapshots */
  snapshots: number;
  problems: Problem[];
}

/** `extract --format json`: every snapshot, as the model has it (controls escaped for the terminal). */
export function renderExtractJson(logs: readonly ParsedLog[]): string {
  const parts: string[] = [];
  const writer = new ExtractJsonWriter((text) => parts.push(text));
  for (const log of logs) for (const snapshot of log.snapshots) writer.addSnapshot(snapshot);
  writer.end(logs.map((log) => extractedLogOf(log, log.snapshots.length)));
  return parts.join('');
}

/** The `logs` entry of a log whose `count` snapshots were written. */
export function extractedLogOf(log: ParsedLog, count: number): ExtractedLog {
  return { file: log.file, lines: log.lines, formats: log.formats, snapshots: count, problems: log.problems };
}

/**
 * Writes the extract document a snapshot at a time, so that a log of any size is printed without
 * holding all of its snapshots: the text is what `JSON.stringify(document, null, 2)` gives.
 */
export class ExtractJsonWriter {
  private snapshots = 0;

  constructor(private readonly write: (text: string) => void) {}

  addSnapshot(snapshot: Snapshot): void {
    const head = this.snapshots === 0 ? `{\n  "schemaVersion": ${EXTRACT_SCHEMA_VERSION},\n  "snapshots": [\n` : ',\n';
    this.snapshots += 1;
    this.write(head + indented(JSON.stringify(snapshot, null, 2), '    ', true));
  }

  end(logs: readonly ExtractedLog[]): void {
    const head = this.snapshots === 0 ? `{\n  "schemaVersion": ${EXTRACT_SCHEMA_VERSION},\n  "snapshots": [],\n` : '\n  ],\n';
    this.write(`${head}  "logs": ${indented(JSON.stringify(logs, null, 2), '  ', false)}\n}\n`);
  }
}

/** JSON text indented by `indent` on every line after the first, and on the first too when asked. */
function indented(json: string, indent: string, first: boolean): string {
  return escapeJsonForTerminal((first ? indent : '') + json.replaceAll('\n', `\n${indent}`));
}
