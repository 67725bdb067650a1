// Settings of the diff command, from `leakdiff.config.json` and from flags: the same names (the long
// option names in camelCase), the same checks, one message style. Pure: the command reads the file.

import { LeakdiffError } from './errors.js';
import { excerptOfJson, excerptOfText } from './excerpt.js';
import type { ByStateMode, DiffOptions, FailOn, ProcessKind, TrendRule } from './model.js';
import { REPORT_FORMATS, type ReportFormat } from './report/formats.js';

/** Everything `leakdiff diff` can be told. */
export interface Settings {
  format: ReportFormat;
  /** same as `format: "json"` */
  json: boolean;
  all: boolean;
  showTree: boolean;
  failOn: FailOn;
  maxGrowth: number;
  ignore: string[];
  from: number | null;
  to: number | null;
  process: ProcessKind | null;
  trend: TrendRule;
  warmup: number;
  byState: ByStateMode;
  strict: boolean;
  includeDumpHandlers: boolean;
  /** false for `--no-color` */
  color: boolean;
  /** `-o FILE`; null = standard output */
  output: string | null;
  /** `--run`: which run of a logs/ folder to read (number or start-time prefix); null = the newest */
  run: string | null;
  /** `--baseline FILE`: findings within the budgets recorded there pass the gate; null = no baseline */
  baseline: string | null;
  /** `--update-baseline`: rewrite the baseline file with tightened budgets */
  updateBaseline: boolean;
  /** `--machine DIR`: the machine folder, for the source lines behind findings; null = the folder above a logs/ input, when it holds config/ */
  machine: string | null;
}

/** The name of the config file looked for in the working directory. */
export const CONFIG_FILE = 'leakdiff.config.json';

/** A config holds a few settings; a larger file is not read (it is probably not a config). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Text without the UTF-8 byte order mark that Windows editors put at its start. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export const DEFAULT_SETTINGS: Settings = {
  format: 'text',
  json: false,
  all: false,
  showTree: false,
  failOn: 'leak',
  maxGrowth: 0,
  ignore: [],
  from: null,
  to: null,
  process: null,
  trend: 'monotonic',
  warmup: 0,
  byState: 'auto',
  strict: false,
  includeDumpHandlers: false,
  color: true,
  output: null,
  run: null,
  baseline: null,
  updateBaseline: false,
  machine: null,
};

type SettingType =
  | { type: 'boolean' }
  | { type: 'choice'; choices: readonly string[] }
  /** a whole number, 0 or more */
  | { type: 'count' }
  /** a whole number other than 0; negative counts from the end */
  | { type: 'dump-number' }
  | { type: 'globs' }
  | { type: 'path' }
  /** a word, like a run's start time */
  | { type: 'text' };

const SETTING_TYPES = {
  format: { type: 'choice', choices: REPORT_FORMATS },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  showTree: { type: 'boolean' },
  failOn: { type: 'choice', choices: ['leak', 'suspect', 'never'] satisfies FailOn[] },
  maxGrowth: { type: 'count' },
  ignore: { type: 'globs' },
  from: { type: 'dump-number' },
  to: { type: 'dump-number' },
  process: { type: 'choice', choices: ['mpf', 'mc'] satisfies ProcessKind[] },
  trend: { type: 'choice', choices: ['monotonic', 'strict', 'net'] satisfies TrendRule[] },
  warmup: { type: 'count' },
  byState: { type: 'choice', choices: ['auto', 'on', 'off'] satisfies ByStateMode[] },
  strict: { type: 'boolean' },
  includeDumpHandlers: { type: 'boolean' },
  color: { type: 'boolean' },
  output: { type: 'path' },
  run: { type: 'text' },
  baseline: { type: 'path' },
  updateBaseline: { type: 'boolean' },
  machine: { type: 'path' },
} as const satisfies Record<keyof Settings, SettingType>;

export type SettingName = keyof Settings;

export const SETTING_NAMES = Object.keys(SETTING_TYPES) as SettingName[];

/**
 * Settings that write a file, with why a config file may not hold them: a config committed to a
 * repository must never make leakdiff write a file the command line did not name.
 */
const COMMAND_LINE_ONLY = {
  output: 'a config file cannot name a file to write; give -o FILE on the command line',
  updateBaseline: 'a config file cannot make leakdiff rewrite a file; give --update-baseline on the command line',
} as const satisfies Partial<Record<SettingName, string>>;

/** The settings a config file may hold. */
const CONFIG_NAMES = SETTING_NAMES.filter((name) => !Object.hasOwn(COMMAND_LINE_ONLY, name));

/** `--max-growth` for `maxGrowth`; `--no-color` for `color`. */
export function flagOf(name: SettingName): string {
  return name === 'color' ? '--no-color' : `--${name.replace(/[A-Z]/g, (char) => `-${char.toLowerCase()}`)}`;
}

/**
 * Settings given on the command line, checked. `values` are commander's option values of the
 * flags the user typed (strings, booleans, or the list of `--ignore` globs).
 */
