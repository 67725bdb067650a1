// The real "Comet Run" machine logs (fixtures/diff-real-leaky-run/logs, gzipped as MPF wrote them):
// run A with six planted leaks, run B the same machine fixed. Tests build their variants (a log cut
// off, two runs in one file, a copy) in a scratch folder from these.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT } from './cli.js';

export const LEAKY_LOGS = path.join(ROOT, 'fixtures', 'diff-real-leaky-run', 'logs');

/** The four logs by run and process, as MPF and MPF-MC named them. */
export const LEAKY_MACHINE = {
  a: { mpf: '2026-12-05-15-38-37-mpf-pinbox.log', mc: '2026-12-05-15-38-37-mc-pinbox.log' },
  b: { mpf: '2026-12-05-15-43-15-mpf-pinbox.log', mc: '2026-12-05-15-43-15-mc-pinbox.log' },
} as const;

/** The text of one of the logs. */
export function leakyLog(run: 'a' | 'b', process: 'mpf' | 'mc'): string {
  return gunzipSync(readFileSync(path.join(LEAKY_LOGS, `${LEAKY_MACHINE[run][process]}.gz`))).toString('utf8');
}

/** A fresh scratch folder for one test file. */
export function scratchFolder(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `leakdiff-${name}-`));
}
