// End to end: every `--format` of the diff command through `node bin/leakdiff.js` (build first:
// npx tsc -p tsconfig.json), with every kind of input (a file, a directory, a glob leakdiff
// expands, `-` for standard input, gzip recognised by its bytes), `--output FILE` for each
// format, $GITHUB_STEP_SUMMARY, and golden markdown and github outputs (UPDATE_GOLDEN=1 rewrites
// them: review the diff like code).

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import { REPORT_FORMATS, type ReportFormat } from '../src/report/index.js';
import { caseArgv, ROOT, spawnCli } from './helpers/cli.js';

const HANDLER_LEAK = path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-formats-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The same log as each kind of input, in `scratch`: the argument to give, and the name reports show. */
const log = readFileSync(HANDLER_LEAK);
mkdirSync(path.join(scratch, 'logs'));
mkdirSync(path.join(scratch, 'globbed'));
copyFileSync(HANDLER_LEAK, path.join(scratch, 'logs', 'mpf-pinbox.log'));
copyFileSync(HANDLER_LEAK, path.join(scratch, 'globbed', 'mpf-pinbox.log'));
copyFileSync(HANDLER_LEAK, path.join(scratch, 'mpf-pinbox.log'));
// No .gz in the name: gzip is recognised by its first bytes.
writeFileSync(path.join(scratch, 'rotated-mpf-pinbox.log.1'), gzipSync(log));

const INPUT_KINDS = [
  { kind: 'file', arg: 'mpf-pinbox.log', shown: 'mpf-pinbox.log' },
  { kind: 'directory', arg: 'logs', shown: path.join('logs', 'mpf-pinbox.log') },
  { kind: 'glob', arg: 'glob*/mpf-*.log', shown: path.join('globbed', 'mpf-pinbox.log') },
  { kind: 'stdin', arg: '-', shown: '-' },
  { kind: 'gzip', arg: 'rotated-mpf-pinbox.log.1', shown: 'rotated-mpf-pinbox.log.1' },
] as const;

