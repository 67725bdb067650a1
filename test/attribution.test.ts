// Attribution on inline series and posts: exact fits are found, chance fits are rejected, intervals
// whose posts are unknown neither fit nor refute, and the real clean run is attributed nothing.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { attribute, fitsOf, leadOf, postsBetween, reportedFitsOf, type IntervalPosts } from '../src/diff/attribution.js';
import { describeAttribution } from '../src/report/words.js';
import { DEFAULT_DIFF_OPTIONS, diffSnapshots } from '../src/diff/diff.js';
import type { HandlerGrowthFinding, Snapshot } from '../src/model.js';
import { snapshotOf } from './helpers/snapshots.js';
import { parseLog } from '../src/parse/parser.js';
import { ROOT } from './helpers/cli.js';
import { LEAKY_MACHINE, reportOfRun, RUN_A } from './helpers/leaky-machine-culprits.js';
import { loadMachine } from '../src/machine/disk.js';

/** Posts per interval, from plain objects. */
function posts(...intervals: (Record<string, number> | null)[]): IntervalPosts[] {
  return intervals.map((interval) => (interval === null ? null : new Map(Object.entries(interval))));
}

function names(fits: readonly { event: string; ratio: number }[]): string[] {
  return fits.map((fit) => `${fit.event}×${fit.ratio}`);
}

test('an exact fit: growth follows the posts in every interval, with one whole ratio', () => {
  const fits = fitsOf([0, 2, 5, 6], posts({ lanes_complete: 2 }, { lanes_complete: 3 }, { lanes_complete: 1 }), 's_lane_left_active');
  assert.deepEqual(fits, [{ event: 'lanes_complete', ratio: 1, intervals: [0, 1, 2], posted: 6, steady: false }]);
  assert.deepEqual(names(fitsOf([10, 14, 20], posts({ ball_started: 2 }, { ball_started: 3 }), 'x')), ['ball_started×2']);
});

test('an interval where the event was not posted and nothing grew is consistent with it', () => {
  const fits = fitsOf([0, 2, 2, 5], posts({ tilt: 2 }, {}, { tilt: 3 }), 'x');
  assert.deepEqual(fits, [{ event: 'tilt', ratio: 1, intervals: [0, 2], posted: 5, steady: false }]);
});

test('fits are looked for among the events of one interval: the same fits as trying every event posted', () => {
  // A reference that tries every event posted anywhere, as the definition reads; a series and
  // posts drawn at random (a fixed seed), where a few events follow the growth exactly.
  const reference = (series: number[], intervals: IntervalPosts[]): string[] => {
    const events = new Set(intervals.flatMap((interval) => [...(interval?.keys() ?? [])]));
    // Each event alone, listed in every known interval (0 where it was not posted): nothing for
    // fitsOf to choose among.
    const alone = (event: string): IntervalPosts[] => intervals.map((interval) => interval && new Map([[event, interval.get(event) ?? 0]]));
    return [...events].filter((event) => fitsOf(series, alone(event), 'x').length > 0).sort();
  };
  let seed = 7;
  const random = (n: number): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed >>> 8) % n;
  };
  let fitting = 0;
  for (let round = 0; round < 400; round++) {
    const length = 2 + random(5);
    const intervals: (Map<string, number> | null)[] = Array.from({ length }, () => (random(8) === 0 ? null : new Map<string, number>()));
    const series = [random(3)];
    const ratio = 1 + random(3);
    for (let i = 0; i < length; i++) {
      const follows = 1 + random(4);
      const grows = random(4) === 0 ? 0 : follows * ratio;
      if (grows > 0) {
        intervals[i]?.set('follows', follows);
        intervals[i]?.set('twin', follows);
      }
      for (const noise of ['a', 'b', 'c']) if (random(2) === 0) intervals[i]?.set(noise, 1 + random(3));
      series.push(series[i]! + (random(10) === 0 ? -1 : grows));
    }
    const found = fitsOf(series, intervals, 'x').map((fit) => fit.event).sort();
    assert.deepEqual(found, reference(series, intervals), `series ${series.join(',')}`);
    fitting += found.length;
  }
  assert.ok(fitting > 100, `too few rounds with a fit to test anything: ${fitting}`);
});

