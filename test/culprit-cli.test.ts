// `leakdiff diff` with a machine folder: found above a logs/ input, given with --machine, missing
// or damaged; and the culprits of the leaky-machine sample as the CLI prints them.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { HandlerGrowthFinding, Report } from '../src/model.js';
import { runCli } from './helpers/cli.js';
import { LEAKY_LOGS, LEAKY_MACHINE, RUN_A } from './helpers/leaky-machine-culprits.js';

const RUN_A_LOGS = [`${LEAKY_LOGS}/${RUN_A}-mpf-pinbox.log`, `${LEAKY_LOGS}/${RUN_A}-mc-pinbox.log`];

async function jsonOf(argv: readonly string[]): Promise<{ code: number | null; report: Report; stderr: string }> {
  const result = await runCli([...argv, '--format', 'json']);
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

describe('the machine folder', () => {
  test('found as the folder above the logs/ folder read, and named in the report', async () => {
    const { code, report } = await jsonOf([`${LEAKY_LOGS}/`, '--run', '1']);
    assert.equal(code, 1);
    assert.deepEqual(report.machine, { dir: LEAKY_MACHINE, chosenBy: 'logs-folder', warnings: [] });
    const text = (await runCli([`${LEAKY_LOGS}/`, '--run', '1'])).stdout;
    assert.match(text, /^Machine folder: fixtures\/leaky-machine\/machine \(the folder above logs\/\)$/m);
  });

  test('found above a log named inside logs/', async () => {
    const { report } = await jsonOf(RUN_A_LOGS);
    assert.equal(report.machine?.dir, LEAKY_MACHINE);
  });

  test('none for logs outside a logs/ folder, and nothing said about one', async () => {
    const { report } = await jsonOf(['fixtures/diff-handler-growth/mpf-pinbox.log']);
    assert.equal(report.machine, undefined);
    assert.doesNotMatch((await runCli(['fixtures/diff-handler-growth/mpf-pinbox.log'])).stdout, /Machine folder/);
  });

  test('a logs/ folder reached through a symbolic link: the folder above is the one the path names, and a note says it holds no machine', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leakdiff-linked-logs-'));
    try {
      mkdirSync(path.join(dir, 'sl'));
      symlinkSync(path.resolve(LEAKY_LOGS), path.join(dir, 'sl', 'logs'));
      for (const input of ['sl/logs', `sl/logs/${RUN_A}-mpf-pinbox.log`]) {
        const result = await runCli([input, '--run', '1', '--format', 'json'], { cwd: dir });
        assert.equal(result.code, 1, result.stderr);
        assert.equal(result.stderr, 'leakdiff: note: sl/logs: no machine folder above it (sl holds no config/ folder), so no source lines are shown (--machine DIR names one)\n', input);
        assert.equal((JSON.parse(result.stdout) as Report).machine, undefined);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--machine wins over the folder found, and its damaged files are warnings', async () => {
    const { code, report } = await jsonOf([...RUN_A_LOGS, '--machine', 'fixtures/culprit-machine-kinds/machine']);
    assert.equal(code, 1);
    assert.equal(report.machine?.chosenBy, 'option');
    assert.deepEqual(report.machine?.warnings.map((warning) => warning.file), [
      'fixtures/culprit-machine-kinds/machine/code/broken.py',
      'fixtures/culprit-machine-kinds/machine/modes/broken_mode/config/broken_mode.yaml',
    ]);
    const text = (await runCli([...RUN_A_LOGS, '--machine', 'fixtures/culprit-machine-kinds/machine'])).stdout;
    assert.match(text, /^ {2}fixtures\/culprit-machine-kinds\/machine\/code\/broken\.py: not valid Python at line 5, skipped$/m);
  });

  test('a --machine that does not exist or is a file is a bad option value: one line naming it, exit 2', async () => {
    const missing = await runCli([...RUN_A_LOGS, '--machine', 'fixtures/no-such-machine']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.equal(missing.stderr, 'leakdiff: --machine fixtures/no-such-machine: no such folder\n');
    const file = await runCli([...RUN_A_LOGS, '--machine', RUN_A_LOGS[0]!]);
    assert.equal(file.code, 2);
    assert.equal(file.stderr, `leakdiff: --machine ${RUN_A_LOGS[0]}: not a folder (give the machine folder, the one that holds config/)\n`);
  });

  test('a folder without config/ is said to be none, on stderr too, and nothing is said of its code', async () => {
    const { code, report, stderr } = await jsonOf([...RUN_A_LOGS, '--machine', 'fixtures/culprit-machine-kinds']);
    assert.equal(code, 1);
    assert.equal(stderr, 'leakdiff: warning: --machine fixtures/culprit-machine-kinds: not a machine folder (it holds no config/ folder), so no source lines are shown\n');
    assert.deepEqual(report.machine?.warnings, [{ file: 'fixtures/culprit-machine-kinds', message: 'no machine folder: it holds no config/ folder' }]);
    const culprits = report.findings.flatMap((finding) => (finding.kind === 'handler-growth' ? finding.culprits ?? [] : []));
    assert.ok(culprits.length > 0);
    assert.ok(culprits.every((culprit) => culprit.sources.length === 0 && culprit.note === undefined), JSON.stringify(culprits.map((culprit) => culprit.note)));
    assert.ok(report.findings.every((finding) => finding.sources === undefined));
    const text = (await runCli([...RUN_A_LOGS, '--machine', 'fixtures/culprit-machine-kinds'])).stdout;
    assert.doesNotMatch(text, /MPF's own|not found \(looked in/);
  });

  test('a config file that is a folder is a warning, not silence', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leakdiff-config-folder-'));
    try {
      cpSync(LEAKY_MACHINE, dir, { recursive: true, filter: (source) => !source.includes('/logs') });
      rmSync(path.join(dir, 'config', 'mc.yaml'));
      mkdirSync(path.join(dir, 'config', 'mc.yaml'));
      const { report } = await jsonOf([...RUN_A_LOGS, '--machine', dir]);
      assert.deepEqual(report.machine?.warnings.map((warning) => warning.message), ['a folder, not a file: not read as config or code']);
      assert.match(report.machine!.warnings[0]!.file, /config\/mc\.yaml$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('culprits through the CLI', () => {
  test('handler-growth findings of the leaky run carry culprits with source lines relative to the current directory', async () => {
    const { report } = await jsonOf(RUN_A_LOGS);
    const skillshot = report.findings.find((finding) => finding.subject === 's_top_rollover_active') as HandlerGrowthFinding;
    assert.equal(skillshot.culprits?.[0]?.callback, 'Skillshot._rollover_hit');
    assert.ok(skillshot.culprits![0]!.sources.some((source) => source.file === `${LEAKY_MACHINE}/modes/skillshot/code/skillshot.py` && source.line === 12));
  });
});
