// Baselines for CI: the findings a project already knows about, each with the growth it may show.
// `leakdiff baseline` records them; `--baseline FILE` lets findings within their budget pass and
// fails on new or over-budget ones; `--update-baseline` only ever tightens. Pure, like config.ts:
// the analysis (analyze/) reads the file and the diff command writes it.

import { exitCodeOf, logCutOffOf, unknownOf } from './diff/exit-code.js';
import { matcherOf } from './diff/glob.js';
import { withoutByteOrderMark } from './config.js';
import { LeakdiffError } from './errors.js';
import { excerptOfJson, excerptOfText } from './excerpt.js';
import type { BaselineCheck, BudgetUnit, DiffOptions, Finding, FindingBaseline, FindingKind, Report, StaleBaselineEntry } from './model.js';

/**
 * The version of the baseline file format. Version 1 fingerprints named the state group and, for
 * duplicates, where the copies were counted; version 1 files are read, their entries merged.
 */
export const BASELINE_VERSION = 2;

/** A larger file is not read as a baseline: it is probably not one, and would take long to check. */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/** Measured rates are shown rounded up to this many decimals. */
const RATE_DECIMALS = 3;
/**
 * A rate budget is the rate recorded plus this share of it, rounded up to two significant digits:
 * games differ in length and balls in the time they take, so a shorter or longer run of the same
 * leak measures a rate a few percent off the one recorded; a leak twice as fast stays over.
 */
export const RATE_HEADROOM = 0.25;
/** Rates that differ by less than this are equal: `7 / 3` recorded and measured again. */
const RATE_TOLERANCE = 1e-9;

/** The units a budget may be a rate of, for messages. */
export const BUDGET_UNITS = ['game', 'ball', 'hour'] as const satisfies readonly BudgetUnit[];

/** One known finding and the growth it may show. */
export interface BaselineEntry {
  /** what grows, process and subject, as `fingerprintOf` makes it */
  fingerprint: string;
  /** growth (last minus first count) allowed, or with `per` the growth per game, ball or hour; a finding that grows more fails */
  budget: number;
  /** the unit of `budget` when it is a rate */
  per?: BudgetUnit;
}

/** What `leakdiff baseline` writes. */
export interface BaselineFile {
  leakdiffBaseline: typeof BASELINE_VERSION;
  /** sorted by fingerprint, so the file diffs well in version control */
  entries: BaselineEntry[];
}

/** What a finding's kind is known by in a fingerprint: a widget with copies is the same subject as one without. */
const FINGERPRINT_KIND = {
  'handler-growth': 'handlers',
  'duplicate-slide': 'objects',
  'duplicate-widget': 'objects',
  'object-growth': 'objects',
  'clock-growth': 'clock',
  'available-slides-growth': 'available-slides',
  'queue-growth': 'queue',
} as const satisfies Record<FindingKind, string>;

/**
 * The key a finding is known by from one run to the next: what grows, in which process, never how
 * much, at which line, or how the dumps were grouped (state groups, where copies were counted),
 * so that a run dumped every ball and one dumped only in attract know the same leak. Subjects are
 * the differ's normalised keys already (no addresses, ids, positions, scores). `|` separates the
 * parts; a `|` or `\` inside one is escaped with `\`.
 */
export function fingerprintOf(finding: Finding): string {
  return fingerprintOfParts(finding.kind, finding.process, finding.subject);
}

function fingerprintOfParts(kind: FindingKind, process: string, subject: string): string {
  return [FINGERPRINT_KIND[kind], process, subject].map(escapePart).join('|');
}

/**
 * Every finding of the report with its growth as its budget, or with `per` its growth per game,
 * ball or hour with `RATE_HEADROOM` (`rateBudgetOf`). A finding whose rate cannot be measured keeps
 * its growth as budget.
 */