/** What each format must say about the handler-growth log (2 leaks, one finding each, with its other state). */
const CHECKS = {
  text: (output) => assert.equal(output.trimEnd().split('\n').at(-1), 'mpf: 2 leaks'),
  json: (output) => {
    const report = JSON.parse(output) as { summary: { leaks: number; suspects: number }; exitCode: number };
    assert.deepEqual([report.summary.leaks, report.summary.suspects, report.exitCode], [2, 0, 1]);
  },
  markdown: (output) => {
    assert.equal(output.split('\n')[0], '### leakdiff: mpf: 2 leaks');
    assert.equal(output.split('\n').filter((line) => line.startsWith('| **leak** |')).length, 2);
  },
  github: (output) => {
    const lines = output.trimEnd().split('\n');
    assert.equal(lines.filter((line) => line.startsWith('::error ')).length, 2);
    assert.equal(lines.filter((line) => line.startsWith('::warning ')).length, 0);
    assert.equal(lines.at(-1), 'leakdiff: mpf: 2 leaks (9 dumps read)');
  },
  html: (output) => {
    assert.match(output, /^<!doctype html>\n/);
    assert.equal(output.match(/<svg class="chart /g)?.length, 2);
    assert.equal(output.match(/<circle /g)?.length, 3 + 3);
    assert.equal(output.match(/<p class="evidence">/g)?.length, 2, 'each finding\'s game·ball series beneath it');
    assert.match(output, /<p class="summary" id="summary">mpf: <span class="leak">2 leaks<\/span><\/p>/);
  },
} satisfies Record<ReportFormat, (output: string) => void>;

/** The report of the file `mpf-pinbox.log` as another kind of input gives it: only the name shown differs. */
function asShownFor(fileReport: string, shown: string, format: ReportFormat): string {
  // Standard input has no file for an annotation to point at.
  if (format === 'github' && shown === '-') return fileReport.replace(/ file=mpf-pinbox\.log,line=\d+,/g, ' ');
  return fileReport.replaceAll('mpf-pinbox.log', shown);
}

for (const format of REPORT_FORMATS) {
  test(`--format ${format}: the same report from a file, a directory, a glob, standard input and gzip`, async () => {
    const results = await Promise.all(INPUT_KINDS.map((input) => spawnCli([input.arg, '--format', format], { cwd: scratch, ...(input.kind === 'stdin' ? { stdin: log } : {}) })));
    const fileReport = results[0]!.stdout;
    INPUT_KINDS.forEach((input, index) => {
      const result = results[index]!;
      // A logs/ folder with no machine folder above it is said in a note.
      const note = input.kind === 'directory' ? 'leakdiff: note: logs: no machine folder above it (the current folder holds no config/ folder), so no source lines are shown (--machine DIR names one)\n' : '';
      assert.equal(result.stderr, note, `${input.kind}: no warning`);
      assert.equal(result.code, 1, `${input.kind}: exit 1, a leak`);
      CHECKS[format](result.stdout);
      assert.equal(result.stdout, asShownFor(fileReport, input.shown, format), `${input.kind} gives the same ${format} report as a file`);
    });
  });

  test(`--format ${format} --output FILE: the report goes to the file, byte for byte, nothing to stdout`, async () => {
    const output = path.join(scratch, `report.${format}`);
    const [written, printed] = await Promise.all([spawnCli([HANDLER_LEAK, '--format', format, '--output', output]), spawnCli([HANDLER_LEAK, '--format', format])]);
    assert.equal(written.code, 1);
    assert.equal(written.stdout, '');
    assert.equal(written.stderr, '');
    assert.equal(readFileSync(output, 'utf8'), printed.stdout);
  });
}

test('--format github appends the markdown report to $GITHUB_STEP_SUMMARY, after what other steps wrote', async () => {
  const summary = path.join(scratch, 'step-summary.md');
  writeFileSync(summary, '## Build\nok\n');
  const result = await spawnCli([HANDLER_LEAK, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
  assert.equal(result.code, 1);
  assert.equal(result.stderr, '');
  assert.match(result.stdout, /^::error /);
  const markdown = (await spawnCli([HANDLER_LEAK, '--format', 'markdown'])).stdout;
  assert.equal(readFileSync(summary, 'utf8'), `## Build\nok\n${markdown}\n`);
});

test('$GITHUB_STEP_SUMMARY is left alone by the other formats, and an unwritable one is exit 2 naming it', async () => {
  const summary = path.join(scratch, 'untouched.md');
  const others = REPORT_FORMATS.filter((name) => name !== 'github');
  await Promise.all(others.map((format) => spawnCli([HANDLER_LEAK, '--format', format], { env: { GITHUB_STEP_SUMMARY: summary } })));
  assert.equal(existsSync(summary), false);
  const bad = path.join(scratch, 'no-such-dir', 'summary.md');
  const result = await spawnCli([HANDLER_LEAK, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: bad } });
  assert.equal(result.code, 2);
  assert.equal(result.stderr, `leakdiff: GITHUB_STEP_SUMMARY ${bad}: cannot append the report (no such file or directory)\n`);
});

test('--format github: a clean run is one ::notice, and --fail-on moves findings between ::error and ::warning', async () => {
  const [clean, never, suspect] = await Promise.all([
    spawnCli([HANDLER_LEAK, '--ignore', 'ball_started', '--ignore', 'timer_*', '--format', 'github']),
    spawnCli([HANDLER_LEAK, '--fail-on', 'never', '--format', 'github']),
    spawnCli([HANDLER_LEAK, '--fail-on', 'suspect', '--format', 'github']),
  ]);
  assert.equal(clean.code, 0);
  assert.equal(clean.stdout, '::notice title=leakdiff::mpf: clean (9 dumps read)\n');
  assert.equal(never.code, 0);
  assert.equal(never.stdout.match(/^::warning /gm)?.length, 2);
  assert.match(never.stdout, /^::notice title=leakdiff::mpf: 2 leaks \(9 dumps read\)$/m);
  assert.equal(suspect.stdout.match(/^::error /gm)?.length, 2);
});

test('--help lists every command with a worked example and every exit code; --version prints the version', async () => {
  const [help, diffHelp, ...versions] = await Promise.all([spawnCli(['--help']), spawnCli(['diff', '--help']), spawnCli(['--version']), spawnCli(['-V'])]);
  assert.equal(help.code, 0);
  const commands = [...help.stdout.split('\nCommands:\n')[1]!.split('\n\n')[0]!.matchAll(/^ {2}(\S+)/gm)].map((match) => match[1]!).filter((name) => name !== 'help');
  assert.ok(commands.includes('diff') && commands.includes('list') && commands.includes('extract'), commands.join(' '));
  const examples = help.stdout.split('\nExamples:\n')[1] ?? '';
  for (const command of commands) {
    assert.match(examples, new RegExp(`^ {2}leakdiff ${command} \\S`, 'm'), `an example of \`leakdiff ${command}\` in EXAMPLES of src/cli.ts`);
  }
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  for (const printed of versions) assert.deepEqual(printed, { code: 0, stdout: `${version}\n`, stderr: '' });
  assert.match(diffHelp.stdout, /output format: text, json, markdown, github, html/);
  assert.match(diffHelp.stdout, /^ {2}leakdiff logs\/ --format html -o report\.html$/m);
  // The exit codes, every one of them, beside the examples.
  assert.match(help.stdout.replace(/\s+/g, ' '), /Exit status: 0 nothing fails the gate, 1 a leak .*, 2 usage or input error, 3 leakdiff itself failed/);
});

for (const name of ['diff-handler-growth', 'diff-real-clean-run', 'diff-paired-runs']) {
  for (const [format, file] of [
    ['markdown', 'expected.md'],
    ['github', 'expected.github.txt'],
  ] as const) {
    test(`golden ${format}: ${name}`, async () => {
      const { inputs, args } = caseArgv(name);
      const result = await spawnCli([...inputs, ...args, '--format', format]);
      // Its logs/ folder has no machine folder above it: said in a note.
      const logsFolder = inputs.find((input) => input.endsWith('/logs'));
      const note = logsFolder === undefined ? '' : `leakdiff: note: ${logsFolder}: no machine folder above it (${path.dirname(logsFolder)} holds no config/ folder), so no source lines are shown (--machine DIR names one)\n`;
      assert.equal(result.stderr, note);
      const expected = path.join(ROOT, 'fixtures', name, file);
      if (UPDATE || !existsSync(expected)) {
        assert.ok(UPDATE, `${name}: no ${file}; run with UPDATE_GOLDEN=1 and review it`);
        writeFileSync(expected, result.stdout);
        return;
      }
      assert.equal(result.stdout, readFileSync(expected, 'utf8'));
    });
  }
}
