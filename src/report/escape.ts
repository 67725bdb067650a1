// Names in a log come from a machine's config and its players: they may hold terminal control
// sequences. Human output shows them as visible escapes, never raw.

// C0 controls but tab, DEL, C1 controls, and the bidirectional overrides that can reorder a line.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to print on a terminal: control characters become `\x1b`, `\n`, `\u202e`. */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
