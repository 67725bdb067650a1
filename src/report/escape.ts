// Names in a log come from a machine's config and its players: they may hold terminal control
// sequences. Human output shows them as visible escapes, never raw.

// C0 controls but tab, DEL, C1 controls, the bidirectional overrides that can reorder a line, and
// the characters that print as nothing (zero-width spaces and joiners, direction marks, word
// joiner and invisible operators, the byte-order mark), and the line and paragraph separators that
// some terminals and editors break lines at: two names that look the same must read
// differently.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Text safe to print on a terminal: control characters become `\x1b`, `\n`, `\u202e`. */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// JSON.stringify escapes C0 controls (ESC becomes `\u001b`) but leaves DEL, C1 controls, the bidi
// overrides and the invisible characters raw, and JSON output goes to the terminal when no
// --output is given.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * JSON text (from JSON.stringify) safe to print on a terminal. Those characters can only stand
 * inside strings, and `\uXXXX` reads back as the same character: the data is unchanged.
 */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
