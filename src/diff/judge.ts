// The verdict rules (docs/findings.md, "Leak or suspect"), on one series of counts. Pure arithmetic, no keys or names.

import type { FindingRule, KeyOutcome, TrendRule, Verdict } from '../model.js';

/** What one series amounts to: a finding (verdict and rule) or a quiet outcome. */
export type Judgement = { verdict: Verdict; rule: FindingRule } | { outcome: KeyOutcome };

/**
 * Judges a series of counts, oldest first (at least two).
 * Growth at or under `budget` is never a finding. Two dumps: any growth above it is a leak, since
 * nothing else can be known. Three or more: the trend rule decides what is a leak; net growth the
 * rule does not call a leak is a suspect, named by its shape.
 */
export function judgeSeries(series: readonly number[], trend: TrendRule, budget: number): Judgement {
  const first = series[0]!;
  const delta = series[series.length - 1]! - first;
  if (delta < 0) return { outcome: 'shrinking' };
  if (delta === 0) return { outcome: 'unchanged' };
  if (delta <= budget) return { outcome: 'within-budget' };
  if (series.length === 2) return { verdict: 'leak', rule: 'two-dumps' };

  const { rises, drops, intervals } = shapeOf(series);
  if (trend === 'net') return { verdict: 'leak', rule: 'net' };
  if (trend === 'strict' && rises === intervals) return { verdict: 'leak', rule: 'strict' };
  if (trend === 'monotonic' && drops === 0 && rises >= 2) return { verdict: 'leak', rule: 'monotonic' };
  if (drops > 0) return { verdict: 'suspect', rule: 'up-and-down' };
  if (rises === 1) return { verdict: 'suspect', rule: 'one-time-step' };
  // Only `strict` gets here: it never dropped and rose more than once, but paused somewhere.
  return { verdict: 'suspect', rule: 'not-every-interval' };
}

/** How many intervals of a series rose and how many dropped. */
export function shapeOf(series: readonly number[]): { rises: number; drops: number; intervals: number } {
  let rises = 0;
  let drops = 0;
  for (let i = 1; i < series.length; i++) {
    if (series[i]! > series[i - 1]!) rises++;
    else if (series[i]! < series[i - 1]!) drops++;
  }
  return { rises, drops, intervals: series.length - 1 };
}
