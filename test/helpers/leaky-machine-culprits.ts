// The leaky-machine sample (fixtures/leaky-machine): its two runs read and compared as leakdiff
// does, and its machine folder as the leaky run had it or with the six fixes applied.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch, parsePatch } from 'diff';
import { attachCulprits } from '../../src/culprit/attach.js';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../../src/diff/diff.js';
import type { Machine } from '../../src/machine/machine.js';
import type { ParsedLog, Report } from '../../src/model.js';
import { parseLog } from '../../src/parse/parser.js';

export const LEAKY_MACHINE = 'fixtures/leaky-machine/machine';
export const LEAKY_LOGS = `${LEAKY_MACHINE}/logs`;
/** Run A, the leaky one, and run B, the clean one, by their start times. */
export const RUN_A = '2026-12-05-15-38-37';
export const RUN_B = '2026-12-05-15-43-15';

/** The logs of a run, read. */
export function readRun(run: string): ParsedLog[] {
  return ['mpf', 'mc'].map((process) => {
    const file = `${LEAKY_LOGS}/${run}-${process}-pinbox.log`;
    return parseLog(readFileSync(file), file);
  });
}

/** A run compared, with its culprits and source lines from `machine`. */
export function reportOfRun(run: string, machine: Machine | null): Report {
  const logs = readRun(run);
  const snapshots = logs.flatMap((log) => log.snapshots);
  return attachCulprits(diffSnapshots(snapshots, DEFAULT_DIFF_OPTIONS), { snapshots, logs, machine });
}

/** A copy of the machine folder with the six fixes of clean-variant.patch applied, in a new temporary folder. */
export function cleanMachineCopy(): { dir: string; machine: string } {
  const dir = mkdtempSync(join(tmpdir(), 'leakdiff-clean-machine-'));
  const machine = join(dir, 'machine');
  cpSync(LEAKY_MACHINE, machine, { recursive: true, filter: (source) => !source.includes('/logs') });
  for (const patch of parsePatch(readFileSync('fixtures/leaky-machine/clean-variant.patch', 'utf8'))) {
    const path = join(dir, patch.newFileName!.replace(/^b\//, ''));
    const patched = applyPatch(readFileSync(path, 'utf8'), patch);
    if (patched === false) throw new Error(`clean-variant.patch does not apply to ${path}`);
    writeFileSync(path, patched);
  }
  return { dir, machine };
}
