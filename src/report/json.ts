import type { Report } from '../model.js';
import type { Reporter } from './reporter.js';

/**
 * `--format json`: the Report as the model has it. Key order is the order the differ builds its
 * objects in, which is fixed, so the same input gives the same bytes. File names are as given.
 */
export const renderJson: Reporter = (report: Report) => `${JSON.stringify(report, null, 2)}\n`;
