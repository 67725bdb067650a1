// The bench's check that leakdiff, timed on the Unordered log, also names what leaks there: the
// handler-growth finding of each planted leak carries the callback and owner that the log's
// `Unordered handler` lines name. Run once, apart from the timed runs (whose output is discarded).

import { spawn } from 'node:child_process';

/** A leak planted in the Unordered log: its event, and the callback and owner MPF's lines name. */
export interface PlantedCulprit {
  event: string;
  callback: string;
  owner: string;
}

export interface CulpritCheck {
  /** the planted leaks whose finding names their callback and owner */
  named: PlantedCulprit[];
  planted: number;
  /** why the check could not be made (leakdiff failed, no JSON); null when it was */
  failure: string | null;
}

interface ReportShape {
  findings?: Array<{ kind?: string; subject?: string; culprits?: Array<{ callback?: string; owner?: string | null }> }>;
}

/** Runs `node leakdiff log --format json` and counts the planted culprits its findings name. */
export async function checkCulprits(leakdiff: string, log: string, planted: readonly PlantedCulprit[]): Promise<CulpritCheck> {
  const { code, stdout, stderr } = await runCapturing(process.execPath, [leakdiff, log, '--format', 'json']);
  if (code !== 0 && code !== 1) return { named: [], planted: planted.length, failure: `exit ${code}: ${stderr.trim().split('\n')[0] ?? ''}` };
  let report: ReportShape;
  try {
    report = JSON.parse(stdout) as ReportShape;
  } catch {
    return { named: [], planted: planted.length, failure: 'its output is not JSON' };
  }
  const named = planted.filter((leak) =>
    (report.findings ?? []).some(
      (finding) =>
        finding.kind === 'handler-growth' &&
        finding.subject === leak.event &&
        (finding.culprits ?? []).some((culprit) => culprit.callback === leak.callback && culprit.owner === leak.owner),
    ),
  );
  return { named, planted: planted.length, failure: null };
}

function runCapturing(command: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
