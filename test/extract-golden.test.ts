// Golden tests: every fixture folder's logs, extracted to JSON, must equal its expected.extract.json.
// The expected files are rewritten only with UPDATE_GOLDEN=1, and then reviewed like code.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseLog } from '../src/parse/parser.js';
import { renderExtractJson } from '../src/report/extract-json.js';
import { runCli } from './helpers/cli.js';

const fixtures = new URL('../fixtures/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';

const cases = readdirSync(fixtures, { withFileTypes: true })
  // culprit-* hold excerpts of handler lines for the culprit tests, not dumps to extract.
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith('diff-') && !entry.name.startsWith('culprit-'))
  .map((entry) => entry.name)
  .sort();

for (const name of cases) {
  const folder = new URL(`${name}/`, fixtures);
  const logs = readdirSync(folder).filter((file) => /\.log(\.gz)?$|^kivy_.*\.txt$/.test(file)).sort();
  if (logs.length === 0) continue;
  test(`extract golden: ${name}`, () => {
    const parsed = logs.map((file) => parseLog(readFileSync(new URL(file, folder)), file));
    const actual = renderExtractJson(parsed);
    const expectedFile = new URL('expected.extract.json', folder);
    if (update || !existsSync(expectedFile)) {
      assert.ok(update, `${name}: no expected.extract.json; run with UPDATE_GOLDEN=1 and review it`);
      writeFileSync(expectedFile, actual);
      return;
    }
    assert.equal(actual, readFileSync(expectedFile, 'utf8'));
  });
}

test('the CLI streams each snapshot as it is read, and prints what the goldens hold, dumps in line order', async () => {
  // Interleaved writers (one dump ends after another that began later) and a plain MC run.
  for (const name of ['mixed-mpf-mc-one-file', 'real-057-clean-run', 'many-dumps-one-file', 'truncated-dump']) {
    const folder = new URL(`${name}/`, fixtures);
    const logs = readdirSync(folder).filter((file) => /\.log(\.gz)?$/.test(file)).sort();
    const run = await runCli(['extract', ...logs], { cwd: fileURLToPath(folder) });
    assert.equal(run.stderr, '', name);
    assert.equal(run.stdout, readFileSync(new URL('expected.extract.json', folder), 'utf8'), name);
  }
});
