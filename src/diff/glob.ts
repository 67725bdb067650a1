// `--ignore` globs on subjects. Subjects are event names and keys, not paths, so `*` matches any
// characters (a `/` too) and `?` one; everything else is literal.
//
// Globs come from the command line and from config files, so matching must stay fast for any
// glob. A regular expression cannot promise that: every glob library for JavaScript (picomatch,
// minimatch) compiles to one, and there `*a*a*a*a*z` backtracks for a time that grows with the
// subject's length to the power of the number of stars. The matcher below never goes back further than the last star it passed, so a match
// costs at most the glob's length times the subject's.

/** A glob read once: its characters (code points), runs of stars made one. */
type CompiledGlob = readonly string[];

function compileGlob(glob: string): CompiledGlob {
  const characters: string[] = [];
  for (const character of glob) {
    if (character === '*' && characters.at(-1) === '*') continue;
    characters.push(character);
  }
  return characters;
}

/** The length in code units of the character at `index` of `text`: 2 for a surrogate pair. */
function characterLength(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

/**
 * Whether `subject` matches the glob, character by character (code points, so `?` is one emoji).
 * Case-sensitive, like MPF's event names.
 */
function matchesGlob(glob: CompiledGlob, subject: string): boolean {
  let g = 0;
  let s = 0;
  // Where the last star was passed, and where in the subject its match ends so far: on a
  // mismatch the star takes one more character and matching resumes after it.
  let starAt = -1;
  let starEnd = 0;
  while (s < subject.length) {
    const wanted = glob[g];
    if (wanted === '*') {
      starAt = g;
      starEnd = s;
      g += 1;
      continue;
    }
    if (wanted !== undefined) {
      const length = characterLength(subject, s);
      if (wanted === '?' || subject.startsWith(wanted, s)) {
        // A literal character of the glob is one code point, so its length is the subject's.
        g += 1;
        s += length;
        continue;
      }
    }
    if (starAt < 0) return false;
    starEnd += characterLength(subject, starEnd);
    g = starAt + 1;
    s = starEnd;
  }
  while (glob[g] === '*') g += 1;
  return g === glob.length;
}

/** A test for "matches any of these globs"; false for every subject when there are none. */
export function matcherOf(globs: readonly string[]): (subject: string) => boolean {
  const compiled = globs.map(compileGlob);
  return (subject) => compiled.some((glob) => matchesGlob(glob, subject));
}
