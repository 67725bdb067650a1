// The verdict rules, on one series of counts: the trend rules on numbers alone, then the same with
// the machine's state and modes in view. Pure: no keys or names.

import type { DumpDifference, FindingRule, KeyOutcome, Snapshot, TrendRule, Verdict } from '../model.js';

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

/** What a series is judged over: its counts, and the snapshots (by index) they were read from. */
export interface JudgedSeries {
  values: readonly number[];
  points: readonly number[];
}

/** How a series is judged: the settings, and whether the two-dump rule may call growth a leak. */
export interface JudgeSettings {
  trend: TrendRule;
  budget: number;
  /**
   * the dumps were compared as they are, not split by state: growth between two of them is a
   * leak. When a state split left two dumps of a longer run together, they are judged as a series
   * of two, which cannot tell a leak from a one-time step.
   */
  twoDumpRule: boolean;
}

/** A judgement that sees the machine: a verdict and the dumps' difference it rests on, or a quiet outcome. */
export type StateJudgement = { verdict: Verdict; rule: FindingRule; differs?: DumpDifference } | { outcome: KeyOutcome };

/**
 * Judges a series with the machine in view. Growth between two dumps taken in different machine
 * states, or with different modes running, is what that state or mode registers, not a leak: a
 * leak by two dumps (the two-dump rule, first and last for `net`) needs dumps that agree on both,
 * else it is a suspect naming what differed. A trend must rise in two intervals whose dumps agree
 * on the state; modes may come and go along it, since a count that never drops while modes start
 * and stop is not what modes do. A key that rose once and then held for the rest of the series is
 * `settled`: a start-up or first-game step.
 */
export function judgeInContext(series: JudgedSeries, snapshots: readonly DumpContext[], settings: JudgeSettings): StateJudgement {
  const { values, points } = series;
  const base = judgeSeries(values, settings.trend, settings.budget);
  if ('outcome' in base) return base;
  const differenceAt = (interval: number, modes = true): DumpDifference | null => differenceOf(snapshots, points[interval]!, points[interval + 1]!, modes);
  const rising = values.slice(1).flatMap((value, i) => (value > values[i]! ? [i] : []));
  const intervals = values.length - 1;
  switch (base.rule) {
    case 'two-dumps': {
      const differs = differenceAt(0);
      if (differs !== null) return { verdict: 'suspect', rule: 'states-differ', differs };
      // `net` compares first and last whatever lies between: two dumps tell it as much as ten.
      return settings.twoDumpRule || settings.trend === 'net' ? base : { verdict: 'suspect', rule: 'two-in-state' };
    }
    case 'net': {
      const differs = differenceOf(snapshots, points[0]!, points[points.length - 1]!);
      return differs === null ? base : { verdict: 'suspect', rule: 'states-differ', differs };
    }
    case 'monotonic':
    case 'strict': {
      const alike = rising.filter((interval) => differenceAt(interval, false) === null);
      if (alike.length >= 2) return base;
      const differs = rising.map((interval) => differenceAt(interval, false)).find((difference) => difference !== null) ?? null;
      return differs === null ? base : { verdict: 'suspect', rule: 'states-differ', differs };
    }
    case 'one-time-step': {
      const step = rising[0]!;
      if (step < intervals - 1) return { outcome: 'settled' };
      const differs = differenceAt(step);
      return differs === null ? base : { verdict: 'suspect', rule: 'states-differ', differs };
    }
    default:
      return base;
  }
}

/** What the judge needs of a snapshot: the machine's state and the modes running when it was taken. */
export type DumpContext = Pick<Snapshot, 'state' | 'activeModes'>;

/**
 * What sets two dumps apart, or null when they agree: a machine state that differs, and (unless
 * `modes` is false) modes started or stopped between them. An unknown state is not taken for the
 * other's: it differs from any known one.
 */
export function differenceOf(snapshots: readonly DumpContext[], before: number, after: number, modes = true): DumpDifference | null {
  const older = snapshots[before]!;
  const newer = snapshots[after]!;
  const states = older.state !== newer.state;
  // Sets: a machine may run thousands of modes, and a search of one list per mode of the other
  // takes time that grows with their square.
  const olderModes = new Set(older.activeModes);
  const newerModes = new Set(newer.activeModes);
  const modesStarted = newer.activeModes.filter((mode) => !olderModes.has(mode));
  const modesStopped = older.activeModes.filter((mode) => !newerModes.has(mode));
  if (!states && (!modes || (modesStarted.length === 0 && modesStopped.length === 0))) return null;
  return { before, after, states: states ? [older.state, newer.state] : null, modesStarted, modesStopped };
}
