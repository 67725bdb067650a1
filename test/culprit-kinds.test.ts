// One case per kind of owner (a mode, MPF custom code, MPF-MC custom code, MPF's own object) and
// per damage (a Python file that does not parse, a line cut off mid-list), from a log whose
// Unordered handler lines grow, against the small machine folder of fixtures/culprit-machine-kinds.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { attachCulprits } from '../src/culprit/attach.js';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import { loadMachine } from '../src/machine/disk.js';
import type { Culprit, HandlerGrowthFinding, ParsedLog } from '../src/model.js';
import { parseLog } from '../src/parse/parser.js';

const KINDS = 'fixtures/culprit-machine-kinds/machine';
const PREFIX = (second: number): string => `2026-12-05 15:38:${String(second).padStart(2, '0')},000 : INFO : EventManager : `;

/** A log of three dumps between which `callback` of `owner` gets 2, 4, then 6 copies on `event` (or `series`). */
function leakingLog(owner: string, callback: string, event: string, series: readonly number[] = [2, 4, 6]): string {
  const lines: string[] = [];
  let second = 0;
  for (const copies of series) {
    const handlers = Array.from({ length: copies }, () => `RegisteredHandler(callback=<bound method ${callback} of ${owner}>, priority=1, kwargs={}, key=None, condition=None, blocking_facility=None)`);
    lines.push(`${PREFIX(second++)}Unordered handler for class ${owner} on event ${event} with priority 1. Handlers: [${handlers.join(', ')}]. The order of those handlers is not defined.`);
    lines.push(`${PREFIX(second)}--- DEBUG DUMP EVENTS ---`, `${PREFIX(second)}  Total handlers: ${copies} (for ${event})`, `${PREFIX(second++)}--- DEBUG DUMP EVENTS END ---`);
  }
  return `${lines.join('\n')}\n`;
}

function culpritOf(log: ParsedLog, event: string): { finding: HandlerGrowthFinding; culprit: Culprit } {
  const report = attachCulprits(diffSnapshots(log.snapshots, DEFAULT_DIFF_OPTIONS), { snapshots: log.snapshots, logs: [log], machine: loadMachine(KINDS, '.') });
  const finding = report.findings.find((one) => one.kind === 'handler-growth' && one.subject === event) as HandlerGrowthFinding;
  assert.ok(finding?.culprits?.length === 1, JSON.stringify(finding));
  return { finding, culprit: finding.culprits[0]! };
}

function culpritIn(owner: string, callback: string, event: string): Culprit {
  return culpritOf(parseLog(Buffer.from(leakingLog(owner, callback, event)), 'kinds.log'), event).culprit;
}

describe('owners of each kind', () => {
  test("a mode whose class subclasses the one that defines the callback, and drops its removal", () => {
    const culprit = culpritIn('<Mode.target_bonus_v2>', 'TargetBonus._on_hit', 'target_hit');
    assert.equal(culprit.ownerKind, 'mode');
    assert.deepEqual(culprit.counts, [2, 4, 6]);
    const registers = culprit.sources.find((source) => source.role === 'registers')!;
    assert.deepEqual([registers.file, registers.line], [`${KINDS}/code/bonus.py`, 12]);
    assert.match(registers.note!, /TargetBonusV2\.mode_stop overrides TargetBonus\.mode_stop/);
  });

  test('MPF custom code, registered with keywords and a condition on the event', () => {
    const culprit = culpritIn('<Scriptlet.code.tally.TargetTally>', 'TargetTally._count', 'target_hit');
    assert.equal(culprit.ownerKind, 'custom-code');
    const registers = culprit.sources.find((source) => source.role === 'registers')!;
    assert.deepEqual([registers.file, registers.line, registers.note], [`${KINDS}/code/tally.py`, 15, 'removed in TargetTally._game_ended']);
  });

  test('MPF-MC custom code', () => {
    const culprit = culpritIn('<CustomCode.code.mc_banner.BonusBanner>', 'BonusBanner._start', 'mode_target_bonus_v2_started');
    assert.equal(culprit.ownerKind, 'mc-custom-code');
    const registers = culprit.sources.find((source) => source.role === 'registers')!;
    assert.deepEqual([registers.file, registers.line, registers.method], [`${KINDS}/code/mc_banner.py`, 14, 'BonusBanner.on_connect']);
  });

  test("MPF's own object: the culprit is named, with no line of the machine and a note saying why", () => {
    const culprit = culpritIn('<Auditor>', 'Auditor.audit_event', 'ball_started');
    assert.equal(culprit.ownerKind, 'mpf');
    assert.deepEqual(culprit.sources, []);
    assert.match(culprit.note!, /<Auditor> is MPF's own object/);
  });
});

describe('damage', () => {
  test('the owner\'s class is in a Python file that does not parse: the note says so', () => {
    const culprit = culpritIn('<Scriptlet.code.broken.NeverLoaded>', 'NeverLoaded._hit', 'target_hit');
    assert.deepEqual(culprit.sources, []);
    assert.match(culprit.note!, /class NeverLoaded is in fixtures\/culprit-machine-kinds\/machine\/code\/broken\.py, which was not valid Python/);
  });

  test('a line cut off mid-list counts what it holds, and says it is cut', () => {
    const text = leakingLog('<Mode.target_bonus_v2>', 'TargetBonus._on_hit', 'target_hit', [2, 4, 8]);
    const lines = text.split('\n');
    // The last collision line, before the last dump, ends inside the callback of its seventh handler.
    const last = lines.findLastIndex((line) => line.includes('Unordered handler'));
    const cutAt = lines[last]!.split('RegisteredHandler(').slice(0, 7).join('RegisteredHandler(').length + 40;
    lines[last] = lines[last]!.slice(0, cutAt);
    const { culprit } = culpritOf(parseLog(Buffer.from(lines.join('\n')), 'cut.log'), 'target_hit');
    assert.equal(culprit.cut, true);
    assert.deepEqual(culprit.counts, [2, 4, 6]);
  });

  test('the real log copied while MPF wrote it: its last line is cut after the eleventh callback', () => {
    const file = 'fixtures/culprit-cut-line/2026-12-05-15-38-37-mpf-pinbox.log';
    const log = parseLog(readFileSync(file), file);
    const series = log.handlers?.series.find((one) => one.callback === 'Skillshot._rollover_hit');
    assert.equal(series?.cut, true);
    assert.equal(log.handlers?.points, 'minutes');
    // Ten whole handlers and the callback of the eleventh were written before the cut.
    assert.equal(series?.counts.at(-1), 11);
  });
});
