// Baselines for CI: the findings a project already knows about, each with the growth it may show.
// `leakdiff baseline` records them; `--baseline FILE` lets findings within their budget pass and
// fails on new or over-budget ones; `--update-baseline` only ever tightens. Pure, like config.ts:
// the analysis (analyze/) reads the file and the diff command writes it.

import { exitCodeOf, logCutOffOf } from './diff/exit-code.js';
import { withoutByteOrderMark } from './config.js';
import { LeakdiffError } from './errors.js';
import { excerptOfJson, excerptOfText } from './excerpt.js';
import type { BaselineCheck, DiffOptions, Finding, FindingBaseline, Report, StaleBaselineEntry } from './model.js';

/** The version of the baseline file format. */
export const BASELINE_VERSION = 1;

/** A larger file is not read as a baseline: it is probably not one, and would take long to check. */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/** One known finding and the growth it may show. */
export interface BaselineEntry {
  /** kind, process, state, subject (and where, for duplicates), as `fingerprintOf` makes it */
  fingerprint: string;
  /** growth (last minus first count) allowed; a finding that grows more fails */
  budget: number;
}

/** What `leakdiff baseline` writes. */
export interface BaselineFile {
  leakdiffBaseline: typeof BASELINE_VERSION;
  /** sorted by fingerprint, so the file diffs well in version control */
  entries: BaselineEntry[];
}

/**
 * The key a finding is known by from one run to the next: what grows and where, never how much
 * or at which line. Subjects are the differ's normalised keys already (no addresses, ids,
 * positions, scores). `|` separates the parts; a `|` or `\` inside one is escaped with `\`.
 */
export function fingerprintOf(finding: Finding): string {
  const parts = [finding.kind, finding.process, finding.state ?? '*', finding.subject];
  if (finding.kind === 'duplicate-slide' || finding.kind === 'duplicate-widget') {
    // The same key can be copied in a display tree and in OBJECTS: two findings, two entries.
    parts.push(finding.where === 'display' ? `display:${finding.display ?? '(unnamed)'}` : 'objects');
  }
  return parts.map((part) => part.replace(/[\\|]/g, (char) => `\\${char}`)).join('|');
}

/** Every finding of the report, with its growth as its budget. */
export function baselineOf(report: Report): BaselineFile {
  const entries = report.findings.map((finding) => ({ fingerprint: fingerprintOf(finding), budget: Math.max(finding.delta, 0) }));
  return { leakdiffBaseline: BASELINE_VERSION, entries: entries.sort((a, b) => compareText(a.fingerprint, b.fingerprint)) };
}

/** The file's text: one entry a line, so a tightened budget is a one-line diff. */
export function baselineText(baseline: BaselineFile): string {
  const entries = baseline.entries.map((entry) => `    { "fingerprint": ${JSON.stringify(entry.fingerprint)}, "budget": ${entry.budget} }`);
  return `{\n  "leakdiffBaseline": ${baseline.leakdiffBaseline},\n  "entries": [${entries.length === 0 ? '' : `\n${entries.join(',\n')}\n  `}]\n}\n`;
}

/**
 * A baseline file's text, checked; every message names the file and what is wrong, and quotes no
 * more than a short excerpt of the file. Text longer than MAX_BASELINE_BYTES is refused: read a
 * baseline with readTextUpTo(file, MAX_BASELINE_BYTES + 1).
 */
