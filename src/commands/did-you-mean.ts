// A first argument that is neither a file nor a command is most often a command mistyped
// (`leakdiff lsit logs/`); diff, the default command, would only say that no such file exists.

/** Edits (insert, delete, replace, swap two neighbours) between a word and a name that still count as a typo. */
const MAX_EDITS = 2;

/** The command name `word` is a typo of, or null when none is close. */
export function closestCommand(word: string, names: readonly string[]): string | null {
  let best: { name: string; edits: number } | null = null;
  for (const name of names) {
    const edits = editDistance(word.toLowerCase(), name);
    // A short word is two edits from too many names to be a typo of one.
    if (edits > MAX_EDITS || edits * 2 >= name.length) continue;
    if (best === null || edits < best.edits) best = { name, edits };
  }
  return best?.name ?? null;
}

/** The optimal string alignment distance: Levenshtein's, plus a swap of two neighbours as one edit. */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, before[j - 2]! + 1);
      current.push(distance);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
