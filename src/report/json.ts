import type { Report } from '../model.js';
import { escapeJsonForTerminal } from './escape.js';
import type { Reporter } from './reporter.js';

/**
 * `--format json`: the Report as the model has it. Key order is the order the differ builds its
 * objects in, which is fixed, so the same input gives the same bytes. File names are as given.
 * Control characters that JSON.stringify leaves raw are written as \u escapes: the same text
 * once parsed, and harmless when the JSON lands on a terminal.
 */
export const renderJson: Reporter = (report: Report) => `${escapeJsonForTerminal(JSON.stringify(report, null, 2))}\n`;
