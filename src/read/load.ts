// Reads sources through the parser, one at a time, and checks that they held dumps.

import type { ParsedLog, Snapshot } from '../model.js';
import { LeakdiffError } from '../errors.js';
import { LogParser } from '../parse/parser.js';
import { escapeTerminal } from '../report/escape.js';
import { readSource, type InputSource, type ReadStats } from './inputs.js';

/** A source and what the parser found in it. */
export interface LoadedLog {
  source: InputSource;
  log: ParsedLog;
  stats: ReadStats;
}

export interface LoadOptions {
  stdin: NodeJS.ReadableStream;
  onProgress?: (source: InputSource, bytesRead: number) => void;
  onSnapshot?: (snapshot: Snapshot) => void;
}

export async function loadLog(source: InputSource, options: LoadOptions): Promise<LoadedLog> {
  const parser = new LogParser(source.name, options.onSnapshot ? { onSnapshot: options.onSnapshot } : {});
  const onProgress = options.onProgress;
  const stats = await readSource(source, options.stdin, (chunk) => parser.pushChunk(chunk), onProgress && ((bytes) => onProgress(source, bytes)));
  return { source, log: parser.end(), stats };
}

export async function loadLogs(sources: readonly InputSource[], options: LoadOptions): Promise<LoadedLog[]> {
  const loaded: LoadedLog[] = [];
  for (const source of sources) loaded.push(await loadLog(source, options));
  return loaded;
}

const HOW_TO_DUMP = 'post the event debug_dump_stats while MPF runs, e.g. with a keyboard: key in the MC config (see README)';

/** Why a log holds no dump, as one line for the user (a terminal: names found in directories are escaped). */
export function noDumpMessage(loaded: LoadedLog): string {
  return escapeTerminal(describeNoDump(loaded));
}

function describeNoDump(loaded: LoadedLog): string {
  const { source, log, stats } = loaded;
  if (stats.bytes === 0) return `${source.name}: the file is empty`;
  // A crash can leave NUL blocks in a real log: binary only when no line of it read as MPF's.
  if (stats.binary && log.formats.length === 0) return `${source.name}: binary data, not an MPF log`;
  const damage = log.problems[0];
  if (damage) return `${source.name}:${damage.line}: ${damage.detail}; no whole DEBUG DUMP section found`;
  return `${source.name}: no DEBUG DUMP section found (${HOW_TO_DUMP})`;
}

/**
 * A file the user named that holds no dump is an error; logs found through a directory or glob
 * may hold none (a run where nobody dumped), which is a warning, unless no log holds any.
 */
export function checkDumpsFound(loaded: readonly LoadedLog[]): { warnings: string[] } {
  const warnings: string[] = [];
  for (const entry of loaded) {
    if (entry.log.snapshots.length > 0) continue;
    if (entry.source.explicit) throw new LeakdiffError(noDumpMessage(entry));
    warnings.push(noDumpMessage(entry));
  }
  if (loaded.every((entry) => entry.log.snapshots.length === 0)) {
    throw new LeakdiffError(loaded.length === 1 ? noDumpMessage(loaded[0]!) : `none of the ${loaded.length} logs holds a DEBUG DUMP section (${HOW_TO_DUMP})`);
  }
  return { warnings };
}