export function parseBaseline(text: string, file: string): BaselineFile {
  if (text.length > MAX_BASELINE_BYTES || Buffer.byteLength(text) > MAX_BASELINE_BYTES) {
    throw new LeakdiffError(`${file}: the baseline is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MiB; is it the right file?`);
  }
  let value: unknown;
  try {
    value = JSON.parse(withoutByteOrderMark(text));
  } catch (error) {
    throw new LeakdiffError(`${file}: not valid JSON (${excerptOfText((error as Error).message, 200)})`);
  }
  if (!isObject(value) || !('leakdiffBaseline' in value)) {
    throw new LeakdiffError(`${file}: not a leakdiff baseline (expected {"leakdiffBaseline": 1, "entries": [...]}, as \`leakdiff baseline\` writes it)`);
  }
  if (value.leakdiffBaseline !== BASELINE_VERSION) {
    throw new LeakdiffError(`${file}: "leakdiffBaseline": ${excerptOfJson(value.leakdiffBaseline)} is not a version this leakdiff reads (${BASELINE_VERSION})`);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'leakdiffBaseline' && key !== 'entries') throw new LeakdiffError(`${file}: unknown key "${excerptOfText(key)}" (a baseline has leakdiffBaseline and entries)`);
  }
  if (!Array.isArray(value.entries)) throw new LeakdiffError(`${file}: "entries": expected a list of {"fingerprint", "budget"}`);
  const seen = new Set<string>();
  const entries = value.entries.map((entry: unknown, index: number): BaselineEntry => {
    const where = `${file}: entries[${index}]`;
    if (!isObject(entry)) throw new LeakdiffError(`${where}: expected {"fingerprint": "…", "budget": N}, got ${excerptOfJson(entry)}`);
    for (const key of Object.keys(entry)) {
      if (key !== 'fingerprint' && key !== 'budget') throw new LeakdiffError(`${where}: unknown key "${excerptOfText(key)}" (an entry has fingerprint and budget)`);
    }
    const { fingerprint, budget } = entry;
    if (typeof fingerprint !== 'string' || fingerprint === '') throw new LeakdiffError(`${where}.fingerprint: expected a fingerprint, got ${excerptOfJson(fingerprint)}`);
    // JSON has no infinity, but 1e400 reads as one.
    if (typeof budget === 'number' && !Number.isFinite(budget)) throw new LeakdiffError(`${where}.budget: not a finite number (too large); expected a whole number, 0 or more`);
    if (typeof budget !== 'number' || !Number.isSafeInteger(budget) || budget < 0) {
      throw new LeakdiffError(`${where}.budget: expected a whole number, 0 or more, got ${excerptOfJson(budget)}`);
    }
    if (seen.has(fingerprint)) throw new LeakdiffError(`${where}: "${excerptOfText(fingerprint)}" is listed twice`);
    seen.add(fingerprint);
    return { fingerprint, budget };
  });
  return { leakdiffBaseline: BASELINE_VERSION, entries };
}

/**
 * The report judged against a baseline: each finding marked new, within or over its budget; the
 * entries no finding reaches listed as stale; the exit code from new and over-budget findings only
 * (under the same `--fail-on`).
 */
export function checkBaseline(report: Report, baseline: BaselineFile, file: string, options: Pick<DiffOptions, 'failOn' | 'strict'>): Report {
  const marked = { ...report, ...markBaseline(report, baseline, file) };
  return { ...marked, exitCode: exitCodeOf({ findings: marked.findings, incomplete: report.incomplete, logCutOff: logCutOffOf(report) }, options) };
}

/**
 * The findings marked new, within or over their budget, and the entries no finding reaches listed
 * as stale. The exit code is left to the caller, who may know more that counts for it.
 */
export function markBaseline(report: Pick<Report, 'findings'>, baseline: BaselineFile, file: string): { findings: Finding[]; baseline: BaselineCheck } {
  const budgets = new Map(baseline.entries.map((entry) => [entry.fingerprint, entry.budget]));
  const growthNow = new Map<string, number>();
  const findings = report.findings.map((finding) => {
    const fingerprint = fingerprintOf(finding);
    growthNow.set(fingerprint, finding.delta);
    const budget = budgets.get(fingerprint) ?? null;
    const status: FindingBaseline['status'] = budget === null ? 'new' : finding.delta > budget ? 'over-budget' : 'within-budget';
    return { ...finding, baseline: { status, budget, fingerprint } };
  });
  const stale: StaleBaselineEntry[] = [];
  for (const entry of baseline.entries) {
    const growth = growthNow.get(entry.fingerprint);
    if (growth === undefined) stale.push({ fingerprint: entry.fingerprint, budget: entry.budget, growth: null });
    else if (growth < entry.budget) stale.push({ fingerprint: entry.fingerprint, budget: entry.budget, growth: Math.max(growth, 0) });
  }
  return { findings, baseline: { file, entries: baseline.entries.length, stale, updated: false } };
}

/**
 * The baseline with every budget lowered to the growth seen now, and the entries no finding
 * reaches removed. Never raises a budget or adds an entry: a new leak is recorded on purpose,
 * with `leakdiff baseline`, not by a side effect of a check.
 */
export function tightenBaseline(baseline: BaselineFile, report: Report): BaselineFile {
  const growthNow = new Map(report.findings.map((finding) => [fingerprintOf(finding), Math.max(finding.delta, 0)]));
  const entries = baseline.entries.flatMap((entry) => {
    const growth = growthNow.get(entry.fingerprint);
    return growth === undefined ? [] : [{ fingerprint: entry.fingerprint, budget: Math.min(entry.budget, growth) }];
  });
  return { leakdiffBaseline: BASELINE_VERSION, entries };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
