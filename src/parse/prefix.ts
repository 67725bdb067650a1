// Splits one physical log line into its prefix (time, level, logger) and its message.
// MPF and MPF-MC have written eight line formats over the versions that dump (format doc §5.3);
// one file can mix them (`mpf both -l` makes both processes write one file), so each line is
// classified on its own. The letters are the doc's. The regexes are dotAll: a stray \r or U+2028
// inside a message is a character of it, not the end of the line.

/** A: MPF file log · B: MC file log (no level) · C: 0.57 console · D: MPF 0.50–0.56 console ·
 *  E: MPF dev console (seconds only) · F: MC 0.33–0.56 console · G: JSON logging · H: Kivy's own log */
export type LineFormat = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H';

/** One log record: the prefix taken apart and the message left exactly as written. */
export interface LogRecord {
  format: LineFormat;
  /** logger name (`EventManager`, `mpfmc`, …); null where the format has none (Kivy's log) */
  logger: string | null;
  /** time as `YYYY-MM-DDTHH:MM:SS.mmm`, or `HH:MM:SS.mmm` when the format has no date; null without any */
  time: string | null;
  /** the message, unstripped: handler lines start with two spaces, queue lines with one */
  message: string;
}

const LEVEL = String.raw`(?:DEBUG|INFO|WARNING|ERROR|CRITICAL|NOTSET|TRACE|Level \d+)`;
const LEVEL_WORD = new RegExp(`^${LEVEL}$`);
const FILE_WITH_LEVEL = new RegExp(
  String.raw`^\s*(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3}) : ${LEVEL} : (.+?) : (.*)$`,
  's',
);
const FILE_WITHOUT_LEVEL = /^\s*(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3}) : (.+?) : (.*)$/s;
const CONSOLE_057 = new RegExp(String.raw`^\s*(\d{2}:\d{2}:\d{2})\.(\d{3}) : ${LEVEL} \[([^\]]+)\] (.*)$`, 's');
const CONSOLE_DEV = new RegExp(String.raw`^\s*\d{2}\.\d{3} : ${LEVEL} : (.+?) : (.*)$`, 's');
const CONSOLE_050 = new RegExp(String.raw`^\s*${LEVEL} : (.+?) : (.*)$`, 's');
// The MC 0.33–0.56 console form `name: message` would match almost any text, so only the two
// loggers that write dumps are accepted in it.
const CONSOLE_MC_033 = /^\s*(EventManager|mpfmc): (.*)$/s;
const KIVY = new RegExp(String.raw`^\s*\[${LEVEL}\s*\] (.*)$`, 's');
const JSON_START = /^\s*\{"/;
// `%Y-%m-%dT%H:%M:%S.` then `{:03f}`.format(msecs): a float with six decimals, so the milliseconds
// are not zero-padded (14 ms is `.14.000000`, 5 ms `.5.000000`), then `%z` (empty when naive).
const JSON_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})\.(\d{1,3})(?:\.\d*)?(?:[+-]\d{4}|Z)?$/;

/** The record of a line, or null when the line has no known prefix (a continuation, a paste, noise). */
export function parseRecord(line: string): LogRecord | null {
  let match: RegExpExecArray | null;
  if ((match = FILE_WITH_LEVEL.exec(line))) {
    return { format: 'A', logger: match[4]!, time: `${match[1]}T${match[2]}.${match[3]}`, message: match[5]! };
  }
  if ((match = FILE_WITHOUT_LEVEL.exec(line)) && !LEVEL_WORD.test(match[4]!)) {
    return { format: 'B', logger: match[4]!, time: `${match[1]}T${match[2]}.${match[3]}`, message: match[5]! };
  }
  if ((match = CONSOLE_057.exec(line))) {
    return { format: 'C', logger: match[3]!, time: `${match[1]}.${match[2]}`, message: match[4]! };
  }
  if ((match = CONSOLE_DEV.exec(line))) return { format: 'E', logger: match[1]!, time: null, message: match[2]! };
  if ((match = CONSOLE_050.exec(line))) return { format: 'D', logger: match[1]!, time: null, message: match[2]! };
  if ((match = CONSOLE_MC_033.exec(line))) return { format: 'F', logger: match[1]!, time: null, message: match[2]! };
  if ((match = KIVY.exec(line))) return { format: 'H', logger: null, time: null, message: match[1]! };
  if (JSON_START.test(line)) return parseJsonRecord(line);
  return null;
}

// `--json-logging` writes one object a line; its timestamp has a quirk (`…:55.682.427883`, two dots).
function parseJsonRecord(line: string): LogRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { name, message, timestamp } = value as Record<string, unknown>;
  if (typeof message !== 'string') return null;
  const time = typeof timestamp === 'string' ? JSON_TIME.exec(timestamp) : null;
  return {
    format: 'G',
    logger: typeof name === 'string' ? name : null,
    time: time ? `${time[1]}T${time[2]}.${time[3]!.padStart(3, '0')}` : null,
    message,
  };
}
