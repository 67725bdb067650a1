// The library entry as a consumer uses it: a project with `leakdiff` in its node_modules imports
// the compiled `dist/index.js` by the package name (through package.json `exports`), and its
// TypeScript sees the shipped `.d.ts` (build first: npx tsc -p tsconfig.json).

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, spawnNode } from './helpers/cli.js';
import { makeConsumer } from './helpers/consumer.js';

const HANDLER_LEAK = path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

let consumer = '';

before(() => {
  consumer = makeConsumer('module');
});
after(() => rmSync(consumer, { recursive: true, force: true }));

test('a Node script imports parseLog, diffSnapshots and the reporters from "leakdiff"', async () => {
  const script = `
    import { readFileSync } from 'node:fs';
    import { parseLog, diffSnapshots, DEFAULT_DIFF_OPTIONS, renderText, renderJson, renderMarkdown, renderGithub, renderHtml, REPORTERS, baselineOf, checkBaseline } from 'leakdiff';
    const log = parseLog(readFileSync(${JSON.stringify(HANDLER_LEAK)}), 'mpf-pinbox.log');
    const report = diffSnapshots(log.snapshots, { ...DEFAULT_DIFF_OPTIONS, ignore: ['timer_*'] });
    const options = { color: false, trees: [] };
    console.log(JSON.stringify({
      snapshots: log.snapshots.length,
      leaks: report.summary.leaks,
      subjects: report.findings.map((finding) => finding.subject),
      exitCode: report.exitCode,
      text: renderText(report, options).trimEnd().split('\\n').at(-1),
      json: JSON.parse(renderJson(report, options)).schemaVersion,
      markdown: renderMarkdown(report, options).split('\\n')[0],
      github: renderGithub(report, options).split('\\n')[0].slice(0, 8),
      html: renderHtml(report, options).startsWith('<!doctype html>'),
      formats: Object.keys(REPORTERS),
      baselineExit: checkBaseline(report, baselineOf(report), 'b.json', DEFAULT_DIFF_OPTIONS).exitCode,
    }));
  `;
  writeFileSync(path.join(consumer, 'script.mjs'), script);
  const result = await spawnNode(['script.mjs'], { cwd: consumer });
  assert.equal(result.stderr, '');
  assert.equal(result.code, 0);
  assert.deepEqual(JSON.parse(result.stdout), {
    snapshots: 9,
    leaks: 1,
    subjects: ['ball_started'],
    exitCode: 1,
    text: 'mpf: 1 leak',
    json: 1,
    markdown: '### leakdiff: mpf: 1 leak',
    github: '::error ',
    html: true,
    formats: ['text', 'json', 'markdown', 'github', 'html'],
    baselineExit: 0,
  });
});

test('the shipped .d.ts type-check a TypeScript consumer (and are not any)', async () => {
  const source = `
    import { diffSnapshots, DEFAULT_DIFF_OPTIONS, parseLog, renderHtml, renderMarkdown, treeListingsOf, type Finding, type Report, type ReportOptions } from 'leakdiff';

    declare const bytes: Uint8Array;
    const log = parseLog(bytes, 'mpf.log');
    const report: Report = diffSnapshots(log.snapshots, { ...DEFAULT_DIFF_OPTIONS, maxGrowth: 2 });
    const options: ReportOptions = { color: false, trees: treeListingsOf(log.snapshots, report) };
    const page: string = renderHtml(report, options);
    const markdown: string = renderMarkdown(report, options);
    const growth: number[] = report.findings.map((finding: Finding) => finding.delta);
    for (const finding of report.findings) {
      if (finding.kind === 'queue-growth') {
        const total: 'eventQueue' | 'callbackQueue' | 'queueTasks' = finding.subject;
        growth.push(total.length);
      }
    }
    // @ts-expect-error a Finding's subject is a string
    const wrong: number = report.findings[0]!.subject;
    // @ts-expect-error the differ wants the whole DiffOptions
    diffSnapshots(log.snapshots, { maxGrowth: 2 });
    // @ts-expect-error a reporter needs its options
    renderMarkdown(report);
    export const used = [page, markdown, growth, wrong];
  `;
  writeFileSync(path.join(consumer, 'consumer.ts'), source);
  // skipLibCheck off: leakdiff's own .d.ts files are checked too. No @types/node: the entry needs none.
  const tsconfig = {
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022'], strict: true, noEmit: true, skipLibCheck: false, types: [] },
    files: ['consumer.ts'],
  };
  writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig));
  const result = await spawnNode([TSC, '-p', 'tsconfig.json'], { cwd: consumer });
  assert.equal(`${result.stdout}${result.stderr}`, '');
  assert.equal(result.code, 0);
});
