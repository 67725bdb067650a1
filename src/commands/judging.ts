// The options that decide what is a finding, shared by diff, baseline and watch: the three judge
// alike, and a leakdiff.config.json means the same to each.

import path from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE, MAX_CONFIG_BYTES, resolveSettings, SETTING_NAMES, settingsFromConfig, settingsFromFlags, type SettingName, type Settings } from '../config.js';
import { describeSystemError, LeakdiffError } from '../errors.js';
import { readTextUpTo } from '../read-text-up-to.js';
import type { CommandContext } from './context.js';

/** The settings that change which findings there are, and how they are judged. */
export const JUDGING_SETTINGS = ['maxGrowth', 'ignore', 'trend', 'warmup', 'byState', 'includeDumpHandlers'] as const satisfies readonly SettingName[];

/** Adds the judging options (`JUDGING_SETTINGS`) and `--config` to a command. */
export function addJudgingOptions(command: Command): Command {
  return command
    .option('--max-growth <n>', 'growth a key may show before it is a finding (default: 0)')
    .option('--ignore <glob>', 'leave out subjects matching this glob (* and ?); repeatable', (glob: string, previous: string[] | undefined) => [...(previous ?? []), glob])
    .option('--trend <rule>', 'how three or more dumps are judged: monotonic, strict or net (default: monotonic)')
    .option('--warmup <k>', 'leave the first K dumps of each process out of judging (default: 0)')
    .option('--by-state <mode>', 'compare dumps within each machine state: auto, on or off (default: auto)')
    .option('--include-dump-handlers', "judge the dump's own handlers too (debug_dump_stats, bcp_debug_dump)")
    .option('--config <file>', `read settings from this JSON file (default: ${CONFIG_FILE} here, when there is one)`);
}

/**
 * The settings of a command: the defaults, then those of the config file that `fromConfig` keeps
 * (null: all), then those typed on the command line (only those, so the file's show through).
 */
export async function settingsOf(ctx: CommandContext, command: Command, fromConfig: readonly SettingName[] | null): Promise<Settings> {
  const flags = command.opts<Record<string, unknown>>();
  const typed = Object.fromEntries(SETTING_NAMES.filter((name) => command.getOptionValueSource(name) === 'cli').map((name) => [name, flags[name]]));
  const config = await readConfig(ctx, typeof flags.config === 'string' ? flags.config : null);
  const kept = fromConfig === null ? config : Object.fromEntries(fromConfig.filter((name) => name in config).map((name) => [name, config[name]]));
  return resolveSettings(kept, settingsFromFlags(typed));
}

/** `--config FILE` must exist; `leakdiff.config.json` in the working directory is read when it does. */
export async function readConfig(ctx: CommandContext, given: string | null): Promise<Partial<Settings>> {
  const name = given ?? CONFIG_FILE;
  const file = path.resolve(ctx.io.cwd, name);
  let text: string;
  try {
    text = await readTextUpTo(file, MAX_CONFIG_BYTES + 1);
    ctx.configFiles.push(file);
  } catch (error) {
    if (given === null && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new LeakdiffError(`${name}: cannot read the config file (${describeSystemError(error)})`);
  }
  return settingsFromConfig(text, name);
}
