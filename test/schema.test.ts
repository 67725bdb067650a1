// The published JSON Schemas (schema/*.schema.json) describe what the CLI really prints:
// every diff golden case's --format json, and `extract --format json` on every fixture file.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import { caseArgv, diffCases, ROOT, runCli } from './helpers/cli.js';

// ajv is CommonJS: under ESM its class is the default export's `default`.
const Ajv2020 = Ajv2020Module.default;

function validatorOf(file: string): ReturnType<InstanceType<typeof Ajv2020>['compile']> {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'schema', file), 'utf8')) as object);
}

const validateReport = validatorOf('report.schema.json');
const validateExtract = validatorOf('extract.schema.json');

function assertValid(validate: typeof validateReport, document: unknown, what: string): void {
  const valid = validate(document);
  assert.ok(valid, `${what}: ${JSON.stringify(validate.errors?.slice(0, 3), null, 1)}`);
}

test('report schema: the JSON of every diff golden case', async () => {
  for (const name of diffCases()) {
    const { inputs, args } = caseArgv(name);
    for (const extra of [[], ['--all']]) {
      const result = await runCli([...inputs, ...args, ...extra, '--json']);
      assertValid(validateReport, JSON.parse(result.stdout), `${name} ${extra.join(' ')}`);
    }
  }
});

test('report schema: options that change the shape (process, from/to, warmup, by-state, trend, ignore)', async () => {
  const real = caseArgv('diff-real-clean-run').inputs;
  for (const args of [
    ['--process', 'mc', '--from', '2', '--to', '-2'],
    ['--warmup', '3', '--by-state', 'off', '--trend', 'net'],
    ['--by-state', 'on', '--trend', 'strict', '--max-growth', '1', '--ignore', 'Text:*', '--ignore', 'player_?all'],
    ['--include-dump-handlers', '--fail-on', 'suspect', '--strict'],
  ]) {
    const result = await runCli([...real, ...args, '--format', 'json']);
    assertValid(validateReport, JSON.parse(result.stdout), args.join(' '));
  }
});

test('report schema: refuses what the model does not allow', async () => {
  const { inputs } = caseArgv('diff-duplicate-slides');
  const report = JSON.parse((await runCli([...inputs, '--json'])).stdout) as { findings: Record<string, unknown>[] } & Record<string, unknown>;
  assert.ok(validateReport(report));
  const duplicate = report.findings.findIndex((finding) => finding.kind === 'duplicate-slide');
  const withoutCopies = structuredClone(report);
  delete withoutCopies.findings[duplicate]!.copies;
  assert.equal(validateReport(withoutCopies), false, 'a duplicate finding needs copies');
  const handler = structuredClone(report);
  handler.findings[0] = { ...handler.findings[0], kind: 'handler-growth', copies: 2, where: 'objects', display: null };
  assert.equal(validateReport(handler), false, 'only duplicates carry copies');
  assert.equal(validateReport({ ...report, schemaVersion: 2 }), false);
  assert.equal(validateReport({ ...report, extra: true }), false);
  const attributed = structuredClone(report);
  const attribution = { event: 'ball_started', ratio: 1, intervals: [0, 2], posted: 5, steady: false };
  attributed.findings[0] = { ...attributed.findings[0], explainedBy: [attribution], churn: { created: 40, alive: 1, createdPerInterval: [20, 20] } };
  assert.ok(validateReport(attributed), 'explainedBy and churn as leakdiff writes them');
  const counted = structuredClone(attributed);
  counted.findings[0]!.explainedBy = [{ ...attribution, intervals: 2 }];
  assert.equal(validateReport(counted), false, 'intervals are listed, not counted');
  const fitsOnce = structuredClone(attributed);
  fitsOnce.findings[0]!.explainedBy = [{ ...attribution, intervals: [1] }];
  assert.equal(validateReport(fitsOnce), false, 'an attribution rests on two intervals or more');
  const cut = { ...structuredClone(report), logProblems: [{ file: 'x.log.gz', line: 367, reason: 'truncated', detail: 'the gzip stream ends early' }] };
  assert.ok(validateReport(cut), 'a log cut off, as leakdiff reports it');
  assert.equal(validateReport({ ...cut, logProblems: [{ line: 367, reason: 'truncated', detail: 'x' }] }), false, 'a log problem names its file');
});

test('extract schema: `extract --format json` of every fixture file', async () => {
  let validated = 0;
  for (const folder of readdirSync(path.join(ROOT, 'fixtures')).sort()) {
    const dir = path.join('fixtures', folder);
    if (!statSync(path.join(ROOT, dir)).isDirectory()) continue;
    const inputs = readdirSync(path.join(ROOT, dir)).filter((file) => !/^expected|\.json$|\.md$/.test(file));
    for (const input of inputs) {
      const result = await runCli(['extract', path.join(dir, input)]);
      // A fixture that holds no dump on purpose (damaged, empty) gives exit 2 and no JSON.
      if (result.code !== 0) continue;
      assertValid(validateExtract, JSON.parse(result.stdout), path.join(dir, input));
      validated++;
    }
  }
  assert.ok(validated >= 20, `validated only ${validated} extract outputs`);
});