test('chance fits are rejected', () => {
  // a different ratio in one interval
  assert.deepEqual(fitsOf([0, 2, 5], posts({ a: 2 }, { a: 2 }), 'x'), []);
  // growth while the event was not posted: it does not explain that growth
  assert.deepEqual(fitsOf([0, 2, 5, 6], posts({ a: 2 }, { a: 3 }, {}), 'x'), []);
  // posted while nothing grew
  assert.deepEqual(fitsOf([0, 2, 5, 5], posts({ a: 2 }, { a: 3 }, { a: 1 }), 'x'), []);
  // a fraction: one handler per two posts is what unrelated counts give by chance
  assert.deepEqual(fitsOf([0, 1, 3], posts({ player_score: 2 }, { player_score: 4 }), 'x'), []);
  // a drop is never explained by posts
  assert.deepEqual(fitsOf([4, 6, 5, 8], posts({ a: 2 }, { a: 1 }, { a: 3 }), 'x'), []);
});

test('steady posts fit any steady growth: named only after what grows, the others counted', () => {
  // Once per ball in every interval, the count one higher each time: ball_started, ball_ending,
  // mode_base_started, a timer… all fit alike. Only posts that differ between intervals tell.
  const steady = posts({ ball_started: 1, ball_ending: 1, tick: 3 }, { ball_started: 1, ball_ending: 1, tick: 3 }, { ball_started: 1, ball_ending: 1, tick: 3 });
  const fits = fitsOf([11, 12, 13, 14], steady, 'ball_started');
  assert.deepEqual(fits, [
    { event: 'ball_started', ratio: 1, intervals: [0, 1, 2], posted: 3, steady: true },
    { event: 'ball_ending', ratio: 1, intervals: [0, 1, 2], posted: 3, steady: true },
  ]);
  assert.deepEqual(reportedFitsOf(fits, 'ball_started'), { listed: [fits[0]], unlisted: 1 });
  assert.deepEqual(reportedFitsOf(fits, 's_lane_left_active'), { listed: [], unlisted: 0 }, 'no event bears its name: nothing is said');
  // One telling fit outranks any steady one, and steady ones are not counted beside it.
  const mixed = [{ event: 'lanes_complete', ratio: 1, intervals: [0, 1, 2], posted: 6, steady: false }, ...fits];
  assert.deepEqual(reportedFitsOf(mixed, 'ball_started'), { listed: [mixed[0]], unlisted: 0 });
});

test('a fit in one interval only says nothing', () => {
  assert.deepEqual(fitsOf([0, 3, 3], posts({ a: 3 }, {}), 'x'), []);
  assert.deepEqual(fitsOf([0, 3], posts({ a: 3 }), 'x'), []);
});

test('intervals whose posts are unknown (another file) neither fit nor refute', () => {
  const fits = fitsOf([0, 2, 9, 12], posts({ a: 2 }, null, { a: 3 }), 'x');
  assert.deepEqual(fits, [{ event: 'a', ratio: 1, intervals: [0, 2], posted: 5, steady: false }]);
  assert.deepEqual(fitsOf([0, 2, 9], posts({ a: 2 }, null), 'x'), [], 'one known interval is not enough');
});

test("the dump's own event is never an explanation: it is posted once per dump by definition", () => {
  assert.deepEqual(fitsOf([0, 1, 3, 4], posts({ debug_dump_stats: 1 }, { debug_dump_stats: 2 }, { debug_dump_stats: 1 }), 'x'), []);
  assert.deepEqual(fitsOf([0, 1, 3, 4], posts({ bcp_debug_dump: 1 }, { bcp_debug_dump: 2 }, { bcp_debug_dump: 1 }), 'x'), []);
});

test('ranking: more intervals, then the event named after what grows, then the smaller ratio, then the name', () => {
  const intervals = posts(
    { b: 2, a: 2, twice: 1, slide_frenzy_slide_created: 2, fewer: 2 },
    { b: 4, a: 4, twice: 2, slide_frenzy_slide_created: 4 },
    { b: 6, a: 6, twice: 3, slide_frenzy_slide_created: 6, fewer: 6 },
  );
  // `fewer` was not posted in the second interval, where the count grew: it does not fit.
  const fits = fitsOf([0, 2, 6, 12], intervals, 'Slide:frenzy_slide');
  assert.deepEqual(names(fits), ['slide_frenzy_slide_created×1', 'a×1', 'b×1', 'twice×2']);
  assert.deepEqual(names(fitsOf([0, 2, 6, 12], intervals, 'b')), ['b×1', 'a×1', 'slide_frenzy_slide_created×1', 'twice×2']);
  const more = fitsOf([0, 2, 6, 12], posts({ a: 2, b: 2 }, { a: 4, b: 4 }, { a: 6 }), 'x');
  assert.deepEqual(names(more), ['a×1'], 'b was not posted in the third interval, where the count grew: refuted');
});

