// `--ignore` globs written to hurt: many stars, long runs of them. Matching must stay linear; the
// matcher runs in a child process, so a hang fails the test instead of stopping the run.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { matcherOf } from '../src/diff/glob.js';
import { HANG_GUARD_MS, ROOT, spawnCli, spawnNode } from './helpers/cli.js';

const LOG = path.join(ROOT, 'fixtures', 'diff-handler-growth', 'mpf-pinbox.log');
const MANY_STARS = `${'*'.repeat(40_000)}z`;

/** Runs `expression` (it may use `matcherOf`) in a child node and returns what it printed. */
async function evaluate(expression: string): Promise<string> {
  const script = `import { matcherOf } from ${JSON.stringify(path.join(ROOT, 'src', 'diff', 'glob.ts'))}; console.log(JSON.stringify(${expression}));`;
  const run = await spawnNode(['--import', 'tsx', '--input-type=module', '-e', script], { hangGuardMs: HANG_GUARD_MS });
  assert.equal(run.hung, false, 'the matcher hung');
  assert.equal(run.code, 0, run.stderr);
  return run.stdout.trim();
}

test('globs of many stars finish: twelve stars, 40,000 stars, and stars between letters', async () => {
  const subject = JSON.stringify('a'.repeat(200));
  assert.equal(await evaluate(`matcherOf(['************z'])(${subject})`), 'false');
  assert.equal(await evaluate(`[matcherOf([${JSON.stringify(MANY_STARS)}])(${subject}), matcherOf([${JSON.stringify(MANY_STARS)}])('az')]`), '[false,true]');
  assert.equal(await evaluate(`matcherOf(['*a*a*a*a*a*a*a*a*a*a*z'])(${subject})`), 'false');
});

test('--ignore and a config ignore of many stars finish with the same verdict as without them', async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'leakdiff-glob-'));
  try {
    const findings = (stdout: string): unknown => (JSON.parse(stdout) as { findings: unknown }).findings;
    const plain = await spawnCli(['diff', LOG, '--json'], { hangGuardMs: HANG_GUARD_MS });
    assert.equal(plain.hung, false);
    const flag = await spawnCli(['diff', LOG, '--json', '--ignore', '************z'], { hangGuardMs: HANG_GUARD_MS });
    assert.equal(flag.hung, false, '--ignore hung');
    assert.equal(flag.code, plain.code, flag.stderr);
    assert.deepEqual(findings(flag.stdout), findings(plain.stdout));
    const config = path.join(scratch, 'stars.json');
    writeFileSync(config, JSON.stringify({ ignore: [MANY_STARS, '*a*a*a*a*a*a*a*a*a*a*a*a*q'] }));
    const configured = await spawnCli(['diff', LOG, '--json', '--config', config], { hangGuardMs: HANG_GUARD_MS });
    assert.equal(configured.hung, false, 'the config ignore hung');
    assert.equal(configured.code, plain.code, configured.stderr);
    assert.deepEqual(findings(configured.stdout), findings(plain.stdout));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

/** What a glob means, by its definition: `*` any run of characters, `?` one character, the rest literal. */
function matchesByDefinition(glob: string[], subject: string[]): boolean {
  const memo = new Map<string, boolean>();
  const match = (g: number, s: number): boolean => {
    const key = `${g},${s}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (g === glob.length) result = s === subject.length;
    else if (glob[g] === '*') result = match(g + 1, s) || (s < subject.length && match(g, s + 1));
    else result = s < subject.length && (glob[g] === '?' || glob[g] === subject[s]) && match(g + 1, s + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

test('a glob matches exactly what its definition says, character by character (astral ones too)', () => {
  const char = fc.constantFrom('a', 'b', '*', '?', '/', '.', '😀', '[', '(');
  const text = fc.array(char, { maxLength: 10 });
  fc.assert(
    fc.property(text, text, (glob, subject) => {
      const plainSubject = subject.map((c) => (c === '*' || c === '?' ? 'x' : c));
      assert.equal(matcherOf([glob.join('')])(plainSubject.join('')), matchesByDefinition(glob, plainSubject), `${glob.join('')} on ${plainSubject.join('')}`);
    }),
    { numRuns: 2000 },
  );
});

test('globs as documented: * across any characters, ? one, everything else literal', () => {
  assert.ok(matcherOf(['timer_*'])('timer_frenzy_tick'));
  assert.ok(matcherOf(['Text:*'])('Text:a/b'));
  assert.ok(matcherOf(['mode_?_started'])('mode_a_started'));
  assert.ok(!matcherOf(['mode_?_started'])('mode_ab_started'));
  assert.ok(matcherOf(['Text:(player1|score)'])('Text:(player1|score)'));
  assert.ok(!matcherOf(['a.c'])('abc'));
  assert.ok(matcherOf(['?'])('😀'));
  assert.equal(matcherOf([])('anything'), false);
});
