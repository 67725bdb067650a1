// Settings from flags and from leakdiff.config.json: same names, same checks, flags win.

import { Readable } from 'node:stream';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, diffOptionsOf, flagOf, resolveSettings, settingsFromConfig, settingsFromFlags } from '../src/config.js';
import { useColor, type CliIo } from '../src/commands/context.js';
import { LeakdiffError } from '../src/errors.js';

function throwsMessage(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => error instanceof LeakdiffError && error.message === message);
}

test('flags: numbers and choices are checked with a one-line message naming the flag', () => {
  assert.deepEqual(settingsFromFlags({ maxGrowth: '3', from: '-2', to: '+4', trend: 'net', ignore: ['timer_*'], strict: true }), {
    maxGrowth: 3,
    from: -2,
    to: 4,
    trend: 'net',
    ignore: ['timer_*'],
    strict: true,
  });
  throwsMessage(() => settingsFromFlags({ maxGrowth: 'x' }), '--max-growth: "x" is not a whole number, 0 or more');
  throwsMessage(() => settingsFromFlags({ maxGrowth: '-1' }), '--max-growth: "-1" is not a whole number, 0 or more');
  throwsMessage(() => settingsFromFlags({ warmup: '1.5' }), '--warmup: "1.5" is not a whole number, 0 or more');
  throwsMessage(() => settingsFromFlags({ from: '0' }), '--from: "0" is not a dump number other than 0 (1 is the first, -1 the last)');
  throwsMessage(() => settingsFromFlags({ failOn: 'all' }), '--fail-on: "all" is not one of leak, suspect, never');
  throwsMessage(() => settingsFromFlags({ byState: 'yes' }), '--by-state: "yes" is not one of auto, on, off');
  throwsMessage(() => settingsFromFlags({ format: 'xml' }), '--format: "xml" is not one of text, json, markdown, github, html');
});

test('flag names of settings', () => {
  assert.equal(flagOf('maxGrowth'), '--max-growth');
  assert.equal(flagOf('includeDumpHandlers'), '--include-dump-handlers');
  assert.equal(flagOf('color'), '--no-color');
});

test('config: the same settings, as JSON types', () => {
  const settings = settingsFromConfig('{"maxGrowth": 2, "ignore": ["timer_*"], "failOn": "suspect", "from": null, "to": -1, "color": false}', 'leakdiff.config.json');
  assert.deepEqual(settings, { maxGrowth: 2, ignore: ['timer_*'], failOn: 'suspect', from: null, to: -1, color: false });
});

test('config: unknown key, wrong type and bad JSON name the file and the key', () => {
  throwsMessage(
    () => settingsFromConfig('{"maxGrow": 2}', 'ci/leakdiff.json'),
    'ci/leakdiff.json: unknown key "maxGrow" (known keys: format, json, all, showTree, failOn, maxGrowth, ignore, from, to, process, trend, warmup, byState, strict, includeDumpHandlers, color, run, baseline, machine)',
  );
  throwsMessage(() => settingsFromConfig('{"maxGrowth": "2"}', 'c.json'), 'c.json: key "maxGrowth": expected a whole number, 0 or more, got "2"');
  throwsMessage(() => settingsFromConfig('{"ignore": "timer_*"}', 'c.json'), 'c.json: key "ignore": expected a list of globs, like ["timer_*"], got "timer_*"');
  throwsMessage(() => settingsFromConfig('{"strict": 1}', 'c.json'), 'c.json: key "strict": expected true or false, got 1');
  throwsMessage(() => settingsFromConfig('{"trend": "up"}', 'c.json'), 'c.json: key "trend": expected one of "monotonic", "strict", "net", got "up"');
  throwsMessage(() => settingsFromConfig('[1]', 'c.json'), 'c.json: expected a JSON object of settings, like {"maxGrowth": 2}');
  assert.throws(() => settingsFromConfig('{"maxGrowth": 2', 'c.json'), /^LeakdiffError: c\.json: not valid JSON/);
  throwsMessage(() => settingsFromConfig('{"__proto__": 1}', 'c.json'), 'c.json: unknown key "__proto__" (known keys: format, json, all, showTree, failOn, maxGrowth, ignore, from, to, process, trend, warmup, byState, strict, includeDumpHandlers, color, run, baseline, machine)');
});

test('defaults, then config, then flags', () => {
  const settings = resolveSettings({ maxGrowth: 2, failOn: 'suspect', ignore: ['a*'] }, { maxGrowth: 5 });
  assert.equal(settings.maxGrowth, 5);
  assert.equal(settings.failOn, 'suspect');
  assert.deepEqual(settings.ignore, ['a*']);
  assert.equal(settings.trend, 'monotonic');
  assert.equal(resolveSettings({}, { json: true }).format, 'json');
  assert.equal(resolveSettings({ format: 'text' }, { json: true }).format, 'json');
  assert.equal(resolveSettings({ json: true }, { format: 'text' }).format, 'text', 'a flag wins over the file');
  assert.equal(resolveSettings({ json: true }, {}).format, 'json');
  assert.equal(resolveSettings({ format: 'json' }, {}).format, 'json');
  throwsMessage(() => resolveSettings({}, { json: true, format: 'text' }), '--json and --format text ask for two formats; give one');
  assert.deepEqual(Object.keys(diffOptionsOf(DEFAULT_SETTINGS)), ['trend', 'maxGrowth', 'warmup', 'byState', 'failOn', 'strict', 'ignore', 'includeDumpHandlers', 'process', 'from', 'to', 'all', 'run']);
});

test('colour: on a terminal unless NO_COLOR, FORCE_COLOR=0|false, --no-color or -o; FORCE_COLOR turns it on in a pipe', () => {
  const io = (isTTY: boolean, env: Record<string, string>): CliIo => ({
    stdout: { write: () => true, isTTY },
    stderr: { write: () => true },
    stdin: Readable.from([]),
    env,
    cwd: '.',
  });
  assert.equal(useColor(io(true, {}), {}), true, 'a terminal');
  assert.equal(useColor(io(false, {}), {}), false, 'a pipe');
  assert.equal(useColor(io(true, { NO_COLOR: '1' }), {}), false);
  assert.equal(useColor(io(true, { NO_COLOR: '' }), {}), true, 'NO_COLOR set but empty counts as unset');
  for (const off of ['0', 'false']) assert.equal(useColor(io(true, { FORCE_COLOR: off }), {}), false, `FORCE_COLOR=${off}`);
  for (const on of ['1', '3', 'true', '']) assert.equal(useColor(io(false, { FORCE_COLOR: on }), {}), true, `FORCE_COLOR=${on}`);
  assert.equal(useColor(io(true, { FORCE_COLOR: '1', NO_COLOR: '1' }), {}), false, 'NO_COLOR wins');
  assert.equal(useColor(io(true, {}), { color: false }), false, '--no-color');
  assert.equal(useColor(io(true, { FORCE_COLOR: '1' }), { output: 'report.txt' }), false, 'a file gets no escape sequences');
});
