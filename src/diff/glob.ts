// `--ignore` globs on subjects. Subjects are event names and keys, not paths, so `*` matches any
// characters (a `/` too) and `?` one; everything else is literal. Node's path.matchesGlob is
// experimental in Node 20 and treats `/` as a separator, so it does not fit.

/** A matcher for one glob: `*` any run of characters, `?` one character. Case-sensitive, like MPF's event names. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const char of glob) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/** A test for "matches any of these globs"; false for every subject when there are none. */
export function matcherOf(globs: readonly string[]): (subject: string) => boolean {
  const patterns = globs.map(globToRegExp);
  return (subject) => patterns.some((pattern) => pattern.test(subject));
}
