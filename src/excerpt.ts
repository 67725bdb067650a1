// Messages about a config or baseline quote what is wrong in it, but never more than a short
// excerpt: a value may be megabytes long, or nested too deep to turn into text at all.

/** How many characters of a value a message quotes. */
const EXCERPT_CHARS = 60;

/** The start of `text`, with `…` when it was cut. */
export function excerptOfText(text: string, maxChars = EXCERPT_CHARS): string {
  if (text.length <= maxChars) return text;
  // A cut between the two halves of a surrogate pair would leave half a character.
  const end = /[\uD800-\uDBFF]/u.test(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
  return `${text.slice(0, end)}…`;
}

/** A parsed JSON value as JSON text, only as far as the excerpt goes: never the whole of a big value. */
export function excerptOfJson(value: unknown, maxChars = EXCERPT_CHARS): string {
  let text = '';
  // Each returns false once the excerpt is full, and everything stops there.
  const put = (part: string): boolean => {
    text += part.length > maxChars ? part.slice(0, maxChars + 1) : part;
    return text.length <= maxChars;
  };
  const visit = (item: unknown): boolean => {
    if (Array.isArray(item)) {
      if (!put('[')) return false;
      for (let index = 0; index < item.length; index += 1) {
        if ((index > 0 && !put(', ')) || !visit(item[index])) return false;
      }
      return put(']');
    }
    if (typeof item === 'object' && item !== null) {
      if (!put('{')) return false;
      let first = true;
      for (const key in item) {
        if ((!first && !put(', ')) || !put(`${JSON.stringify(key)}: `) || !visit((item as Record<string, unknown>)[key])) return false;
        first = false;
      }
      return put('}');
    }
    return put(JSON.stringify(item) ?? String(item));
  };
  visit(value);
  return excerptOfText(text, maxChars);
}
