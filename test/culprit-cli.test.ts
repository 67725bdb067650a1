// `leakdiff diff` with a machine folder: found above a logs/ input, given with --machine, missing
// or damaged; and the culprits of the leaky-machine sample as the CLI prints them.

import assert from 'node:assert/strict';
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

  test('a missing machine folder is one note, never a crash; the findings are as without one', async () => {
    const { code, report, stderr } = await jsonOf([...RUN_A_LOGS, '--machine', 'fixtures/no-such-machine']);
    assert.equal(code, 1);
    assert.equal(stderr, '');
    assert.deepEqual(report.machine?.warnings, [{ file: 'fixtures/no-such-machine', message: 'no such folder: no source lines are shown' }]);
    assert.ok(report.findings.every((finding) => finding.sources === undefined && (finding.kind !== 'handler-growth' || (finding.culprits ?? []).every((culprit) => culprit.sources.length === 0))));
    const text = (await runCli([...RUN_A_LOGS, '--machine', 'fixtures/no-such-machine'])).stdout;
    assert.match(text, /^Machine folder: fixtures\/no-such-machine \(--machine\)\n {2}fixtures\/no-such-machine: no such folder: no source lines are shown$/m);
  });

  test('a folder without config/ is said to be none', async () => {
    const { report } = await jsonOf([...RUN_A_LOGS, '--machine', 'fixtures/culprit-machine-kinds']);
    assert.deepEqual(report.machine?.warnings, [{ file: 'fixtures/culprit-machine-kinds', message: 'no machine folder: it holds no config/ folder' }]);
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