test('attribute: at most three listed, the rest counted; nothing added when nothing fits', () => {
  const snapshots = [mpf({}, 10), mpf({ a: 1, b: 1, c: 1, d: 1, e: 1 }, 11), mpf({ a: 2, b: 2, c: 2, d: 2, e: 2 }, 13)];
  const finding = leakOf([10, 11, 13]);
  const attributed = attribute(finding, snapshots);
  assert.deepEqual(names(attributed.explainedBy ?? []), ['a×1', 'b×1', 'c×1']);
  assert.equal(attributed.unlistedFits, 2);
  const unexplained = attribute(leakOf([10, 12, 13]), snapshots);
  assert.equal('explainedBy' in unexplained, false);
  assert.equal('unlistedFits' in unexplained, false);
});

test('postsBetween: sums the dumps in between of the same process and file; another file is unknown', () => {
  const snapshots = [mpf({ a: 9 }, 0), mc({ a: 100 }), mpf({ a: 1 }, 0), mpf({ a: 2 }, 0), mpf({ a: 5 }, 0, 'other.log')];
  const intervals = postsBetween(snapshots, [0, 3, 4]);
  const counts = (posts: IntervalPosts): [string, number | undefined][] => [...(posts?.keys() ?? [])].map((event) => [event, posts!.get(event)]);
  assert.deepEqual(counts(intervals[0]!), [['a', 3]], 'mpf #2 and #3, not the MC dump');
  assert.equal(intervals[1], null);
  // One dump's posts, read in place: its own names only, not its prototype's.
  const fromJson = JSON.parse(JSON.stringify([mpf({ a: 1 }, 0), mpf({ a: 2, b: 4 }, 0), mpf({ b: 1 }, 0)])) as Snapshot[];
  const [one] = postsBetween(fromJson, [0, 1]);
  assert.deepEqual(counts(one!), [['a', 2], ['b', 4]]);
  const [two] = postsBetween(fromJson, [0, 2]);
  assert.deepEqual(counts(two!), [['a', 2], ['b', 5]]);
  for (const posts of [one!, two!]) {
    assert.equal(posts.get('constructor'), undefined);
    assert.equal(posts.get('toString'), undefined);
  }
});

test('the real clean MPF + MC run: no finding is attributed to any event', () => {
  const folder = path.join(ROOT, 'fixtures', 'real-057-clean-run');
  const snapshots = ['mpf', 'mc'].flatMap((kind) => {
    const file = `mpf-0.57.3+mc-0.57.0-clean-3games-per-ball-13-dumps.${kind}.log`;
    return parseLog(readFileSync(path.join(folder, file)), file).snapshots;
  });
  for (const warmup of [0, 1]) {
    for (const byState of ['auto', 'off'] as const) {
      const report = diffSnapshots(snapshots, { ...DEFAULT_DIFF_OPTIONS, warmup, byState });
      assert.deepEqual(
        report.findings.filter((finding) => finding.explainedBy !== undefined).map((finding) => finding.subject),
        [],
        `warmup ${warmup}, by-state ${byState}`,
      );
    }
  }
});

/** A handler leak of `x` over the first dumps, judged in one series. */
function leakOf(series: number[]): HandlerGrowthFinding {
  const points = series.map((_, index) => index);
  const delta = series.at(-1)! - series[0]!;
  const evidence = [{ state: null, where: null, display: null, series, points, delta, verdict: 'leak', rule: 'monotonic', outcome: null } as const];
  return { kind: 'handler-growth', verdict: 'leak', rule: 'monotonic', process: 'mpf', run: 1, subject: 'x', series, points, delta, state: null, evidence, span: { games: null, balls: null, hours: null } };
}

