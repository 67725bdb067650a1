// The HTML report in a real browser: headless Chromium (the Debian package) opens the file that
// `leakdiff --format html -o FILE` wrote and the test reads the rendered DOM: one chart per
// finding with one point per dump, the names and counts of the JSON report, and nothing run or
// fetched from hostile names; a screenshot each run. UPDATE_SCREENSHOT=1 also writes docs/report-screenshot.png (the
// picture in docs/output.md) from the handler-growth fixture. Build first: npx tsc -p tsconfig.json.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import type { Report } from '../src/model.js';
import { describeAttribution, describeSeries, describeSubject } from '../src/report/words.js';
import { ROOT, spawnCli } from './helpers/cli.js';
import { HOSTILE, writeHostileLogs } from './helpers/hostile.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SKIP = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM}: install the Debian package (as root: apt-get update && apt-get install -y chromium), then run this test again`;
const HANDLER_LEAK = 'fixtures/diff-handler-growth/mpf-pinbox.log';
const SCREENSHOT = path.join(ROOT, 'docs', 'report-screenshot.png');

const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-browser-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The CLI's standard output, which must come without a word on stderr. */
async function leakdiff(args: readonly string[]): Promise<string> {
  const run = await spawnCli(args);
  assert.equal(run.stderr, '', args.join(' '));
  return run.stdout;
}

/** An HTML report written by the CLI, and the JSON and text reports of the same inputs. */
async function reportsOf(inputs: readonly string[], name: string): Promise<{ file: string; report: Report; summary: string }> {
  const file = path.join(scratch, `${name}.html`);
  await leakdiff([...inputs, '--format', 'html', '--output', file]);
  const report = JSON.parse(await leakdiff([...inputs, '--format', 'json'])) as Report;
  const summary = (await leakdiff(inputs)).trimEnd().split('\n').at(-1)!;
  return { file, report, summary };
}

// A string, not a function: the test runs through tsx, whose helpers would not exist in the page.
const READ_DOM = `(() => ({
  title: document.title,
  summary: document.querySelector('#summary')?.textContent,
  scripts: document.scripts.length,
  images: document.images.length,
  eventAttributes: [...document.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => attribute.name).filter((name) => name.startsWith('on'))),
  svgs: document.querySelectorAll('svg').length,
  trees: [...document.querySelectorAll('details.tree-listing pre')].map((pre) => pre.textContent),
  findings: [...document.querySelectorAll('article.finding')].map((article) => {
    const chart = article.querySelector('svg.chart');
    const box = chart?.getBoundingClientRect();
    return {
      verdict: article.dataset.verdict,
      kind: article.dataset.kind,
      subject: article.querySelector('.subject')?.textContent,
      series: article.querySelector('.series')?.textContent,
      charts: article.querySelectorAll('svg.chart').length,
      points: article.querySelectorAll('svg.chart circle').length,
      pointTips: [...article.querySelectorAll('svg.chart circle title')].map((title) => title.textContent),
      drawn: box !== undefined && box.width > 100 && box.height > 30,
      attribution: article.querySelector('.attribution')?.textContent ?? null,
    };
  }),
}))()`;

interface Dom {
  title: string;
  summary: string | undefined;
  scripts: number;
  images: number;
  eventAttributes: string[];
  svgs: number;
  trees: string[];
  findings: { verdict: string; kind: string; subject: string; series: string; charts: number; points: number; pointTips: string[]; drawn: boolean; attribution: string | null }[];
}

async function open(page: Page, file: string): Promise<Dom> {
  await page.goto(pathToFileURL(file).href);
  return (await page.evaluate(READ_DOM)) as Dom;
}

/** The DOM says what the JSON report says: each finding with its verdict, subject, series and one point per value. */
function assertFindings(dom: Dom, report: Report, summary: string): void {
  assert.equal(dom.summary, summary, 'the summary line of the text report');
  assert.equal(dom.title, `leakdiff: ${summary}`);
  assert.equal(dom.findings.length, report.findings.length);
  assert.equal(dom.svgs, report.findings.length, 'one svg per finding, none other');
  report.findings.forEach((finding, index) => {
    const shown = dom.findings[index]!;
    assert.deepEqual(
      { verdict: shown.verdict, kind: shown.kind, subject: shown.subject, series: shown.series, charts: shown.charts, points: shown.points, drawn: shown.drawn },
      { verdict: finding.verdict, kind: finding.kind, subject: describeSubject(finding), series: describeSeries(finding.series), charts: 1, points: finding.series.length, drawn: true },
      `finding ${index + 1}: ${finding.subject}`,
    );
    assert.deepEqual(
      shown.pointTips.map((tip) => Number(/: (\d+) [a-z ]+$/.exec(tip)?.[1])),
      finding.series,
      'each point says its count',
    );
    const attribution = describeAttribution(finding);
    assert.equal(shown.attribution, attribution === null ? null : `Explained by posted events: ${attribution}`, 'the posted events that explain it, as the report has them');
  });
}

test('the HTML report in Chromium: charts, counts and names right; hostile names shown, never run', { skip: SKIP, timeout: 60_000 }, async () => {
  const hostileLogs = writeHostileLogs(scratch);
  const hostile = await reportsOf([hostileLogs.mpf, hostileLogs.mc], 'hostile');
  const plain = await reportsOf([HANDLER_LEAK], 'handler-growth');

  const profile = mkdtempSync(path.join(scratch, 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1000, height: 800 } });
  try {
    const page = await context.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => void requests.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => void errors.push(error.message));

    const dom = await open(page, hostile.file);
    assertFindings(dom, hostile.report, hostile.summary);
    assert.deepEqual({ scripts: dom.scripts, images: dom.images, eventAttributes: dom.eventAttributes, dialogs, errors }, { scripts: 0, images: 0, eventAttributes: [], dialogs: [], errors: [] });
    assert.notEqual(dom.title, 'pwned');
    const subjects = dom.findings.map((finding) => finding.subject);
    for (const name of [HOSTILE.script, HOSTILE.attribute, `Text:${HOSTILE.svg}`, `Text:${HOSTILE.image}`]) assert.ok(subjects.includes(name), `shown as text: ${name}`);
    assert.ok(dom.trees.some((tree) => tree.includes(`Text:${HOSTILE.image}`)), 'the display trees show the widget texts as text');

    const plainDom = await open(page, plain.file);
    assertFindings(plainDom, plain.report, plain.summary);
    assert.equal(plainDom.findings.length, 2);
    assert.deepEqual(requests, [pathToFileURL(hostile.file).href, pathToFileURL(plain.file).href], 'nothing fetched but the page itself');

    assert.ok(plainDom.findings.some((finding) => finding.attribution !== null), 'the planted ball_started leak is explained by its event');
    // A screenshot on every run, so that a page that renders blank cannot pass; the copy in docs/ only on request.
    const screenshot = await page.screenshot({ fullPage: true });
    assert.equal(screenshot.subarray(1, 4).toString(), 'PNG');
    assert.ok(screenshot.length > 20_000, `a page with text and charts, not a blank one (${screenshot.length} bytes)`);
    if (process.env.UPDATE_SCREENSHOT === '1') {
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      writeFileSync(SCREENSHOT, screenshot);
    }
  } finally {
    await context.close();
  }
});
