// Problems as the parser meets them. Damage often repeats line after line (a header written over
// and over, END lines with no header): a run of the same problem is kept once, with how often it
// came, so that what a log's problems cost does not grow with the log.

import type { Problem, ProblemReason } from '../model.js';

/** Problems in the order met, each with how many times it came in a row (1: once). */
export interface ProblemList {
  problems: Problem[];
  /** parallel to `problems` */
  problemRepeats: number[];
  /** a dump was read after the last problem: the next one starts a run of its own */
  runEnded?: boolean;
  /** a dump was read before the first problem: it continues no run of a list before this one */
  startsAfterDump?: boolean;
}

export function emptyProblemList(): ProblemList {
  return { problems: [], problemRepeats: [] };
}

/** Adds `problem`, or counts it once more when the last one is the same problem and no dump came between. */
export function addToList(list: ProblemList, problem: Problem): void {
  const last = list.problems.length - 1;
  if (last >= 0 && list.runEnded !== true && sameProblem(list.problems[last]!, problem)) list.problemRepeats[last]! += 1;
  else {
    list.problems.push(problem);
    list.problemRepeats.push(1);
  }
  list.runEnded = false;
}

/** Adds the problem `reason` at `line`, as addToList. */
export function addProblem(list: ProblemList, line: number, reason: ProblemReason, detail: string): void {
  addToList(list, { line, reason, detail });
}

/** A dump was read: the same problem after it is not the one before it again. */
export function endRun(list: ProblemList): void {
  list.runEnded = true;
  if (list.problems.length === 0) list.startsAfterDump = true;
}

/**
 * `head`'s problems, then `tail`'s with their lines moved down by `lines`, as one list would have
 * them had it met them all: a run that goes on across the two is one. Neither list is changed.
 */
export function joinLists(head: ProblemList, tail: ProblemList, lines: number): ProblemList {
  const joined: ProblemList = { problems: [...head.problems], problemRepeats: [...head.problemRepeats] };
  const continues = head.runEnded !== true && tail.startsAfterDump !== true;
  tail.problems.forEach((problem, index) => {
    const repeats = tail.problemRepeats[index] ?? 1;
    const last = joined.problems.length - 1;
    if (index === 0 && continues && last >= 0 && sameProblem(joined.problems[last]!, problem)) joined.problemRepeats[last]! += repeats;
    else {
      joined.problems.push({ ...problem, line: problem.line + lines });
      joined.problemRepeats.push(repeats);
    }
  });
  return joined;
}

/** The problems as a snapshot or log keeps them: a repeated one says how often it came. */
export function listedProblems(list: ProblemList): Problem[] {
  return list.problems.map((problem, index) => {
    const repeats = list.problemRepeats[index] ?? 1;
    return repeats === 1 ? problem : { ...problem, detail: `${problem.detail} (${repeats} times in a row)` };
  });
}

function sameProblem(a: Problem, b: Problem): boolean {
  return a.reason === b.reason && a.detail === b.detail;
}
