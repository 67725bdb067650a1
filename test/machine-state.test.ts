import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeModesOf, applyPost, startState, stateAfter, stateInSegment, stateOf, type MachineState } from '../src/parse/machine-state.js';
import { PostedEvents } from '../src/parse/posted-events.js';

const events = new PostedEvents();
/** `state` after `names` are posted, in order. */
const post = (state: MachineState, ...names: string[]): MachineState => {
  for (const name of names) applyPost(state, events.ofName(name));
  return state;
};

test('posted events walk the machine from attract through a game and a ball, and back', () => {
  assert.equal(stateOf(startState()), 'unknown');
  assert.equal(stateOf(post(startState(), 'debug_dump_stats')), 'unknown', 'the dump trigger says nothing');
  assert.equal(stateOf(post(startState(), 'mode_attract_started')), 'attract');
  const ball = post(startState(), 'mode_attract_started', 'mode_attract_stopped', 'game_started', 'ball_started', 'mode_base_started');
  assert.equal(stateOf(ball), 'game·ball');
  assert.deepEqual(activeModesOf(ball), ['base']);
  assert.deepEqual([...ball.stoppedModes], ['attract']);
  assert.equal(stateOf(post(ball, 'ball_ended')), 'game');
  assert.equal(stateOf(post(ball, 'game_ended', 'mode_base_stopped', 'mode_service_started')), 'service');
});

test('a log that begins after the start-up is in no known state until a post says: never attract by default', () => {
  // The second part of a log split in two, or one cut from a longer one: its first posts say
  // nothing of a game.
  assert.equal(stateOf(post(startState(), 's_flipper_left_active', 'player_score')), 'unknown');
  assert.equal(stateOf(post(startState(), 's_flipper_left_active', 'ball_ended')), 'game', 'a ball ends only in a game');
  assert.equal(stateOf(post(startState(), 'player_score', 'game_ended')), 'attract');
  assert.equal(stateOf(post(startState(), 'player_score', 'ball_started')), 'game·ball');
  assert.equal(stateOf(post(startState(), 'init_phase_1', 'player_score')), 'attract', 'the program started: out of a game');
});

test('the first game or ball step of a log says what the machine was doing before it; attract says it is out of a game', () => {
  const before = (...names: string[]) => post(startState(), ...names).before;
  assert.deepEqual(before('s_flipper_left_active', 'ball_ended', 'ball_started', 'game_ended'), { inGame: true, ballInPlay: null });
  assert.deepEqual(before('game_started', 'ball_started'), { inGame: null, ballInPlay: false });
  assert.deepEqual(before('mode_game_started', 'game_started'), { inGame: null, ballInPlay: false });
  assert.deepEqual(before('ball_started'), { inGame: true, ballInPlay: null });
  // A game's end is two events a cut may part (game_ended, then mode_game_stopped): it says nothing.
  assert.deepEqual(before('game_ended'), { inGame: null, ballInPlay: null });
  assert.deepEqual(before('mode_game_stopped'), { inGame: null, ballInPlay: null });
  // After a start-up or the attract mode, the state is known: nothing more is said of before.
  assert.deepEqual(before('player_score', 'init_phase_1', 'ball_ended'), { inGame: null, ballInPlay: null });
  assert.deepEqual(before('mode_attract_started', 'ball_ended'), { inGame: null, ballInPlay: null });
  const attract = post(startState(), 'mode_attract_started');
  assert.equal(attract.inGame, false);
  assert.equal(attract.ballInPlay, false);
});

test('a segment starts with the game and ball unknown', () => {
  const start = startState();
  assert.equal(start.inGame, null);
  assert.equal(start.ballInPlay, null);
});

test('many modes running: a start posted again changes nothing, stops and starts again keep the order', () => {
  const names = Array.from({ length: 300 }, (_, i) => `m${i}`);
  const state = post(startState(), ...names.map((name) => `mode_${name}_started`));
  assert.deepEqual([...state.modes], names);
  post(state, 'mode_m7_started', 'mode_m299_started');
  assert.deepEqual([...state.modes], names, 'started again while running: in its place');
  post(state, 'mode_m7_stopped', 'mode_m0_stopped', 'mode_m7_started');
  assert.deepEqual([...state.modes], [...names.filter((name) => name !== 'm7' && name !== 'm0'), 'm7']);
  assert.deepEqual([...state.stoppedModes], ['m0']);
});

test('tens of thousands of modes started, then stopped: the state changes in place, never copying the list of modes', () => {
  // A new list at every mode made 36,000 modes take minutes (time growing with their square).
  const names = Array.from({ length: 60_000 }, (_, i) => `m${i}`);
  const state = startState();
  const { modes, stoppedModes } = state;
  post(state, ...names.map((name) => `mode_${name}_started`));
  assert.equal(state.modes, modes);
  assert.equal(modes.size, names.length);
  post(state, ...names.map((name) => `mode_${name}_stopped`));
  assert.equal(state.stoppedModes, stoppedModes);
  assert.equal(modes.size, 0);
  assert.equal(stoppedModes.size, names.length);
});

test('a start-up (init_phase_1) begins again: no game, no ball, no mode from before', () => {
  const state = post(startState(), 'mode_attract_started', 'mode_attract_stopped', 'game_started', 'ball_started', 'mode_base_started');
  post(state, 'init_phase_1');
  assert.equal(stateOf(state), 'attract', 'a posted event was seen: not unknown');
  assert.deepEqual(activeModesOf(state), []);
  post(state, 'init_phase_2', 'mode_attract_started');
  assert.equal(stateOf(state), 'attract');
  assert.deepEqual(activeModesOf(state), ['attract']);
});

test('joined to the state before it, a segment gives the state one parse gives, a start-up in it included', () => {
  const headPosts = ['mode_attract_started', 'mode_attract_stopped', 'game_started', 'ball_started', 'mode_base_started', 'mode_bonus_started'];
  const cases: string[][] = [
    ['player_score'],
    ['mode_bonus_stopped', 'ball_ended'],
    ['init_phase_1', 'mode_attract_started'],
    ['init_phase_1', 'mode_attract_started', 'game_started', 'ball_started'],
    ['mode_base_stopped', 'init_phase_1', 'game_started', 'mode_extra_started'],
  ];
  for (const segmentPosts of cases) {
    const whole = post(post(startState(), ...headPosts), ...segmentPosts);
    const joined = stateAfter(post(startState(), ...headPosts), stateInSegment(post(startState(), ...segmentPosts)));
    assert.equal(stateOf(joined), stateOf(whole), segmentPosts.join(' '));
    assert.deepEqual(activeModesOf(joined), activeModesOf(whole), segmentPosts.join(' '));
  }
});

test('any start-up phase begins again: the first may be lost in a line cut short where two logs were joined', () => {
  const state = post(startState(), 'game_started', 'ball_started', 'mode_base_started');
  post(state, 'init_phase_3');
  assert.equal(stateOf(state), 'attract');
  assert.deepEqual(activeModesOf(state), []);
  assert.equal(stateOf(post(post(startState(), 'game_started', 'ball_started'), 'init_phase_5')), 'attract');
});
