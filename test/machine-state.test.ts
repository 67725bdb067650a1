import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeModesOf, applyPost, startState, stateOf } from '../src/parse/machine-state.js';
import { PostedEvents } from '../src/parse/posted-events.js';

const events = new PostedEvents();
const post = (state: ReturnType<typeof startState>, ...names: string[]) => names.reduce((at, name) => applyPost(at, events.ofName(name)), state);

test('posted events walk the machine from attract through a game and a ball, and back', () => {
  const start = startState(true);
  assert.equal(stateOf(start), 'unknown');
  assert.equal(stateOf(post(start, 'debug_dump_stats')), 'unknown', 'the dump trigger says nothing');
  assert.equal(stateOf(post(start, 'mode_attract_started')), 'attract');
  const ball = post(start, 'mode_attract_started', 'mode_attract_stopped', 'game_started', 'ball_started', 'mode_base_started');
  assert.equal(stateOf(ball), 'game·ball');
  assert.deepEqual(activeModesOf(ball), ['base']);
  assert.deepEqual(ball.stoppedModes, ['attract']);
  assert.equal(stateOf(post(ball, 'ball_ended')), 'game');
  assert.equal(stateOf(post(ball, 'game_ended', 'mode_base_stopped', 'mode_service_started')), 'service');
});

test('applyPost leaves the state it is given as it was, and gives it back when nothing changes', () => {
  const before = post(startState(true), 'mode_attract_started');
  const copy = structuredClone(before);
  const after = post(before, 'game_started', 'mode_attract_stopped');
  assert.deepEqual(before, copy);
  assert.notDeepEqual(after, before);
  assert.equal(applyPost(after, events.ofName('player_score')), after);
});

test('a segment starts with the game and ball unknown', () => {
  const start = startState(false);
  assert.equal(start.inGame, null);
  assert.equal(start.ballInPlay, null);
});

test('many modes running: a start posted again changes nothing, stops and starts again keep the order, whatever the list size', () => {
  const names = Array.from({ length: 300 }, (_, i) => `m${i}`);
  let state = post(startState(true), ...names.map((name) => `mode_${name}_started`));
  assert.deepEqual(state.modes, names);
  // Started again while running: the very same list.
  assert.equal(post(state, 'mode_m7_started', 'mode_m299_started').modes, state.modes);
  state = post(state, 'mode_m7_stopped', 'mode_m0_stopped', 'mode_m7_started');
  assert.deepEqual(state.modes, [...names.filter((name) => name !== 'm7' && name !== 'm0'), 'm7']);
  assert.deepEqual(state.stoppedModes, ['m0']);
  const again = post(state, 'mode_m0_stopped', 'mode_m8_started');
  assert.equal(again.modes, state.modes);
  assert.equal(again.stoppedModes, state.stoppedModes);
});
