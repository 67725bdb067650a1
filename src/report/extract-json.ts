import type { ParsedLog, Snapshot } from '../model.js';
import { escapeJsonForTerminal } from './escape.js';

/** Version of the `extract --format json` document; raised only when a field changes meaning or goes away. */
export const EXTRACT_SCHEMA_VERSION = 1;

/** `extract --format json`: every snapshot, as the model has it (controls escaped for the terminal). */
export function renderExtractJson(logs: readonly ParsedLog[]): string {
  const snapshots: Snapshot[] = logs.flatMap((log) => log.snapshots);
  const document = {
    schemaVersion: EXTRACT_SCHEMA_VERSION,
    snapshots,
    logs: logs.map((log) => ({ file: log.file, lines: log.lines, formats: log.formats, snapshots: log.snapshots.length, problems: log.problems })),
  };
  return `${escapeJsonForTerminal(JSON.stringify(document, null, 2))}\n`;
}
