// The exit status is a contract with scripts and CI: 0 nothing fails the gate, 1 a finding fails
// it, 2 usage or input error. This is its only definition.

import type { ExitCode, FailOn, Finding, Report } from '../model.js';

/** What the gate looks at in a finding: its verdict, and where it stands against `--baseline`. */
export type GatedFinding = Pick<Finding, 'verdict'> & { baseline?: Pick<NonNullable<Finding['baseline']>, 'status'> };

/** What the gate looks at. */
export interface GateInput {
  findings: readonly GatedFinding[];
  /** the comparison rests on at least one incomplete snapshot */
  incomplete: boolean;
  /** a log read ends early (a .gz cut off): dumps after the cut are missing */
  logCutOff?: boolean;
  /** a process was compared but not one of its handler counts could be read: nothing to judge */
  unknown?: boolean;
}

/** What the gate is set to. */
export interface GateOptions {
  failOn: FailOn;
  /** incomplete snapshots are an input error */
  strict: boolean;
}

/**
 * Whether one finding fails the gate: a leak (or, with `--fail-on suspect`, any finding), unless a
 * baseline knows it and it grew no more than its budget.
 */
export function failsGate(finding: GatedFinding, failOn: FailOn): boolean {
  if (failOn === 'never' || finding.baseline?.status === 'within-budget') return false;
  return failOn === 'suspect' || finding.verdict === 'leak';
}

export function exitCodeOf(input: GateInput, options: GateOptions): ExitCode {
  // A leak found fails the gate even where another run's verdict is unknown: that one hides none.
  if (options.strict && (input.incomplete || input.logCutOff === true)) return 2;
  const fails = input.findings.some((finding) => failsGate(finding, options.failOn));
  if (input.unknown === true) return fails ? 1 : 2;
  return fails ? 1 : 0;
}

/** Whether a log of the report ends early (its `truncated` log problem: a .gz cut off). */
export function logCutOffOf(report: Pick<Report, 'logProblems'>): boolean {
  return report.logProblems?.some((problem) => problem.reason === 'truncated') ?? false;
}

/** Whether a process of the report was compared but could not be judged (no handler count read). */
export function unknownOf(report: Pick<Report, 'summary'>): boolean {
  return report.summary.byProcess.mpf.unknown === true || report.summary.byProcess.mc.unknown === true;
}
