// Golden tests of the diff command: each fixtures/diff-<case>/ holds input logs (or names them in
// args.json), and the expected text and JSON output. Rewritten only with UPDATE_GOLDEN=1.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { caseArgv, diffCases, ROOT, runCli } from './helpers/cli.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

const cases = diffCases();

test('there are diff golden cases', () => {
  assert.ok(cases.length >= 10, `found ${cases.length}`);
});

for (const name of cases) {
  const folder = path.join('fixtures', name);
  const { inputs, args } = caseArgv(name);

  test(`diff golden: ${name}`, async () => {
    const text = await runCli([...inputs, ...args]);
    const json = await runCli([...inputs, ...args, '--format', 'json']);
    const expectedText = path.join(ROOT, folder, 'expected.txt');
    const expectedJson = path.join(ROOT, folder, 'expected.json');
    if (UPDATE) {
      writeFileSync(expectedText, text.stdout);
      writeFileSync(expectedJson, json.stdout);
    }
    assert.equal(text.stdout, readFileSync(expectedText, 'utf8'), `text output of ${name} differs from expected.txt (UPDATE_GOLDEN=1 rewrites it)`);
    assert.equal(json.stdout, readFileSync(expectedJson, 'utf8'), `JSON output of ${name} differs from expected.json`);
    const report = JSON.parse(json.stdout) as { exitCode: number };
    assert.equal(text.code, report.exitCode, 'the exit code is the one the report states');
    assert.equal(json.code, report.exitCode);
    assert.equal(text.stderr, json.stderr, 'text and JSON output warn alike on stderr');
  });
}