export function baselineOf(report: Report, per: BudgetUnit | null = null): BaselineFile {
  const entries = report.findings.map((finding): BaselineEntry => {
    const growth = Math.max(finding.delta, 0);
    const rate = per === null ? null : rateOf(finding, per);
    if (per === null || rate === null || !Number.isFinite(rate)) return { fingerprint: fingerprintOf(finding), budget: growth };
    return { fingerprint: fingerprintOf(finding), budget: rateBudgetOf(rate), per };
  });
  return { leakdiffBaseline: BASELINE_VERSION, entries: mergeEntries(entries).sort((a, b) => compareText(a.fingerprint, b.fingerprint)) };
}

/**
 * A finding's growth per game, ball or hour over its deciding series; null when the span cannot be
 * measured; infinite when it grew with no game, ball or time between its dumps.
 */
export function rateOf(finding: Pick<Finding, 'delta' | 'span'>, per: BudgetUnit): number | null {
  const units = per === 'game' ? finding.span.games : per === 'ball' ? finding.span.balls : finding.span.hours;
  if (units === null) return null;
  const growth = Math.max(finding.delta, 0);
  if (units === 0) return growth === 0 ? 0 : Number.POSITIVE_INFINITY;
  return growth / units;
}

/** The file's text: one entry a line, so a tightened budget is a one-line diff. */
export function baselineText(baseline: BaselineFile): string {
  const entries = baseline.entries.map(
    (entry) => `    { "fingerprint": ${JSON.stringify(entry.fingerprint)}, "budget": ${entry.budget}${entry.per === undefined ? '' : `, "per": "${entry.per}"`} }`,
  );
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
    throw new LeakdiffError(`${file}: not a leakdiff baseline (expected {"leakdiffBaseline": ${BASELINE_VERSION}, "entries": [...]}, as \`leakdiff baseline\` writes it)`);
  }
  const version = value.leakdiffBaseline;
  if (version !== BASELINE_VERSION && version !== 1) {
    throw new LeakdiffError(`${file}: "leakdiffBaseline": ${excerptOfJson(version)} is not a version this leakdiff reads (1, ${BASELINE_VERSION})`);
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
      if (key !== 'fingerprint' && key !== 'budget' && !(key === 'per' && version === BASELINE_VERSION)) {
        throw new LeakdiffError(`${where}: unknown key "${excerptOfText(key)}" (an entry has fingerprint, budget and per)`);
      }
    }
    const { fingerprint, budget, per } = entry;
    if (typeof fingerprint !== 'string' || fingerprint === '') throw new LeakdiffError(`${where}.fingerprint: expected a fingerprint, got ${excerptOfJson(fingerprint)}`);
    if (per !== undefined && !BUDGET_UNITS.includes(per as BudgetUnit)) {
      throw new LeakdiffError(`${where}.per: expected one of ${BUDGET_UNITS.join(', ')}, got ${excerptOfJson(per)}`);
    }
    // JSON has no infinity, but 1e400 reads as one.
    if (typeof budget === 'number' && !Number.isFinite(budget)) throw new LeakdiffError(`${where}.budget: not a finite number (too large); expected a number, 0 or more`);
    if (per === undefined && (typeof budget !== 'number' || !Number.isSafeInteger(budget) || budget < 0)) {
      throw new LeakdiffError(`${where}.budget: expected a whole number, 0 or more, got ${excerptOfJson(budget)}`);
    }
    if (per !== undefined && (typeof budget !== 'number' || budget < 0)) {
      throw new LeakdiffError(`${where}.budget: expected a growth per ${per as string}, 0 or more, got ${excerptOfJson(budget)}`);
    }
    if (seen.has(fingerprint)) throw new LeakdiffError(`${where}: "${excerptOfText(fingerprint)}" is listed twice`);
    seen.add(fingerprint);
    const read: BaselineEntry = { fingerprint, budget: budget as number, ...(per === undefined ? {} : { per: per as BudgetUnit }) };
    return version === 1 ? { ...read, fingerprint: fingerprintOfVersion1(fingerprint) } : read;
  });
  return { leakdiffBaseline: BASELINE_VERSION, entries: version === 1 ? mergeEntries(entries) : entries };
}