export function settingsFromFlags(values: Partial<Record<SettingName, unknown>>): Partial<Settings> {
  const settings: Partial<Record<SettingName, unknown>> = {};
  for (const name of SETTING_NAMES) {
    const value = values[name];
    if (value === undefined) continue;
    const type: SettingType = SETTING_TYPES[name];
    const problem = (expected: string): LeakdiffError => new LeakdiffError(`${flagOf(name)}: "${excerptOfText(String(value))}" is not ${expected}`);
    switch (type.type) {
      case 'count':
      case 'dump-number': {
        const number = typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
        const message = checkNumber(type.type, number);
        if (message !== null) throw problem(message);
        settings[name] = number;
        break;
      }
      case 'choice':
        if (typeof value !== 'string' || !type.choices.includes(value)) throw problem(`one of ${type.choices.join(', ')}`);
        settings[name] = value;
        break;
      default:
        settings[name] = value;
    }
  }
  return settings as Partial<Settings>;
}

/**
 * Settings from a config file's text, checked; every message names the file and the key, and
 * quotes no more than a short excerpt of the file. Text longer than MAX_CONFIG_BYTES is refused:
 * read a config with readTextUpTo(file, MAX_CONFIG_BYTES + 1).
 */
export function settingsFromConfig(text: string, file: string): Partial<Settings> {
  if (text.length > MAX_CONFIG_BYTES || Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
    throw new LeakdiffError(`${file}: the config file is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB; a config holds a few settings: is it the right file?`);
  }
  let value: unknown;
  try {
    value = JSON.parse(withoutByteOrderMark(text));
  } catch (error) {
    throw new LeakdiffError(`${file}: not valid JSON (${excerptOfText((error as Error).message, 200)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LeakdiffError(`${file}: expected a JSON object of settings, like {"maxGrowth": 2}`);
  }
  const settings: Partial<Record<SettingName, unknown>> = {};
  for (const [key, setting] of Object.entries(value)) {
    if (!Object.hasOwn(SETTING_TYPES, key)) {
      throw new LeakdiffError(`${file}: unknown key "${excerptOfText(key)}" (known keys: ${CONFIG_NAMES.join(', ')})`);
    }
    if (Object.hasOwn(COMMAND_LINE_ONLY, key)) throw new LeakdiffError(`${file}: key "${key}": ${COMMAND_LINE_ONLY[key as keyof typeof COMMAND_LINE_ONLY]}`);
    const name = key as SettingName;
    const type: SettingType = SETTING_TYPES[name];
    const problem = (expected: string): LeakdiffError => new LeakdiffError(`${file}: key "${key}": expected ${expected}, got ${excerptOfJson(setting)}`);
    switch (type.type) {
      case 'boolean':
        if (typeof setting !== 'boolean') throw problem('true or false');
        break;
      case 'choice':
        if (typeof setting !== 'string' || !type.choices.includes(setting)) throw problem(`one of ${type.choices.map((choice) => `"${choice}"`).join(', ')}`);
        break;
      case 'count':
      case 'dump-number': {
        // null means "not set", as the defaults of from/to are.
        if (type.type === 'dump-number' && setting === null) break;
        // JSON has no infinity, but 1e400 reads as one.
        if (typeof setting === 'number' && !Number.isFinite(setting)) {
          throw new LeakdiffError(`${file}: key "${key}": not a finite number (too large); expected ${numberExpected(type.type)}`);
        }
        const message = typeof setting === 'number' ? checkNumber(type.type, setting) : numberExpected(type.type);
        if (message !== null) throw problem(message);
        break;
      }
      case 'globs':
        if (!Array.isArray(setting) || !setting.every((glob) => typeof glob === 'string')) throw problem('a list of globs, like ["timer_*"]');
        break;
      case 'path':
        if (typeof setting !== 'string' || setting === '') throw problem('a file name');
        break;
      case 'text':
        if (typeof setting !== 'string' || setting === '') throw problem('a word, like "2026-11-25-03-39-31"');
        break;
    }
    settings[name] = setting;
  }
  return settings as Partial<Settings>;
}

/** Defaults, then the config file, then the flags: a flag given overrides the file. */
export function resolveSettings(config: Partial<Settings>, flags: Partial<Settings>): Settings {
  if (flags.format !== undefined && flags.format !== 'json' && flags.json === true) {
    throw new LeakdiffError(`--json and --format ${flags.format} ask for two formats; give one`);
  }
  const settings: Settings = { ...DEFAULT_SETTINGS, ...config, ...flags };
  // `json` is another spelling of `format`: the one given on the command line wins over the file.
  const format = flags.json ? 'json' : flags.format ?? (config.json ? 'json' : config.format) ?? DEFAULT_SETTINGS.format;
  return { ...settings, format, json: format === 'json' };
}

/** The part of the settings the differ uses. */
export function diffOptionsOf(settings: Settings): DiffOptions {
  return {
    trend: settings.trend,
    maxGrowth: settings.maxGrowth,
    warmup: settings.warmup,
    byState: settings.byState,
    failOn: settings.failOn,
    strict: settings.strict,
    ignore: [...settings.ignore],
    includeDumpHandlers: settings.includeDumpHandlers,
    process: settings.process,
    from: settings.from,
    to: settings.to,
    all: settings.all,
    // Which runs among the dumps: the command decides from how the logs were named (read/runs.ts).
    run: 'all',
  };
}

function numberExpected(type: 'count' | 'dump-number'): string {
  return type === 'count' ? 'a whole number, 0 or more' : 'a whole number other than 0';
}

function checkNumber(type: 'count' | 'dump-number', value: number): string | null {
  if (!Number.isSafeInteger(value)) return numberExpected(type);
  if (type === 'count' && value < 0) return 'a whole number, 0 or more';
  if (type === 'dump-number' && value === 0) return 'a dump number other than 0 (1 is the first, -1 the last)';
  return null;
}
