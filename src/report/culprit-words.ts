// The phrasebook of culprits and source lines: who registered a growing event's handlers, and
// the lines of the machine folder behind a finding. Plain text, names as the log and the machine
// folder have them; each format escapes for its medium after calling these.

import type { Culprit, Finding, NoCulpritReason, OwnerKind, Report, SourceLine, SourceRole } from '../model.js';

/** How a source line is introduced when it is not the culprit's first. */
const ROLE_WORDS = {
  registers: 'registered at',
  defines: 'defined at',
  plays: 'shown at',
  schedules: 'scheduled at',
} as const satisfies Record<SourceRole, string>;

const OWNER_WORDS = {
  mode: (name) => `mode ${name}`,
  'custom-code': (name) => `custom code ${name}`,
  'mc-custom-code': (name) => `MC custom code ${name}`,
  mpf: (_name, owner) => `MPF's ${owner}`,
} as const satisfies Record<OwnerKind, (name: string, owner: string) => string>;

const NO_CULPRIT_WORDS = {
  'no-line': (event: string) => `no culprit named: no Unordered handler line names a callback of ${event} (MPF names only handlers of one object that collide)`,
  'not-growing': (event: string) => `no culprit named: the Unordered handler lines name no callback of ${event} whose copies keep growing`,
  'not-logged': () => 'no culprit named: the log has no EventManager lines (its INFO logging is off)',
} as const satisfies Record<NoCulpritReason, (event: string) => string>;

const MACHINE_CHOSEN_WORDS = {
  option: '--machine',
  'logs-folder': 'the folder above logs/',
} as const satisfies Record<NonNullable<Report['machine']>['chosenBy'], string>;

/** One line of the words under a finding; `depth` 1 belongs to the line of depth 0 before it. */
export interface CulpritLine {
  text: string;
  depth: 0 | 1;
}

/** `mode skillshot`, `custom code code.orbit_combos.OrbitCombos`, `MPF's <Auditor>`; null without an owner. */
export function describeOwner(culprit: Culprit): string | null {
  if (culprit.owner === null || culprit.ownerKind === null) return null;
  const name = /^<(?:Mode|Scriptlet|CustomCode)\.(.*)>$/s.exec(culprit.owner)?.[1] ?? culprit.owner;
  return OWNER_WORDS[culprit.ownerKind](name, culprit.owner);
}

/**
 * `modes/skillshot/code/skillshot.py:12 self.machine.events.add_handler(…) in Skillshot.mode_start:
 * a global handler …`; a line outside a method, or of YAML, gives its note after a dash.
 */
export function describeSource(source: SourceLine): string {
  const code = `${source.file}:${source.line} ${source.code.trim()}`;
  if (source.method !== undefined) return `${code} in ${source.method}${source.note === undefined ? '' : `: ${source.note}`}`;
  return source.note === undefined ? code : `${code} — ${source.note}`;
}

/** `×27`: the copies at the finding's last dump. */
function describeCopies(culprit: Culprit): string {
  const last = culprit.counts[culprit.counts.length - 1];
  if (last === null || last === undefined) return '';
  return culprit.cut ? ` ×${last} or more (a line that names it is cut off)` : ` ×${last}`;
}

/** The source line a finding's words and annotation lead with: the first that does something (registers, plays, schedules). */
export function leadingSourceOf(sources: readonly SourceLine[]): SourceLine | null {
  return sources.find((source) => source.role !== 'defines') ?? sources[0] ?? null;
}

/** The line a code annotation of the finding goes on: its first culprit's leading source line, or its own. */
export function annotatedSourceOf(finding: Finding): SourceLine | null {
  if (finding.kind === 'handler-growth') {
    for (const culprit of finding.culprits ?? []) {
      const source = leadingSourceOf(culprit.sources);
      if (source !== null) return source;
    }
  }
  return leadingSourceOf(finding.sources ?? []);
}

/** `shown at config/mc.yaml:76 …`: a source line introduced by what it does. */
function describeSourceRole(source: SourceLine): string {
  return `${ROLE_WORDS[source.role]} ${describeSource(source)}`;
}

/** The sources, the leading one first. */
function leadingFirst(sources: readonly SourceLine[]): SourceLine[] {
  const leading = leadingSourceOf(sources);
  return leading === null ? [] : [leading, ...sources.filter((source) => source !== leading)];
}

/**
 * The words under a finding for its culprits and source lines: `culprit: Skillshot._rollover_hit
 * (mode skillshot) ×27 — modes/skillshot/code/skillshot.py:12 …`, one line each and the other
 * source lines below it; or why no culprit is named, and where the machine registers handlers of
 * the event; or the source lines of a widget, slide or clock callback. Empty when there are none.
 */
export function describeCulprits(finding: Finding): CulpritLine[] {
  const lines: CulpritLine[] = [];
  if (finding.kind === 'handler-growth') {
    for (const culprit of finding.culprits ?? []) {
      const owner = describeOwner(culprit);
      const heading = `culprit: ${culprit.callback}${owner === null ? '' : ` (${owner})`}${describeCopies(culprit)}`;
      const [leading, ...others] = leadingFirst(culprit.sources);
      const said = leading !== undefined ? ` — ${describeSource(leading)}` : culprit.note !== undefined ? ` — ${culprit.note}` : '';
      lines.push({ text: `${heading}${said}`, depth: 0 });
      for (const source of others) lines.push({ text: describeSourceRole(source), depth: 1 });
    }
    // A suspect with nothing to show is not worth a line saying so; its JSON still says why.
    const sources = finding.sources ?? [];
    if (finding.noCulprit !== undefined && (finding.verdict === 'leak' || sources.length > 0)) {
      lines.push({ text: NO_CULPRIT_WORDS[finding.noCulprit](finding.subject), depth: 0 });
      for (const source of leadingFirst(sources)) lines.push({ text: describeSourceRole(source), depth: 1 });
    }
    return lines;
  }
  for (const source of leadingFirst(finding.sources ?? [])) lines.push({ text: describeSourceRole(source), depth: 0 });
  return lines;
}

/** `shown by the log at logs/x.log:7372`: where the growth is, for an annotation put on the code. */
export function describeGrowthPlace(file: string, line: number): string {
  return `shown by the log at ${file}:${line}`;
}

const POINT_WORDS = {
  minute: 'at the end of each minute of log time that has such lines',
  lines: 'at the end of each stretch of 1000 lines that has such lines (the log has no times)',
} as const satisfies Record<NonNullable<Report['withoutDumps']>['point'], string>;

/**
 * `No DEBUG DUMP section found: judged instead the copies of each callback that the Unordered
 * handler lines name, at the end of each minute …`, or null when dumps were compared.
 */
export function describeWithoutDumps(report: Report): string | null {
  if (report.withoutDumps === undefined) return null;
  return `No DEBUG DUMP section found: judged instead the copies of each callback that the Unordered handler lines name, ${POINT_WORDS[report.withoutDumps.point]}, as if each point were a dump (leaks by many different objects leave no such line: dump to see them)`;
}

/** `Machine folder: fixtures/leaky-machine/machine (the folder above logs/)`, or null when none was read. */
export function describeMachine(report: Report): string | null {
  if (report.machine === undefined) return null;
  return `Machine folder: ${report.machine.dir} (${MACHINE_CHOSEN_WORDS[report.machine.chosenBy]})`;
}

/** `code/broken.py: not valid Python at line 5, skipped`: one line per file of the machine folder not read. */
export function describeMachineWarnings(report: Report): string[] {
  return (report.machine?.warnings ?? []).map((warning) => `${warning.file}: ${warning.message}`);
}
