// README.md and docs/*.md against the code: the test command CI runs, every option documented,
// every `$ leakdiff …` output shown as leakdiff prints it today, every link landing.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, runCli } from './helpers/cli.js';

const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const COMMANDS = ['diff', 'list', 'extract', 'trigger', 'watch', 'baseline'];

function read(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

/** A shown command and the output printed under it, up to the end of its code block. */
interface ShownRun {
  file: string;
  argv: string[];
  output: string;
}

/**
 * The `$ leakdiff …` runs shown in a page whose output is the whole of stdout: `diff` and `list`
 * writing to the terminal. Runs that write files, talk to MPF or follow a log are left out.
 */
function shownRuns(file: string): ShownRun[] {
  const runs: ShownRun[] = [];
  for (const block of read(file).matchAll(/^```\n([\s\S]*?)^```$/gm)) {
    const lines = block[1]!.replace(/\n$/, '').split('\n');
    const first = lines[0]!;
    if (!first.startsWith('$ leakdiff ')) continue;
    if (lines.slice(1).some((line) => line.startsWith('$ '))) continue;
    const argv = first.slice('$ leakdiff '.length).split(' ');
    if (['trigger', 'watch', 'baseline', 'extract'].includes(argv[0]!) || argv.includes('-o')) continue;
    runs.push({ file, argv, output: lines.slice(1).join('\n') });
  }
  return runs;
}

/** GitHub's anchor for a heading. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replaceAll(' ', '-');
}

function anchorsOf(file: string): Set<string> {
  const prose = read(file).replace(/^```[\s\S]*?^```$/gm, '');
  return new Set([...prose.matchAll(/^#+ (.*)$/gm)].map((match) => anchorOf(match[1]!)));
}

describe('README and docs', () => {
  test('README shows the test command that CI runs', () => {
    const readme = read('README.md');
    assert.match(readme, /^npm ci && npm test$/m);
    const ci = read('.ci/run').split('\n');
    assert.ok(ci.includes('npm ci'), '.ci/run installs with npm ci');
    assert.ok(ci.includes('npm test'), '.ci/run runs npm test');
    assert.match(readme, /test suite.*takes about \d+ minutes/s, 'README says how long the tests take');
  });

  test('README stays a five-minute read', () => {
    const lines = read('README.md').split('\n').length;
    assert.ok(lines <= 300, `README.md has ${lines} lines; the reference belongs in docs/`);
  });

  test('every option of every command is documented', async () => {
    const reference = read('docs/options.md') + read('docs/watch-and-trigger.md');
    for (const command of COMMANDS) {
      const help = await runCli([command, '--help']);
      const options = new Set([...help.stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((match) => match[1]!));
      options.delete('--help');
      assert.ok(options.size > 0, `leakdiff ${command} --help lists options`);
      for (const option of options) {
        assert.match(reference, new RegExp(`(?<![\\w-])${option}(?![\\w-])`), `leakdiff ${command} ${option} is in docs/options.md or docs/watch-and-trigger.md`);
      }
    }
  });

  test('the outputs shown are what leakdiff prints', async () => {
    const runs = DOCS.flatMap(shownRuns);
    assert.ok(runs.length >= 5, `the pages show real runs (${runs.length} found)`);
    for (const run of runs) {
      const result = await runCli(run.argv);
      assert.equal(result.stdout, `${run.output}\n`, `${run.file}: leakdiff ${run.argv.join(' ')}`);
    }
  });

  test('every link between the pages lands on a file and a heading', () => {
    for (const file of DOCS) {
      for (const match of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = match[1]!;
        if (/^[a-z]+:/.test(link)) continue;
        const [target, anchor] = link.split('#') as [string, string | undefined];
        const resolved = target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
        assert.ok(existsSync(path.join(ROOT, resolved)), `${file}: ${link} names a file that exists`);
        if (anchor !== undefined && resolved.endsWith('.md')) {
          assert.ok(anchorsOf(resolved).has(anchor), `${file}: ${link} names a heading of ${resolved}`);
        }
      }
    }
  });
});