/**
 * A version 1 fingerprint (`kind|process|state|subject`, and `|where` for duplicates) as version 2
 * names the same finding: without the state group and the place, which no longer split findings.
 * A fingerprint that is not of version 1's shape is kept as it is: it matches nothing, and says so.
 */
function fingerprintOfVersion1(fingerprint: string): string {
  const parts = splitParts(fingerprint);
  const kind = parts[0] as FindingKind;
  if (parts.length < 4 || !(kind in FINGERPRINT_KIND) || (parts[1] !== 'mpf' && parts[1] !== 'mc')) return fingerprint;
  return fingerprintOfParts(kind, parts[1], parts[3]!);
}

/** Entries under one fingerprint merged (the state groups of version 1): the largest budget, a rate before growth. */
function mergeEntries(entries: readonly BaselineEntry[]): BaselineEntry[] {
  const merged = new Map<string, BaselineEntry>();
  for (const entry of entries) {
    const known = merged.get(entry.fingerprint);
    if (known === undefined || (known.per === entry.per && entry.budget > known.budget)) merged.set(entry.fingerprint, entry);
  }
  return [...merged.values()];
}

function escapePart(part: string): string {
  return part.replace(/[\\|]/g, (char) => `\\${char}`);
}

/** The parts of a fingerprint, `\\` escapes undone. */
function splitParts(fingerprint: string): string[] {
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < fingerprint.length; i++) {
    const char = fingerprint[i]!;
    if (char === '\\' && i + 1 < fingerprint.length) part += fingerprint[++i]!;
    else if (char === '|') {
      parts.push(part);
      part = '';
    } else part += char;
  }
  parts.push(part);
  return parts;
}

/** The budget for a rate measured now: `RATE_HEADROOM` above it, rounded up to two significant digits. */
export function rateBudgetOf(rate: number): number {
  const allowed = rate * (1 + RATE_HEADROOM);
  if (allowed <= 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(allowed)) - 1);
  return Number((Math.ceil(allowed / scale - RATE_TOLERANCE) * scale).toPrecision(12));
}

/** The budget an entry would be given for `growth` measured now in its unit. */
function budgetFor(growth: number, entry: Pick<BaselineEntry, 'per'>): number {
  return entry.per === undefined ? growth : rateBudgetOf(growth);
}

function roundUp(rate: number): number {
  const scale = 10 ** RATE_DECIMALS;
  return Math.ceil(rate * scale - RATE_TOLERANCE * scale) / scale;
}

/** A finding's growth in the unit of an entry: the growth itself, or its rate per game, ball or hour. */
function growthFor(finding: Finding, entry: Pick<BaselineEntry, 'per'>): number | null {
  return entry.per === undefined ? Math.max(finding.delta, 0) : rateOf(finding, entry.per);
}

/**
 * The report judged against a baseline (see `markBaseline`); the exit code from new and
 * over-budget findings only (under the same `--fail-on`).
 */
export function checkBaseline(report: Report, baseline: BaselineFile, file: string, options: Pick<DiffOptions, 'failOn' | 'strict'>): Report {
  const marked = { ...report, ...markBaseline(report, baseline, file) };
  return { ...marked, exitCode: exitCodeOf({ findings: marked.findings, incomplete: report.incomplete, logCutOff: logCutOffOf(report), unknown: unknownOf(report) }, options) };
}

/**
 * The findings marked new, within or over their budget (a rate that cannot be measured is over:
 * it cannot be shown to be within), and the entries no finding reaches listed as stale. The exit
 * code is left to the caller, who may know more that counts for it.
 */