test('leadOf: events that fit equally are never led by one picked at random', () => {
  // Three balls, then one, then four: ball_started and everything posted once per ball fit alike.
  const perBall = (balls: number): Record<string, number> => ({ ball_drain: balls, ball_ended: balls, ball_started: balls, mode_skillshot_started: balls, player_turn_started: balls });
  const intervals = posts({ ...perBall(3), lanes_hit: 2 }, { ...perBall(1), lanes_hit: 1 }, { ...perBall(4), lanes_hit: 3 });
  const series = [0, 6, 8, 16];
  const fits = fitsOf(series, intervals, 's_bumper_active');
  assert.deepEqual(leadOf(fits, intervals, []), { basis: 'lifecycle', events: ['ball_started', 'player_turn_started', 'mode_skillshot_started'], ratio: 2, posted: 8, equallyFitting: 5 });
  // The culprit names the mode that registers the handler: its start leads.
  assert.equal(leadOf(fits, intervals, ['not_posted', 'mode_skillshot_started'])?.basis, 'culprit');
  assert.deepEqual(leadOf(fits, intervals, ['mode_skillshot_started'])?.events, ['mode_skillshot_started']);
  // Nothing of the game's life among the equals: only the rate, naming them all.
  const noLifecycle = posts({ a: 3, b: 3 }, { a: 1, b: 1 }, { a: 4, b: 4 });
  assert.deepEqual(leadOf(fitsOf(series, noLifecycle, 'x'), noLifecycle, []), { basis: 'rate', events: ['a', 'b'], ratio: 2, posted: 8, equallyFitting: 2 });
  // One event fits better than any other: it leads on its own.
  const alone = posts({ a: 3, b: 3 }, { a: 1, b: 2 }, { a: 4, b: 4 });
  assert.deepEqual(leadOf(fitsOf(series, alone, 'x'), alone, []), { basis: 'unique', events: ['a'], ratio: 2, posted: 8, equallyFitting: 1 });
  assert.equal(leadOf([], alone, []), null);
});

test('a steady fit is never the only one while another event fits steadily at another rate', () => {
  // 60 handlers per interval: timer_tick posted 60 times in each, ball_started once. Both fit, with
  // ratios 1 and 60, and the dumps cannot tell them apart: neither leads alone, and neither is named
  // when the finding is named after neither.
  const intervals = posts(...[1, 2, 3, 4].map(() => ({ ball_started: 1, timer_tick: 60 })));
  const fits = fitsOf([0, 60, 120, 180, 240], intervals, 'leak_z');
  assert.deepEqual(fits.map((fit) => [fit.event, fit.ratio, fit.steady]), [['timer_tick', 1, true], ['ball_started', 60, true]]);
  assert.equal(leadOf(fits, intervals, []), null);
  // Alone in fitting steadily, it still does not lead: growth that keeps time with the dumps fits
  // whatever is posted as often as they are taken. Named after what grows, it is listed by name.
  const one = posts(...[1, 2, 3, 4].map(() => ({ timer_tick: 60 })));
  assert.equal(leadOf(fitsOf([0, 60, 120, 180, 240], one, 'leak_z'), one, []), null);
  const ticks = leakOf([0, 60, 120, 180, 240]);
  assert.deepEqual(reportedFitsOf(fitsOf([0, 60, 120, 180, 240], one, 'timer_tick'), 'timer_tick').listed.map((fit) => fit.event), ['timer_tick']);
  assert.deepEqual(reportedFitsOf(fitsOf([0, 60, 120, 180, 240], one, ticks.subject), ticks.subject).listed, []);
});

test('an event that fits at another rate rivals the best: neither leads alone', () => {
  // e_b is posted twice as often as e_a in every interval, and the count grows by one per e_b, or
  // by two per e_a: the dumps cannot tell which.
  const intervals = posts({ e_a: 1, e_b: 2 }, { e_a: 2, e_b: 4 }, { e_a: 1, e_b: 2 }, { e_a: 2, e_b: 4 });
  const fits = fitsOf([1, 3, 7, 9, 13], intervals, 'h_p');
  assert.deepEqual(fits.map((fit) => [fit.event, fit.ratio, fit.steady]), [['e_b', 1, false], ['e_a', 2, false]]);
  assert.equal(leadOf(fits, intervals, []), null);
  // Both are still listed, the better first.
  assert.deepEqual(reportedFitsOf(fits, 'h_p').listed.map((fit) => fit.event), ['e_b', 'e_a']);
  // The event a culprit names leads when it is the best; a rival the culprit names does not.
  assert.equal(leadOf(fits, intervals, ['e_a']), null);
  assert.deepEqual(leadOf(fits, intervals, ['e_b'])?.events, ['e_b']);
  // Without a rival (e_c, posted once in each, fits no whole ratio), the best leads alone.
  const alone = posts({ e_b: 2, e_c: 1 }, { e_b: 4, e_c: 1 }, { e_b: 2, e_c: 1 }, { e_b: 4, e_c: 1 });
  assert.equal(leadOf(fitsOf([1, 3, 7, 9, 13], alone, 'h_p'), alone, [])?.basis, 'unique');
});

