// Golden tests of the diff command: each fixtures/diff-<case>/ holds input logs (or names them in
// args.json), and the expected text and JSON output. Rewritten only with UPDATE_GOLDEN=1.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** What a case folder's optional args.json may say: inputs (relative to the folder) and flags. */
interface CaseArgs {
  inputs?: string[];
  args?: string[];
}

/** Runs the CLI in-process, colour off, in the repository root. */
export async function runCli(argv: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from([]),
    env: { NO_COLOR: '1', ...env },
    cwd: ROOT,
  });
  return { code, stdout, stderr };
}

const cases = readdirSync(path.join(ROOT, 'fixtures')).filter((name) => name.startsWith('diff-')).sort();

test('there are diff golden cases', () => {
  assert.ok(cases.length >= 10, `found ${cases.length}`);
});

for (const name of cases) {
  const folder = path.join('fixtures', name);
  const argsFile = path.join(ROOT, folder, 'args.json');
  const caseArgs: CaseArgs = existsSync(argsFile) ? (JSON.parse(readFileSync(argsFile, 'utf8')) as CaseArgs) : {};
  const inputs = (caseArgs.inputs ?? readdirSync(path.join(ROOT, folder)).filter((file) => file.endsWith('.log')).sort()).map((file) => path.join(folder, file));
  const args = caseArgs.args ?? [];

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
    assert.equal(text.stderr, '', 'text output says everything on stdout');
  });
}
