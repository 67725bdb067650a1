import type { ParsedLog, Snapshot } from '../model.js';

/** Version of the `extract --format json` document; raised only when a field changes meaning or goes away. */
export const EXTRACT_SCHEMA_VERSION = 1;

/** `extract --format json`: every snapshot, as the model has it. */
export function renderExtractJson(logs: readonly ParsedLog[]): string {
  const snapshots: Snapshot[] = logs.flatMap((log) => log.snapshots);
  const document = {
    schemaVersion: EXTRACT_SCHEMA_VERSION,
    snapshots,
    logs: logs.map((log) => ({ file: log.file, lines: log.lines, formats: log.formats, snapshots: log.snapshots.length, problems: log.problems })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