test('a lead by the game\'s life names the events that fit as well at another rate; one a culprit names is evidence of its own', () => {
  // e_b leads as the event its culprit names; e_a, posted half as often, fits at ×2 only by numbers.
  const intervals = posts({ e_a: 1, e_b: 2 }, { e_a: 2, e_b: 4 }, { e_a: 1, e_b: 2 }, { e_a: 2, e_b: 4 });
  const fits = fitsOf([1, 3, 7, 9, 13], intervals, 'h_p');
  assert.deepEqual(leadOf(fits, intervals, ['e_b']), { basis: 'culprit', events: ['e_b'], ratio: 1, posted: 12, equallyFitting: 1 });
  // Four balls, then two; e_g posted once per two balls: +1 per ball leads, and e_g is named with it.
  const balls = posts({ ball_started: 4, e_g: 2 }, { ball_started: 2, e_g: 1 });
  const lead = leadOf(fitsOf([0, 4, 6], balls, 'x'), balls, []);
  assert.deepEqual(lead, { basis: 'lifecycle', events: ['ball_started'], ratio: 1, posted: 6, equallyFitting: 1, otherRates: { fitting: 1, event: 'e_g', ratio: 2 } });
  const finding = { ...leakOf([0, 4, 6]), lead: { ...lead!, evidence: 0 } };
  assert.equal(describeAttribution(finding), '≈ +1 handler per ball (ball_started posted once per ball, 6 times); e_g fits as well at another rate (+2 handlers per post)');
  // No other rate fits: nothing more is said.
  const alone = posts({ ball_started: 4, e_g: 3 }, { ball_started: 2, e_g: 1 });
  assert.equal(leadOf(fitsOf([0, 4, 6], alone, 'x'), alone, [])?.otherRates, undefined);
});

test('a steady fit named after the finding says how the others fit: not posted as often when they were not', () => {
  // foo 2 and e_t 1 in every interval, the count +2 in each: foo leads by name only, and e_t,
  // posted half as often, is not said to be posted as often.
  const steady = posts({ foo: 2, e_t: 1 }, { foo: 2, e_t: 1 }, { foo: 2, e_t: 1 });
  const named = { ...leakOf([5, 7, 9, 11]), subject: 'foo', explainedBy: reportedFitsOf(fitsOf([5, 7, 9, 11], steady, 'foo'), 'foo').listed, unlistedFits: 1 };
  assert.equal(describeAttribution(named), '≈ +1 handler per foo (6 posted) — by name only: 1 other event posted the same number of times in every interval fits as well');
});

test('an event posted in some intervals and not in others is no steady fit, however often it was posted', () => {
  // jackpot_lit once, then not, then once, then not; the count follows it.
  const fits = fitsOf([3, 4, 4, 5, 5], posts({ jackpot_lit: 1 }, {}, { jackpot_lit: 1 }, {}), 'leak_k');
  assert.deepEqual(fits, [{ event: 'jackpot_lit', ratio: 1, intervals: [0, 2], posted: 2, steady: false }]);
  // Posted as often in every interval whose posts are known: steady; an unknown one says nothing.
  assert.equal(fitsOf([3, 4, 5, 6], posts({ tick: 1 }, null, { tick: 1 }), 'x')[0]?.steady, true);
});

