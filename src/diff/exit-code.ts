// The exit status is a contract with scripts and CI: 0 nothing fails the gate, 1 a finding fails
// it, 2 usage or input error. This is its only definition.

import type { ExitCode, FailOn, Finding } from '../model.js';

/** What the gate looks at. */
export interface GateInput {
  findings: readonly Pick<Finding, 'verdict'>[];
  /** the comparison rests on at least one incomplete snapshot */
  incomplete: boolean;
}

/** What the gate is set to. */
export interface GateOptions {
  failOn: FailOn;
  /** incomplete snapshots are an input error */
  strict: boolean;
}

export function exitCodeOf(input: GateInput, options: GateOptions): ExitCode {
  if (options.strict && input.incomplete) return 2;
  if (options.failOn === 'never') return 0;
  const fails = options.failOn === 'suspect' ? input.findings.length > 0 : input.findings.some((finding) => finding.verdict === 'leak');
  return fails ? 1 : 0;
}