export function markBaseline(report: Pick<Report, 'findings' | 'comparisons' | 'summary' | 'options'>, baseline: BaselineFile, file: string): { findings: Finding[]; baseline: BaselineCheck } {
  const looked = lookedAt(report);
  const byFingerprint = new Map(baseline.entries.map((entry) => [entry.fingerprint, entry]));
  const growthNow = new Map<string, number | null>();
  const findings = report.findings.map((finding) => {
    const fingerprint = fingerprintOf(finding);
    const entry = byFingerprint.get(fingerprint);
    if (entry === undefined) return { ...finding, baseline: { status: 'new', budget: null, fingerprint } satisfies FindingBaseline };
    const growth = growthFor(finding, entry);
    growthNow.set(fingerprint, growth);
    const within = growth !== null && growth <= entry.budget + RATE_TOLERANCE;
    const rate = entry.per === undefined ? {} : { per: entry.per, rate: growth === null || !Number.isFinite(growth) ? null : growth };
    return { ...finding, baseline: { status: within ? 'within-budget' : 'over-budget', budget: entry.budget, fingerprint, ...rate } satisfies FindingBaseline };
  });
  const stale: StaleBaselineEntry[] = [];
  for (const entry of baseline.entries) {
    const per = entry.per === undefined ? {} : { per: entry.per };
    if (!growthNow.has(entry.fingerprint)) {
      if (looked(entry.fingerprint)) stale.push({ fingerprint: entry.fingerprint, budget: entry.budget, ...per, growth: null });
    }
    else {
      const growth = growthNow.get(entry.fingerprint);
      if (growth !== null && growth !== undefined && budgetFor(growth, entry) < entry.budget - RATE_TOLERANCE) stale.push({ fingerprint: entry.fingerprint, budget: entry.budget, ...per, growth: roundUp(growth) });
    }
  }
  return { findings, baseline: { file, entries: baseline.entries.length, matched: growthNow.size, stale, updated: false } };
}

/**
 * The baseline with every budget lowered to the growth (or rate) seen now, and the entries no
 * finding reaches removed, unless they were not looked for (`lookedAt`): those are kept as they are. Never raises a budget or adds an entry: a new leak is recorded on
 * purpose, with `leakdiff baseline`, not by a side effect of a check. A baseline none of whose
 * entries matches a finding is kept as it is: it was recorded on other logs or settings, or every
 * known leak is gone, and emptying it would hide the next run's leaks either way.
 */
export function tightenBaseline(baseline: BaselineFile, report: Report): BaselineFile {
  const findings = new Map(report.findings.map((finding) => [fingerprintOf(finding), finding]));
  if (baseline.entries.length > 0 && !baseline.entries.some((entry) => findings.has(entry.fingerprint))) return baseline;
  const looked = lookedAt(report);
  const entries = baseline.entries.flatMap((entry) => {
    const finding = findings.get(entry.fingerprint);
    if (finding === undefined) return looked(entry.fingerprint) ? [] : [entry];
    const growth = growthFor(finding, entry);
    return [{ ...entry, budget: growth === null ? entry.budget : Math.min(entry.budget, budgetFor(growth, entry)) }];
  });
  return { leakdiffBaseline: BASELINE_VERSION, entries };
}

/**
 * Whether the report could have found an entry's finding: its process's dumps were compared
 * (given, not left out by `--process` or another run, two of them judged), its verdict is not
 * unknown, and `--ignore` does not leave its subject out. An entry that was not looked for is
 * neither gone nor stale: its logs were not given this time.
 */
function lookedAt(report: Pick<Report, 'comparisons' | 'summary' | 'options'>): (fingerprint: string) => boolean {
  const compared = new Set(report.comparisons.filter((comparison) => comparison.snapshots.length > 1).map((comparison) => comparison.process));
  const isIgnored = matcherOf(report.options.ignore);
  return (fingerprint) => {
    const [, process, subject] = splitParts(fingerprint);
    if (process !== 'mpf' && process !== 'mc') return true;
    return compared.has(process) && report.summary.byProcess[process].unknown !== true && !isIgnored(subject ?? '');
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