test('events that fit equally are listed by preference, and the list and the others counted add up to equallyFitting', () => {
  // Once per ball (3, 1, 4 balls): every per-ball event fits alike; `twice` fits at ×2 only in
  // the intervals it was posted: a fit, but not an equal one, so never counted among them.
  const perBall = (balls: number): Record<string, number> => ({
    ball_drain: balls, ball_ended: balls, ball_will_end: balls, ball_started: balls, mode_skillshot_started: balls, player_turn_started: balls, aaa: balls,
  });
  const snapshots = [mpf({}, 0), mpf({ ...perBall(3) }, 3), mpf({ ...perBall(1), twice: 1 }, 4), mpf({ ...perBall(4), twice: 2 }, 8)];
  const finding = leakOf([0, 3, 4, 8]);
  const plain = attribute(finding, snapshots);
  assert.equal(plain.lead?.basis, 'lifecycle');
  assert.equal(plain.lead?.equallyFitting, 7);
  assert.deepEqual(names(plain.explainedBy ?? []), ['ball_started×1', 'ball_will_end×1', 'player_turn_started×1']);
  assert.equal((plain.explainedBy?.length ?? 0) + (plain.unlistedFits ?? 0), plain.lead.equallyFitting);
  const hinted = attribute(finding, snapshots, () => ['mode_skillshot_started']);
  assert.equal(hinted.lead?.basis, 'culprit');
  assert.deepEqual(names(hinted.explainedBy ?? []), ['mode_skillshot_started×1', 'ball_started×1', 'ball_will_end×1']);
  assert.equal((hinted.explainedBy?.length ?? 0) + (hinted.unlistedFits ?? 0), 7);
  // None of the game's life among them: by name, so the same everywhere.
  const noLifecycle = [mpf({}, 0), mpf({ b: 3, a: 3, c: 3, d: 3 }, 3), mpf({ b: 1, a: 1, c: 1, d: 1 }, 4), mpf({ b: 4, a: 4, c: 4, d: 4 }, 8)];
  const byName = attribute(finding, noLifecycle);
  assert.deepEqual(names(byName.explainedBy ?? []), ['a×1', 'b×1', 'c×1']);
  assert.equal(byName.unlistedFits, 1);
});

test('a fit must hold in every state\'s series of the finding: +1 per ball between attract dumps is no rule where a ball\'s dumps held through a ball', () => {
  // Attract #0 #2 #4 and game·ball #1 #3 #5. Between the attract dumps three balls and one game
  // each: ball_started ×1 and game_started ×3 both fit. Between game·ball #1 and #3 balls were
  // played and nothing grew: only game_started ×3 holds there too.
  const counts = [0, 3, 3, 3, 6, 6];
  const posted = [{}, { game_started: 1, ball_started: 1 }, { ball_started: 2 }, { ball_started: 1 }, { game_started: 1, ball_started: 2 }, {}];
  const snapshots = posted.map((one, index) => mpf(one, counts[index]!));
  const base = leakOf([0, 3, 6]);
  const evidence = (state: string, points: number[], verdict: 'leak' | null) => {
    const series = points.map((point) => counts[point]!);
    return { state, where: null, display: null, series, points, delta: series.at(-1)! - series[0]!, verdict, rule: verdict === null ? null : ('monotonic' as const), outcome: verdict === null ? ('settled' as const) : null };
  };
  const finding: HandlerGrowthFinding = { ...base, state: 'attract', points: [0, 2, 4], evidence: [evidence('attract', [0, 2, 4], 'leak'), evidence('game·ball', [1, 3, 5], null)] };
  const attributed = attribute(finding, snapshots);
  assert.deepEqual(attributed.lead, { basis: 'lifecycle', events: ['game_started'], ratio: 3, posted: 2, equallyFitting: 1, evidence: 0 });
  // In attract's series alone, +1 per ball leads (and game_started fits at another rate).
  const alone = attribute({ ...finding, evidence: [finding.evidence[0]!] }, snapshots);
  assert.deepEqual(alone.lead?.events, ['ball_started']);
  assert.deepEqual(alone.lead?.otherRates, { fitting: 1, event: 'game_started', ratio: 3 });
});

test('the leaky sample: each finding lists its culprit\'s event, then the lifecycle events, and the counts agree', () => {
  const report = reportOfRun(RUN_A, loadMachine(LEAKY_MACHINE));
  const bumper = report.findings.find((finding) => finding.subject === 's_bumper_active')!;
  assert.deepEqual(bumper.explainedBy?.map((fit) => fit.event), ['ball_started', 'ball_will_end', 'player_turn_started']);
  const rollover = report.findings.find((finding) => finding.subject === 's_top_rollover_active')!;
  assert.deepEqual(rollover.explainedBy?.map((fit) => fit.event), ['mode_skillshot_started', 'ball_started', 'ball_will_end']);
  for (const finding of report.findings) {
    if (finding.lead === undefined || finding.lead.basis === 'unique') continue;
    assert.equal((finding.explainedBy?.length ?? 0) + (finding.unlistedFits ?? 0), finding.lead.equallyFitting, finding.subject);
  }
});

function mpf(posted: Record<string, number>, handlers: number, file = 'mpf.log'): Snapshot {
  return snapshotOf('mpf', (line) => ({ file, posted, events: { line, totals: null, handlers: { x: handlers }, queue: [] } }));
}

function mc(posted: Record<string, number>): Snapshot {
  return snapshotOf('mc', { posted });
}
