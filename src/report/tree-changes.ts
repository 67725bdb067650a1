// The line-by-line alignment of a `--show-tree` listing, and what is shown when aligning would
// cost too much. The differ behind the alignment does work proportional to the lines times the
// number of edits, so two big trees with the same widgets in another order are quadratic; the
// `diff` package stops at an edit length we give it, and past that the listing is the lines
// whose number of copies changed, which takes one pass over each side.

import { diffArrays, structuredPatch, type ArrayChange, type StructuredPatch } from 'diff';

/** Roughly how many line comparisons one listing may cost before it is shown as counts instead. */
const ALIGNMENT_BUDGET = 4_000_000;

/** Edits always aligned whatever the size: a few widgets added or gone is the usual leak, and costs a few passes over the trees. */
const ALWAYS_ALIGNED_EDITS = 10;

/** The largest edit length (lines added plus removed) worth aligning for trees of these sizes. */
export function alignmentBound(beforeLength: number, afterLength: number): number {
  return Math.max(ALWAYS_ALIGNED_EDITS, Math.floor(ALIGNMENT_BUDGET / Math.max(1, beforeLength + afterLength)));
}

/** The two listings aligned line by line, or null when they differ by more than the bound. */
export function alignTreeLines(before: readonly string[], after: readonly string[]): ArrayChange<string>[] | null {
  return diffArrays(before.slice(), after.slice(), { maxEditLength: alignmentBound(before.length, after.length) }) ?? null;
}

/** The listings as a unified diff with three lines of context, or null when they differ by more than the bound. */
export function patchTreeLines(before: readonly string[], after: readonly string[]): StructuredPatch | null {
  return structuredPatch('', '', textOf(before), textOf(after), '', '', { context: 3, maxEditLength: alignmentBound(before.length, after.length) }) ?? null;
}

function textOf(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** A line whose number of copies differs between the two listings. */
export interface CountedLine {
  /** the normalised key */
  line: string;
  /** copies in the older listing */
  before: number;
  /** copies in the newer listing */
  after: number;
}

/** The lines whose number of copies changed, in the order they first appear (older listing first). */
export function countChangedLines(before: readonly string[], after: readonly string[]): CountedLine[] {
  const counts = new Map<string, CountedLine>();
  const entry = (line: string): CountedLine => {
    let counted = counts.get(line);
    if (counted === undefined) {
      counted = { line, before: 0, after: 0 };
      counts.set(line, counted);
    }
    return counted;
  };
  for (const line of before) entry(line).before += 1;
  for (const line of after) entry(line).after += 1;
  return [...counts.values()].filter((counted) => counted.before !== counted.after);
}
