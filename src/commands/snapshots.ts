// The steps `list`, `extract` and the diff share: expand inputs, read them, insist on dumps.

import { expandInputs } from '../read/inputs.js';
import { checkDumpsFound, loadLogs, type LoadedLog } from '../read/load.js';
import type { CommandContext } from './context.js';

/** Reads every input; warns on stderr about logs without dumps that were found through a directory or glob. */
export async function readInputs(ctx: CommandContext, inputs: readonly string[]): Promise<LoadedLog[]> {
  const sources = await expandInputs(inputs, ctx.io.cwd);
  const loaded = await loadLogs(sources, { stdin: ctx.io.stdin });
  const { warnings } = checkDumpsFound(loaded);
  for (const warning of warnings) ctx.io.stderr.write(`leakdiff: warning: ${warning}\n`);
  return loaded;
}
